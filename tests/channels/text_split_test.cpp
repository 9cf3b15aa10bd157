#include "channels/text_split.h"

#include <doctest/doctest.h>

namespace trolyso::channels {
namespace {

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

TEST_CASE("Utf16Length counts Vietnamese letters as one unit and emoji as two") {
  CHECK(Utf16Length("abc") == 3);
  CHECK(Utf16Length("Đường") == 5);
  CHECK(Utf16Length("🙏") == 2);
  CHECK(Utf16Length("") == 0);
}

TEST_CASE("a text that fits stays whole") {
  CHECK(SplitForLimit("Xin chào.", 100) == std::vector<std::string>{"Xin chào."});
}

TEST_CASE("splits prefer sentence ends and lose no words") {
  std::string text = "Câu một dài dài. Câu hai cũng dài. Câu ba.";
  std::vector<std::string> parts = SplitForLimit(text, 20);
  REQUIRE(parts.size() >= 2);
  CHECK(parts[0] == "Câu một dài dài.");
  for (const std::string& p : parts) CHECK(Utf16Length(p) <= 20);
  CHECK(Join(parts) == text);
}

TEST_CASE("a text without spaces is cut between code points, never inside one") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "ễ";
  std::vector<std::string> parts = SplitForLimit(text, 7);
  REQUIRE(parts.size() == 5);
  for (const std::string& p : parts) CHECK(p.size() % std::string("ễ").size() == 0);
  CHECK(Join(parts).size() == text.size() + parts.size() - 1);
}

TEST_CASE("an emoji is never split into its two UTF-16 halves") {
  std::vector<std::string> parts = SplitForLimit("a🙏b", 2);
  CHECK(parts == std::vector<std::string>{"a", "🙏", "b"});
}

}  // namespace
}  // namespace trolyso::channels
