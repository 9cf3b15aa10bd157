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
  std::string message = "RE2 error: " + re.error();
  if (re.error_code() == RE2::ErrorPatternTooLarge) {
    message += " (over the memory bound; simplify the pattern or split it)";
  }
  // Debian 12's RE2 only knows Python-style named groups.
  if (re.pattern().find("(?<") != std::string::npos &&
      re.pattern().find("(?<=") == std::string::npos &&
      re.pattern().find("(?<!") == std::string::npos) {
    message += " (hint: write named groups as (?P<name>...), not (?<name>...))";
  } else if (re.error_code() == RE2::ErrorBadPerlOp) {
    message += " (RE2 has no look-around or back-references)";
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
  if (IsBlank(prepared)) return Problem("empty pattern: it would match every message");
  if (prepared.size() > limits.max_pattern_bytes) {
    return Problem("pattern is " + std::to_string(prepared.size()) +
                   " bytes, over the limit of " + std::to_string(limits.max_pattern_bytes));
  }
  if (form == Form::kFolded && text::FoldMarks(prepared) != text::NfcLower(prepared)) {
    return Problem(
        "pattern has Vietnamese marks but runs on the folded (unmarked) text, so it can "
        "never match; write it without marks, or add \"form\": \"accented\"");
  }
  auto re = std::make_unique<RE2>(prepared, options);
  if (!re->ok()) return Problem(Re2Problem(*re));
  if (re->ProgramSize() > limits.max_program_size) {
    return Problem("pattern program size " + std::to_string(re->ProgramSize()) +
                   " is over the limit of " + std::to_string(limits.max_program_size) +
                   "; use fewer or smaller repetitions");
  }
  // Unanchored, a pattern that matches "" matches inside every message.
  if (RE2::PartialMatch("", *re)) {
    return Problem("pattern matches the empty text, so it would match every message");
  }
  return re;
}

}  // namespace trolyso::intents
