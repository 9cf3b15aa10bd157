#include "text/lexicon.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "text/unicode.h"

namespace trolyso::text {
namespace {

// A lexicon side is letters and digits (a key: one token; a value: tokens
// separated by single spaces). Anything else would never meet a normalized
// token, so it is an admin's typo worth reporting.
bool IsTokenChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool IsWords(std::string_view s, bool allow_spaces) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  char prev = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      if (!allow_spaces || prev == ' ') return false;
    } else if (!IsTokenChar(c)) {
      return false;
    }
    prev = ch;
  }
  return true;
}

}  // namespace

Status Lexicon::Add(std::string_view token, std::string_view expansion) {
  const std::string key = FoldMarks(token);
  const std::string value = FoldMarks(expansion);
  if (!IsWords(key, /*allow_spaces=*/false)) {
    return Status::InvalidArgument(key, "khóa phải là một từ gồm chữ hoặc số, không có dấu cách");
  }
  if (!IsWords(value, /*allow_spaces=*/true)) {
    return Status::InvalidArgument(
        key, "giá trị phải là các từ gồm chữ hoặc số, cách nhau một dấu cách");
  }
  auto [it, inserted] = entries_.emplace(key, value);
  if (!inserted && it->second != value) {
    return Status::InvalidArgument(key, "đã ứng với \"" + it->second +
                                            "\" (các khóa được so sánh sau khi bỏ dấu)");
  }
  index_.emplace(key, value);
  max_key_bytes_ = std::max(max_key_bytes_, key.size());
  return Status::Ok();
}

const std::string* Lexicon::Find(std::string_view folded_token) const {
  if (folded_token.size() > max_key_bytes_) return nullptr;
  auto it = index_.find(folded_token);
  return it == index_.end() ? nullptr : &it->second;
}

Result<Lexicon> Lexicon::FromJson(std::string_view json_text, std::string_view source_name) {
  const std::string source(source_name);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(source, std::string("JSON không hợp lệ: ") + e.what());
  }
  if (!doc.is_object()) return Status::InvalidArgument(source, "tệp phải chứa một đối tượng JSON");
  for (const auto& [field, _] : doc.items()) {
    if (field != "description" && field != "entries" && field != "$schema") {
      return Status::InvalidArgument(source, field + ": trường không được hỗ trợ");
    }
  }
  if (!doc.contains("entries") || !doc["entries"].is_object()) {
    return Status::InvalidArgument(source, "entries: phải là một đối tượng từ → cách viết đầy đủ");
  }
  Lexicon lexicon;
  for (const auto& [key, value] : doc["entries"].items()) {
    if (!value.is_string()) {
      return Status::InvalidArgument(source, "entries: " + key + ": giá trị phải là một chuỗi");
    }
    Status added = lexicon.Add(key, value.get<std::string>());
    if (!added.ok()) return Status::InvalidArgument(source, "entries: " + added.message());
  }
  return lexicon;
}

Result<Lexicon> Lexicon::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path, "không mở được tệp từ điển viết tắt");
  std::ostringstream buf;
  buf << in.rdbuf();
  return FromJson(buf.str(), path);
}

}  // namespace trolyso::text
