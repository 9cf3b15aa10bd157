// ServerProcess: the real `trolyso serve` binary, started in a child process
// on a loopback port with its own config and SQLite file in a temp dir.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/files.h"

namespace trolyso::testing {

class ServerProcess {
 public:
  // `config` is written as the server's config file; its server.port is set
  // to 0 and storage.sqlite_path/intents.dir default to the temp dir and the
  // repository's intents/ unless given.
  explicit ServerProcess(nlohmann::json config);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts and waits until /healthz answers 200 (fails the test otherwise).
  void Start();
  // SIGKILL: no shutdown code runs, as in a power cut of the process.
  void Kill();
  // SIGTERM and wait for a clean exit; returns the exit status.
  int Terminate();
  // Sends `signal` (SIGHUP reloads the rules) and returns at once.
  void Signal(int signal);

  int port() const { return port_; }
  std::string sqlite_path() const { return dir_.File("trolyso.db"); }
  std::string config_path() const { return dir_.File("config.json"); }
  std::string log() const;  // what the server wrote to stderr so far

 private:
  TempDir dir_;
  nlohmann::json config_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Polls `condition` until true or `timeout` passes. Tests wait on observable
// state with this, never with fixed sleeps.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace trolyso::testing
