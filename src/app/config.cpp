#include "app/config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace trolyso::app {
namespace {

using nlohmann::json;

// Thrown only inside this file and caught in ParseConfig: parsing a nested
// document reads far better with early exits than with a Status per field.
struct ConfigError {
  std::string key;
  std::string problem;
};

class Reader {
 public:
  Reader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) throw ConfigError{path_, "must be an object"};
  }

  // Rejects keys this binary does not know: a typo must not be ignored.
  void AllowOnly(std::initializer_list<const char*> keys) const {
    std::set<std::string> allowed(keys.begin(), keys.end());
    for (const auto& [key, value] : object_.items()) {
      if (!allowed.count(key)) throw ConfigError{Key(key), "unknown key"};
    }
  }

  bool Has(const char* key) const { return object_.contains(key); }

  std::string String(const char* key, const std::string& fallback, bool required = false) const {
    if (!object_.contains(key)) {
      if (required) throw ConfigError{Key(key), "is required"};
      return fallback;
    }
    const json& v = object_.at(key);
    if (!v.is_string()) throw ConfigError{Key(key), "must be a string"};
    return ExpandVariables(v.get<std::string>(), Key(key));
  }

  int64_t Int(const char* key, int64_t fallback, int64_t min, int64_t max) const {
    if (!object_.contains(key)) return fallback;
    const json& v = object_.at(key);
    if (!v.is_number_integer()) throw ConfigError{Key(key), "must be an integer"};
    int64_t n = v.get<int64_t>();
    if (n < min || n > max) {
      throw ConfigError{Key(key), "must be between " + std::to_string(min) + " and " +
                                      std::to_string(max)};
    }
    return n;
  }

  bool Bool(const char* key, bool fallback) const {
    if (!object_.contains(key)) return fallback;
    if (!object_.at(key).is_boolean()) throw ConfigError{Key(key), "must be true or false"};
    return object_.at(key).get<bool>();
  }

  Reader Child(const char* key) const { return Reader(object_.at(key), Key(key)); }
  const json& Raw(const char* key) const { return object_.at(key); }
  std::string Key(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  // ${NAME} → the variable's value; an unset variable is an error naming
  // both the key and the variable.
  static std::string ExpandVariables(const std::string& value, const std::string& key) {
    std::string out;
    size_t i = 0;
    while (i < value.size()) {
      size_t start = value.find("${", i);
      if (start == std::string::npos) {
        out.append(value, i, std::string::npos);
        break;
      }
      size_t end = value.find('}', start);
      if (end == std::string::npos) throw ConfigError{key, "unterminated ${ in value"};
      out.append(value, i, start - i);
      std::string name = value.substr(start + 2, end - start - 2);
      const char* env = std::getenv(name.c_str());
      if (env == nullptr || *env == '\0') {
        throw ConfigError{key, "environment variable " + name + " is not set"};
      }
      out += env;
      i = end + 1;
    }
    return out;
  }

  const json& object_;
  const std::string path_;
};

bool IsPageId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsTelegramSecret(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsDecimalId(const std::string& s) {
  return !s.empty() && s.size() <= 32 && s.find_first_not_of("0123456789") == std::string::npos;
}

void RequireHttpUrl(const Reader& r, const char* key, const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    throw ConfigError{r.Key(key), "must start with https:// or http://"};
  }
}

// "zalo": {"oa_id", "app_id", "app_secret", "oa_secret_key", "refresh_token",
//          "api_base"?, "oauth_base"?}. Secrets come as ${NAME}.
void ReadZalo(const Reader& z, ZaloCredentials& zalo) {
  z.AllowOnly({"oa_id", "app_id", "app_secret", "oa_secret_key", "refresh_token", "api_base",
               "oauth_base"});
  zalo.oa_id = z.String("oa_id", "", true);
  zalo.app_id = z.String("app_id", "", true);
  if (!IsDecimalId(zalo.oa_id)) throw ConfigError{z.Key("oa_id"), "the OA's numeric id"};
  if (!IsDecimalId(zalo.app_id)) throw ConfigError{z.Key("app_id"), "the app's numeric id"};
  zalo.app_secret = z.String("app_secret", "", true);
  zalo.oa_secret_key = z.String("oa_secret_key", "", true);
  zalo.refresh_token = z.String("refresh_token", "", true);
  for (const char* key : {"app_secret", "oa_secret_key", "refresh_token"}) {
    if (z.String(key, "").empty()) throw ConfigError{z.Key(key), "must not be empty"};
  }
  zalo.api_base = z.String("api_base", zalo.api_base);
  zalo.oauth_base = z.String("oauth_base", zalo.oauth_base);
  RequireHttpUrl(z, "api_base", zalo.api_base);
  RequireHttpUrl(z, "oauth_base", zalo.oauth_base);
}

Page ReadPage(const Reader& r) {
  r.AllowOnly({"id", "name", "area", "channel", "optional", "hotline", "office_address",
               "office_hours", "map_link", "telegram", "zalo", "disabled_intents",
               "welcome_message", "holding_message", "intents_dir"});
  Page page;
  page.id = r.String("id", "", true);
  if (!IsPageId(page.id)) throw ConfigError{r.Key("id"), "1-64 characters of A-Z a-z 0-9 . _ -"};
  page.name = r.String("name", "", true);
  page.area = r.String("area", "", true);
  std::string channel = r.String("channel", "", true);
  std::optional<Channel> parsed = ParseChannel(channel);
  if (!parsed) {
    throw ConfigError{r.Key("channel"),
                      "unknown channel \"" + channel + "\" (telegram, zalo or webchat)"};
  }
  page.channel = *parsed;
  page.hotline = r.String("hotline", "");
  page.office_address = r.String("office_address", "");
  page.office_hours = r.String("office_hours", "");
  page.map_link = r.String("map_link", "");
  page.welcome_message = r.String("welcome_message", "");
  page.intents_dir = r.String("intents_dir", "");
  page.holding_message = r.String("holding_message", "");
  if (r.Has("disabled_intents")) {
    const json& list = r.Raw("disabled_intents");
    if (!list.is_array()) throw ConfigError{r.Key("disabled_intents"), "must be a list of intent ids"};
    for (const json& id : list) {
      if (!id.is_string()) throw ConfigError{r.Key("disabled_intents"), "must be a list of intent ids"};
      page.disabled_intents.push_back(id.get<std::string>());
    }
    std::sort(page.disabled_intents.begin(), page.disabled_intents.end());
  }
  if (page.channel == Channel::kTelegram) {
    if (!r.Has("telegram")) throw ConfigError{r.Key("telegram"), "is required for a Telegram page"};
    Reader t = r.Child("telegram");
    t.AllowOnly({"token", "secret_token", "api_base"});
    page.telegram.token = t.String("token", "", true);
    page.telegram.secret_token = t.String("secret_token", "");
    page.telegram.api_base = t.String("api_base", page.telegram.api_base);
    if (!page.telegram.secret_token.empty() && !IsTelegramSecret(page.telegram.secret_token)) {
      throw ConfigError{t.Key("secret_token"), "1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule)"};
    }
    if (!page.telegram.api_base.starts_with("https://") &&
        !page.telegram.api_base.starts_with("http://")) {
      throw ConfigError{t.Key("api_base"), "must start with https:// or http://"};
    }
  } else if (r.Has("telegram")) {
    throw ConfigError{r.Key("telegram"), "only for channel telegram"};
  }
  if (page.channel == Channel::kZalo) {
    if (!r.Has("zalo")) throw ConfigError{r.Key("zalo"), "is required for a Zalo page"};
    ReadZalo(r.Child("zalo"), page.zalo);
  } else if (r.Has("zalo")) {
    throw ConfigError{r.Key("zalo"), "only for channel zalo"};
  }
  return page;
}

void ReadPages(const Reader& root, Config& config, bool skip_broken) {
  if (!root.Has("pages") || !root.Raw("pages").is_array() || root.Raw("pages").empty()) {
    throw ConfigError{"pages", "must be a non-empty array"};
  }
  std::set<std::string> ids;
  const json& pages = root.Raw("pages");
  for (size_t i = 0; i < pages.size(); ++i) {
    Reader r(pages[i], "pages[" + std::to_string(i) + "]");
    bool optional = r.Bool("optional", false);
    try {
      Page page = ReadPage(r);
      if (!ids.insert(page.id).second) {
        throw ConfigError{r.Key("id"), "duplicate page id \"" + page.id + "\""};
      }
      config.pages.push_back(std::make_shared<const Page>(std::move(page)));
    } catch (const ConfigError& e) {
      // An optional page whose secrets are not set is skipped, not fatal:
      // the default config must start on a machine with no secrets.
      // On a reload every broken page is skipped: the others keep working.
      bool missing_variable = e.problem.find("environment variable") != std::string::npos;
      if (!skip_broken && !(optional && missing_variable)) throw;
      config.skipped_pages.push_back(e.key + ": " + e.problem);
      bool has_id = pages[i].is_object() && pages[i].contains("id") && pages[i]["id"].is_string();
      config.skipped_page_ids.push_back(has_id ? pages[i]["id"].get<std::string>() : "");
    }
  }
  if (config.pages.empty()) throw ConfigError{"pages", "no page could be configured"};
}

// "notify": {"page": "<a telegram page>", "chat_id": "-100..."}: the team's group.
void ReadTeamNotice(const Reader& r, const Config& config, handoff::Area& area) {
  r.AllowOnly({"page", "chat_id"});
  std::string page_id = r.String("page", "", true);
  std::string chat_id = r.String("chat_id", "", true);
  bool numeric = !chat_id.empty() && chat_id.find_first_not_of("-0123456789") == std::string::npos;
  if (!numeric && !(chat_id.size() > 1 && chat_id[0] == '@')) {
    throw ConfigError{r.Key("chat_id"), "a Telegram chat id (-100...) or @channel"};
  }
  auto page = std::find_if(config.pages.begin(), config.pages.end(),
                           [&](const auto& p) { return p->id == page_id; });
  if (page == config.pages.end()) {
    bool skipped = std::find(config.skipped_page_ids.begin(), config.skipped_page_ids.end(),
                             page_id) != config.skipped_page_ids.end();
    if (skipped) return;  // an optional page left out: no notices until it is configured
    throw ConfigError{r.Key("page"), "no page \"" + page_id + "\""};
  }
  if ((*page)->channel != Channel::kTelegram) {
    throw ConfigError{r.Key("page"), "team notices go through a telegram page"};
  }
  area.notify_page = page_id;
  area.notify_chat_id = chat_id;
}

void ReadAreas(const Reader& root, Config& config) {
  std::set<std::string> ids;
  if (root.Has("areas")) {
    const json& areas = root.Raw("areas");
    if (!areas.is_array()) throw ConfigError{"areas", "must be an array"};
    for (size_t i = 0; i < areas.size(); ++i) {
      Reader r(areas[i], "areas[" + std::to_string(i) + "]");
      r.AllowOnly({"id", "name", "parent", "sla_seconds", "notify"});
      handoff::Area area;
      area.id = r.String("id", "", true);
      if (!IsPageId(area.id)) throw ConfigError{r.Key("id"), "use 1-64 of A-Z a-z 0-9 - _ ."};
      if (!ids.insert(area.id).second) {
        throw ConfigError{r.Key("id"), "duplicate area id \"" + area.id + "\""};
      }
      area.name = r.String("name", area.id);
      area.parent = r.String("parent", "");
      area.sla_ms = r.Int("sla_seconds", 0, 1, 86'400) * 1000;
      if (r.Has("notify")) ReadTeamNotice(r.Child("notify"), config, area);
      config.areas.push_back(std::move(area));
    }
  }
  for (const auto& page : config.pages) {
    if (ids.insert(page->area).second) {
      handoff::Area implicit;
      implicit.id = implicit.name = page->area;
      config.areas.push_back(std::move(implicit));
    }
  }
  Result<handoff::AreaDirectory> built = handoff::AreaDirectory::Build(config.areas);
  if (!built.ok()) throw ConfigError{"areas", built.status().message()};
}

}  // namespace

Result<Config> ParseConfig(const std::string& text, const std::string& source,
                           PageErrors page_errors) {
  json root;
  try {
    root = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument(source, "invalid JSON at byte " + std::to_string(e.byte));
  }
  Config config;
  try {
    Reader r(root, "");
    r.AllowOnly({"server", "storage", "intents", "log", "delivery", "handoff", "admin", "auth",
                 "webhooks", "areas", "pages"});
    if (r.Has("webhooks")) {
      Reader s = r.Child("webhooks");
      s.AllowOnly({"zalo_replay_window_hours"});
      // Zalo re-sends the same signed body for hours: the window must outlast
      // its retries; within it the dedupe key stops replays.
      config.zalo_replay_window_ms = s.Int("zalo_replay_window_hours", 24, 1, 24 * 30) * 3600 * 1000;
    }
    if (r.Has("admin")) {
      Reader s = r.Child("admin");
      s.AllowOnly({"token"});
      config.admin_token = s.String("token", "");
      if (!config.admin_token.empty() && config.admin_token.size() < 16) {
        throw ConfigError{"admin.token", "must be at least 16 characters"};
      }
    }
    if (r.Has("server")) {
      Reader s = r.Child("server");
      s.AllowOnly({"host", "port", "threads", "listen_backlog", "keep_alive_max_requests",
                   "keep_alive_timeout_s", "read_timeout_s", "max_body_bytes", "event_streams",
                   "public_url"});
      // Where people reach this server (behind its proxy), for links in notices.
      std::string public_url = s.String("public_url", "");
      if (!public_url.empty()) {
        if (!public_url.starts_with("https://") && !public_url.starts_with("http://")) {
          throw ConfigError{"server.public_url", "must start with https:// or http://"};
        }
        while (public_url.ends_with('/')) public_url.pop_back();
        config.console_url = public_url + "/console";
      }
      config.server.host = s.String("host", config.server.host);
      config.server.port = static_cast<int>(s.Int("port", config.server.port, 0, 65535));
      config.server.threads = static_cast<int>(s.Int("threads", config.server.threads, 2, 1024));
      config.server.listen_backlog =
          static_cast<int>(s.Int("listen_backlog", config.server.listen_backlog, 16, 65535));
      config.server.keep_alive_max_requests = static_cast<size_t>(
          s.Int("keep_alive_max_requests", 10000, 1, 10'000'000));
      config.server.keep_alive_timeout_s =
          static_cast<int>(s.Int("keep_alive_timeout_s", config.server.keep_alive_timeout_s, 1, 600));
      config.server.read_timeout_s =
          static_cast<int>(s.Int("read_timeout_s", config.server.read_timeout_s, 1, 600));
      // Each console's live stream holds a thread: keep most for webhooks.
      config.max_event_streams = static_cast<size_t>(
          s.Int("event_streams", 16, 1, std::max(1, config.server.threads / 2)));
      config.server.max_body_bytes = static_cast<size_t>(
          s.Int("max_body_bytes", static_cast<int64_t>(config.server.max_body_bytes), 1024,
                64 * 1024 * 1024));
    }
    if (r.Has("storage")) {
      Reader s = r.Child("storage");
      s.AllowOnly({"sqlite_path", "synchronous"});
      config.sqlite_path = s.String("sqlite_path", config.sqlite_path);
      std::string sync = s.String("synchronous", "full");
      if (sync != "full" && sync != "normal") {
        throw ConfigError{"storage.synchronous", "must be \"full\" or \"normal\""};
      }
      config.sqlite_synchronous_full = sync == "full";
    }
    if (r.Has("intents")) {
      Reader s = r.Child("intents");
      s.AllowOnly({"dir"});
      config.intents_dir = s.String("dir", config.intents_dir);
    }
    if (r.Has("log")) {
      Reader s = r.Child("log");
      s.AllowOnly({"level"});
      config.log_level = s.String("level", config.log_level);
      static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
      if (!kLevels.count(config.log_level)) {
        throw ConfigError{"log.level", "must be one of trace, debug, info, warn, error"};
      }
    }
    if (r.Has("delivery")) {
      Reader s = r.Child("delivery");
      s.AllowOnly({"senders", "max_attempts", "backoff_base_ms", "backoff_max_ms"});
      config.delivery.senders = static_cast<int>(s.Int("senders", config.delivery.senders, 1, 64));
      config.delivery.backoff.max_attempts = static_cast<int>(
          s.Int("max_attempts", config.delivery.backoff.max_attempts, 1, 1000));
      config.delivery.backoff.base_ms =
          s.Int("backoff_base_ms", config.delivery.backoff.base_ms, 10, 3'600'000);
      config.delivery.backoff.max_ms =
          s.Int("backoff_max_ms", config.delivery.backoff.max_ms, 10, 86'400'000);
    }
    if (r.Has("handoff")) {
      Reader s = r.Child("handoff");
      s.AllowOnly({"sla_seconds", "idle_release_seconds", "capacity"});
      config.pipeline.handoff_sla_ms = s.Int("sla_seconds", 300, 1, 86'400) * 1000;
      config.queue.idle_release_ms = s.Int("idle_release_seconds", 900, 1, 86'400) * 1000;
      config.accounts.default_capacity = static_cast<int>(s.Int("capacity", 3, 1, 50));
    }
    config.queue.default_sla_ms = config.pipeline.handoff_sla_ms;
    if (r.Has("auth")) {
      Reader s = r.Child("auth");
      s.AllowOnly({"session_hours"});
      config.accounts.session_ttl_ms = s.Int("session_hours", 12, 1, 24 * 30) * 3600 * 1000;
    }
    ReadPages(r, config, page_errors == PageErrors::kSkip);
    ReadAreas(r, config);
  } catch (const ConfigError& e) {
    return Status::InvalidArgument(source, e.key + ": " + e.problem);
  }
  return config;
}

Result<Config> LoadConfig(const std::string& path, PageErrors page_errors) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path, "cannot read the config file");
  std::ostringstream text;
  text << in.rdbuf();
  Result<Config> config = ParseConfig(text.str(), path, page_errors);
  if (config.ok()) config->source_path = path;
  return config;
}

}  // namespace trolyso::app
