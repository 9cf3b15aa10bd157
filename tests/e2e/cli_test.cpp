// The binary's other sub-commands, run as a user would.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

struct Output {
  int status;
  std::string text;
};

// Runs the binary with `args` (shell-quoted by the caller) and `input` on
// stdin; stdout and stderr together.
Output Run(const std::string& args, const std::string& input, const TempDir& dir) {
  std::string in_file = dir.File("stdin");
  std::ofstream(in_file) << input;
  std::string command = std::string(TROLYSO_BINARY) + " " + args + " < " + in_file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) text.append(buffer, n);
  int status = pclose(pipe);
  return {WEXITSTATUS(status), text};
}

TEST_CASE("trolyso chat talks to the same pipeline in the terminal") {
  TempDir dir;
  nlohmann::json config = {
      {"storage", {{"sqlite_path", dir.File("chat.db")}}},
      {"intents", {{"dir", RepoPath("intents")}}},
      {"pages", {{{"id", "web"}, {"name", "Đoàn xã Thử"}, {"area", "a"}, {"channel", "webchat"}}}}};
  std::ofstream(dir.File("config.json")) << config.dump();
  Output out = Run("chat --config " + dir.File("config.json"),
                   "quên mật khẩu vneid\n1\n/quit\n", dir);
  CHECK(out.status == 0);
  std::string first_answer =
      QueryText(dir.File("chat.db"), "SELECT text FROM messages WHERE direction = 'out' ORDER BY id LIMIT 1");
  REQUIRE_FALSE(first_answer.empty());
  CHECK(out.text.find(first_answer) != std::string::npos);
  // "1" pressed the first button: stored as that button's intent payload.
  CHECK(QueryText(dir.File("chat.db"),
                  "SELECT text FROM messages WHERE direction = 'in' ORDER BY id LIMIT 1 OFFSET 1")
            .starts_with("intent:"));
}

TEST_CASE("--help, --version and a bad command") {
  TempDir dir;
  Output help = Run("--help", "", dir);
  CHECK(help.status == 0);
  CHECK(help.text.find("trolyso serve") != std::string::npos);
  Output version = Run("--version", "", dir);
  CHECK(version.status == 0);
  CHECK(version.text.starts_with("trolyso "));
  Output bad = Run("frobnicate", "", dir);
  CHECK(bad.status == 2);
  CHECK(bad.text.find("unknown command") != std::string::npos);
}

TEST_CASE("serve refuses a config with a missing secret in one line naming the key") {
  TempDir dir;
  nlohmann::json config = {
      {"pages", {{{"id", "tg"}, {"name", "T"}, {"area", "a"}, {"channel", "telegram"},
                  {"telegram", {{"token", "${TROLYSO_TEST_UNSET_TOKEN}"}}}}}}};
  std::ofstream(dir.File("config.json")) << config.dump();
  unsetenv("TROLYSO_TEST_UNSET_TOKEN");
  Output out = Run("serve --config " + dir.File("config.json"), "", dir);
  CHECK(out.status == 1);
  CHECK(out.text.find("pages[0].telegram.token: environment variable TROLYSO_TEST_UNSET_TOKEN is not set") !=
        std::string::npos);
  CHECK(std::count(out.text.begin(), out.text.end(), '\n') == 1);
}

TEST_CASE("serve refuses rules that do not pass their examples") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "rules");
  std::ofstream(dir.File("rules/general.json"))
      << R"({"topic": "general", "intents": [{"id": "general.x", "topic": "general", "description": "d",
            "patterns": ["(broken"], "examples": ["x"], "answer": "A"}]})";
  nlohmann::json config = {
      {"intents", {{"dir", dir.File("rules")}}},
      {"storage", {{"sqlite_path", dir.File("x.db")}}},
      {"pages", {{{"id", "web"}, {"name", "W"}, {"area", "a"}, {"channel", "webchat"}}}}};
  std::ofstream(dir.File("config.json")) << config.dump();
  Output out = Run("serve --config " + dir.File("config.json"), "", dir);
  CHECK(out.status == 1);
  CHECK(out.text.find("general.x") != std::string::npos);
}

}  // namespace
}  // namespace trolyso::testing
