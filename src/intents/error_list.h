// ErrorList: collects every problem found in the rule files, so an admin sees
// them all at once instead of fixing them one reload at a time.
//
// Each line reads "file: intent id: field: problem". Not thread-safe; one per
// load. Intentionally copyable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace trolyso::intents {

class ErrorList {
 public:
  // `intent` is the intent id, or "intents[i]" when the id itself is bad, or
  // "-" for a problem with the whole file.
  void Add(std::string_view file, std::string_view intent, std::string_view field,
           std::string_view problem);

  bool empty() const { return lines_.empty(); }
  const std::vector<std::string>& lines() const { return lines_; }

  // OK when empty; otherwise InvalidArgument whose message is every line,
  // one per row, the first starting the message.
  Status ToStatus() const;

 private:
  std::vector<std::string> lines_;
};

// The lines of a Status made by ErrorList::ToStatus (or any rule-loading
// Status): one problem per line, empty lines dropped.
std::vector<std::string> ErrorLines(const Status& status);

}  // namespace trolyso::intents
