// Tools for the rule editor and the unanswered inbox (admin only):
//   POST /api/v1/admin/rules/check-pattern  one pattern compiled as publishing
//        would (RE2's error, the size limits), and which texts it matches
//   POST /api/v1/admin/rules/try            a message through the live rules
//        and a draft's, side by side
//   GET  /api/v1/admin/unanswered?days=N    what the bot could not answer, grouped
#include <httplib.h>

#include <sstream>

#include "admin/question_groups.h"
#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/rule_json.h"
#include "intents/error_list.h"
#include "intents/pattern_compiler.h"
#include "store/stats_repository.h"
#include "text/mask.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr size_t kMaxTexts = 50;
constexpr size_t kMaxTextBytes = 2000;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int kUnansweredScanned = 5000;
constexpr size_t kGroups = 50;
constexpr size_t kExamplesPerGroup = 5;
constexpr uint64_t kPreviewVariant = 0;  // the first answer variant

// Answers in the editor are shown as they would be on the first page, or a
// sample page when none is configured.
Page PreviewPage(const RouteContext& ctx) {
  auto pages = ctx.pages();
  if (!pages.empty()) return *pages.front();
  Page page;
  page.name = "Đoàn xã (ví dụ)";
  return page;
}

json OutcomeJson(const intents::RuleSet& rules, const std::string& text, const Page& page) {
  const intents::MatchResult m = rules.Match(text);
  json candidates = json::array();
  for (const auto& c : m.candidates) {
    candidates.push_back(
        {{"intent", c.intent->id}, {"specificity", c.specificity}, {"excluded", c.excluded}});
  }
  json options = json::array();
  for (const intents::Intent* o : m.options) options.push_back(o->id);
  json out = {{"decision", m.kind == intents::MatchResult::Kind::kAnswer    ? "answer"
                           : m.kind == intents::MatchResult::Kind::kClarify ? "clarify"
                                                                            : "no_match"},
              {"intent", m.intent ? json(m.intent->id) : json(nullptr)},
              {"options", options},
              {"candidates", candidates},
              {"answer", nullptr}};
  if (m.kind == intents::MatchResult::Kind::kAnswer) {
    OutboundMessage answer = intents::RenderAnswer(*m.intent, page, m.captures, kPreviewVariant);
    json buttons = json::array();
    for (const Button& b : answer.buttons) buttons.push_back(b.label);
    out["answer"] = {{"text", answer.text}, {"buttons", buttons}};
  } else if (m.kind == intents::MatchResult::Kind::kClarify) {
    OutboundMessage question = intents::RenderClarify(m.options);
    json buttons = json::array();
    for (const Button& b : question.buttons) buttons.push_back(b.label);
    out["answer"] = {{"text", question.text}, {"buttons", buttons}};
  }
  return out;
}

bool ValidText(const json& t) {
  return t.is_string() && t.get<std::string>().size() <= kMaxTextBytes;
}

void OnCheckPattern(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto body = RequireJsonObject(req, res);
  if (!body) return;
  if (!(*body)["pattern"].is_string()) {
    return ReplyError(res, 422, "invalid_pattern", "Cần trường \"pattern\" là một chuỗi.");
  }
  intents::PatternSpec spec;
  spec.source = (*body)["pattern"].get<std::string>();
  const std::string form = body->value("form", "folded");
  if (form != "folded" && form != "accented") {
    return ReplyError(res, 422, "invalid_form", "Dạng chữ phải là \"folded\" hoặc \"accented\".");
  }
  spec.form = form == "accented" ? intents::Form::kAccented : intents::Form::kFolded;
  const json texts = body->value("texts", json::array());
  if (!texts.is_array() || texts.size() > kMaxTexts ||
      !std::all_of(texts.begin(), texts.end(), ValidText)) {
    return ReplyError(res, 422, "invalid_texts", "Tối đa 50 câu thử, mỗi câu không quá 2000 byte.");
  }
  const intents::Limits limits;
  auto re = intents::CompilePattern(intents::PreparePattern(spec), spec.form,
                                    intents::PatternOptions(limits), limits);
  if (!re.ok()) {
    const std::string& m = re.status().message();
    const size_t colon = m.find(": ");
    return ReplyJson(res, {{"ok", false}, {"error", colon == std::string::npos ? m : m.substr(colon + 2)}});
  }
  std::shared_ptr<const intents::RuleSet> rules = ctx.rules("");
  json matches = json::array();
  for (const json& t : texts) {
    const text::NormalizedText n = rules->Normalize(t.get<std::string>());
    matches.push_back(RE2::PartialMatch(spec.form == intents::Form::kAccented ? n.accented : n.folded,
                                        **re));
  }
  ReplyJson(res, {{"ok", true}, {"matches", matches}});
}

void OnTry(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto body = RequireJsonObject(req, res);
  if (!body) return;
  if (!ValidText((*body)["text"]) || (*body)["text"].get<std::string>().empty()) {
    return ReplyError(res, 422, "invalid_text", "Hãy nhập một câu hỏi (tối đa 2000 byte).");
  }
  const std::string text = (*body)["text"].get<std::string>();
  const Page page = PreviewPage(ctx);
  std::shared_ptr<const intents::RuleSet> live = ctx.rules("");
  const text::NormalizedText normalized = live->Normalize(text);
  json out = {{"normalized", {{"accented", normalized.accented}, {"folded", normalized.folded}}},
              {"live", OutcomeJson(*live, text, page)}};
  if (body->contains("draft_id") && !(*body)["draft_id"].is_null()) {
    if (!(*body)["draft_id"].is_number_integer()) {
      return ReplyError(res, 422, "invalid_draft", "draft_id phải là một số.");
    }
    auto draft = ctx.rule_editor.DraftRules((*body)["draft_id"].get<int64_t>());
    if (draft.ok()) {
      out["draft"] = OutcomeJson(**draft, text, page);
      out["draft_normalized"] = {{"accented", (*draft)->Normalize(text).accented},
                                 {"folded", (*draft)->Normalize(text).folded}};
    } else if (draft.status().code() == StatusCode::kInvalidArgument) {
      out["draft"] = {{"error", "Bản nháp chưa biên dịch được."},
                      {"failures", FailuresJson(intents::ErrorLines(draft.status()))}};
    } else {
      return ReplyRefusal(res, draft.status());
    }
  }
  ReplyJson(res, out);
}

void OnUnanswered(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  const std::optional<int> days_param = RequireDays(req, res);
  if (!days_param) return;
  const int days = *days_param;
  const int64_t to = ctx.now() + 1;
  auto db = ctx.reads.ForThisThread();
  if (!db.ok()) return ReplyRefusal(res, db.status());
  auto texts = store::UnansweredTexts(**db, to - days * kDayMs, to, kUnansweredScanned);
  if (!texts.ok()) return ReplyRefusal(res, texts.status());
  json groups = json::array();
  for (const admin::QuestionGroup& g :
       admin::GroupQuestions(*ctx.rules(""), *texts, text::MaskPersonalNumbers, kExamplesPerGroup,
                             kGroups)) {
    groups.push_back({{"key", admin::GroupKey(g)},
                      {"words", g.words},
                      {"count", g.count},
                      {"not_understood", g.not_understood},
                      {"escalated", g.escalated},
                      {"examples", g.examples}});
  }
  ReplyJson(res, {{"days", days}, {"scanned", texts->size()}, {"groups", groups}});
}

}  // namespace

void RegisterRuleToolRoutes(httplib::Server& server, const RouteContext& context) {
  server.Post("/api/v1/admin/rules/check-pattern",
              [&context](const httplib::Request& req, httplib::Response& res) {
                OnCheckPattern(context, req, res);
              });
  server.Post("/api/v1/admin/rules/try", [&context](const httplib::Request& req, httplib::Response& res) {
    OnTry(context, req, res);
  });
  server.Get("/api/v1/admin/unanswered", [&context](const httplib::Request& req, httplib::Response& res) {
    OnUnanswered(context, req, res);
  });
}

}  // namespace trolyso::http
