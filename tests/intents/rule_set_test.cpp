#include "intents/rule_set.h"

#include <doctest/doctest.h>

#include <string>

#include "intents/example_checker.h"
#include "intents/temp_rule_dir.h"
#include "support/intent_fixtures.h"

using trolyso::intents::Action;
using trolyso::intents::Limits;
using trolyso::intents::MatchResult;
using trolyso::intents::RuleSet;
using trolyso::testing::RuleFile;
using trolyso::testing::TempRuleDir;

namespace {


// A minimal valid intent; `extra` adds or overrides fields (JSON members).
std::string Intent(const std::string& id, const std::string& patterns,
                   const std::string& example, const std::string& extra = "") {
  return "{\"id\": \"" + id + "\", \"description\": \"Mô tả " + id +
         "\", \"patterns\": " + patterns + ", \"examples\": [\"" + example +
         "\"], \"answer\": \"Trả lời " + id + "\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

std::shared_ptr<const RuleSet> MustCompile(const TempRuleDir& dir) {
  auto rules = RuleSet::Compile(dir.path());
  REQUIRE_MESSAGE(rules.ok(), rules.status().message());
  return *rules;
}

std::string CompileError(const TempRuleDir& dir, const Limits& limits = {}) {
  auto rules = RuleSet::Compile(dir.path(), limits);
  REQUIRE_FALSE(rules.ok());
  return rules.status().message();
}

}  // namespace

TEST_CASE("a folded pattern matches both accented and unaccented typing, teencode too") {
  TempRuleDir dir;
  dir.Write("lexicon.json", trolyso::testing::kTestLexicon);
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.forgot_password",
                                                   R"(["quen mat khau"])", "quên mật khẩu")));
  auto rules = MustCompile(dir);
  for (const char* text : {"Quên mật khẩu VNeID", "quen mat khau", "e quen mk r", "QUÊN MẬT KHẨU!!!"}) {
    CAPTURE(text);
    const MatchResult r = rules->Match(text);
    REQUIRE(r.kind == MatchResult::Kind::kAnswer);
    CHECK(r.intent->id == "vneid.forgot_password");
  }
  CHECK(rules->Match("đổi số điện thoại").kind == MatchResult::Kind::kNoMatch);
}

TEST_CASE("an accented pattern tells words apart by their tone marks") {
  TempRuleDir dir;
  // "hỏng" (broken) and "hồng" (pink) fold to the same "hong".
  dir.Write("vneid.json",
            RuleFile("vneid", Intent("vneid.app_broken",
                                     R"([{"pattern": "bị hỏng", "form": "accented"}])",
                                     "app bị hỏng")));
  auto rules = MustCompile(dir);
  CHECK(rules->Match("app bị hỏng rồi").kind == MatchResult::Kind::kAnswer);
  CHECK(rules->Match("áo bị hồng").kind == MatchResult::Kind::kNoMatch);
}

TEST_CASE("higher priority wins over a more specific pattern") {
  TempRuleDir dir;
  dir.Write("general.json",
            RuleFile("general", Intent("general.human", R"(["nguoi that"])", "gặp người thật",
                                       "\"priority\": 50") +
                                    "," + Intent("general.password", R"(["quen mat khau vneid"])",
                                                 "quên mật khẩu vneid")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("quên mật khẩu vneid, cho gặp người thật");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.intent->id == "general.human");
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[1].intent->id == "general.password");
}

TEST_CASE("at equal priority the pattern with more literal letters wins") {
  TempRuleDir dir;
  dir.Write("lexicon.json", trolyso::testing::kTestLexicon);
  dir.Write("vneid.json",
            RuleFile("vneid", Intent("vneid.login", R"(["dang nhap"])", "đăng nhập") + "," +
                                  Intent("vneid.login_error", R"(["khong dang nhap duoc"])",
                                         "không đăng nhập được")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("vneid ko đăng nhập dc");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.intent->id == "vneid.login_error");
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[0].specificity > r.candidates[1].specificity);
}

TEST_CASE("an exclusion drops its intent and lets the next one win") {
  TempRuleDir dir;
  dir.Write("general.json",
            RuleFile("general",
                     Intent("general.thanks", R"(["cam on"])", "cảm ơn",
                            R"("exclude": ["van chua"], "priority": 5)") +
                         "," + Intent("general.still_stuck", R"(["chua duoc"])", "chưa được")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("cảm ơn nhưng vẫn chưa được");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.intent->id == "general.still_stuck");
  CHECK(r.candidates.back().intent->id == "general.thanks");
  CHECK(r.candidates.back().excluded);
  // An excluded intent alone gives no answer.
  CHECK(rules->Match("cảm ơn, vẫn chưa").kind == MatchResult::Kind::kNoMatch);
}

TEST_CASE("two close candidates from different topics give a clarifying question") {
  TempRuleDir dir;
  dir.Write("vneid.json",
            RuleFile("vneid", Intent("vneid.login_error", R"(["khong dang nhap"])",
                                     "không đăng nhập")));
  dir.Write("dossier.json",
            RuleFile("dossier", Intent("dossier.portal_login", R"(["dang nhap cong"])",
                                       "đăng nhập cổng dịch vụ công")));
  auto rules = MustCompile(dir);
  // Specificity 13 and 12: within a quarter of each other.
  const MatchResult r = rules->Match("không đăng nhập cổng được");
  REQUIRE(r.kind == MatchResult::Kind::kClarify);
  REQUIRE(r.options.size() == 2);
  CHECK(r.options[0]->id == "vneid.login_error");  // the more specific first
  CHECK(r.options[1]->id == "dossier.portal_login");
  CHECK(r.intent == nullptr);
}

TEST_CASE("close candidates from the same topic do not ask: the better one answers") {
  TempRuleDir dir;
  dir.Write("vneid.json",
            RuleFile("vneid", Intent("vneid.a", R"(["dang nhap"])", "x") + "," +
                                  Intent("vneid.b", R"(["dang nhap cong"])", "y")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("đăng nhập cổng");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.intent->id == "vneid.b");
}

TEST_CASE("candidates far apart in specificity do not ask, even across topics") {
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.what", R"(["vneid"])", "vneid")));
  dir.Write("dossier.json",
            RuleFile("dossier", Intent("dossier.track", R"(["tra cuu ho so"])", "tra cứu hồ sơ")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("tra cứu hồ sơ trên vneid");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.intent->id == "dossier.track");
}

TEST_CASE("named captures of the winner are returned") {
  TempRuleDir dir;
  dir.Write("dossier.json",
            RuleFile("dossier", Intent("dossier.track",
                                       R"j(["ho so (?P<code>[a-z0-9][a-z0-9.\\-]{5,40})"])j",
                                       "hồ sơ H12.38-240315-0001",
                                       R"("answer": "Hồ sơ {entity.code} đang được xử lý.")")));
  auto rules = MustCompile(dir);
  const MatchResult r = rules->Match("tra cứu hồ sơ H12.38-240315-0001 giúp em");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(r.captures.at("code") == "h12.38-240315-0001");
}

TEST_CASE("Find returns intents by id for button presses") {
  TempRuleDir dir;
  dir.Write("general.json",
            RuleFile("general", Intent("general.human", R"(["nguoi that"])", "người thật",
                                       R"("action": "handoff", "title": "Gặp người")")));
  auto rules = MustCompile(dir);
  const auto* intent = rules->Find("general.human");
  REQUIRE(intent != nullptr);
  CHECK(intent->action == Action::kHandoff);
  CHECK(intent->title == "Gặp người");
  CHECK(intent->topic == "general");
  CHECK(rules->Find("general.nope") == nullptr);
  CHECK(rules->size() == 1);
}

TEST_CASE("a title defaults to the first clause of the description") {
  TempRuleDir dir;
  dir.Write("vneid.json",
            RuleFile("vneid", R"({"id": "vneid.x", "description": "Quên mật khẩu VNeID. Hướng dẫn đặt lại.",
                                 "patterns": ["quen"], "examples": ["quên"], "answer": "a"})"));
  CHECK(MustCompile(dir)->Find("vneid.x")->title == "Quên mật khẩu VNeID");
}

TEST_CASE("LoadDir refuses a rule set whose examples fail; Compile still loads it") {
  TempRuleDir dir;
  dir.Write("vneid.json",
            RuleFile("vneid", Intent("vneid.activate", R"(["kich hoat"])", "đăng ký tài khoản",
                                     R"("counter_examples": ["kích hoạt thẻ ngân hàng"])")));
  auto loaded = RuleSet::LoadDir(dir.path());
  REQUIRE_FALSE(loaded.ok());
  const std::string& m = loaded.status().message();
  CHECK(m.rfind("ví dụ: 2 câu không đạt\n", 0) == 0);
  CHECK(m.find("vneid.json: vneid.activate: ví dụ \"đăng ký tài khoản\": kết quả là không "
               "khớp ý định nào (cần ra vneid.activate)") != std::string::npos);
  CHECK(m.find("vneid.json: vneid.activate: phản ví dụ \"kích hoạt thẻ ngân hàng\": kết quả là "
               "vneid.activate (phản ví dụ không được ra ý định này)") != std::string::npos);
  CHECK(RuleSet::Compile(dir.path()).ok());
}

// "Forbidden config" cases: each bad rule file is rejected with its location.
TEST_CASE("bad rule files are rejected with file, intent, field and problem") {
  struct Case {
    const char* name;
    std::string file;
    std::string expect;
  };
  const Case cases[] = {
      {"invalid JSON", "{\"topic\": \"vneid\", \"intents\": [", "vneid.json: -: JSON không hợp lệ"},
      {"unknown file field", R"({"topic": "vneid", "intents": [], "extra": 1})",
       "vneid.json: -: extra: trường không được hỗ trợ"},
      {"unknown intent field", RuleFile("vneid", Intent("vneid.a", R"(["a b"])", "a b", R"("answers": "x")")),
       "vneid.json: vneid.a: answers: trường không được hỗ trợ"},
      {"missing id", RuleFile("vneid", R"({"description": "d", "patterns": ["a b"], "examples": ["a b"], "answer": "x"})"),
       "vneid.json: intents[0]: id: thiếu; mỗi ý định cần một mã dạng \"vneid.ten\""},
      {"id without topic", RuleFile("vneid", Intent("activate", R"(["ab"])", "ab")),
       "vneid.json: intents[0]: id: \"activate\" phải có dạng chủ_đề.tên"},
      {"id of another topic", RuleFile("vneid", Intent("payment.qr", R"(["ab"])", "ab")),
       "vneid.json: payment.qr: id: phải bắt đầu bằng chủ đề của ý định \"vneid.\""},
      {"duplicate id", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab") + "," + Intent("vneid.a", R"(["cd"])", "cd")),
       "vneid.json: vneid.a: id: trùng mã ý định với vneid.a trong vneid.json"},
      {"button to a missing intent",
       RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("buttons": [{"label": "X", "intent": "vneid.zzz"}])")),
       "vneid.json: vneid.a: buttons[0].intent: nút trỏ tới ý định không tồn tại: vneid.zzz"},
      {"no examples", RuleFile("vneid", R"({"id": "vneid.a", "description": "d", "patterns": ["ab"], "answer": "x"})"),
       "vneid.json: vneid.a: examples: thiếu; cần ít nhất 1 câu"},
      {"RE2 syntax error, with index and RE2's message",
       RuleFile("vneid", Intent("vneid.a", R"(["ok", "(quen mat khau"])", "ok")),
       "vneid.json: vneid.a: patterns[1]: biểu thức RE2 lỗi: missing ): (quen mat khau"},
      {"(?<name>...) gets a hint",
       RuleFile("vneid", Intent("vneid.a", R"j(["ho so (?<code>\\d+)"])j", "ho so 1")),
       "gợi ý: nhóm có tên phải viết là (?P<tên>...)"},
      {"empty pattern", RuleFile("vneid", Intent("vneid.a", R"(["  "])", "x")),
       "vneid.json: vneid.a: patterns[0]: mẫu rỗng sẽ khớp mọi tin nhắn"},
      {"pattern matching everything", RuleFile("vneid", Intent("vneid.a", R"(["ab", "x*"])", "ab")),
       "vneid.json: vneid.a: patterns[1]: mẫu khớp cả văn bản rỗng nên sẽ khớp mọi tin nhắn — mẫu \"x*\""},
      {"over the program-size bound", RuleFile("vneid", Intent("vneid.a", R"(["(\\pL+\\s+){1,100}"])", "ab")),
       "vneid.json: vneid.a: patterns[0]: mẫu quá phức tạp: kích thước chương trình"},
      {"bad exclusion", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("exclude": ["[z"])")),
       "vneid.json: vneid.a: exclude[0]: biểu thức RE2 lỗi: missing ]"},
      {"marks in a folded pattern", RuleFile("vneid", Intent("vneid.a", R"(["quên mật khẩu"])", "quên")),
       "vneid.json: vneid.a: patterns[0]: mẫu có dấu tiếng Việt nhưng được so với văn bản đã bỏ dấu"},
      {"unknown placeholder", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("answer": "Gọi {page.phone}")")),
       "vneid.json: vneid.a: answer: chỗ điền không hợp lệ {page.phone}"},
      {"entity without a group", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("answer": "Mã {entity.code}")")),
       "vneid.json: vneid.a: answer: {entity.code} không ứng với nhóm (?P<code>...) nào"},
      {"unknown filter", RuleFile("vneid", Intent("vneid.a", R"x(["(?P<code>ab)"])x", "ab", R"("answer": "Mã {entity.code|lower}")")),
       "vneid.json: vneid.a: answer: bộ lọc không hợp lệ trong {entity.code|lower}"},
      {"filter on a page field", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("answer": "{page.name|upper}")")),
       "vneid.json: vneid.a: answer: bộ lọc không hợp lệ trong {page.name|upper}"},
      {"filtered entity without a group", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("answer": "Mã {entity.code|upper}")")),
       "vneid.json: vneid.a: answer: {entity.code} không ứng với nhóm (?P<code>...) nào"},
      {"bad action", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("action": "call")")),
       "vneid.json: vneid.a: action: phải là \"handoff\", \"handoff_urgent\" hoặc \"none\""},
      {"bad priority", RuleFile("vneid", Intent("vneid.a", R"(["ab"])", "ab", R"("priority": "high")")),
       "vneid.json: vneid.a: priority: phải là số nguyên từ -100 đến 100"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    TempRuleDir dir;
    dir.Write("vneid.json", c.file);
    const std::string message = CompileError(dir);
    CAPTURE(message);
    CHECK(message.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("a pattern over the memory bound is rejected, naming the bound") {
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.a", R"(["(\\pL{1,50} ){1,20}"])", "ab")));
  Limits tiny;
  tiny.max_mem = 1 << 16;
  tiny.max_program_size = 1 << 30;  // let the memory bound be the one that trips
  const std::string message = CompileError(dir, tiny);
  CHECK(message.find("vneid.json: vneid.a: patterns[0]: biểu thức RE2 lỗi: ") != std::string::npos);
  CHECK(message.find("vượt giới hạn bộ nhớ") != std::string::npos);
}

TEST_CASE("every problem in a directory is reported, not only the first") {
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.a", R"(["(a"])", "a", R"("x": 1)") +
                                               "," + Intent("vneid.b", R"(["(b"])", "b")));
  dir.Write("payment.json", "not json");
  const std::string message = CompileError(dir);
  CHECK(message.find("vneid.json: vneid.a: x: trường không được hỗ trợ") != std::string::npos);
  CHECK(message.find("payment.json: -: JSON không hợp lệ") != std::string::npos);
  // Pattern errors are found once the structure is sound, all of them.
  dir.Write("payment.json", RuleFile("payment", Intent("payment.c", R"(["(c"])", "c")));
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.a", R"(["(a"])", "a") + "," +
                                               Intent("vneid.b", R"(["(b"])", "b")));
  const std::string second = CompileError(dir);
  CHECK(second.find("payment.json: payment.c: patterns[0]") != std::string::npos);
  CHECK(second.find("vneid.json: vneid.a: patterns[0]") != std::string::npos);
  CHECK(second.find("vneid.json: vneid.b: patterns[0]") != std::string::npos);
  CHECK(message.find("payment.json: -: JSON không hợp lệ") != std::string::npos);
}

TEST_CASE("a directory without rule files is an error, not an empty rule set") {
  TempRuleDir dir;
  dir.Write("lexicon.json", trolyso::testing::kTestLexicon);
  CHECK_FALSE(RuleSet::Compile(dir.path()).ok());
  CHECK_FALSE(RuleSet::Compile(dir.path() + "/missing").ok());
}

TEST_CASE("the shipped general.json loads with its examples holding on its own") {
  TempRuleDir dir;
  const std::string src = std::string(TROLYSO_SOURCE_DIR) + "/intents/";
  dir.CopyFrom(src + "general.json", "general.json");
  dir.CopyFrom(src + "lexicon.json", "lexicon.json");
  auto rules = RuleSet::LoadDir(dir.path());
  REQUIRE_MESSAGE(rules.ok(), rules.status().message());
  for (const char* id : {"general.greeting", "general.thanks", "general.goodbye",
                         "general.capabilities", "general.human_request",
                         "general.office_hours_location"}) {
    CAPTURE(id);
    const auto* intent = (*rules)->Find(id);
    REQUIRE(intent != nullptr);
    CHECK(intent->examples.size() >= 10);
    CHECK(intent->counter_examples.size() >= 3);
  }
  CHECK((*rules)->Find("general.human_request")->action == Action::kHandoff);
}

TEST_CASE("the whole shipped intents/ directory loads and its examples hold") {
  auto rules = RuleSet::LoadDir(std::string(TROLYSO_SOURCE_DIR) + "/intents");
  REQUIRE_MESSAGE(rules.ok(), rules.status().message());
  CHECK((*rules)->size() >= 6);
}

TEST_CASE("SetFallbackCount starts and stays at zero for ordinary matching") {
  // The Set only falls back when its DFA runs out of memory; ordinary text
  // must never take that path silently.
  const uint64_t before = trolyso::intents::SetFallbackCount();
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.a", R"(["quen mat khau"])", "quên mật khẩu")));
  auto rules = MustCompile(dir);
  for (int i = 0; i < 100; ++i) rules->Match("em quên mật khẩu vneid rồi ad ơi");
  CHECK(trolyso::intents::SetFallbackCount() == before);
}

TEST_CASE("an id defined in two files names the other file, in Vietnamese") {
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.activate", R"(["kich hoat"])", "kích hoạt")));
  dir.Write("vneid2.json", RuleFile("vneid", Intent("vneid.activate", R"(["dang ky"])", "đăng ký")));
  CHECK(CompileError(dir).find("vneid2.json: vneid.activate: id: trùng mã ý định với "
                               "vneid.activate trong vneid.json") != std::string::npos);
}

TEST_CASE("a rule set over its Set memory budget says so, naming the budget") {
  TempRuleDir dir;
  dir.Write("vneid.json", RuleFile("vneid", Intent("vneid.a", R"(["quen mat khau"])", "quên")));
  Limits limits;
  limits.set_max_mem = 4 << 10;  // far too small for any DFA
  const std::string message = CompileError(dir, limits);
  CHECK(message.find("bộ quy tắc: vượt ngân sách bộ nhớ (1 mẫu, 4 KiB)") != std::string::npos);
}
