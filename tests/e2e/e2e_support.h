// Shared pieces of the end-to-end tests: a gateway with one Telegram page
// (pointed at a FakeTelegramApi) and one web chat page, Update builders, and
// read-only SQL on the server's database file.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "e2e/fake_telegram.h"
#include "e2e/server_process.h"

namespace trolyso::testing {

inline constexpr const char* kSecret = "e2e-secret_token";

// A config for `fake`, with fast retries so back-off tests take a second.
inline nlohmann::json GatewayConfig(const FakeTelegramApi& fake) {
  return {
      {"log", {{"level", "info"}}},
      {"delivery", {{"backoff_base_ms", 200}, {"backoff_max_ms", 1000}, {"max_attempts", 5}}},
      {"pages",
       {{{"id", "tg"},
         {"name", "Đoàn xã Thử Nghiệm"},
         {"area", "thunghiem"},
         {"channel", "telegram"},
         {"telegram",
          {{"token", "123:TEST"}, {"secret_token", kSecret}, {"api_base", fake.base_url()}}}},
        {{"id", "web"}, {"name", "Đoàn xã Thử Nghiệm"}, {"area", "thunghiem"},
         {"channel", "webchat"}}}}};
}

// Distinct update ids and chat ids per call, so tests never collide.
inline int64_t NextId() {
  static std::atomic<int64_t> next{900000000};
  return next.fetch_add(1);
}

inline nlohmann::json TextUpdate(int64_t update_id, int64_t chat_id, const std::string& text) {
  nlohmann::json user = {{"id", chat_id}, {"is_bot", false}, {"first_name", "Lan"}};
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id % 100000},
            {"from", user},
            {"chat", {{"id", chat_id}, {"first_name", "Lan"}, {"type", "private"}}},
            {"date", 1791252923},
            {"text", text}}}};
}

inline httplib::Result PostUpdate(httplib::Client& client, const std::string& body,
                                  const char* secret = kSecret, const std::string& page = "tg") {
  httplib::Headers headers;
  if (secret != nullptr) headers.emplace("X-Telegram-Bot-Api-Secret-Token", secret);
  return client.Post(("/webhooks/telegram/" + page).c_str(), headers, body, "application/json");
}

// The first column of the first row of a read-only query on the server's
// database, as text ("" when there is no row). A failed query fails the test
// with SQLite's message rather than passing a sentinel on.
inline std::string QueryText(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  std::string error = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  REQUIRE_MESSAGE((rc == SQLITE_ROW || rc == SQLITE_DONE), sql << ": " << error);
  return value;
}

// Whether `sql` can change the database directly, bypassing the server (for
// tables that must refuse it whoever writes).
inline bool DirectWriteSucceeds(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  const bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

inline int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  std::string text = QueryText(db_path, sql);
  return text.empty() ? -1 : std::stoll(text);
}

// A running gateway and its fake Telegram, for one test case.
struct Gateway {
  using ConfigMaker = std::function<nlohmann::json(const FakeTelegramApi&)>;

  FakeTelegramApi telegram;
  ServerProcess server;
  std::unique_ptr<httplib::Client> client;

  Gateway() : Gateway(GatewayConfig) {}
  explicit Gateway(const ConfigMaker& make_config) : server(make_config(telegram)) { Restart(); }
  void Restart() {
    server.Start();
    client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
    client->set_read_timeout(10, 0);
  }
  int64_t Int(const std::string& sql) const { return QueryInt(server.sqlite_path(), sql); }
  std::string Text(const std::string& sql) const { return QueryText(server.sqlite_path(), sql); }
};

}  // namespace trolyso::testing
