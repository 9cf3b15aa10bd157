// Serves the pages embedded from src/web/: "/" is the citizen chat.
#include <httplib.h>

#include "http/json_reply.h"
#include "http/routes.h"
#include "web/embedded.h"

namespace trolyso::http {
namespace {

std::string_view ContentType(std::string_view path) {
  auto ends = [&](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

const web::EmbeddedFile* Find(std::string_view path) {
  for (const web::EmbeddedFile& file : web::EmbeddedFiles()) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

void Serve(std::string_view path, httplib::Response& res) {
  const web::EmbeddedFile* file = Find(path);
  if (file == nullptr) return ReplyError(res, 404, "not_found", "no such page");
  res.set_content(std::string(file->content), std::string(ContentType(path)).c_str());
  // The pages are small and change with the binary; a short cache is enough.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                 "style-src 'self'; script-src 'self'; frame-ancestors 'none'");
}

}  // namespace

void RegisterStaticRoutes(httplib::Server& server) {
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    Serve("/chat/index.html", res);
  });
  server.Get(R"(/console/?)", [](const httplib::Request&, httplib::Response& res) {
    Serve("/console/index.html", res);
  });
  server.Get(R"(/admin/?)", [](const httplib::Request&, httplib::Response& res) {
    Serve("/admin/index.html", res);
  });
  server.Get(R"(/((?:chat|console|admin|common)/[A-Za-z0-9_.\-/]{1,128}))",
             [](const httplib::Request& req, httplib::Response& res) {
               std::string path = "/" + req.matches[1].str();
               if (path.find("..") != std::string::npos) {
                 return ReplyError(res, 404, "not_found", "no such page");
               }
               Serve(path, res);
             });
}

}  // namespace trolyso::http
