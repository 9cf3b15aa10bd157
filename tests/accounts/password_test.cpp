#include "accounts/password.h"

#include <doctest/doctest.h>

#include <set>

namespace trolyso::accounts {
namespace {

// Few iterations: these tests check the format and the comparison, not the cost.
constexpr int kFast = 1000;

TEST_CASE("a hash verifies its own password and no other") {
  std::string hash = HashPassword("mật khẩu đúng", kFast);
  CHECK(hash.starts_with("pbkdf2-sha256$1000$"));
  CHECK(VerifyPassword("mật khẩu đúng", hash));
  CHECK_FALSE(VerifyPassword("mật khẩu sai", hash));
  CHECK_FALSE(VerifyPassword("", hash));
  CHECK_FALSE(VerifyPassword("mat khau dung", hash));
}

TEST_CASE("the default cost is at least OWASP's 600,000 iterations") {
  CHECK(kPbkdf2Iterations >= 600'000);
  std::string hash = HashPassword("x");
  CHECK(hash.starts_with("pbkdf2-sha256$" + std::to_string(kPbkdf2Iterations) + "$"));
  CHECK(VerifyPassword("x", hash));
}

TEST_CASE("each hash has its own salt") {
  std::string a = HashPassword("same", kFast);
  std::string b = HashPassword("same", kFast);
  CHECK(a != b);
  CHECK(VerifyPassword("same", a));
  CHECK(VerifyPassword("same", b));
}

TEST_CASE("damaged or foreign stored hashes never verify") {
  std::string good = HashPassword("p", kFast);
  for (const std::string& stored :
       {std::string(""), std::string("p"), std::string("md5$1000$00$00"),
        std::string("pbkdf2-sha256$abc$00$00"), std::string("pbkdf2-sha256$0$00$00"),
        std::string("pbkdf2-sha256$99999999999$00$00"),
        good.substr(0, good.size() - 2),             // truncated hash
        good + "00",                                 // hash too long
        good.substr(0, good.rfind('$')) + "$zz" + good.substr(good.rfind('$') + 3),
        good + "$extra"}) {
    CAPTURE(stored);
    CHECK_FALSE(VerifyPassword("p", stored));
  }
}

TEST_CASE("one-time passwords avoid look-alike characters and do not repeat") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string p = GeneratePassword();
    CHECK(p.size() == 16);
    CHECK(p.find_first_of("0O1lI") == std::string::npos);
    seen.insert(p);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("session tokens are 256 random bits; only their SHA-256 is kept") {
  std::string t = NewSessionToken();
  CHECK(t.size() == 64);
  CHECK(t.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(NewSessionToken() != t);
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  CHECK(TokenHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(TokenHash(t) != t);
}

}  // namespace
}  // namespace trolyso::accounts
