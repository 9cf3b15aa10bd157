#include "app/rules_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "app/args.h"
#include "app/gateway.h"
#include "app/logging.h"

namespace trolyso::app {
namespace {

namespace fs = std::filesystem;

int Fail(const char* command, const std::string& message, int code) {
  std::fprintf(stderr, "trolyso %s: %s\n", command, message.c_str());
  return code;
}

// DIR and the opened gateway, or an exit code.
struct Opened {
  std::string dir;
  std::unique_ptr<Gateway> gateway;
  int exit_code = 0;
};

Opened Open(const char* command, const std::vector<std::string>& raw_args) {
  Args args(raw_args);
  const std::string config_path = args.Take("--config").value_or("config/trolyso.json");
  Opened out;
  if (!args.error().empty()) {
    out.exit_code = Fail(command, args.error(), 2);
    return out;
  }
  if (auto flag = args.UnknownFlag()) {
    out.exit_code = Fail(command, "unknown flag " + *flag, 2);
    return out;
  }
  if (args.rest().size() != 1) {
    out.exit_code = Fail(command, std::string("usage: trolyso ") + command + " DIR [--config FILE]", 2);
    return out;
  }
  out.dir = args.rest()[0];
  Result<Config> config = LoadConfig(config_path);
  if (!config.ok()) {
    out.exit_code = Fail(command, config.status().message(), 1);
    return out;
  }
  SetUpLogging("warn");
  auto gateway = Gateway::Open(std::move(*config), /*apply_rule_files=*/false);
  if (!gateway.ok()) {
    out.exit_code = Fail(command, gateway.status().message(), 1);
    return out;
  }
  out.gateway = std::move(*gateway);
  return out;
}

bool WriteWhole(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int RunExportIntentsCommand(const std::vector<std::string>& args) {
  constexpr const char* kName = "export-intents";
  Opened opened = Open(kName, args);
  if (!opened.gateway) return opened.exit_code;
  admin::RuleEditor& editor = opened.gateway->rule_editor();
  auto versions = editor.Versions(1);
  if (!versions.ok() || versions->empty()) return Fail(kName, "no rule version stored", 1);
  const int64_t live = versions->front().version;
  auto documents = editor.VersionDocuments(live);
  if (!documents.ok()) return Fail(kName, documents.status().message(), 1);

  std::error_code ec;
  fs::create_directories(opened.dir, ec);
  if (ec) return Fail(kName, opened.dir + ": " + ec.message(), 1);
  std::set<std::string> written;
  if (!documents->lexicon.empty()) {
    if (!WriteWhole(fs::path(opened.dir) / "lexicon.json", documents->lexicon)) {
      return Fail(kName, opened.dir + "/lexicon.json: cannot write", 1);
    }
    written.insert("lexicon.json");
  }
  for (const intents::RuleDocument& doc : documents->files) {
    if (!WriteWhole(fs::path(opened.dir) / doc.name, doc.text)) {
      return Fail(kName, opened.dir + "/" + doc.name + ": cannot write", 1);
    }
    written.insert(doc.name);
  }
  for (const auto& entry : fs::directory_iterator(opened.dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "schema.json" || written.count(name)) continue;
    fs::remove(entry.path(), ec);
    std::printf("removed %s (not in version %lld)\n", name.c_str(), static_cast<long long>(live));
  }
  std::printf("exported version %lld: %zu rule files and the lexicon to %s\n",
              static_cast<long long>(live), documents->files.size(), opened.dir.c_str());
  return 0;
}

int RunImportIntentsCommand(const std::vector<std::string>& args) {
  constexpr const char* kName = "import-intents";
  Opened opened = Open(kName, args);
  if (!opened.gateway) return opened.exit_code;
  auto files = intents::ReadRuleDirectory(opened.dir);
  if (!files.ok()) return Fail(kName, files.status().message(), 1);
  admin::RuleEditor& editor = opened.gateway->rule_editor();
  auto draft = editor.ImportDraft(*files, "cli", "Nhập từ thư mục " + opened.dir);
  if (!draft.ok()) return Fail(kName, draft.status().message(), 1);
  auto view = editor.View(draft->id);
  if (!view.ok()) return Fail(kName, view.status().message(), 1);
  int created = 0, edited = 0;
  for (const admin::DraftIntent& d : view->content.intents) {
    created += d.status == admin::IntentStatus::kCreated;
    edited += d.status == admin::IntentStatus::kEdited;
  }
  std::printf("draft %lld over version %lld: %d intents created, %d edited, %zu deleted\n",
              static_cast<long long>(draft->id), static_cast<long long>(draft->base_version),
              created, edited, view->deleted.size());
  auto failures = editor.Validate(draft->id);
  if (failures.ok() && !failures->empty()) {
    std::printf("publishing it would fail until these are fixed:\n");
    for (const std::string& f : *failures) std::printf("  %s\n", f.c_str());
  } else if (failures.ok()) {
    std::printf("it validates; review and publish it in /admin\n");
  }
  return 0;
}

}  // namespace trolyso::app
