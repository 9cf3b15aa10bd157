#include "app/intent_commands.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace {

const std::string kIntents = std::string(TROLYSO_SOURCE_DIR) + "/intents";

// Runs a command with std::cout captured.
struct Run {
  int code = -1;
  std::string out;
};

template <typename F>
Run Capture(F command, std::vector<std::string> args) {
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  Run run;
  run.code = command(args);
  std::cout.rdbuf(old);
  run.out = captured.str();
  return run;
}

nlohmann::json MatchJson(const std::string& text) {
  Run run = Capture(trolyso::app::RunMatchCommand, {"--intents", kIntents, "--json", text});
  REQUIRE(run.code == 0);
  return nlohmann::json::parse(run.out);
}

}  // namespace

TEST_CASE("match --json names the winner and the decision 'answer'") {
  const auto j = MatchJson("Đoàn xã làm việc mấy giờ ạ");
  CHECK(j["intent"] == "general.office_hours_location");
  CHECK(j["decision"] == "answer");
  CHECK(j["normalized"]["folded"] == "doan xa lam viec may gio a");
  CHECK(j["answer"].get<std::string>().find("Đoàn xã Tân Phong") != std::string::npos);
}

TEST_CASE("match --json escalates the human request while still naming its intent") {
  const auto j = MatchJson("cho em gặp người thật");
  CHECK(j["intent"] == "general.human_request");
  CHECK(j["decision"] == "escalate");
}

TEST_CASE("match --json escalates with intent null when nothing matches") {
  const auto j = MatchJson("zxcv qwerty");
  CHECK(j["intent"].is_null());
  CHECK(j["decision"] == "escalate");
  CHECK(j["candidates"].empty());
}

TEST_CASE("match without --json prints both normalized forms and the winner") {
  Run run = Capture(trolyso::app::RunMatchCommand, {"--intents", kIntents, "cảm ơn ad nhiều"});
  CHECK(run.code == 0);
  CHECK(run.out.find("folded:   cam on ad nhieu") != std::string::npos);
  CHECK(run.out.find("winner:   general.thanks") != std::string::npos);
}

TEST_CASE("match rejects missing text and unknown flags with exit code 2") {
  CHECK(trolyso::app::RunMatchCommand({"--json"}) == 2);
  CHECK(trolyso::app::RunMatchCommand({"--bogus", "x"}) == 2);
  CHECK(trolyso::app::RunCheckCommand({"extra"}) == 2);
}

TEST_CASE("check passes on the shipped rules with a one-line summary") {
  Run run = Capture(trolyso::app::RunCheckCommand, {"--intents", kIntents});
  CHECK(run.code == 0);
  CHECK(run.out.rfind("ok: ", 0) == 0);
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 1);
}

TEST_CASE("check prints each failing example as file: intent: example: got X and exits 1") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("trolyso-check-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "vneid.json") << R"({"topic": "vneid", "intents": [
    {"id": "vneid.activate", "description": "d", "patterns": ["kich hoat"],
     "examples": ["kích hoạt", "đăng ký"], "answer": "x"}]})";
  Run run = Capture(trolyso::app::RunCheckCommand, {"--intents", dir.string()});
  std::filesystem::remove_all(dir);
  CHECK(run.code == 1);
  CHECK(run.out.find("vneid.json: vneid.activate: ví dụ \"đăng ký\": kết quả là không khớp ý định nào (cần ra vneid.activate)\n") !=
        std::string::npos);
  CHECK(run.out.find("kích hoạt\"") == std::string::npos);  // passing examples stay quiet
}

TEST_CASE("check reports a rule file that does not load, and exits 1") {
  Run run = Capture(trolyso::app::RunCheckCommand, {"--intents", "/nonexistent/dir"});
  CHECK(run.code == 1);
  CHECK(run.out.find("/nonexistent/dir") != std::string::npos);
}
