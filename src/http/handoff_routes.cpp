// The volunteer queue (all need a bearer token; see README "Volunteer API"):
//   GET  /api/v1/handoffs?state=open|waiting|claimed|resolved&area=ID
//   GET  /api/v1/handoffs/{id}
//   POST /api/v1/handoffs/{id}/claim | release | resolve
//   POST /api/v1/handoffs/{id}/transfer   {"area"}
//   POST /api/v1/handoffs/{id}/notes      {"text"}
//   GET  /api/v1/handoffs/{id}/messages?after=ID
//   POST /api/v1/handoffs/{id}/messages   {"text"}
//   GET  /api/v1/handoffs/{id}/faq        FAQ answers rendered for the chat's page
// Who may do what is decided in handoff::HandoffQueue; this file only
// translates HTTP.
#include <httplib.h>

#include <charconv>

#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/volunteer_json.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr int kTranscriptLimit = 200;
constexpr const char* kIdPath = R"(/api/v1/handoffs/([^/]{1,20}))";

Result<handoff::ListQuery> ParseListQuery(const httplib::Request& req) {
  handoff::ListQuery query;
  std::string state = req.get_param_value("state");
  if (!state.empty() && state != "open") {
    query.state = store::ParseHandoffState(state);
    if (!query.state) {
      return Status::InvalidArgument("invalid_state",
                                     "Trạng thái phải là open, waiting, claimed hoặc resolved.");
    }
  }
  query.area = req.get_param_value("area");
  return query;
}

void OnList(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<store::UserRow> user = RequireUser(ctx, req, res);
  if (!user) return;
  Result<handoff::ListQuery> query = ParseListQuery(req);
  if (!query.ok()) return ReplyError(res, 400, "invalid_state", query.status().message());
  auto views = ctx.queue.List(*user, *query);
  if (!views.ok()) return ReplyRefusal(res, views.status());
  json list = json::array();
  for (const handoff::HandoffView& view : *views) list.push_back(HandoffJson(ctx, view));
  ReplyJson(res, {{"now", ctx.now()}, {"handoffs", list}});
}

// Runs one queue action for the handoff in the path and answers with it.
template <typename Action>
void OnHandoff(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
               int http_status, Action action) {
  std::optional<store::UserRow> user = RequireUser(ctx, req, res);
  if (!user) return;
  std::optional<int64_t> id = RequireId(req.matches[1].str(), res);
  if (!id) return;
  action(*user, *id, http_status);
}

void OnTranscript(const RouteContext& ctx, const store::UserRow& user, int64_t id,
                  const httplib::Request& req, httplib::Response& res) {
  int64_t after = 0;
  std::string after_text = req.get_param_value("after");
  if (!after_text.empty()) {
    auto [end, ec] = std::from_chars(after_text.data(), after_text.data() + after_text.size(), after);
    if (ec != std::errc() || end != after_text.data() + after_text.size() || after < 0) {
      return ReplyError(res, 400, "invalid_after", "Tham số after phải là số không âm.");
    }
  }
  auto rows = ctx.queue.Transcript(user, id, after, kTranscriptLimit);
  if (!rows.ok()) return ReplyRefusal(res, rows.status());
  std::shared_ptr<const intents::RuleSet> rules = ctx.rules("");
  json messages = json::array();
  for (const store::TranscriptRow& row : *rows) messages.push_back(TranscriptJson(row, rules.get()));
  ReplyJson(res, {{"messages", messages}});
}

void OnFaq(const RouteContext& ctx, const store::UserRow& user, int64_t id,
           httplib::Response& res) {
  Result<handoff::HandoffView> view = ctx.queue.Get(user, id);
  if (!view.ok()) return ReplyRefusal(res, view.status());
  std::shared_ptr<const Page> page = ctx.page(view->record.page_id);
  std::shared_ptr<const intents::RuleSet> rules = ctx.rules(view->record.page_id);
  json list = json::array();
  if (page && rules) {
    for (const intents::Intent& intent : rules->intents()) {
      if (intent.answers.empty() || page->IntentDisabled(intent.id)) continue;
      OutboundMessage answer = intents::RenderAnswer(intent, *page, {}, 0);
      list.push_back({{"id", intent.id},
                      {"topic", intent.topic},
                      {"title", intent.title},
                      {"description", intent.description},
                      {"answer", answer.text}});
    }
  }
  ReplyJson(res, {{"intents", list}});
}

}  // namespace

void RegisterHandoffRoutes(httplib::Server& server, const RouteContext& context) {
  const RouteContext& ctx = context;
  server.Get("/api/v1/handoffs", [&ctx](const httplib::Request& req, httplib::Response& res) {
    OnList(ctx, req, res);
  });
  auto reply_view = [&ctx](httplib::Response& res, const Result<handoff::HandoffView>& view,
                           int http_status) {
    if (!view.ok()) return ReplyRefusal(res, view.status());
    ReplyJson(res, {{"now", ctx.now()}, {"handoff", HandoffJson(ctx, *view)}}, http_status);
  };
  server.Get(kIdPath, [&ctx, reply_view](const httplib::Request& req, httplib::Response& res) {
    OnHandoff(ctx, req, res, 200, [&](const store::UserRow& user, int64_t id, int status) {
      reply_view(res, ctx.queue.Get(user, id), status);
    });
  });
  using Action = Result<handoff::HandoffView> (handoff::HandoffQueue::*)(const store::UserRow&,
                                                                         int64_t);
  for (auto [name, action] : {std::pair<const char*, Action>{"claim", &handoff::HandoffQueue::Claim},
                              {"release", &handoff::HandoffQueue::Release},
                              {"resolve", &handoff::HandoffQueue::Resolve}}) {
    server.Post(std::string(kIdPath) + "/" + name,
                [&ctx, reply_view, action](const httplib::Request& req, httplib::Response& res) {
                  OnHandoff(ctx, req, res, 200, [&](const store::UserRow& user, int64_t id, int s) {
                    reply_view(res, (ctx.queue.*action)(user, id), s);
                  });
                });
  }
  server.Post(std::string(kIdPath) + "/transfer",
              [&ctx, reply_view](const httplib::Request& req, httplib::Response& res) {
                OnHandoff(ctx, req, res, 200, [&](const store::UserRow& user, int64_t id, int s) {
                  std::optional<json> body = RequireJsonObject(req, res);
                  if (!body) return;
                  reply_view(res, ctx.queue.Transfer(user, id, StringField(*body, "area")), s);
                });
              });
  server.Post(std::string(kIdPath) + "/notes",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                OnHandoff(ctx, req, res, 201, [&](const store::UserRow& user, int64_t id, int s) {
                  std::optional<json> body = RequireJsonObject(req, res);
                  if (!body) return;
                  auto note = ctx.queue.AddNote(user, id, StringField(*body, "text"));
                  if (!note.ok()) return ReplyRefusal(res, note.status());
                  ReplyJson(res, {{"note", NoteJson(*note)}}, s);
                });
              });
  server.Get(std::string(kIdPath) + "/messages",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               OnHandoff(ctx, req, res, 200, [&](const store::UserRow& user, int64_t id, int) {
                 OnTranscript(ctx, user, id, req, res);
               });
             });
  server.Post(std::string(kIdPath) + "/messages",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                OnHandoff(ctx, req, res, 201, [&](const store::UserRow& user, int64_t id, int s) {
                  std::optional<json> body = RequireJsonObject(req, res);
                  if (!body) return;
                  auto sent = ctx.queue.Reply(user, id, StringField(*body, "text"));
                  if (!sent.ok()) return ReplyRefusal(res, sent.status());
                  std::shared_ptr<const intents::RuleSet> rules = ctx.rules("");
                  ReplyJson(res, {{"message", TranscriptJson(*sent, rules.get())}}, s);
                });
              });
  server.Get(std::string(kIdPath) + "/faq",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               OnHandoff(ctx, req, res, 200, [&](const store::UserRow& user, int64_t id, int) {
                 OnFaq(ctx, user, id, res);
               });
             });
}

}  // namespace trolyso::http
