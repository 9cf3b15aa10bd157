#include "admin/rule_editor.h"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "admin/rule_snapshot.h"
#include "intents/example_checker.h"
#include "store/audit_repository.h"
#include "store/stats_repository.h"

namespace trolyso::admin {
namespace {

using nlohmann::json;

constexpr size_t kCompiledDraftsKept = 8;
constexpr size_t kVersionsKept = 8;
constexpr size_t kImpactExamples = 5;

Status AuditIn(store::Database& db, int64_t at, const std::string& actor, const std::string& action,
               const std::string& subject, const std::string& detail) {
  return store::AppendAudit(db, {0, at, actor, action, subject, detail});
}

std::string DraftLabel(int64_t id) { return "bản nháp " + std::to_string(id); }

// Who stores a version and why; content and counts are filled when it is built.
store::RuleVersionRow VersionRow(int64_t at, const std::string& author, const std::string& note,
                                 const std::string& kind,
                                 std::optional<int64_t> rolled_back_to = std::nullopt) {
  store::RuleVersionRow row;
  row.created_at = at;
  row.author = author;
  row.note = note;
  row.kind = kind;
  row.rolled_back_to = rolled_back_to;
  return row;
}

}  // namespace

RuleEditor::RuleEditor(store::Writer& writer, const store::ReadConnections& reads, Hooks hooks,
                       std::mutex& changes_mu)
    : writer_(writer), reads_(reads), hooks_(std::move(hooks)), changes_mu_(changes_mu) {}

PublishOutcome RuleEditor::LoadStoredLive() {
  std::lock_guard<std::mutex> lock(changes_mu_);
  auto db = reads_.ForThisThread();
  if (!db.ok()) return {db.status()};
  auto row = store::LiveRuleVersion(**db, /*with_content=*/false);
  if (!row.ok()) return {row.status()};
  if (!*row) return {Status::NotFound("rules", "no version stored yet")};
  std::shared_ptr<const LiveRules> live = hooks_.live();
  if (live && live->version == (*row)->version) return {Status::Ok(), live->version};
  auto documents = VersionDocuments((*row)->version);
  if (!documents.ok()) return {documents.status()};
  LiveRulesBuild build = hooks_.build(std::move(*documents), (*row)->version);
  if (!build.failures.empty()) {
    PublishOutcome outcome(Status::InvalidArgument(
        "invalid_rules", "phiên bản " + std::to_string((*row)->version) + " không nạp được"));
    outcome.failures = std::move(build.failures);
    return outcome;
  }
  hooks_.install(build.rules);
  return {Status::Ok(), (*row)->version};
}

PublishOutcome RuleEditor::ApplyDirectory(const std::string& dir, const std::string& actor) {
  auto files = intents::ReadRuleDirectory(dir);
  if (!files.ok()) {
    PublishOutcome refused(Status::InvalidArgument("invalid_rules", files.status().message()));
    refused.failures = {files.status().message()};
    return refused;
  }
  std::lock_guard<std::mutex> lock(changes_mu_);
  auto db = reads_.ForThisThread();
  if (!db.ok()) return {db.status()};
  auto state = store::RuleFileState(**db, dir);
  if (!state.ok()) return {state.status()};
  std::shared_ptr<const LiveRules> live = hooks_.live();
  const std::string files_json = SnapshotToJson(*files);
  if (*state && **state == files_json) return {Status::Ok(), 0};

  intents::RuleDocuments documents;
  std::string kind = "import", note;
  ChangeSet changes;
  if (!live) {  // first start: the files are the first version
    documents = *files;
    kind = "seed";
    note = "Khởi tạo từ thư mục " + dir;
  } else if (!*state) {
    // A directory not seen before (the config now names another one): its
    // files are where later edits start from, not a change to apply — as
    // they lack what admins published, applying them would undo it.
    const int64_t now = hooks_.now();
    spdlog::info("rules: {} recorded as the rule files' starting point; live version {} unchanged",
                 dir, live->version);
    return {writer_.Run([&](store::Database& wdb) {
      return store::SaveRuleFileState(wdb, dir, files_json, now);
    })};
  } else {
    auto previous = SnapshotFromJson(**state);
    if (!previous.ok()) return {previous.status()};
    changes = Diff(*previous, *files);
    documents = ApplyChanges(live->documents, changes);
    note = "Sửa trực tiếp các tệp trong " + dir + ": " + std::to_string(changes.intents.size()) +
           " ý định, " + std::to_string(changes.lexicon.size()) + " mục từ điển";
  }
  const int64_t expected = live ? live->version : 0;
  const int64_t now = hooks_.now();
  // Files that only restate the live rules (say, just exported) make no version.
  if (live && Diff(live->documents, documents).empty()) {
    return {writer_.Run([&](store::Database& wdb) {
      return store::SaveRuleFileState(wdb, dir, files_json, now);
    })};
  }
  return StoreVersion(std::move(documents), VersionRow(now, actor, note, kind),
                      expected, "Các tệp quy tắc trong " + dir + " có lỗi; giữ nguyên bộ quy tắc đang chạy.",
                      [&](store::Database& wdb, int64_t version) -> Status {
                        if (Status s = store::SaveRuleFileState(wdb, dir, files_json, now); !s.ok()) {
                          return s;
                        }
                        return AuditIn(wdb, now, actor, "rules." + kind,
                                       "phiên bản " + std::to_string(version), note);
                      });
}

Result<std::vector<store::RuleVersionRow>> RuleEditor::Versions(int limit) const {
  auto db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  return store::ListRuleVersions(**db, limit);
}

Result<store::RuleVersionRow> RuleEditor::Version(int64_t version) const {
  auto db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  auto row = store::FindRuleVersion(**db, version, /*with_content=*/true);
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("not_found", "Không có phiên bản " + std::to_string(version) + ".");
  return std::move(**row);
}

Result<std::shared_ptr<const intents::RuleDocuments>> RuleEditor::Documents(int64_t version) const {
  std::shared_ptr<const LiveRules> live = hooks_.live();
  if (live && live->version == version) {
    return std::shared_ptr<const intents::RuleDocuments>(live, &live->documents);
  }
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = documents_.find(version);
    if (it != documents_.end()) return it->second;
  }
  auto row = Version(version);
  if (!row.ok()) return row.status();
  auto documents = SnapshotFromJson(row->content);
  if (!documents.ok()) return documents.status();
  auto shared = std::make_shared<const intents::RuleDocuments>(std::move(*documents));
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (documents_.size() >= kVersionsKept) documents_.erase(documents_.begin());
  documents_[version] = shared;
  return shared;
}

Result<intents::RuleDocuments> RuleEditor::VersionDocuments(int64_t version) const {
  auto documents = Documents(version);
  if (!documents.ok()) return documents.status();
  return **documents;
}

Result<store::DraftRow> RuleEditor::InsertDraft(const ChangeSet& changes, const std::string& actor,
                                                const std::string& note, const std::string& action,
                                                const std::string& detail) {
  std::shared_ptr<const LiveRules> live = hooks_.live();
  store::DraftRow draft;
  draft.state = "open";
  draft.base_version = live ? live->version : 0;
  draft.author = actor;
  draft.note = note;
  draft.created_at = draft.updated_at = hooks_.now();
  draft.changes = changes.ToJson();
  Status s = writer_.Run([&](store::Database& db) -> Status {
    auto id = store::InsertDraft(db, draft);
    if (!id.ok()) return id.status();
    draft.id = *id;
    return AuditIn(db, draft.created_at, actor, action, DraftLabel(draft.id),
                   detail + " phiên bản " + std::to_string(draft.base_version) +
                       (note.empty() ? "" : "; " + note));
  });
  if (!s.ok()) return s;
  return draft;
}

Result<store::DraftRow> RuleEditor::CreateDraft(const std::string& actor, const std::string& note) {
  return InsertDraft(ChangeSet{}, actor, note, "draft.create", "trên");
}

Result<store::DraftRow> RuleEditor::ImportDraft(const intents::RuleDocuments& files,
                                                const std::string& actor, const std::string& note) {
  std::shared_ptr<const LiveRules> live = hooks_.live();
  if (!live) return Status::Unavailable("rules", "no live version");
  const ChangeSet changes = Diff(live->documents, files);
  return InsertDraft(changes, actor, note, "rules.import",
                     std::to_string(changes.intents.size()) + " ý định và " +
                         std::to_string(changes.lexicon.size()) + " mục từ điển khác");
}

Result<std::vector<store::DraftRow>> RuleEditor::OpenDrafts() const {
  auto db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  return store::ListOpenDrafts(**db, 100);
}

Result<store::DraftRow> RuleEditor::FindDraftRow(int64_t draft_id) const {
  auto db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  auto draft = store::FindDraft(**db, draft_id);
  if (!draft.ok()) return draft.status();
  if (!*draft) return Status::NotFound("not_found", "Không có bản nháp " + std::to_string(draft_id) + ".");
  return std::move(**draft);
}

Result<RuleEditor::LoadedDraft> RuleEditor::Load(int64_t draft_id) const {
  auto row = FindDraftRow(draft_id);
  if (!row.ok()) return row.status();
  auto changes = ChangeSet::FromJson(row->changes);
  if (!changes.ok()) return changes.status();
  auto base = Documents(row->base_version);
  if (!base.ok()) return base.status();
  return LoadedDraft{std::move(*row), std::move(*changes), std::move(*base)};
}

Result<DraftView> RuleEditor::View(int64_t draft_id) const {
  auto draft = Load(draft_id);
  if (!draft.ok()) return draft.status();
  DraftView view;
  ApplyChanges(*draft->base, draft->changes, &view.content);
  for (const auto& [id, intent] : draft->changes.intents) {
    if (!intent) view.deleted.push_back(id);
  }
  std::shared_ptr<const LiveRules> live = hooks_.live();
  view.live_version = live ? live->version : 0;
  view.draft = std::move(draft->row);
  return view;
}

Status RuleEditor::EditDraft(
    int64_t draft_id, const std::string& actor, const std::string& action,
    const std::string& subject, const std::string& detail,
    const std::function<Status(ChangeSet&, const intents::RuleDocuments& base)>& edit) {
  auto draft = FindDraftRow(draft_id);
  if (!draft.ok()) return draft.status();
  auto base = Documents(draft->base_version);
  if (!base.ok()) return base.status();
  const int64_t now = hooks_.now();
  return writer_.Run([&](store::Database& db) -> Status {
    // Re-read on the writer: edits to one draft apply one after the other.
    auto current = store::FindDraft(db, draft_id);
    if (!current.ok()) return current.status();
    if (!*current || (*current)->state != "open") {
      return Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.");
    }
    if ((*current)->base_version != draft->base_version) {
      return Status::Conflict("draft_moved", "Bản nháp vừa được cập nhật theo phiên bản mới; hãy thử lại.");
    }
    auto changes = ChangeSet::FromJson((*current)->changes);
    if (!changes.ok()) return changes.status();
    const std::string before = changes->ToJson();
    if (Status s = edit(*changes, **base); !s.ok()) return s;
    const std::string after = changes->ToJson();
    if (after == before) return Status::Ok();  // nothing changed, nothing to record
    if (Status s = store::UpdateDraft(db, draft_id, after, draft->base_version,
                                      std::max(now, (*current)->updated_at + 1));
        !s.ok()) {
      return s;
    }
    return AuditIn(db, now, actor, action, subject, DraftLabel(draft_id) + (detail.empty() ? "" : ": " + detail));
  });
}

Result<IntentStatus> RuleEditor::PutIntent(int64_t draft_id, const std::string& intent_id,
                                           const json& intent, const std::string& actor) {
  auto draft = Load(draft_id);
  if (!draft.ok()) return draft.status();
  bool existed = false;
  for (const DraftIntent& d : ReadContent(*draft->base).intents) {
    if (d.intent.value("id", "") == intent_id) existed = true;
  }
  const IntentStatus status = existed ? IntentStatus::kEdited : IntentStatus::kCreated;
  auto in_changes = draft->changes.intents.find(intent_id);
  const bool in_draft = in_changes != draft->changes.intents.end() && in_changes->second.has_value();
  Status s = EditDraft(draft_id, actor, existed || in_draft ? "intent.edit" : "intent.create",
                       intent_id, "",
                       [&](ChangeSet& changes, const intents::RuleDocuments&) {
                         changes.intents[intent_id] = intent;
                         return Status::Ok();
                       });
  if (!s.ok()) return s;
  return status;
}

Status RuleEditor::DeleteIntent(int64_t draft_id, const std::string& intent_id,
                                const std::string& actor) {
  return EditDraft(draft_id, actor, "intent.delete", intent_id, "",
                   [&](ChangeSet& changes, const intents::RuleDocuments& base) -> Status {
                     RuleContent content;
                     ApplyChanges(base, changes, &content);
                     const bool present = std::any_of(
                         content.intents.begin(), content.intents.end(),
                         [&](const DraftIntent& d) { return d.intent.value("id", "") == intent_id; });
                     if (!present) {
                       return Status::NotFound("not_found", "Bản nháp không có ý định " + intent_id + ".");
                     }
                     bool in_base = false;
                     for (const DraftIntent& d : ReadContent(base).intents) {
                       in_base = in_base || d.intent.value("id", "") == intent_id;
                     }
                     if (in_base) {
                       changes.intents[intent_id] = std::nullopt;
                     } else {
                       changes.intents.erase(intent_id);  // created in this draft: just forget it
                     }
                     return Status::Ok();
                   });
}

Result<std::pair<json, int>> RuleEditor::AddExamples(int64_t draft_id, const std::string& intent_id,
                                                    const std::vector<std::string>& texts,
                                                    const std::string& actor) {
  json updated;
  int added = 0;
  Status s = EditDraft(
      draft_id, actor, "intent.examples", intent_id, "thêm ví dụ từ câu hỏi chưa trả lời được",
      [&](ChangeSet& changes, const intents::RuleDocuments& base) -> Status {
        RuleContent content;
        ApplyChanges(base, changes, &content);
        auto it = std::find_if(content.intents.begin(), content.intents.end(),
                               [&](const DraftIntent& d) { return d.intent.value("id", "") == intent_id; });
        if (it == content.intents.end()) {
          return Status::NotFound("not_found", "Bản nháp không có ý định " + intent_id + ".");
        }
        updated = it->intent;
        if (!updated["examples"].is_array()) updated["examples"] = json::array();
        for (const std::string& text : texts) {
          if (text.empty()) continue;
          if (std::find(updated["examples"].begin(), updated["examples"].end(), json(text)) !=
              updated["examples"].end()) {
            continue;
          }
          updated["examples"].push_back(text);
          ++added;
        }
        changes.intents[intent_id] = updated;
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return std::make_pair(updated, added);
}

Status RuleEditor::SetLexicon(int64_t draft_id, const std::string& key,
                              const std::optional<std::string>& value, const std::string& actor) {
  return EditDraft(draft_id, actor, value ? "lexicon.set" : "lexicon.remove", key,
                   value ? key + " → " + *value : "",
                   [&](ChangeSet& changes, const intents::RuleDocuments& base) -> Status {
                     const RuleContent content = ReadContent(base);
                     auto in_base = content.lexicon.find(key);
                     const bool unchanged = in_base == content.lexicon.end()
                                                ? !value
                                                : value && *value == in_base->second;
                     if (unchanged) {
                       changes.lexicon.erase(key);
                     } else {
                       changes.lexicon[key] = value;
                     }
                     return Status::Ok();
                   });
}

Status RuleEditor::Discard(int64_t draft_id, const std::string& actor) {
  auto draft = FindDraftRow(draft_id);
  if (!draft.ok()) return draft.status();
  const int64_t now = hooks_.now();
  return writer_.Run([&](store::Database& db) -> Status {
    if (Status s = store::CloseDraft(db, draft_id, "discarded", std::nullopt, now); !s.ok()) {
      return s.code() == StatusCode::kConflict
                 ? Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.")
                 : s;
    }
    return AuditIn(db, now, actor, "draft.discard", DraftLabel(draft_id), "");
  });
}

Result<std::set<std::string>> RuleEditor::Rebase(int64_t draft_id, const std::string& actor) {
  auto loaded = Load(draft_id);
  if (!loaded.ok()) return loaded.status();
  const store::DraftRow* draft = &loaded->row;
  if (draft->state != "open") {
    return Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.");
  }
  std::shared_ptr<const LiveRules> live = hooks_.live();
  const ChangeSet& changes = loaded->changes;
  std::set<std::string> conflicts;
  for (const std::string& moved : ChangedBetween(*loaded->base, live->documents)) {
    const bool lexicon = moved.rfind("lexicon:", 0) == 0;
    if (lexicon ? changes.lexicon.count(moved.substr(8)) != 0 : changes.intents.count(moved) != 0) {
      conflicts.insert(moved);
    }
  }
  const int64_t now = hooks_.now();
  Status s = writer_.Run([&](store::Database& db) -> Status {
    auto current = store::FindDraft(db, draft_id);
    if (!current.ok()) return current.status();
    if (!*current || (*current)->state != "open") {
      return Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.");
    }
    if (Status u = store::UpdateDraft(db, draft_id, (*current)->changes, live->version,
                                      std::max(now, (*current)->updated_at + 1));
        !u.ok()) {
      return u;
    }
    return AuditIn(db, now, actor, "draft.rebase", DraftLabel(draft_id),
                   "từ phiên bản " + std::to_string(draft->base_version) + " lên " +
                       std::to_string(live->version));
  });
  if (!s.ok()) return s;
  return conflicts;
}

Result<std::vector<std::string>> RuleEditor::Validate(int64_t draft_id) const {
  auto draft = Load(draft_id);
  if (!draft.ok()) return draft.status();
  return hooks_.build(ApplyChanges(*draft->base, draft->changes), 0).failures;
}

Result<std::shared_ptr<const intents::RuleSet>> RuleEditor::DraftRules(int64_t draft_id) const {
  auto draft = FindDraftRow(draft_id);
  if (!draft.ok()) return draft.status();
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = compiled_.find(draft_id);
    if (it != compiled_.end() && it->second.updated_at == draft->updated_at &&
        it->second.base_version == draft->base_version) {
      return it->second.rules;
    }
  }
  auto loaded = Load(draft_id);
  if (!loaded.ok()) return loaded.status();
  auto rules = intents::CompileRuleDocuments(ApplyChanges(*loaded->base, loaded->changes));
  if (!rules.ok()) return rules.status();
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (compiled_.size() >= kCompiledDraftsKept && !compiled_.count(draft_id)) {
    compiled_.erase(compiled_.begin());
  }
  compiled_[draft_id] = {draft->updated_at, draft->base_version, *rules};
  return *rules;
}

ImpactReport RuleEditor::Impact(const intents::RuleSet& live, const intents::RuleSet& draft,
                                int limit) const {
  ImpactReport report;
  auto db = reads_.ForThisThread();
  if (!db.ok()) return report;
  auto texts = store::RecentInboundTexts(**db, limit);
  if (!texts.ok()) return report;
  std::map<std::pair<std::string, std::string>, ImpactReport::Transition> by_change;
  for (const std::string& text : *texts) {
    ++report.examined;
    const std::string from = intents::Describe(live.Match(text));
    const std::string to = intents::Describe(draft.Match(text));
    if (from == to) continue;
    ++report.changed;
    ImpactReport::Transition& t = by_change[{from, to}];
    t.from = from;
    t.to = to;
    ++t.count;
    if (t.messages.size() < kImpactExamples) t.messages.push_back(hooks_.mask(text));
  }
  for (auto& [_, t] : by_change) report.transitions.push_back(std::move(t));
  std::stable_sort(report.transitions.begin(), report.transitions.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return report;
}

PublishOutcome RuleEditor::Store(store::RuleVersionRow row, int64_t expected_live,
                                 const std::function<Status(store::Database&, int64_t)>& also) {
  PublishOutcome outcome;
  bool moved = false;
  outcome.status = writer_.Run([&](store::Database& db) -> Status {
    auto version = store::InsertRuleVersion(db, row, expected_live);
    if (!version.ok()) {
      // Another process stored a version since this one read the live one.
      if (version.status().code() == StatusCode::kConflict) {
        auto live = store::LiveRuleVersion(db, /*with_content=*/false);
        moved = live.ok() && *live;
        if (moved) outcome.live_version = (*live)->version;
      }
      return version.status();
    }
    outcome.version = *version;
    return also(db, *version);
  });
  if (moved) {
    outcome.status = Status::Conflict("live_version_moved",
                                      "Phiên bản đang chạy đã thay đổi (một người khác vừa xuất bản).");
  }
  return outcome;
}

PublishOutcome RuleEditor::Publish(int64_t draft_id, const std::string& note,
                                   const std::string& actor) {
  std::lock_guard<std::mutex> lock(changes_mu_);
  auto draft = FindDraftRow(draft_id);
  if (!draft.ok()) return {draft.status()};
  if (draft->state != "open") {
    return {Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.")};
  }
  std::shared_ptr<const LiveRules> live = hooks_.live();
  if (draft->base_version != live->version) {
    PublishOutcome outcome(Status::Conflict(
        "live_version_moved", "Trong lúc bạn sửa, phiên bản đang chạy đã chuyển từ " +
                                  std::to_string(draft->base_version) + " sang " +
                                  std::to_string(live->version) +
                                  ". Hãy cập nhật bản nháp theo phiên bản mới, xem lại rồi xuất bản."));
    outcome.live_version = live->version;
    outcome.base_version = draft->base_version;
    return outcome;
  }
  auto changes = ChangeSet::FromJson(draft->changes);
  if (!changes.ok()) return {changes.status()};
  const int64_t now = hooks_.now();
  PublishOutcome stored = StoreVersion(
      ApplyChanges(live->documents, *changes), VersionRow(now, actor, note, "publish"),
      live->version, "Bản nháp có lỗi nên chưa được xuất bản. Sửa các lỗi dưới đây rồi thử lại.",
      [&](store::Database& db, int64_t version) -> Status {
        if (Status s = store::CloseDraft(db, draft_id, "published", version, now); !s.ok()) {
          return s.code() == StatusCode::kConflict
                     ? Status::Conflict("draft_closed", "Bản nháp này đã được xuất bản hoặc đã bỏ.")
                     : s;
        }
        return AuditIn(db, now, actor, "rules.publish", "phiên bản " + std::to_string(version),
                       DraftLabel(draft_id) + ", " + std::to_string(changes->intents.size()) +
                           " ý định và " + std::to_string(changes->lexicon.size()) +
                           " mục từ điển thay đổi" + (note.empty() ? "" : "; ghi chú: " + note));
      });
  stored.base_version = draft->base_version;
  return stored;
}

PublishOutcome RuleEditor::Rollback(int64_t version, const std::string& note,
                                    const std::string& actor) {
  std::lock_guard<std::mutex> lock(changes_mu_);
  auto target = Version(version);
  if (!target.ok()) return {target.status()};
  std::shared_ptr<const LiveRules> live = hooks_.live();
  if (version == live->version) {
    return {Status::Conflict("already_live", "Phiên bản " + std::to_string(version) +
                                                 " đang chạy rồi.")};
  }
  auto documents = SnapshotFromJson(target->content);
  if (!documents.ok()) return {documents.status()};
  const int64_t now = hooks_.now();
  return StoreVersion(
      std::move(*documents),
      VersionRow(now, actor, note, "rollback", version),
      live->version,
      "Không khôi phục được phiên bản " + std::to_string(version) +
          ": nó không còn hợp lệ với cấu hình trang hiện tại.",
      [&](store::Database& db, int64_t new_version) -> Status {
        return AuditIn(db, now, actor, "rules.rollback", "phiên bản " + std::to_string(new_version),
                       "khôi phục nội dung phiên bản " + std::to_string(version) + " (thay phiên bản " +
                           std::to_string(live->version) + ")" +
                           (note.empty() ? "" : "; ghi chú: " + note));
      });
}

PublishOutcome RuleEditor::StoreVersion(
    intents::RuleDocuments documents, store::RuleVersionRow row, int64_t expected_live,
    const std::string& refusal, const std::function<Status(store::Database&, int64_t)>& also) {
  LiveRulesBuild build = hooks_.build(documents, expected_live + 1);
  PublishOutcome outcome;
  if (!build.failures.empty()) {
    outcome.status = Status::InvalidArgument("invalid_rules", refusal);
    outcome.failures = std::move(build.failures);
    return outcome;
  }
  row.intent_count = static_cast<int64_t>(build.rules->shared->size());
  row.content = SnapshotToJson(documents);
  outcome = Store(row, expected_live, also);
  if (!outcome.status.ok()) return outcome;
  hooks_.install(build.rules);
  spdlog::info("rules: version {} ({}) by {}, {} intents", outcome.version, row.kind, row.author,
               row.intent_count);
  return outcome;
}

}  // namespace trolyso::admin
