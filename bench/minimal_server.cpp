// Baseline for the webhook benchmark: the cheapest cpp-httplib server that
// answers Telegram webhooks (200 "{}" and nothing else). trolyso's figures are
// reported as ratios of this server's, measured on the same machine in the
// same run, so they say what trolyso costs on top of the library itself.
//
//   minimal_server [--port N] [--threads T] [--untuned]
//
// Prints "listening on <port>" once the socket accepts connections.

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr char kHost[] = "127.0.0.1";  // Loopback only, by design.
constexpr int kBacklog = 1024;
constexpr size_t kMaxPayload = 1 << 20;  // Telegram updates are far smaller.

struct Options {
  int port = 0;  // 0 = ephemeral.
  int threads = 64;
  bool tuned = true;
};

[[noreturn]] void Usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: minimal_server [--port N] [--threads T] [--untuned]\n"
               "  --port N     port on 127.0.0.1, 0 = ephemeral (default 0)\n"
               "  --threads T  worker threads when tuned (default 64)\n"
               "  --untuned    keep cpp-httplib's defaults (backlog 5,\n"
               "               5 requests per keep-alive connection, 8 threads)\n");
  std::exit(code);
}

Options ParseArgs(int argc, char** argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto next_int = [&] {
      if (i + 1 >= argc) Usage(2);
      return std::atoi(argv[++i]);
    };
    if (arg == "--port") {
      opts.port = next_int();
    } else if (arg == "--threads") {
      opts.threads = next_int();
    } else if (arg == "--untuned") {
      opts.tuned = false;
    } else if (arg == "--help" || arg == "-h") {
      Usage(0);
    } else {
      Usage(2);
    }
  }
  if (opts.port < 0 || opts.port > 65535 || opts.threads < 1) Usage(2);
  return opts;
}

// Debian ships cpp-httplib 0.11.4 as a prebuilt shared library, so the
// CPPHTTPLIB_* macros were frozen when it was compiled: everything here goes
// through runtime setters. `listen_fd` receives the listening socket so the
// caller can enlarge its backlog after binding.
void Tune(httplib::Server& svr, int threads, std::atomic<int>& listen_fd) {
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
        res.set_content("{}", "application/json");
      });
  // Replacing the socket options drops the library's own (SO_REUSEADDR), so
  // apply them first, then remember the fd.
  svr.set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
}

}  // namespace

int main(int argc, char** argv) {
  const Options opts = ParseArgs(argc, argv);

  httplib::Server svr;
  std::atomic<int> listen_fd{-1};
  if (opts.tuned) Tune(svr, opts.threads, listen_fd);

  svr.Post(R"(/webhooks/telegram/([^/]+))",
           [](const httplib::Request&, httplib::Response& res) {
             res.set_content("{}", "application/json");
           });

  int port = opts.port;
  if (port == 0) {
    port = svr.bind_to_any_port(kHost);
  } else if (!svr.bind_to_port(kHost, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "minimal_server: cannot bind %s:%d\n", kHost,
                 opts.port);
    return 1;
  }
  // The library listened with a backlog of 5; calling listen() again on a
  // listening socket makes Linux adopt the new backlog.
  if (opts.tuned && ::listen(listen_fd, kBacklog) != 0) {
    std::perror("minimal_server: listen");
    return 1;
  }

  std::cout << "listening on " << port << std::endl;  // endl: flush for the script.
  return svr.listen_after_bind() ? 0 : 1;
}
