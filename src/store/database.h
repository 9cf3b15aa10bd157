// Database: one SQLite connection, and Statement, a prepared statement bound
// by index. Thin RAII wrappers over the C API; errors come back as Status.
//
// A Database is used by one thread at a time (the writer thread owns the
// write connection; every reader thread opens its own). Not copyable; movable.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <deque>

#include "core/result.h"

namespace trolyso::store {

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  // Binders take 1-based indexes, like sqlite3_bind_*. They return *this so a
  // call reads as one line: stmt.Bind(1, a).Bind(2, b).
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);  // copied (SQLITE_TRANSIENT)
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& value);  // NULL if empty

  // Steps once. Returns true while a row is available, false when done (the
  // statement is then reset). Errors are reported through status() after
  // Step returns false. A caller that stops reading before the end must call
  // Reset(), or the connection keeps reading an old snapshot.
  bool Step();
  // Steps to completion of a statement that returns no rows.
  Status Run();
  // Resets for reuse and clears bindings. Prepared statements are cached by
  // their owners and reset before each use.
  void Reset();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

  const Status& status() const { return status_; }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  Status status_;
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating when kReadWrite) the file, in WAL mode with a busy
  // timeout, foreign keys on. `synchronous_full` trades write latency for
  // durability across power loss; NORMAL already survives a process crash.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, Mode mode,
                                                bool synchronous_full = true);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements with no parameters (schema, BEGIN...).
  Status Exec(const char* sql);
  // Prepares a statement; caches nothing (see StatementCache).
  Result<Statement> Prepare(std::string_view sql);
  // The same statement every time for the same SQL text (pointer identity of
  // the literal), reset and ready to bind. Valid until the Database closes.
  Statement& Cached(const char* sql);

  int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* handle() { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  Status ErrorStatus(std::string_view context) const;

  sqlite3* db_ = nullptr;
  struct CacheEntry {
    const char* sql;
    Statement stmt;
  };
  // A deque keeps references to earlier entries valid as new ones are added.
  std::unique_ptr<std::deque<CacheEntry>> cache_ = std::make_unique<std::deque<CacheEntry>>();
};

// A statement that failed, as a Status naming what was being done.
inline Status StatementError(const Statement& stmt, std::string_view what) {
  return Status::Internal(what, stmt.status().message());
}

}  // namespace trolyso::store
