#include "http/server.h"

#include <sys/socket.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "http/json_reply.h"

namespace trolyso::http {

HttpServer::HttpServer(const ServerOptions& options)
    : options_(options), server_(std::make_unique<httplib::Server>()) {
  httplib::Server& s = *server_;
  int threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_keep_alive_max_count(options_.keep_alive_max_requests);
  s.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  s.set_read_timeout(options_.read_timeout_s, 0);
  s.set_write_timeout(options_.write_timeout_s, 0);
  s.set_payload_max_length(options_.max_body_bytes);
  // The library writes headers and body in separate sends; without
  // TCP_NODELAY each response waits ~40 ms for the peer's delayed ACK.
  s.set_tcp_nodelay(true);
  // The library's own socket options (SO_REUSEADDR) plus remembering the fd,
  // so Bind() can widen the backlog the library hard-codes to 5.
  s.set_socket_options([this](socket_t fd) {
    httplib::default_socket_options(fd);
    if (binding_) socket_fd_ = fd;  // the listening socket, not an accepted one
  });
  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                             std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      spdlog::error("http {} {}: unhandled exception: {}", req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("http {} {}: unhandled non-standard exception", req.method, req.path);
    }
    ReplyError(res, 500, "internal", "temporary server error, please retry");
  });
  // Errors the library answers itself (404 without a route, 413, 400 on a
  // broken request line) get the same JSON shape as ours.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 404: ReplyError(res, 404, "not_found", "no such route"); break;
      case 413:
        ReplyError(res, 413, "payload_too_large", "request body over the size limit");
        break;
      default: ReplyError(res, res.status, "bad_request", "request rejected"); break;
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Bind() {
  binding_ = true;
  int port = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                                : (server_->bind_to_port(options_.host, options_.port)
                                       ? options_.port
                                       : -1);
  binding_ = false;
  if (port < 0) {
    return Status::Unavailable("server.port", "cannot listen on " + options_.host + ":" +
                                                  std::to_string(options_.port));
  }
  // listen() on a listening socket updates its backlog on Linux.
  if (socket_fd_ >= 0 && ::listen(socket_fd_, options_.listen_backlog) != 0) {
    spdlog::warn("could not raise the listen backlog to {}", options_.listen_backlog);
  }
  return port;
}

bool HttpServer::Listen() { return server_->listen_after_bind(); }

void HttpServer::Stop() {
  if (server_->is_running()) server_->stop();
}

}  // namespace trolyso::http
