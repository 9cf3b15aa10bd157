#include "app/intent_commands.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/page.h"
#include "intents/example_checker.h"
#include "intents/rule_set.h"
#include "text/mask.h"

namespace trolyso::app {
namespace {

using intents::MatchResult;

struct Args {
  std::string dir = "intents";
  bool json = false;
  std::optional<std::string> text;
};

// Parses the flags both commands share; `want_text` for match's one message.
std::optional<Args> ParseArgs(const std::vector<std::string>& args, bool want_text) {
  Args out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--intents" && i + 1 < args.size()) {
      out.dir = args[++i];
    } else if (a == "--json" && want_text) {
      out.json = true;
    } else if (want_text && !out.text && (a.empty() || a[0] != '-' || a == "-")) {
      out.text = a;
    } else {
      return std::nullopt;
    }
  }
  if (want_text && !out.text) return std::nullopt;
  return out;
}

Page DemoPage() {
  Page page;
  page.id = "demo";
  page.name = "Đoàn xã Tân Phong";
  // Visible stand-ins, not plausible numbers: `match` previews how an answer
  // reads, and a made-up hotline must never be mistaken for a real one.
  page.hotline = "[hotline của trang]";
  page.office_address = "[địa chỉ của trang]";
  page.office_hours = "[giờ làm việc của trang]";
  page.map_link = "";
  return page;
}

// What the bot would do with this message as the first of a conversation.
std::string Decision(const MatchResult& r) {
  switch (r.kind) {
    case MatchResult::Kind::kAnswer:
      return r.intent->action == intents::Action::kNone ? "answer" : "escalate";
    case MatchResult::Kind::kClarify:
      return "clarify";
    case MatchResult::Kind::kNoMatch:
      break;
  }
  return "escalate";
}

std::string ActionName(intents::Action action) {
  switch (action) {
    case intents::Action::kHandoff: return "handoff";
    case intents::Action::kHandoffUrgent: return "handoff_urgent";
    case intents::Action::kNone: break;
  }
  return "none";
}

OutboundMessage Rendered(const MatchResult& r) {
  if (r.kind == MatchResult::Kind::kAnswer) {
    return intents::RenderAnswer(*r.intent, DemoPage(), r.captures, 0);
  }
  if (r.kind == MatchResult::Kind::kClarify) return intents::RenderClarify(r.options);
  return {};
}

void PrintJson(const MatchResult& r) {
  nlohmann::json out;
  out["intent"] = r.kind == MatchResult::Kind::kAnswer ? nlohmann::json(r.intent->id)
                                                       : nlohmann::json(nullptr);
  out["decision"] = Decision(r);
  out["action"] = r.kind == MatchResult::Kind::kAnswer ? ActionName(r.intent->action) : "none";
  out["normalized"] = {{"accented", r.normalized.accented}, {"folded", r.normalized.folded}};
  out["candidates"] = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    out["candidates"].push_back({{"intent", c.intent->id},
                                 {"priority", c.intent->priority},
                                 {"specificity", c.specificity},
                                 {"span", c.span},
                                 {"excluded", c.excluded}});
  }
  out["options"] = nlohmann::json::array();
  for (const auto* o : r.options) out["options"].push_back(o->id);
  out["captures"] = nlohmann::json::object();
  for (const auto& [k, v] : r.captures) out["captures"][k] = text::MaskPersonalNumbers(v);
  const OutboundMessage message = Rendered(r);
  out["answer"] = r.kind == MatchResult::Kind::kNoMatch ? nlohmann::json(nullptr)
                                                        : nlohmann::json(message.text);
  out["buttons"] = nlohmann::json::array();
  for (const Button& b : message.buttons) {
    out["buttons"].push_back({{"label", b.label}, {"payload", b.payload}});
  }
  // Replace, not throw, on bytes that are not UTF-8 (they come from argv).
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintText(const MatchResult& r) {
  std::cout << "accented: " << r.normalized.accented << "\n"
            << "folded:   " << r.normalized.folded << "\n"
            << "candidates:" << (r.candidates.empty() ? " (none)" : "") << "\n";
  for (const auto& c : r.candidates) {
    std::cout << "  " << c.intent->id << "  priority " << c.intent->priority << "  specificity "
              << c.specificity << "  span " << c.span << (c.excluded ? "  EXCLUDED" : "") << "\n";
  }
  std::cout << "decision: " << Decision(r) << "\n"
            << "winner:   " << intents::Describe(r) << "\n";
  for (const auto& [k, v] : r.captures) {
    std::cout << "capture:  " << k << " = " << text::MaskPersonalNumbers(v) << "\n";
  }
  if (r.kind == MatchResult::Kind::kNoMatch) {
    std::cout << "answer:   (none: escalate to a volunteer)\n";
    return;
  }
  const OutboundMessage message = Rendered(r);
  std::cout << "answer:\n" << message.text << "\n";
  for (const Button& b : message.buttons) {
    std::cout << "  [" << b.label << "] -> " << b.payload << "\n";
  }
}

}  // namespace

int RunMatchCommand(const std::vector<std::string>& args) {
  const auto parsed = ParseArgs(args, /*want_text=*/true);
  if (!parsed) {
    std::cerr << "usage: trolyso match [--intents DIR] [--json] \"text\"\n";
    return 2;
  }
  // Compile only: matching must work while an admin fixes failing examples.
  auto rules = intents::RuleSet::Compile(parsed->dir);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return 1;
  }
  const MatchResult result = (*rules)->Match(*parsed->text);
  if (parsed->json) {
    PrintJson(result);
  } else {
    PrintText(result);
  }
  return 0;
}

int RunCheckCommand(const std::vector<std::string>& args) {
  const auto parsed = ParseArgs(args, /*want_text=*/false);
  if (!parsed) {
    std::cerr << "usage: trolyso check [--intents DIR]\n";
    return 2;
  }
  auto rules = intents::RuleSet::Compile(parsed->dir);
  if (!rules.ok()) {
    std::cout << rules.status().message() << "\n";
    return 1;
  }
  const auto failures = intents::CheckExamples(**rules);
  for (const auto& f : failures) std::cout << f.ToString() << "\n";
  size_t examples = 0;
  for (const auto& intent : (*rules)->intents()) {
    examples += intent.examples.size() + intent.counter_examples.size();
  }
  if (!failures.empty()) {
    std::cout << failures.size() << " of " << examples << " examples fail\n";
    return 1;
  }
  std::cout << "ok: " << (*rules)->size() << " intents, " << examples
            << " examples and counter-examples hold\n";
  return 0;
}

}  // namespace trolyso::app
