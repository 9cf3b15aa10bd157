// GET /api/v1/admin/stats?days=N (admin only; N from 1 to 366, default 30):
// per page and Vietnam day — messages, answered by rule, clarified, not
// understood, escalated, handoffs claimed and resolved, median minutes to
// claim and to resolve, ratings — with totals, the top intents, and the top
// groups of questions the bot could not answer (grouped by their folded
// words without stop words, examples masked).
#include <httplib.h>

#include <algorithm>
#include <map>

#include "admin/question_groups.h"
#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "store/stats_repository.h"
#include "text/mask.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int kTopIntents = 10;
constexpr int kUnansweredScanned = 2000;
constexpr int kTopGroups = 10;
constexpr size_t kExamplesPerGroup = 3;

json Median(std::vector<int64_t> ms) {
  if (ms.empty()) return nullptr;
  std::sort(ms.begin(), ms.end());
  int64_t mid = ms[ms.size() / 2];
  if (ms.size() % 2 == 0) mid = (ms[ms.size() / 2 - 1] + mid) / 2;
  return static_cast<double>(mid) / 1000.0;
}

json RowJson(const store::DayPageStats& r) {
  return {{"messages", r.messages},
          {"answered", r.answered},
          {"clarified", r.clarified},
          {"not_understood", r.not_understood},
          {"escalated", r.escalated},
          {"handoffs_claimed", r.handoffs_claimed},
          {"handoffs_resolved", r.handoffs_resolved},
          {"median_claim_seconds", Median(r.claim_ms)},
          {"median_resolve_seconds", Median(r.resolve_ms)},
          {"ratings", r.ratings},
          {"average_rating", r.ratings == 0 ? json(nullptr)
                                             : json(static_cast<double>(r.rating_sum) /
                                                    static_cast<double>(r.ratings))}};
}

void Add(store::DayPageStats& total, const store::DayPageStats& r) {
  total.messages += r.messages;
  total.answered += r.answered;
  total.clarified += r.clarified;
  total.not_understood += r.not_understood;
  total.escalated += r.escalated;
  total.handoffs_claimed += r.handoffs_claimed;
  total.handoffs_resolved += r.handoffs_resolved;
  total.claim_ms.insert(total.claim_ms.end(), r.claim_ms.begin(), r.claim_ms.end());
  total.resolve_ms.insert(total.resolve_ms.end(), r.resolve_ms.begin(), r.resolve_ms.end());
  total.ratings += r.ratings;
  total.rating_sum += r.rating_sum;
}

void OnStats(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  const std::optional<int> days_param = RequireDays(req, res);
  if (!days_param) return;
  const int days = *days_param;
  int64_t to = ctx.now() + 1;
  int64_t from = to - days * kDayMs;
  Result<store::Database*> db = ctx.reads.ForThisThread();
  if (!db.ok()) return ReplyRefusal(res, db.status());
  auto rows = store::StatsByDayAndPage(**db, from, to);
  if (!rows.ok()) return ReplyRefusal(res, rows.status());
  auto top = store::TopIntents(**db, from, to, kTopIntents);
  if (!top.ok()) return ReplyRefusal(res, top.status());
  auto unanswered = store::UnansweredTexts(**db, from, to, kUnansweredScanned);
  if (!unanswered.ok()) return ReplyRefusal(res, unanswered.status());

  json by_day = json::array();
  store::DayPageStats total;
  std::map<std::string, store::DayPageStats> by_area;
  for (const store::DayPageStats& r : *rows) {
    std::shared_ptr<const Page> page = ctx.page(r.page_id);
    std::string area = page ? page->area : "";
    json row = RowJson(r);
    row["day"] = r.day;
    row["page_id"] = r.page_id;
    row["area"] = area;
    by_day.push_back(std::move(row));
    Add(total, r);
    Add(by_area[area], r);
  }
  json areas = json::array();
  for (const auto& [area, r] : by_area) {
    json row = RowJson(r);
    row["area"] = area;
    areas.push_back(std::move(row));
  }
  std::shared_ptr<const intents::RuleSet> rules = ctx.rules("");
  json intents = json::array();
  for (const store::CountRow& c : *top) {
    const intents::Intent* intent = rules ? rules->Find(c.key) : nullptr;
    intents.push_back({{"intent", c.key},
                       {"title", intent ? json(intent->title) : json(nullptr)},
                       {"count", c.count}});
  }
  // Groups of unanswered questions: the same words, however they were typed.
  json top_unanswered = json::array();
  if (rules) {
    for (const admin::QuestionGroup& g :
         admin::GroupQuestions(*rules, *unanswered, text::MaskPersonalNumbers, kExamplesPerGroup,
                               kTopGroups)) {
      top_unanswered.push_back(
          {{"words", admin::GroupKey(g)}, {"count", g.count}, {"examples", g.examples}});
    }
  }
  ReplyJson(res, {{"from", from},
                  {"to", to},
                  {"totals", RowJson(total)},
                  {"areas", areas},
                  {"days", by_day},
                  {"top_intents", intents},
                  {"top_unanswered", top_unanswered}});
}

}  // namespace

void RegisterStatsRoutes(httplib::Server& server, const RouteContext& context) {
  server.Get("/api/v1/admin/stats", [&context](const httplib::Request& req, httplib::Response& res) {
    OnStats(context, req, res);
  });
}

}  // namespace trolyso::http
