#include "channels/secret_compare.h"

#include <doctest/doctest.h>

#include <string>

namespace trolyso::channels {
namespace {

TEST_CASE("secrets compare equal only when identical byte for byte") {
  CHECK(SecretsEqual("abc", "abc"));
  CHECK_FALSE(SecretsEqual("abc", "abd"));
  CHECK_FALSE(SecretsEqual("abc", "ab"));
  CHECK_FALSE(SecretsEqual("abc", "abcd"));
  CHECK_FALSE(SecretsEqual("abc", std::string("abc\0", 4)));  // padding is not a match
  CHECK_FALSE(SecretsEqual("abc", ""));
  CHECK_FALSE(SecretsEqual("abc", "ABC"));
  std::string longest(kMaxSecretLength, 'x');
  CHECK(SecretsEqual(longest, longest));
  CHECK_FALSE(SecretsEqual(longest, longest + "x"));
}

}  // namespace
}  // namespace trolyso::channels
