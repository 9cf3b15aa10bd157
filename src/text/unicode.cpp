#include "text/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "text/utf8.h"

namespace trolyso::text {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

std::string EncodeAll(const std::u32string& cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) AppendUtf8(cp, out);
  return out;
}

}  // namespace

std::u32string ToNfc(std::string_view utf8) {
  // Lenient decoding first: utf8proc refuses a whole string over one bad byte,
  // and a citizen's message must still be read. Valid input (nearly all of
  // it) would come back unchanged, so it goes to utf8proc as is.
  std::string clean;
  std::string_view input = utf8;
  if (!IsValidUtf8(utf8)) {
    const std::vector<char32_t> decoded = DecodeLenient(utf8);
    clean = EncodeAll(std::u32string(decoded.begin(), decoded.end()));
    input = clean;
  }
  utf8proc_uint8_t* raw = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(input.data()),
      static_cast<utf8proc_ssize_t>(input.size()), &raw,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
  const std::string_view source =
      n < 0 ? input : std::string_view(reinterpret_cast<const char*>(raw), n);
  const std::vector<char32_t> composed = DecodeLenient(source);
  return std::u32string(composed.begin(), composed.end());
}

char32_t ToLower(char32_t cp) {
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
}

char32_t FoldChar(char32_t lower_cp) {
  // đ has no canonical decomposition (it is a letter of its own, not d + mark),
  // so utf8proc keeps it; folding for search treats it as d.
  if (lower_cp == U'đ') return U'd';
  if (lower_cp == U'Đ') return U'D';
  utf8proc_int32_t buf[8];
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  const utf8proc_ssize_t n = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(lower_cp), buf, 8,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK),
      &boundclass);
  if (n < 0 || n > 8) return lower_cp;
  if (n == 0) return 0;
  return static_cast<char32_t>(buf[0]);
}

std::string NfcLower(std::string_view utf8) {
  std::string out;
  for (char32_t cp : ToNfc(utf8)) AppendUtf8(ToLower(cp), out);
  return out;
}

std::string FoldMarks(std::string_view utf8) {
  std::string out;
  for (char32_t cp : ToNfc(utf8)) {
    const char32_t folded = FoldChar(ToLower(cp));
    if (folded != 0) AppendUtf8(folded, out);
  }
  return out;
}

std::string ToUpper(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeLenient(utf8)) {
    AppendUtf8(static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp))), out);
  }
  return out;
}

}  // namespace trolyso::text
