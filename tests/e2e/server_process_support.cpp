#include "e2e/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>

extern char** environ;

namespace trolyso::testing {

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

ServerProcess::ServerProcess(nlohmann::json config) : config_(std::move(config)) {
  config_["server"]["host"] = "127.0.0.1";
  config_["server"]["port"] = 0;
  if (!config_["storage"].contains("sqlite_path")) {
    config_["storage"]["sqlite_path"] = dir_.File("trolyso.db");
  }
  if (!config_["intents"].contains("dir")) config_["intents"]["dir"] = RepoPath("intents");
  std::ofstream(dir_.File("config.json")) << config_.dump(2);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
}

void ServerProcess::Start() {
  std::string port_file = dir_.File("port");
  std::remove(port_file.c_str());
  std::string binary = TROLYSO_BINARY;
  std::string config = dir_.File("config.json");
  std::vector<std::string> argv_storage = {binary, "serve", "--config", config, "--port-file",
                                           port_file};
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, dir_.File("stdout").c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, dir_.File("stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE_MESSAGE(rc == 0, "cannot spawn " << binary);

  bool up = WaitFor([&] {
    std::ifstream in(port_file);
    return static_cast<bool>(in >> port_) && port_ > 0;
  });
  REQUIRE_MESSAGE(up, "server did not start: " << log());
  httplib::Client client("127.0.0.1", port_);
  bool healthy = WaitFor([&] {
    auto res = client.Get("/healthz");
    return res && res->status == 200;
  });
  REQUIRE_MESSAGE(healthy, "server not healthy: " << log());
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Signal(int signal) {
  REQUIRE(pid_ > 0);
  ::kill(pid_, signal);
}

std::string ServerProcess::log() const { return ReadFile(dir_.File("stderr")); }

}  // namespace trolyso::testing
