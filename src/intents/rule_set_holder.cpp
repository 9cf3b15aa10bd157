#include "intents/rule_set_holder.h"

#include <spdlog/spdlog.h>

namespace trolyso::intents {

RuleSetHolder::RuleSetHolder(std::string dir, Limits limits, std::string extra_dir)
    : dir_(std::move(dir)), limits_(limits), extra_dir_(std::move(extra_dir)) {}

std::shared_ptr<const RuleSet> RuleSetHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Status RuleSetHolder::Reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  // Built without holding mu_: readers keep answering with the live set.
  auto loaded = RuleSet::LoadDir(dir_, limits_, extra_dir_);
  if (!loaded.ok()) {
    spdlog::error("intents: reload of {}{}{} rejected, keeping the live rules: {}", dir_,
                  extra_dir_.empty() ? "" : " + ", extra_dir_, loaded.status().message());
    return loaded.status();
  }
  std::shared_ptr<const RuleSet> previous;
  {
    std::lock_guard<std::mutex> lock(mu_);
    previous = std::move(current_);
    current_ = std::move(*loaded);
    ++generation_;
    spdlog::info("intents: loaded {} intents from {}{}{} (generation {})", current_->size(), dir_,
                 extra_dir_.empty() ? "" : " + ", extra_dir_, generation_);
  }
  return Status::Ok();  // `previous` is released here, outside the lock
}

uint64_t RuleSetHolder::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

}  // namespace trolyso::intents
