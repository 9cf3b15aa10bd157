// RuleEditor: versioned rule sets and admins' drafts.
//
// The live rule set is the highest version in the database. Admins edit
// drafts (change sets over the version they started from); publishing checks
// the draft applied to the live version exactly as the server would load it
// (every page, every example) and only then stores version N+1 and swaps it
// in. Two publishes at once: the first wins, the second is told the live
// version moved (its draft was made against an older one) and must rebase.
// Rollback stores an earlier version's content as a new version. Every
// change is written to the audit log in the same transaction.
//
// Thread-safe. Publishes and rollbacks run one at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "admin/change_set.h"
#include "admin/live_rules.h"
#include "core/result.h"
#include "store/read_connections.h"
#include "store/rule_repository.h"
#include "store/writer.h"

namespace trolyso::admin {

// What publish and rollback tell the caller besides a Status.
struct PublishOutcome {
  PublishOutcome() = default;
  PublishOutcome(Status s, int64_t new_version = 0)  // NOLINT: implicit, read as a Status
      : status(std::move(s)), version(new_version) {}

  Status status;                       // Conflict "live_version_moved"/"draft_closed",
                                       // NotFound, InvalidArgument (see failures)
  int64_t version = 0;                 // the new live version on success
  int64_t live_version = 0;            // the live version when refused as moved
  int64_t base_version = 0;            // the draft's base when refused as moved
  std::vector<std::string> failures;   // why the rules were refused, one per line
};

struct DraftView {
  store::DraftRow draft;
  int64_t live_version = 0;
  RuleContent content;                 // the draft's effective intents and lexicon
  std::vector<std::string> deleted;    // intent ids the draft removes
};

// How many inbound messages would get another answer under a draft.
struct ImpactReport {
  int examined = 0;
  int changed = 0;
  struct Transition {
    std::string from, to;               // intents::Describe() of each outcome
    int count = 0;
    std::vector<std::string> messages;  // masked, up to five
  };
  std::vector<Transition> transitions;  // biggest first
};

class RuleEditor {
 public:
  struct Hooks {
    std::function<std::shared_ptr<const LiveRules>()> live;
    // BuildLiveRules for the server's current pages.
    std::function<LiveRulesBuild(intents::RuleDocuments, int64_t version)> build;
    std::function<void(std::shared_ptr<const LiveRules>)> install;
    std::function<int64_t()> now;
    std::function<std::string(const std::string&)> mask;  // personal numbers
  };
  // `changes_mu` serializes every change of the live rules: publishes,
  // rollbacks, file imports here, and the server's page reloads.
  RuleEditor(store::Writer& writer, const store::ReadConnections& reads, Hooks hooks,
             std::mutex& changes_mu);

  // The intents directory at start-up or on reload. The first time (empty
  // database) its files become version 1 ("seed"). After that only what
  // changed in the files since they were last applied is applied over the
  // live version, as a new version ("import"), so an operator's file edit
  // and an admin's published edits both survive. A directory not seen
  // before (the config names another) is only recorded as the starting
  // point. Returns the new version,
  // 0 when the files did not change. Failures list every problem.
  // Callers hold no lock; at start-up hooks.live() may return null.
  PublishOutcome ApplyDirectory(const std::string& dir, const std::string& actor);
  // The live version stored in the database, built for the current pages
  // (start-up, or a version published by another process).
  PublishOutcome LoadStoredLive();

  // The stored versions, newest (the live one) first, without content.
  Result<std::vector<store::RuleVersionRow>> Versions(int limit) const;
  Result<store::RuleVersionRow> Version(int64_t version) const;  // with content; NotFound
  Result<intents::RuleDocuments> VersionDocuments(int64_t version) const;

  Result<store::DraftRow> CreateDraft(const std::string& actor, const std::string& note);
  // Files as a draft over the live version (trolyso import-intents).
  Result<store::DraftRow> ImportDraft(const intents::RuleDocuments& files,
                                      const std::string& actor, const std::string& note);
  Result<std::vector<store::DraftRow>> OpenDrafts() const;
  Result<DraftView> View(int64_t draft_id) const;  // NotFound

  // Saves one intent (the rule-file object) into an open draft. Returns
  // "created" or "edited". The intent may still have problems: see
  // CheckIntent; drafts may be broken, publishing refuses them.
  Result<IntentStatus> PutIntent(int64_t draft_id, const std::string& intent_id,
                                 const nlohmann::json& intent, const std::string& actor);
  Status DeleteIntent(int64_t draft_id, const std::string& intent_id, const std::string& actor);
  // Appends the texts not already there to the intent's examples; returns
  // the intent and how many were added.
  Result<std::pair<nlohmann::json, int>> AddExamples(int64_t draft_id, const std::string& intent_id,
                                                    const std::vector<std::string>& texts,
                                                    const std::string& actor);
  // Sets (or with nullopt removes) one lexicon entry.
  Status SetLexicon(int64_t draft_id, const std::string& key,
                    const std::optional<std::string>& value, const std::string& actor);
  Status Discard(int64_t draft_id, const std::string& actor);
  // Moves the draft onto the live version; returns the ids (and
  // "lexicon:<key>") it changes that also changed in live since its base.
  Result<std::set<std::string>> Rebase(int64_t draft_id, const std::string& actor);

  // Every problem the draft has, as publishing would find them.
  Result<std::vector<std::string>> Validate(int64_t draft_id) const;
  // The draft compiled (examples not run), cached until it changes.
  Result<std::shared_ptr<const intents::RuleSet>> DraftRules(int64_t draft_id) const;
  ImpactReport Impact(const intents::RuleSet& live, const intents::RuleSet& draft,
                      int limit) const;

  PublishOutcome Publish(int64_t draft_id, const std::string& note, const std::string& actor);
  PublishOutcome Rollback(int64_t version, const std::string& note, const std::string& actor);

 private:
  // Runs `edit` on the draft's change set in one writer job, with an audit
  // entry; Conflict "draft_closed" unless the draft is open.
  Status EditDraft(int64_t draft_id, const std::string& actor, const std::string& action,
                   const std::string& subject, const std::string& detail,
                   const std::function<Status(ChangeSet&, const intents::RuleDocuments& base)>& edit);
  // The draft's row (open or not); NotFound.
  Result<store::DraftRow> FindDraftRow(int64_t draft_id) const;
  // The row, its change set and the content of the version it starts from.
  struct LoadedDraft {
    store::DraftRow row;
    ChangeSet changes;
    std::shared_ptr<const intents::RuleDocuments> base;
  };
  Result<LoadedDraft> Load(int64_t draft_id) const;
  // A new open draft over the live version holding `changes`, audited as
  // `action` with "<detail> phiên bản N".
  Result<store::DraftRow> InsertDraft(const ChangeSet& changes, const std::string& actor,
                                      const std::string& note, const std::string& action,
                                      const std::string& detail);
  // The content of `version`, from the live rules when it is live.
  Result<std::shared_ptr<const intents::RuleDocuments>> Documents(int64_t version) const;
  PublishOutcome Store(store::RuleVersionRow row, int64_t expected_live,
                       const std::function<Status(store::Database&, int64_t)>& also);
  // Checks `documents` for every page; if they pass, stores them as the
  // version after `expected_live` (row: author, note, kind...; content and
  // count filled here), runs `also` in the same transaction, and swaps them
  // in. Refused with `refusal` and every failure otherwise.
  PublishOutcome StoreVersion(intents::RuleDocuments documents, store::RuleVersionRow row,
                              int64_t expected_live, const std::string& refusal,
                              const std::function<Status(store::Database&, int64_t)>& also);

  store::Writer& writer_;
  const store::ReadConnections& reads_;
  const Hooks hooks_;
  std::mutex& changes_mu_;  // one change of the live rules at a time

  mutable std::mutex cache_mu_;
  // Version contents read lately (a draft's base is usually the live one).
  mutable std::map<int64_t, std::shared_ptr<const intents::RuleDocuments>> documents_;
  struct CompiledDraft {
    int64_t updated_at = 0, base_version = 0;
    std::shared_ptr<const intents::RuleSet> rules;
  };
  mutable std::map<int64_t, CompiledDraft> compiled_;  // by draft id
};

// How many of the latest inbound messages an impact preview replays unless
// told otherwise (the default).
inline constexpr int kDefaultImpactMessages = 2000;

}  // namespace trolyso::admin
