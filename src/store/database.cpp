#include "store/database.h"

#include <cstdio>
#include <cstdlib>

namespace trolyso::store {

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    sqlite3* db = sqlite3_db_handle(stmt_.get());
    status_ = Status::Internal("sqlite step", sqlite3_errmsg(db));
  }
  // A statement that is not reset keeps its read transaction open, pinning
  // the connection to an old snapshot of the WAL; reset as soon as it is done.
  sqlite3_reset(stmt_.get());
  return false;
}

Status Statement::Run() {
  status_ = Status::Ok();
  while (Step()) {
  }
  return status_;
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  status_ = Status::Ok();
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode,
                                                 bool synchronous_full) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw));  // owns raw even on failure
  if (rc != SQLITE_OK) {
    return Status::Unavailable("open " + path, raw ? sqlite3_errmsg(raw) : "out of memory");
  }
  sqlite3_busy_timeout(raw, 5000);
  Status s = db->Exec(mode == Mode::kReadOnly ? "PRAGMA query_only=ON;"
                                              : "PRAGMA journal_mode=WAL;");
  if (!s.ok()) return s;
  s = db->Exec(synchronous_full ? "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!s.ok()) return s;
  return db;
}

Database::~Database() {
  cache_.reset();  // statements must be finalized before the connection closes
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::Exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    Status s = Status::Internal("sqlite exec", error ? error : "unknown error");
    sqlite3_free(error);
    return s;
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return ErrorStatus("sqlite prepare");
  }
  return Statement(stmt);
}

Statement& Database::Cached(const char* sql) {
  for (CacheEntry& entry : *cache_) {
    if (entry.sql == sql) {
      entry.stmt.Reset();
      return entry.stmt;
    }
  }
  Result<Statement> prepared = Prepare(sql);
  if (!prepared.ok()) {
    // SQL text is a compile-time constant of ours: failing to prepare it is a
    // programming error that every test would hit at once.
    std::fprintf(stderr, "fatal: %s\n%s\n", prepared.status().message().c_str(), sql);
    std::abort();
  }
  cache_->push_back({sql, std::move(prepared).value()});
  return cache_->back().stmt;
}

int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int Database::Changes() const { return sqlite3_changes(db_); }

Status Database::ErrorStatus(std::string_view context) const {
  return Status::Internal(context, sqlite3_errmsg(db_));
}

}  // namespace trolyso::store
