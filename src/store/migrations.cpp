#include "store/migrations.h"

#include <string>

namespace trolyso::store {
namespace {

// Times are Unix milliseconds. Platform ids are TEXT (see core/message.h).
constexpr const char* kMigrations[] = {
    // 1: the core pipeline: dedupe, conversations, transcript, outbox, handoffs.
    R"sql(
CREATE TABLE inbound_events (
  channel     TEXT    NOT NULL,
  page_id     TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (channel, page_id, event_id)
) WITHOUT ROWID;

CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  channel          TEXT    NOT NULL,
  page_id          TEXT    NOT NULL,
  chat_id          TEXT    NOT NULL,
  user_id          TEXT    NOT NULL,
  display_name     TEXT    NOT NULL DEFAULT '',
  state            TEXT    NOT NULL DEFAULT 'bot'
                   CHECK (state IN ('bot', 'queued', 'with_volunteer')),
  unmatched_streak INTEGER NOT NULL DEFAULT 0,
  reachable        INTEGER NOT NULL DEFAULT 1,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_inbound_at  INTEGER,
  UNIQUE (page_id, chat_id)
);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  direction       TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  author          TEXT    NOT NULL CHECK (author IN ('citizen', 'bot', 'volunteer', 'system')),
  kind            TEXT    NOT NULL,
  text            TEXT    NOT NULL,
  buttons         TEXT,
  intent          TEXT,
  decision        TEXT,
  event_id        TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  message_id      INTEGER NOT NULL REFERENCES messages (id),
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  page_id         TEXT    NOT NULL,
  chat_id         TEXT    NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'dead', 'unreachable')),
  parts_sent      INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_by_conversation ON outbox (conversation_id, id)
  WHERE state = 'pending';

CREATE TABLE handoffs (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  page_id         TEXT    NOT NULL,
  area            TEXT    NOT NULL,
  reason          TEXT    NOT NULL,
  priority        INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'waiting'
                  CHECK (state IN ('waiting', 'claimed', 'resolved')),
  created_at      INTEGER NOT NULL,
  deadline_at     INTEGER NOT NULL,
  resolved_at     INTEGER
);
CREATE INDEX handoffs_open ON handoffs (area, state, priority DESC, created_at)
  WHERE state != 'resolved';
)sql",
    // 2: volunteers: accounts and sessions, the queue's claims, areas a
    // handoff is offered to, private notes, ratings; who wrote a message and
    // the entities found in it (masked).
    R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('volunteer', 'admin')),
  password_hash TEXT    NOT NULL,
  capacity      INTEGER NOT NULL DEFAULT 3,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE user_areas (
  user_id INTEGER NOT NULL REFERENCES users (id),
  area    TEXT    NOT NULL,
  PRIMARY KEY (user_id, area)
) WITHOUT ROWID;

-- Only a SHA-256 of each token is kept: a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

ALTER TABLE handoffs ADD COLUMN claimed_by INTEGER REFERENCES users (id);
ALTER TABLE handoffs ADD COLUMN claimed_at INTEGER;
ALTER TABLE handoffs ADD COLUMN last_activity_at INTEGER;
ALTER TABLE handoffs ADD COLUMN resolved_by INTEGER REFERENCES users (id);
ALTER TABLE handoffs ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handoffs ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
CREATE UNIQUE INDEX handoffs_one_open_per_conversation ON handoffs (conversation_id)
  WHERE state != 'resolved';
CREATE INDEX handoffs_by_holder ON handoffs (claimed_by) WHERE state = 'claimed';

-- The areas whose volunteers see a handoff: its own, then each parent it is
-- offered to when nobody claimed it within the SLA.
CREATE TABLE handoff_areas (
  handoff_id INTEGER NOT NULL REFERENCES handoffs (id),
  area       TEXT    NOT NULL,
  PRIMARY KEY (handoff_id, area)
) WITHOUT ROWID;
CREATE INDEX handoff_areas_by_area ON handoff_areas (area, handoff_id);
INSERT INTO handoff_areas (handoff_id, area) SELECT id, area FROM handoffs;

CREATE TABLE handoff_notes (
  id         INTEGER PRIMARY KEY,
  handoff_id INTEGER NOT NULL REFERENCES handoffs (id),
  user_id    INTEGER REFERENCES users (id),
  text       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX handoff_notes_by_handoff ON handoff_notes (handoff_id, id);

ALTER TABLE messages ADD COLUMN user_id INTEGER REFERENCES users (id);
ALTER TABLE messages ADD COLUMN entities TEXT;
)sql",
    // 3: Zalo OA tokens. Zalo rotates the refresh token on every refresh, so
    // the new pair is stored (one statement, one transaction) before use.
    R"sql(
CREATE TABLE zalo_tokens (
  page_id       TEXT    PRIMARY KEY,
  access_token  TEXT    NOT NULL,
  refresh_token TEXT    NOT NULL,
  expires_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- Set once a handoff was raised because Zalo's free reply window is closing.
ALTER TABLE handoffs ADD COLUMN window_warned INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4: the audit log admins read: who changed what, when. Rows are only
    // ever inserted; no API route updates or deletes them.
    R"sql(
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  subject    TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // 5: versioned rule sets. A version is an immutable snapshot of every
    // rule file and the lexicon; the highest version is live. A draft is an
    // admin's pending change set over the version it started from.
    R"sql(
CREATE TABLE rule_versions (
  version        INTEGER PRIMARY KEY,
  created_at     INTEGER NOT NULL,
  author         TEXT    NOT NULL,
  note           TEXT    NOT NULL DEFAULT '',
  kind           TEXT    NOT NULL,          -- seed | publish | rollback | import
  rolled_back_to INTEGER,
  intent_count   INTEGER NOT NULL,
  content        TEXT    NOT NULL           -- JSON: {"lexicon": ..., "files": [...]}
);
CREATE TRIGGER rule_versions_no_update BEFORE UPDATE ON rule_versions
BEGIN SELECT RAISE(ABORT, 'rule versions are immutable'); END;
CREATE TRIGGER rule_versions_no_delete BEFORE DELETE ON rule_versions
BEGIN SELECT RAISE(ABORT, 'rule versions are immutable'); END;

CREATE TABLE rule_drafts (
  id                INTEGER PRIMARY KEY,
  state             TEXT    NOT NULL DEFAULT 'open',  -- open | published | discarded
  base_version      INTEGER NOT NULL,
  author            TEXT    NOT NULL,
  note              TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  changes           TEXT    NOT NULL DEFAULT '{}',    -- JSON change set
  published_version INTEGER
);
CREATE INDEX rule_drafts_open ON rule_drafts (state, updated_at);

-- The rule files of the intents directory as last applied, so files edited
-- while the server was down (or before a SIGHUP) become a new version by
-- their own changes only, over whatever admins published since.
CREATE TABLE rule_file_state (
  dir        TEXT    PRIMARY KEY,
  content    TEXT    NOT NULL,  -- snapshot JSON, like rule_versions.content
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};

constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

Result<int> UserVersion(Database& db) {
  Result<Statement> stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  if (!stmt->Step()) return Status::Internal("read schema version", stmt->status().message());
  return static_cast<int>(stmt->Int(0));
}

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Status ApplyMigrations(Database& db) {
  Result<int> current = UserVersion(db);
  if (!current.ok()) return current.status();
  if (*current > kLatest) {
    return Status::Conflict("database schema",
                            "version " + std::to_string(*current) +
                                " is newer than this binary's " + std::to_string(kLatest));
  }
  for (int version = *current + 1; version <= kLatest; ++version) {
    std::string script = "BEGIN IMMEDIATE;\n" + std::string(kMigrations[version - 1]) +
                         "\nPRAGMA user_version = " + std::to_string(version) + ";\nCOMMIT;";
    Status s = db.Exec(script.c_str());
    if (!s.ok()) {
      db.Exec("ROLLBACK;");
      return Status::Internal("migration " + std::to_string(version), s.message());
    }
  }
  return Status::Ok();
}

}  // namespace trolyso::store
