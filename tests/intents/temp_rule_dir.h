// TempRuleDir: a fresh rule directory under the system temp dir for one
// test, removed at the end. Test-only helper.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace trolyso::testing {

class TempRuleDir {
 public:
  TempRuleDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("trolyso-rules-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempRuleDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempRuleDir(const TempRuleDir&) = delete;
  TempRuleDir& operator=(const TempRuleDir&) = delete;

  void Write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary | std::ios::trunc) << content;
  }
  void CopyFrom(const std::string& source_file, const std::string& name) const {
    std::filesystem::copy_file(source_file, path_ / name,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// One rule file with one topic; `intents` is the JSON text of the array body.
inline std::string RuleFile(const std::string& topic, const std::string& intents) {
  return "{\"topic\": \"" + topic + "\", \"intents\": [" + intents + "]}";
}

}  // namespace trolyso::testing
