// The versioned rules and admins' drafts (admin only):
//   GET  /api/v1/admin/rules                          live version and history
//   GET  /api/v1/admin/rules/versions/{n}             one version's intents and lexicon
//   POST /api/v1/admin/rules/versions/{n}/rollback    its content as a new version
//   POST|GET /api/v1/admin/drafts, GET|DELETE /api/v1/admin/drafts/{id}
//   PUT|DELETE /api/v1/admin/drafts/{id}/intents/{intent}
//   POST /api/v1/admin/drafts/{id}/intents/{intent}/examples
//   POST /api/v1/admin/drafts/{id}/{lexicon,validate,impact,publish,rebase}
// Every change is audited by admin::RuleEditor in the same transaction.
#include <httplib.h>

#include <algorithm>
#include <sstream>

#include "admin/rule_snapshot.h"
#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/rule_json.h"
#include "intents/error_list.h"
#include "store/stats_repository.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr int64_t kHitDays = 30;
constexpr int kMaxImpactMessages = 20000;
constexpr size_t kMaxNoteChars = 500;
constexpr size_t kMaxExamplesAdded = 50;

json ContentJson(const admin::RuleContent& content, bool with_status) {
  json intents = json::array();
  for (const admin::DraftIntent& d : content.intents) {
    json intent = d.intent;
    if (with_status) intent["status"] = admin::IntentStatusName(d.status);
    intent["file"] = d.file;
    intents.push_back(std::move(intent));
  }
  json lexicon = json::object();
  for (const auto& [key, value] : content.lexicon) lexicon[key] = value;
  return {{"intents", intents}, {"lexicon", lexicon}};
}

json Hits(const RouteContext& ctx) {
  json hits = json::object();
  auto db = ctx.reads.ForThisThread();
  if (!db.ok()) return hits;
  const int64_t to = ctx.now() + 1;
  auto rows = store::TopIntents(**db, to - kHitDays * 24 * 3600 * 1000, to, 100000);
  if (!rows.ok()) return hits;
  for (const store::CountRow& r : *rows) hits[r.key] = r.count;
  return hits;
}

std::optional<std::string> Note(const json& body, httplib::Response& res) {
  std::string note = StringField(body, "note");
  if (note.size() > kMaxNoteChars * 4) {
    ReplyError(res, 422, "invalid_note", "Ghi chú dài quá 500 ký tự.");
    return std::nullopt;
  }
  return note;
}

// Admin, draft id from the path; otherwise answered.
struct DraftRequest {
  store::UserRow admin;
  int64_t draft_id = 0;
};
std::optional<DraftRequest> RequireDraft(const RouteContext& ctx, const httplib::Request& req,
                                         httplib::Response& res) {
  auto admin = RequireAdmin(ctx, req, res);
  if (!admin) return std::nullopt;
  auto id = RequireId(req.matches[1].str(), res, "Không có bản nháp này.");
  if (!id) return std::nullopt;
  return DraftRequest{std::move(*admin), *id};
}

void ReplyView(const RouteContext& ctx, httplib::Response& res, int64_t draft_id, int status,
               bool full, const json& extra = json::object()) {
  auto view = ctx.rule_editor.View(draft_id);
  if (!view.ok()) return ReplyRefusal(res, view.status());
  json body = DraftSummaryJson(*view);
  if (full) {
    json content = ContentJson(view->content, /*with_status=*/true);
    body["intents"] = std::move(content["intents"]);
    body["lexicon"] = std::move(content["lexicon"]);
    body["hits"] = Hits(ctx);
  }
  body.update(extra);
  ReplyJson(res, body, status);
}

void OnRules(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto versions = ctx.rule_editor.Versions(200);
  if (!versions.ok()) return ReplyRefusal(res, versions.status());
  json list = json::array();
  for (const store::RuleVersionRow& row : *versions) list.push_back(VersionJson(row));
  ReplyJson(res, {{"live_version", versions->empty() ? 0 : versions->front().version},
                  {"versions", list}});
}

void OnVersion(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto n = RequireId(req.matches[1].str(), res, "Không có phiên bản này.");
  if (!n) return;
  auto row = ctx.rule_editor.Version(*n);
  if (!row.ok()) return ReplyRefusal(res, row.status());
  auto documents = admin::SnapshotFromJson(row->content);
  if (!documents.ok()) return ReplyRefusal(res, documents.status());
  json body = VersionJson(*row);
  body.update(ContentJson(admin::ReadContent(*documents), /*with_status=*/false));
  ReplyJson(res, body);
}

void OnRollback(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto admin = RequireAdmin(ctx, req, res);
  if (!admin) return;
  const std::optional<int64_t> version = RequireId(req.matches[1].str(), res, "Không có phiên bản này.");
  if (!version) return;
  const int64_t n = *version;
  auto body = OptionalJsonObject(req, res);
  if (!body) return;
  auto note = Note(*body, res);
  if (!note) return;
  admin::PublishOutcome outcome = ctx.rule_editor.Rollback(n, *note, admin->username);
  if (!outcome.status.ok()) return ReplyPublishRefusal(res, outcome);
  ReplyJson(res, {{"version", outcome.version}, {"rolled_back_to", n}});
}

void OnCreateDraft(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto admin = RequireAdmin(ctx, req, res);
  if (!admin) return;
  auto body = OptionalJsonObject(req, res);
  if (!body) return;
  auto note = Note(*body, res);
  if (!note) return;
  auto draft = ctx.rule_editor.CreateDraft(admin->username, *note);
  if (!draft.ok()) return ReplyRefusal(res, draft.status());
  ReplyView(ctx, res, draft->id, 201, /*full=*/false);
}

void OnListDrafts(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto drafts = ctx.rule_editor.OpenDrafts();
  if (!drafts.ok()) return ReplyRefusal(res, drafts.status());
  json list = json::array();
  for (const store::DraftRow& d : *drafts) {
    auto view = ctx.rule_editor.View(d.id);
    if (view.ok()) list.push_back(DraftSummaryJson(*view));
  }
  ReplyJson(res, {{"drafts", list}});
}

void OnGetDraft(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  ReplyView(ctx, res, r->draft_id, 200, /*full=*/true);
}

void OnDiscardDraft(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  if (Status s = ctx.rule_editor.Discard(r->draft_id, r->admin.username); !s.ok()) {
    return ReplyRefusal(res, s);
  }
  ReplyJson(res, {{"id", r->draft_id}, {"state", "discarded"}});
}

void OnPutIntent(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  const std::string intent_id = req.matches[2].str();
  auto body = RequireJsonObject(req, res);
  if (!body) return;
  // What the draft view adds to each intent is not part of the rule: an
  // intent read from it can be sent back as it is.
  body->erase("file");
  body->erase("status");
  if (!body->contains("id") || (*body)["id"] != intent_id) {
    return ReplyError(res, 422, "invalid_intent",
                      "Trường \"id\" của ý định phải trùng với mã trong đường dẫn (" + intent_id + ").");
  }
  auto status = ctx.rule_editor.PutIntent(r->draft_id, intent_id, *body, r->admin.username);
  if (!status.ok()) return ReplyRefusal(res, status.status());
  // What can be said of this intent alone; the rest comes with validate.
  const std::string topic = intent_id.substr(0, intent_id.find('.'));
  const json file = {{"topic", topic}, {"intents", json::array({*body})}};
  const std::vector<std::string> problems =
      intents::CheckDocumentAlone({topic + ".json", file.dump()});
  ReplyJson(res, {{"intent", *body},
                  {"status", admin::IntentStatusName(*status)},
                  {"problems", FailuresJson(problems)}});
}

void OnDeleteIntent(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  const std::string intent_id = req.matches[2].str();
  if (Status s = ctx.rule_editor.DeleteIntent(r->draft_id, intent_id, r->admin.username); !s.ok()) {
    return ReplyRefusal(res, s);
  }
  ReplyJson(res, {{"deleted", intent_id}});
}

void OnAddExamples(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  auto body = RequireJsonObject(req, res);
  if (!body) return;
  const json& texts = (*body)["texts"];
  if (!texts.is_array() || texts.empty() || texts.size() > kMaxExamplesAdded ||
      !std::all_of(texts.begin(), texts.end(), [](const json& t) {
        return t.is_string() && !t.get<std::string>().empty() && t.get<std::string>().size() <= 2000;
      })) {
    return ReplyError(res, 422, "invalid_texts",
                      "Cần một danh sách từ 1 đến 50 câu ví dụ, mỗi câu không rỗng.");
  }
  auto added = ctx.rule_editor.AddExamples(r->draft_id, req.matches[2].str(),
                                           texts.get<std::vector<std::string>>(), r->admin.username);
  if (!added.ok()) return ReplyRefusal(res, added.status());
  ReplyJson(res, {{"intent", added->first}, {"added", added->second}});
}

void OnLexicon(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  auto body = RequireJsonObject(req, res);
  if (!body) return;
  const std::string key = StringField(*body, "key");
  const bool remove = body->contains("value") && (*body)["value"].is_null();
  const std::string value = StringField(*body, "value");
  if (key.empty() || key.size() > 64 || key.find(' ') != std::string::npos) {
    return ReplyError(res, 422, "invalid_key", "Từ viết tắt phải là một từ, không rỗng, không có dấu cách.");
  }
  if (!remove && (value.empty() || value.size() > 200)) {
    return ReplyError(res, 422, "invalid_value",
                      "Nghĩa đầy đủ không được để trống (gửi null để xoá mục này).");
  }
  // The lexicon's own rules (folding, one token, no clash) are checked
  // by loading it: the admin sees them before publishing via validate.
  text::Lexicon probe;
  if (!remove) {
    if (Status s = probe.Add(key, value); !s.ok()) {
      return ReplyError(res, 422, "invalid_entry", s.message());
    }
  }
  Status s = ctx.rule_editor.SetLexicon(r->draft_id, key,
                                        remove ? std::nullopt : std::optional<std::string>(value),
                                        r->admin.username);
  if (!s.ok()) return ReplyRefusal(res, s);
  ReplyJson(res, {{"key", key}, {"value", remove ? json(nullptr) : json(value)}});
}

void OnValidate(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  auto failures = ctx.rule_editor.Validate(r->draft_id);
  if (!failures.ok()) return ReplyRefusal(res, failures.status());
  ReplyJson(res, {{"ok", failures->empty()}, {"failures", FailuresJson(*failures)}});
}

void OnImpact(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  int limit = admin::kDefaultImpactMessages;
  {
    auto body = OptionalJsonObject(req, res);
    if (!body) return;
    if (body->contains("limit")) {
      const json& l = (*body)["limit"];
      if (!l.is_number_integer() || l.get<int64_t>() < 1 || l.get<int64_t>() > kMaxImpactMessages) {
        return ReplyError(res, 422, "invalid_limit", "Số tin nhắn phải từ 1 đến 20000.");
      }
      limit = l.get<int>();
    }
  }
  auto draft = ctx.rule_editor.DraftRules(r->draft_id);
  if (!draft.ok()) {
    if (draft.status().code() != StatusCode::kInvalidArgument) return ReplyRefusal(res, draft.status());
    admin::PublishOutcome refused{Status::InvalidArgument("invalid_rules",
                                                          "Bản nháp chưa biên dịch được; sửa các lỗi rồi thử lại.")};
    refused.failures = intents::ErrorLines(draft.status());
    return ReplyPublishRefusal(res, refused);
  }
  std::shared_ptr<const intents::RuleSet> live = ctx.rules("");
  admin::ImpactReport report = ctx.rule_editor.Impact(*live, **draft, limit);
  json transitions = json::array();
  for (const auto& t : report.transitions) {
    auto name = [](const std::string& outcome) { return outcome == "no match" ? "no_match" : outcome; };
    transitions.push_back({{"from", name(t.from)},
                           {"to", name(t.to)},
                           {"count", t.count},
                           {"messages", t.messages}});
  }
  ReplyJson(res, {{"examined", report.examined},
                  {"changed", report.changed},
                  {"limit", limit},
                  {"transitions", transitions}});
}

void OnPublish(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  auto body = OptionalJsonObject(req, res);
  if (!body) return;
  auto note = Note(*body, res);
  if (!note) return;
  admin::PublishOutcome outcome = ctx.rule_editor.Publish(r->draft_id, *note, r->admin.username);
  if (!outcome.status.ok()) return ReplyPublishRefusal(res, outcome);
  ReplyJson(res, {{"version", outcome.version}, {"draft", r->draft_id}});
}

void OnRebase(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto r = RequireDraft(ctx, req, res);
  if (!r) return;
  auto conflicts = ctx.rule_editor.Rebase(r->draft_id, r->admin.username);
  if (!conflicts.ok()) return ReplyRefusal(res, conflicts.status());
  ReplyView(ctx, res, r->draft_id, 200, /*full=*/false, {{"conflicts", *conflicts}});
}

template <typename Handler>
httplib::Server::Handler Bind(const RouteContext& ctx, Handler handler) {
  return [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
    handler(ctx, req, res);
  };
}

}  // namespace

void RegisterRuleRoutes(httplib::Server& server, const RouteContext& c) {
  const std::string draft = R"(/api/v1/admin/drafts/([^/]+))";
  const std::string intent = draft + R"(/intents/([a-z0-9_]{1,32}\.[a-z0-9_]{1,56}))";
  server.Get("/api/v1/admin/rules", Bind(c, OnRules));
  server.Get(R"(/api/v1/admin/rules/versions/([^/]+))", Bind(c, OnVersion));
  server.Post(R"(/api/v1/admin/rules/versions/([^/]+)/rollback)", Bind(c, OnRollback));
  server.Post("/api/v1/admin/drafts", Bind(c, OnCreateDraft));
  server.Get("/api/v1/admin/drafts", Bind(c, OnListDrafts));
  server.Get(draft, Bind(c, OnGetDraft));
  server.Delete(draft, Bind(c, OnDiscardDraft));
  server.Put(intent, Bind(c, OnPutIntent));
  server.Delete(intent, Bind(c, OnDeleteIntent));
  server.Post(intent + "/examples", Bind(c, OnAddExamples));
  server.Post(draft + "/lexicon", Bind(c, OnLexicon));
  server.Post(draft + "/validate", Bind(c, OnValidate));
  server.Post(draft + "/impact", Bind(c, OnImpact));
  server.Post(draft + "/publish", Bind(c, OnPublish));
  server.Post(draft + "/rebase", Bind(c, OnRebase));
}

}  // namespace trolyso::http
