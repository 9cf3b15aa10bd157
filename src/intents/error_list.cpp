#include "intents/error_list.h"

#include <sstream>

namespace trolyso::intents {

void ErrorList::Add(std::string_view file, std::string_view intent, std::string_view field,
                    std::string_view problem) {
  std::string line(file);
  line.append(": ").append(intent);
  if (!field.empty()) line.append(": ").append(field);
  line.append(": ").append(problem);
  lines_.push_back(std::move(line));
}

Status ErrorList::ToStatus() const {
  if (lines_.empty()) return Status::Ok();
  // Status prints "context: detail"; split the first line at its first ": "
  // so the message reads exactly as the lines do.
  const std::string& first = lines_.front();
  const size_t colon = first.find(": ");
  std::string detail = first.substr(colon + 2);
  for (size_t i = 1; i < lines_.size(); ++i) detail.append("\n").append(lines_[i]);
  return Status::InvalidArgument(first.substr(0, colon), detail);
}

std::vector<std::string> ErrorLines(const Status& status) {
  std::vector<std::string> lines;
  std::istringstream in(status.message());
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace trolyso::intents
