// Metrics: counters, gauges and one latency histogram, rendered in the
// Prometheus text format at GET /metrics.
//
// Every module increments through the one Metrics instance app/ creates and
// passes by reference. Thread-safe: a labelled counter is found under a
// shared lock (created once under an exclusive one) and bumped atomically, so
// the hot path never waits on another request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace trolyso {

class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  CounterFamily(const CounterFamily&) = delete;
  CounterFamily& operator=(const CounterFamily&) = delete;

  // `label_values` in the order of label_names.
  void Add(const std::vector<std::string_view>& label_values, uint64_t delta = 1) {
    std::string key = Key(label_values);
    {
      std::shared_lock lock(mu_);
      auto it = values_.find(key);
      if (it != values_.end()) {
        it->second->fetch_add(delta, std::memory_order_relaxed);
        return;
      }
    }
    std::unique_lock lock(mu_);
    auto& slot = values_[key];
    if (!slot) slot = std::make_unique<std::atomic<uint64_t>>(0);
    slot->fetch_add(delta, std::memory_order_relaxed);
  }

  uint64_t Get(const std::vector<std::string_view>& label_values) const {
    std::shared_lock lock(mu_);
    auto it = values_.find(Key(label_values));
    return it == values_.end() ? 0 : it->second->load(std::memory_order_relaxed);
  }

  void Render(std::ostream& out) const {
    out << "# HELP " << name_ << ' ' << help_ << "\n# TYPE " << name_ << " counter\n";
    std::shared_lock lock(mu_);
    for (const auto& [key, value] : values_) {
      out << name_ << key << ' ' << value->load(std::memory_order_relaxed) << '\n';
    }
  }

 private:
  // The rendered label set, e.g. {page="web",status="200"}, doubles as key.
  std::string Key(const std::vector<std::string_view>& values) const {
    if (label_names_.empty()) return "";
    std::string key = "{";
    for (size_t i = 0; i < label_names_.size(); ++i) {
      if (i > 0) key += ',';
      key += label_names_[i];
      key += "=\"";
      std::string_view v = i < values.size() ? values[i] : std::string_view();
      for (char c : v) {
        if (c == '"' || c == '\\') key += '\\';
        if (c == '\n') { key += "\\n"; continue; }
        key += c;
      }
      key += '"';
    }
    return key + "}";
  }

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<std::atomic<uint64_t>>> values_;
};

// Request latency in seconds, fixed buckets from 0.5 ms to 5 s.
class LatencyHistogram {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  LatencyHistogram(std::string name, std::string help)
      : name_(std::move(name)), help_(std::move(help)) {}

  void Observe(double seconds) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      if (seconds <= kBuckets[i]) {
        counts_[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
    total_.fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  }

  void Render(std::ostream& out) const {
    out << "# HELP " << name_ << ' ' << help_ << "\n# TYPE " << name_ << " histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += counts_[i].load(std::memory_order_relaxed);
      out << name_ << "_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << '\n';
    }
    uint64_t total = total_.load(std::memory_order_relaxed);
    out << name_ << "_bucket{le=\"+Inf\"} " << total << '\n'
        << name_ << "_sum " << static_cast<double>(sum_micros_.load()) / 1e6 << '\n'
        << name_ << "_count " << total << '\n';
  }

 private:
  const std::string name_;
  const std::string help_;
  std::array<std::atomic<uint64_t>, kBuckets.size()> counts_{};
  std::atomic<uint64_t> total_{0};
  std::atomic<uint64_t> sum_micros_{0};
};

struct Metrics {
  CounterFamily webhook_requests{"trolyso_webhook_requests_total",
                                 "Webhook and web chat requests by page and HTTP status.",
                                 {"page", "status"}};
  CounterFamily ignored_updates{"trolyso_ignored_updates_total",
                                "Platform updates acknowledged but not processed, by reason.",
                                {"page", "reason"}};
  CounterFamily duplicates{"trolyso_duplicate_events_total",
                           "Platform events seen before (retries), answered 200 without a reply.",
                           {"page"}};
  CounterFamily decisions{"trolyso_decisions_total", "Pipeline decisions by kind.",
                          {"page", "decision"}};
  CounterFamily delivery_attempts{"trolyso_delivery_attempts_total",
                                  "Outbound send attempts by outcome.", {"page", "outcome"}};
  LatencyHistogram request_latency{"trolyso_request_duration_seconds",
                                   "Time to answer a webhook or web chat request."};
  // Sampled when /metrics is rendered (the outbox depth reads the database).
  std::function<int64_t()> outbox_depth;
  // Times RE2::Set ran out of DFA memory and matching fell back to one
  // pattern at a time (still correct, slower). Sampled like the depth.
  std::function<uint64_t()> rule_set_fallbacks;
  // Successful rule loads since start (1 = the start-up load).
  std::function<uint64_t()> rules_generation;

  std::string Render() const {
    std::ostringstream out;
    webhook_requests.Render(out);
    ignored_updates.Render(out);
    duplicates.Render(out);
    decisions.Render(out);
    delivery_attempts.Render(out);
    request_latency.Render(out);
    if (rule_set_fallbacks) {
      out << "# HELP trolyso_rule_set_fallbacks_total Matches that fell back from RE2::Set to "
             "single patterns (DFA out of memory).\n"
          << "# TYPE trolyso_rule_set_fallbacks_total counter\ntrolyso_rule_set_fallbacks_total "
          << rule_set_fallbacks() << '\n';
    }
    if (rules_generation) {
      out << "# HELP trolyso_rules_generation Rule sets loaded since start.\n"
          << "# TYPE trolyso_rules_generation gauge\ntrolyso_rules_generation "
          << rules_generation() << '\n';
    }
    if (outbox_depth) {
      out << "# HELP trolyso_outbox_depth Outbound messages waiting for delivery.\n"
          << "# TYPE trolyso_outbox_depth gauge\ntrolyso_outbox_depth " << outbox_depth() << '\n';
    }
    return out.str();
  }
};

}  // namespace trolyso
