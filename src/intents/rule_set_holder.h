// RuleSetHolder: the live rule set, swapped whole on reload.
//
// Readers call Get() and keep the shared_ptr for the whole message, so a
// reload never changes rules under a request in flight. Reload() builds a
// new set beside the live one and swaps only if it compiled and every
// example/counter-example holds; otherwise the live set stays.
//
// Thread-safe: Get() and Reload() may be called from any thread; concurrent
// reloads run one after the other. Not copyable or movable.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"
#include "intents/rule_set.h"

namespace trolyso::intents {

class RuleSetHolder {
 public:
  // Holds nothing until the first successful Reload().
  // `extra_dir`: a page's local rule files, added to `dir`'s (may be empty).
  explicit RuleSetHolder(std::string dir, Limits limits = {}, std::string extra_dir = "");

  RuleSetHolder(const RuleSetHolder&) = delete;
  RuleSetHolder& operator=(const RuleSetHolder&) = delete;

  // The live rule set, or nullptr before the first successful Reload().
  std::shared_ptr<const RuleSet> Get() const;

  // Loads the directory again (RuleSet::LoadDir). On success swaps it in and
  // returns OK; on failure keeps the live set and returns the error, whose
  // message names file, intent, field and problem.
  Status Reload();

  // Successful loads so far (0 before the first). For health and metrics.
  uint64_t generation() const;

 private:
  const std::string dir_;
  const Limits limits_;
  const std::string extra_dir_;
  std::mutex reload_mu_;  // serializes Reload(): builds are slow, swaps are not
  mutable std::mutex mu_;
  std::shared_ptr<const RuleSet> current_;  // GUARDED_BY(mu_)
  uint64_t generation_ = 0;                 // GUARDED_BY(mu_)
};

}  // namespace trolyso::intents
