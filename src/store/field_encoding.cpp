#include "store/field_encoding.h"

namespace trolyso::store {
namespace {

constexpr char kUnitSeparator = '\x1f';
constexpr char kRecordSeparator = '\x1e';

}  // namespace

std::optional<std::string> EncodePairs(const Pairs& pairs) {
  if (pairs.empty()) return std::nullopt;
  std::string out;
  for (const auto& [first, second] : pairs) {
    out += first;
    out += kUnitSeparator;
    out += second;
    out += kRecordSeparator;
  }
  return out;
}

Pairs DecodePairs(std::string_view encoded) {
  Pairs pairs;
  while (!encoded.empty()) {
    size_t end = encoded.find(kRecordSeparator);
    std::string_view record = encoded.substr(0, end);
    size_t mid = record.find(kUnitSeparator);
    if (mid != std::string_view::npos) {
      pairs.emplace_back(std::string(record.substr(0, mid)), std::string(record.substr(mid + 1)));
    }
    if (end == std::string_view::npos) break;
    encoded.remove_prefix(end + 1);
  }
  return pairs;
}

std::optional<std::string> EncodeButtons(const std::vector<Button>& buttons) {
  Pairs pairs;
  pairs.reserve(buttons.size());
  for (const Button& b : buttons) pairs.emplace_back(b.label, b.payload);
  return EncodePairs(pairs);
}

std::vector<Button> DecodeButtons(std::string_view encoded) {
  std::vector<Button> buttons;
  for (auto& [label, payload] : DecodePairs(encoded)) {
    buttons.push_back({std::move(label), std::move(payload)});
  }
  return buttons;
}

MessageRow ReadMessageColumns(const Statement& stmt) {
  MessageRow m;
  m.id = stmt.Int(0);
  m.conversation_id = stmt.Int(1);
  m.outbound = stmt.Text(2) == "out";
  m.author = ParseAuthor(stmt.Text(3));
  m.kind = stmt.Text(4);
  m.text = stmt.Text(5);
  m.buttons = DecodeButtons(stmt.Text(6));
  m.intent = stmt.Text(7);
  m.decision = stmt.Text(8);
  m.event_id = stmt.Text(9);
  m.created_at = stmt.Int(10);
  m.user_id = stmt.Int(11);
  m.entities = DecodePairs(stmt.Text(12));
  return m;
}

}  // namespace trolyso::store
