#include "intents/pattern_compiler.h"

#include "text/unicode.h"
#include "text/utf8.h"

namespace trolyso::intents {
namespace {

Status Problem(std::string detail) { return Status::InvalidArgument("pattern", detail); }

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string Re2Problem(const RE2& re) {
  std::string message = "biểu thức RE2 lỗi: " + re.error();  // RE2's words, verbatim
  if (re.error_code() == RE2::ErrorPatternTooLarge) {
    message += " (vượt giới hạn bộ nhớ; hãy viết mẫu đơn giản hơn hoặc tách thành nhiều mẫu)";
  }
  // Debian 12's RE2 only knows Python-style named groups.
  if (re.pattern().find("(?<") != std::string::npos &&
      re.pattern().find("(?<=") == std::string::npos &&
      re.pattern().find("(?<!") == std::string::npos) {
    message += " (gợi ý: nhóm có tên phải viết là (?P<tên>...), không phải (?<tên>...))";
  } else if (re.error_code() == RE2::ErrorBadPerlOp) {
    message += " (RE2 không hỗ trợ nhìn trước/nhìn sau (look-around) và tham chiếu ngược)";
  }
  return message;
}

}  // namespace

RE2::Options PatternOptions(const Limits& limits) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  options.set_max_mem(limits.max_mem);
  options.set_encoding(RE2::Options::EncodingUTF8);
  return options;
}

std::string PreparePattern(const PatternSpec& spec) {
  std::string out;
  for (char32_t cp : text::ToNfc(spec.source)) text::AppendUtf8(cp, out);
  return out;
}

Result<std::unique_ptr<RE2>> CompilePattern(const std::string& prepared, Form form,
                                            const RE2::Options& options, const Limits& limits) {
  if (IsBlank(prepared)) return Problem("mẫu rỗng sẽ khớp mọi tin nhắn");
  if (prepared.size() > limits.max_pattern_bytes) {
    return Problem("mẫu dài " + std::to_string(prepared.size()) + " byte, vượt giới hạn " +
                   std::to_string(limits.max_pattern_bytes) + " byte");
  }
  if (form == Form::kFolded && text::FoldMarks(prepared) != text::NfcLower(prepared)) {
    return Problem(
        "mẫu có dấu tiếng Việt nhưng được so với văn bản đã bỏ dấu nên không bao giờ khớp; "
        "hãy viết mẫu không dấu, hoặc thêm \"form\": \"accented\"");
  }
  auto re = std::make_unique<RE2>(prepared, options);
  if (!re->ok()) return Problem(Re2Problem(*re));
  if (re->ProgramSize() > limits.max_program_size) {
    return Problem("mẫu quá phức tạp: kích thước chương trình " +
                   std::to_string(re->ProgramSize()) + ", vượt giới hạn " +
                   std::to_string(limits.max_program_size) +
                   "; hãy dùng ít phép lặp hơn hoặc số lần lặp nhỏ hơn");
  }
  // Unanchored, a pattern that matches "" matches inside every message.
  if (RE2::PartialMatch("", *re)) {
    return Problem("mẫu khớp cả văn bản rỗng nên sẽ khớp mọi tin nhắn");
  }
  return re;
}

}  // namespace trolyso::intents
