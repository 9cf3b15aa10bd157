// TempRuleDir: a fresh rule directory under the system temp dir for one
// test, removed at the end. Test-only helper.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "support/files.h"

namespace trolyso::testing {

class TempRuleDir {
 public:
  void Write(const std::string& name, const std::string& content) const {
    std::ofstream(dir_.path() / name, std::ios::binary | std::ios::trunc) << content;
  }
  void CopyFrom(const std::string& source_file, const std::string& name) const {
    std::filesystem::copy_file(source_file, dir_.path() / name,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::string path() const { return dir_.path().string(); }

 private:
  TempDir dir_;  // removed with this object
};

// One rule file with one topic; `intents` is the JSON text of the array body.
inline std::string RuleFile(const std::string& topic, const std::string& intents) {
  return "{\"topic\": \"" + topic + "\", \"intents\": [" + intents + "]}";
}

}  // namespace trolyso::testing
