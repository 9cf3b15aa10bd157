#include "text/lexicon.h"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "text/normalizer.h"

using trolyso::text::Lexicon;
using trolyso::text::Normalize;

namespace {

const std::string kLexiconPath = std::string(TROLYSO_SOURCE_DIR) + "/intents/lexicon.json";

nlohmann::json ReadShippedLexicon() {
  std::ifstream in(kLexiconPath);
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  return nlohmann::json::parse(buf.str());
}

}  // namespace

TEST_CASE("the shipped lexicon loads and has at least 60 entries") {
  auto lexicon = Lexicon::LoadFile(kLexiconPath);
  REQUIRE_MESSAGE(lexicon.ok(), lexicon.status().message());
  CHECK(lexicon->size() >= 60);
}

TEST_CASE("every shipped lexicon entry rewrites its token inside a sentence") {
  auto lexicon = Lexicon::LoadFile(kLexiconPath);
  REQUIRE(lexicon.ok());
  const nlohmann::json doc = ReadShippedLexicon();
  int checked = 0;
  for (const auto& [key, value] : doc["entries"].items()) {
    const std::string want = value.get<std::string>();
    CAPTURE(key);
    // Values are written folded in the file; a value with marks would be a
    // typo that no folded pattern could ever meet.
    for (char c : want) CHECK(static_cast<unsigned char>(c) < 0x80);
    CHECK(Normalize("xin " + key + " nhe", *lexicon).folded == "xin " + want + " nhe");
    ++checked;
  }
  CHECK(checked >= 60);
}

TEST_CASE("the shipped lexicon has the abbreviations the issue names") {
  auto lexicon = Lexicon::LoadFile(kLexiconPath);
  REQUIRE(lexicon.ok());
  struct Entry {
    const char* typed;
    const char* folded;
  };
  const Entry required[] = {
      {"ko", "khong"}, {"k", "khong"}, {"hok", "khong"}, {"hong", "khong"},
      {"khg", "khong"}, {"dc", "duoc"}, {"đc", "duoc"}, {"dk", "duoc"},
      {"mk", "mat khau"}, {"pass", "mat khau"}, {"tk", "tai khoan"},
      {"sdt", "so dien thoai"}, {"sđt", "so dien thoai"}, {"j", "gi"},
      {"ntn", "nhu the nao"}, {"bn", "bao nhieu"}, {"ad", "ad"}, {"admin", "ad"},
      {"cccd", "cccd"}, {"cmnd", "cmnd"}, {"e", "em"}, {"a", "anh"},
  };
  for (const Entry& e : required) {
    CAPTURE(e.typed);
    CHECK(Normalize(e.typed, *lexicon).folded == e.folded);
  }
}

TEST_CASE("Lexicon::FromJson folds keys and values") {
  auto lexicon = Lexicon::FromJson(R"({"entries": {"MK": "Mật Khẩu"}})", "t.json");
  REQUIRE(lexicon.ok());
  REQUIRE(lexicon->Find("mk") != nullptr);
  CHECK(*lexicon->Find("mk") == "mat khau");
}

TEST_CASE("Lexicon::FromJson rejects bad files with the file and key named") {
  struct Case {
    const char* json;
    const char* expect;
  };
  const Case cases[] = {
      {"{\"entries\": {", "JSON không hợp lệ"},
      {R"({"entries": {}, "extra": 1})", "extra: trường không được hỗ trợ"},
      {R"({"entries": []})", "entries: phải là một đối tượng"},
      {R"({"entries": {"ko": 1}})", "ko: giá trị phải là một chuỗi"},
      {R"({"entries": {"k o": "khong"}})", "khóa phải là một từ"},
      {R"({"entries": {"ko": ""}})", "giá trị phải là các từ"},
      {R"({"entries": {"dc": "duoc", "đc": "đọc"}})", "đã ứng với \"duoc\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    auto lexicon = Lexicon::FromJson(c.json, "lex.json");
    REQUIRE_FALSE(lexicon.ok());
    CHECK(lexicon.status().message().rfind("lex.json: ", 0) == 0);
    CHECK(lexicon.status().message().find(c.expect) != std::string::npos);
  }
}
