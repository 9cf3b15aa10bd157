// The writer against a real SQLite file: migrations, group commit, and
// per-job rollback.
#include "store/writer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/repository.h"
#include "support/files.h"

namespace trolyso::store {
namespace {

using trolyso::testing::TempDir;

Inbound TestInbound(const std::string& event_id) {
  Inbound in;
  in.channel = Channel::kTelegram;
  in.page_id = "p";
  in.event_id = event_id;
  in.chat_id = "42";
  in.user_id = "42";
  return in;
}

int64_t Count(const std::string& path, const char* sql) {
  auto db = Database::Open(path, Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  Result<Statement> stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  REQUIRE(stmt->Step());
  return stmt->Int(0);
}

TEST_CASE("start-up applies every migration and records the version") {
  TempDir dir;
  std::string path = dir.File("t.db");
  { REQUIRE(Writer::Start(path, {}).ok()); }
  CHECK(Count(path, "PRAGMA user_version") == LatestSchemaVersion());
  // Idempotent on a second start.
  { REQUIRE(Writer::Start(path, {}).ok()); }
  CHECK(Count(path, "PRAGMA user_version") == LatestSchemaVersion());
}

TEST_CASE("a database from a newer binary is refused rather than guessed at") {
  TempDir dir;
  std::string path = dir.File("t.db");
  {
    auto db = Database::Open(path, Database::Mode::kReadWrite);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA user_version = 999").ok());
  }
  auto writer = Writer::Start(path, {});
  REQUIRE_FALSE(writer.ok());
  CHECK(writer.status().message().find("newer") != std::string::npos);
}

TEST_CASE("a failing job rolls back only its own writes") {
  TempDir dir;
  auto writer = Writer::Start(dir.File("t.db"), {});
  REQUIRE(writer.ok());
  Status good = (*writer)->Run([](Database& db) {
    return RecordInboundEvent(db, TestInbound("1"), 1).status();
  });
  Status bad = (*writer)->Run([](Database& db) {
    Status s = RecordInboundEvent(db, TestInbound("2"), 1).status();
    REQUIRE(s.ok());
    return Status::Internal("test", "job fails after writing");
  });
  CHECK(good.ok());
  CHECK(bad.message() == "test: job fails after writing");
  writer->reset();
  CHECK(Count(dir.File("t.db"), "SELECT COUNT(*) FROM inbound_events") == 1);
}

TEST_CASE("the same event recorded from many threads at once is fresh exactly once") {
  TempDir dir;
  auto writer = Writer::Start(dir.File("t.db"), {});
  REQUIRE(writer.ok());
  std::atomic<int> fresh{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      (void)(*writer)->Run([&](Database& db) {
        Result<bool> r = RecordInboundEvent(db, TestInbound("same"), 1);
        if (r.ok() && *r) ++fresh;
        return r.status();
      });
    });
  }
  for (auto& t : threads) t.join();
  CHECK(fresh == 1);
}

TEST_CASE("concurrent jobs share commits (group commit)") {
  TempDir dir;
  auto writer = Writer::Start(dir.File("t.db"), {});
  REQUIRE(writer.ok());
  std::atomic<int> commits{0};
  (*writer)->SetCommitListenerForTesting([&] { ++commits; });
  constexpr int kJobs = 400;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kJobs / 8; ++i) {
        Status s = (*writer)->Run([&](Database& db) {
          return RecordInboundEvent(db, TestInbound(std::to_string(t * 1000 + i)), 1).status();
        });
        REQUIRE(s.ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  writer->reset();
  CHECK(Count(dir.File("t.db"), "SELECT COUNT(*) FROM inbound_events") == kJobs);
  // With 8 writers waiting at once, batches form: fewer commits than jobs.
  CHECK(commits.load() < kJobs);
}

TEST_CASE("outbox rows of one conversation are handed out oldest first, one at a time") {
  TempDir dir;
  auto writer = Writer::Start(dir.File("t.db"), {});
  REQUIRE(writer.ok());
  Status s = (*writer)->Run([](Database& db) -> Status {
    Result<ConversationRow> conv = UpsertConversation(db, TestInbound("e"), 1);
    if (!conv.ok()) return conv.status();
    for (int i = 0; i < 3; ++i) {
      MessageRow m;
      m.conversation_id = conv->id;
      m.outbound = true;
      m.author = Author::kBot;
      m.kind = "text";
      m.text = "reply " + std::to_string(i);
      m.buttons = {{"Nút", "intent:x"}};
      Result<int64_t> id = InsertMessage(db, m);
      if (!id.ok()) return id.status();
      if (auto q = EnqueueOutbox(db, *id, conv->id, "p", "42", {}, 10); !q.ok()) return q.status();
    }
    return Status::Ok();
  });
  REQUIRE(s.ok());
  auto reader = Database::Open(dir.File("t.db"), Database::Mode::kReadOnly);
  REQUIRE(reader.ok());
  Result<std::vector<OutboxItem>> due = DueOutbox(**reader, 10, 100);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].message.text == "reply 0");
  REQUIRE((*due)[0].message.buttons.size() == 1);
  CHECK((*due)[0].message.buttons[0].label == "Nút");
  CHECK((*due)[0].message.buttons[0].payload == "intent:x");
  // Not due yet before its time.
  CHECK(DueOutbox(**reader, 9, 100)->empty());

  int64_t first = (*due)[0].id;
  REQUIRE((*writer)->Run([&](Database& db) { return MarkDelivered(db, first, 1, 1, 11); }).ok());
  due = DueOutbox(**reader, 11, 100);
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].message.text == "reply 1");
}

}  // namespace
}  // namespace trolyso::store

namespace trolyso::store {
namespace {

TEST_CASE("a failed single-statement job leaves no trace and spares its neighbours") {
  TempDir dir;
  auto writer = Writer::Start(dir.File("t.db"), {});
  REQUIRE(writer.ok());
  std::promise<Status> first, failing;
  (*writer)->Post([](Database& db) { return RecordInboundEvent(db, TestInbound("a"), 1).status(); },
                  [&](const Status& s) { first.set_value(s); },
                  Writer::Isolation::kSingleStatement);
  (*writer)->Post([](Database& db) { return db.Exec("INSERT INTO inbound_events VALUES (1)"); },
                  [&](const Status& s) { failing.set_value(s); },
                  Writer::Isolation::kSingleStatement);
  CHECK(first.get_future().get().ok());
  CHECK_FALSE(failing.get_future().get().ok());
  writer->reset();
  CHECK(Count(dir.File("t.db"), "SELECT COUNT(*) FROM inbound_events") == 1);
}

}  // namespace
}  // namespace trolyso::store
