#include "app/serve_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/args.h"
#include "app/gateway.h"
#include "app/logging.h"

namespace trolyso::app {
namespace {

constexpr const char* kDefaultConfig = "config/trolyso.json";

// Signals are taken synchronously by one thread (sigwait), so handlers never
// run in arbitrary threads and can do real work such as reloading rules.
sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

void SignalLoop(Gateway& gateway, sigset_t set) {
  for (;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal == SIGHUP) {
      Status s = gateway.Reload();
      if (s.ok()) {
        spdlog::info("pages and rules reloaded on SIGHUP");
      } else {
        spdlog::error("reload rejected, what was live stays live: {}", s.message());
      }
      continue;
    }
    spdlog::info("signal {}: shutting down", signal);
    gateway.Stop();
    return;
  }
}

}  // namespace

int RunServeCommand(const std::vector<std::string>& raw_args) {
  // Block the handled signals before any thread starts (the logger's
  // included), so every thread inherits the mask and only sigwait takes them.
  sigset_t signals = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Args args(raw_args);
  std::string config_path = args.Take("--config").value_or(kDefaultConfig);
  std::optional<std::string> port_file = args.Take("--port-file");
  if (!args.error().empty() || args.UnknownFlag() || !args.rest().empty()) {
    std::fprintf(stderr, "usage: trolyso serve [--config FILE] [--port-file FILE]\n");
    return 2;
  }
  Result<Config> config = LoadConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "config error: %s\n", config.status().message().c_str());
    return 1;
  }
  SetUpLogging(config->log_level);
  for (const std::string& skipped : config->skipped_pages) {
    spdlog::warn("optional page skipped: {}", skipped);
  }
  for (const auto& page : config->pages) {
    if (page->channel == Channel::kTelegram && page->telegram.secret_token.empty()) {
      spdlog::warn("page={} has no telegram.secret_token: anyone can post to its webhook",
                   page->id);
    }
  }

  Result<std::unique_ptr<Gateway>> gateway = Gateway::Open(std::move(config).value());
  if (!gateway.ok()) {
    spdlog::critical("start-up failed: {}", gateway.status().message());
    spdlog::shutdown();
    std::fprintf(stderr, "start-up failed: %s\n", gateway.status().message().c_str());
    return 1;
  }
  Result<int> port = (*gateway)->StartServing();
  if (!port.ok()) {
    std::fprintf(stderr, "start-up failed: %s\n", port.status().message().c_str());
    return 1;
  }
  const auto& server = (*gateway)->config().server;
  // Printed, not logged: scripts read it whatever the log level.
  std::printf("trolyso %s listening on http://%s:%d\n", TROLYSO_VERSION, server.host.c_str(),
              *port);
  std::fflush(stdout);
  if (port_file) {
    std::ofstream(*port_file) << *port << '\n';
  }
  std::thread signal_thread(SignalLoop, std::ref(**gateway), signals);
  (*gateway)->ServeUntilStopped();
  // If the server stopped on its own, wake the signal thread the same way a
  // SIGTERM would (it is blocked here, so only sigwait can take it).
  kill(getpid(), SIGTERM);
  signal_thread.join();
  gateway->reset();
  spdlog::info("stopped");
  spdlog::shutdown();
  return 0;
}

}  // namespace trolyso::app
