#include "store/writer.h"

#include <pthread.h>

#include <exception>

#include "store/migrations.h"

namespace trolyso::store {

Result<std::unique_ptr<Writer>> Writer::Start(const std::string& path, WriterOptions options) {
  Result<std::unique_ptr<Database>> db =
      Database::Open(path, Database::Mode::kReadWrite, options.synchronous_full);
  if (!db.ok()) return db.status();
  Status migrated = ApplyMigrations(**db);
  if (!migrated.ok()) return migrated;
  return std::unique_ptr<Writer>(new Writer(std::move(db).value(), options));
}

Writer::Writer(std::unique_ptr<Database> db, WriterOptions options)
    : options_(options), db_(std::move(db)), thread_([this] { Loop(); }) {}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Status Writer::Enqueue(Pending pending) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Status::Unavailable("store writer", "shutting down");
    queue_.push_back(std::move(pending));
  }
  wake_.notify_one();
  return Status::Ok();
}

Status Writer::Run(Job job) {
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> done = promise->get_future();
  Status queued = Enqueue({std::move(job), [promise](Status s) { promise->set_value(std::move(s)); }});
  if (!queued.ok()) return queued;
  return done.get();
}

void Writer::Post(Job job, std::function<void(const Status&)> done, Isolation isolation) {
  Status queued = Enqueue({std::move(job),
                           [done = std::move(done)](Status s) {
                             if (done) done(s);
                           },
                           isolation});
  if (!queued.ok() && done) done(queued);
}

void Writer::Loop() {
  pthread_setname_np(pthread_self(), "store-writer");  // shows in top -H and perf
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      size_t take = std::min(queue_.size(), options_.max_batch);
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<long>(take)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(take));
    }
    CommitBatch(batch);
    batch.clear();
  }
}

// Transaction control runs thousands of times a second: prepared once, like
// every other statement, instead of parsed on each sqlite3_exec.
constexpr const char* kBegin = "BEGIN IMMEDIATE";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kSavepoint = "SAVEPOINT job";
constexpr const char* kRollbackToSavepoint = "ROLLBACK TO job";
constexpr const char* kReleaseSavepoint = "RELEASE job";

void Writer::CommitBatch(std::vector<Pending>& batch) {
  std::vector<Status> results(batch.size());
  Status begun = db_->Cached(kBegin).Run();
  bool any_ok = false;
  for (size_t i = 0; i < batch.size() && begun.ok(); ++i) {
    bool savepoint = batch[i].isolation == Isolation::kSavepoint;
    if (savepoint) db_->Cached(kSavepoint).Run();
    try {
      results[i] = batch[i].job(*db_);
    } catch (const std::exception& e) {
      results[i] = Status::Internal("store job", e.what());
    } catch (...) {
      results[i] = Status::Internal("store job", "unknown exception");
    }
    if (savepoint) {
      if (!results[i].ok()) db_->Cached(kRollbackToSavepoint).Run();
      db_->Cached(kReleaseSavepoint).Run();
    }
    any_ok = any_ok || results[i].ok();
  }
  Status committed = begun.ok() ? db_->Cached(kCommit).Run() : begun;
  if (!committed.ok()) {
    db_->Exec("ROLLBACK");
    for (Status& r : results) {
      if (r.ok()) r = committed;
    }
    any_ok = false;
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
  if (any_ok && on_commit_) on_commit_();
}

}  // namespace trolyso::store
