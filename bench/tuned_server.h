// The cpp-httplib 0.11.4 run-time tuning shared by the benchmark's own
// servers (the minimal baseline and the fake Telegram API), so both are
// measured the same way trolyso's http/server.cpp configures itself.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstddef>

#include <httplib.h>

namespace bench {

inline constexpr int kBacklog = 1024;
inline constexpr size_t kMaxPayload = 1 << 20;  // Telegram updates are far smaller.

// Tunes `svr` through runtime setters (Debian's prebuilt library ignores the
// compile-time macros). `listen_fd` receives the listening socket so that
// RaiseBacklog() can widen the backlog after binding.
inline void TuneServer(httplib::Server& svr, int threads, std::atomic<int>& listen_fd) {
  // The default pool has 8 threads and each open keep-alive connection holds
  // one, so connection 9 onward waits for a free thread.
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The default closes a connection after 5 requests; every reconnect then
  // goes through the tiny accept backlog.
  svr.set_keep_alive_max_count(100000);
  svr.set_keep_alive_timeout(10);
  // The library writes a response's headers and body separately; with Nagle
  // on, the body waits for the client's delayed ACK: about 40 ms per request.
  svr.set_tcp_nodelay(true);
  svr.set_payload_max_length(kMaxPayload);
  // Without a handler the library puts the exception text in a response
  // header (EXCEPTION_WHAT), which leaks internals to the client.
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(R"({"ok":false,"error_code":500,"description":"Internal Server Error"})",
                        "application/json");
      });
  // Replacing the socket options drops the library's own (SO_REUSEADDR), so
  // apply them first, then remember the fd.
  svr.set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
}

// listen() again on the bound socket: Linux then uses the new backlog
// instead of the library's hard-coded 5.
inline bool RaiseBacklog(const std::atomic<int>& listen_fd) {
  return ::listen(listen_fd, kBacklog) == 0;
}

}  // namespace bench
