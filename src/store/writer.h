// Writer: the single thread that owns the write connection and commits
// concurrent jobs together (group commit).
//
// Any thread calls Run(job); the job runs on the writer thread inside a
// transaction shared with the other jobs waiting at that moment, each job in
// its own SAVEPOINT so a failing job rolls back only itself. Run returns once
// the shared transaction has committed (so the caller may acknowledge), or
// with the error that stopped it. Many webhook requests thus share one fsync.
//
// Thread-safe. Not copyable. The destructor finishes queued jobs, then stops.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

struct WriterOptions {
  // Upper bound on jobs per transaction: bounds the latency one commit adds
  // to the first job in it. 256 keeps a batch well under a millisecond of work.
  size_t max_batch = 256;
  // FULL survives power loss; NORMAL (WAL) only a process crash but is faster.
  bool synchronous_full = true;
};

class Writer {
 public:
  using Job = std::function<Status(Database&)>;

  // Opens the database, applies migrations, and starts the thread.
  static Result<std::unique_ptr<Writer>> Start(const std::string& path, WriterOptions options);

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();

  // Runs `job` on the writer thread and waits until its transaction commits.
  // Returns the job's own failure, or the commit's.
  Status Run(Job job);

  // How a job is isolated from the others in its transaction.
  enum class Isolation {
    kSavepoint,        // the job may run several statements: a SAVEPOINT undoes all on failure
    kSingleStatement,  // exactly one write: SQLite already undoes a failed statement
  };

  // Queues `job` without waiting; `done` (may be empty) runs on the writer
  // thread with the outcome once the transaction has committed or failed,
  // before the next transaction starts. For work whose caller has nothing
  // to acknowledge (delivery results), or that must act at commit time.
  void Post(Job job, std::function<void(const Status&)> done,
            Isolation isolation = Isolation::kSavepoint);

  // Called on the writer thread after every commit that included a
  // successful job; tests count commits with it to see batching. Set before
  // the first Run. (Production code learns of commits through Post's `done`.)
  void SetCommitListenerForTesting(std::function<void()> listener) {
    on_commit_ = std::move(listener);
  }

 private:
  struct Pending {
    Job job;
    std::function<void(Status)> done;
    Isolation isolation = Isolation::kSavepoint;
  };

  Writer(std::unique_ptr<Database> db, WriterOptions options);
  Status Enqueue(Pending pending);
  void Loop();
  void CommitBatch(std::vector<Pending>& batch);

  const WriterOptions options_;
  std::unique_ptr<Database> db_;  // used only on the writer thread
  std::function<void()> on_commit_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  std::thread thread_;
};

}  // namespace trolyso::store
