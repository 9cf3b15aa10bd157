// HttpServer: cpp-httplib's Server, tuned and made safe, with our routes.
//
// Debian's cpp-httplib 0.11.4 is a prebuilt shared library, so its
// compile-time CPPHTTPLIB_* macros change nothing; everything is tuned
// through runtime setters here. Defaults that hurt a webhook gateway: an
// 8-thread pool in which every open keep-alive connection holds a thread, 5
// requests per keep-alive connection, and a listen backlog of 5. Without an
// exception handler the library sends e.what() to the client in a header.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/result.h"

namespace httplib {
class Server;
}

namespace trolyso::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (tests, benchmarks)
  // Worker threads. Each open keep-alive connection occupies one, so this
  // bounds concurrent connections (Telegram alone opens up to 40 per bot).
  int threads = 64;
  int listen_backlog = 1024;
  size_t keep_alive_max_requests = 10000;
  int keep_alive_timeout_s = 5;
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  size_t max_body_bytes = 1024 * 1024;  // 413 above this
};

class HttpServer {
 public:
  explicit HttpServer(const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Routes are registered on this before Bind().
  httplib::Server& raw() { return *server_; }

  // Binds and sets the backlog; returns the bound port.
  Result<int> Bind();
  // Serves until Stop(). Call after Bind().
  bool Listen();
  void Stop();

 private:
  const ServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> binding_ = false;  // true only inside Bind()
  int socket_fd_ = -1;                  // the listening socket, set during Bind()
};

}  // namespace trolyso::http
