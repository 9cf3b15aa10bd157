// Minimal flag reading for the sub-commands: "--name value" pairs and bare
// words, in order. Unknown flags are the caller's to reject.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace trolyso::app {

class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

  // Removes "--name value" and returns the value; nullopt if absent. Sets
  // error() if the flag is last with no value.
  std::optional<std::string> Take(const std::string& name) {
    for (size_t i = 0; i < args_.size(); ++i) {
      if (args_[i] != name) continue;
      if (i + 1 >= args_.size()) {
        error_ = name + " needs a value";
        args_.erase(args_.begin() + static_cast<long>(i));
        return std::nullopt;
      }
      std::string value = args_[i + 1];
      args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
      return value;
    }
    return std::nullopt;
  }

  // What is left; any leftover "--flag" is unknown.
  const std::vector<std::string>& rest() const { return args_; }
  std::optional<std::string> UnknownFlag() const {
    for (const std::string& a : args_) {
      if (a.starts_with("--")) return a;
    }
    return std::nullopt;
  }
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> args_;
  std::string error_;
};

}  // namespace trolyso::app
