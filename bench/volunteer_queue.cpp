// Volunteer queue benchmark: the real `trolyso serve` on loopback, driven over
// its HTTP API like the console and the web chat drive it. Three figures (see
// bench/README.md, "Volunteer queue"):
//
//   latency    escalation -> "event: handoff" (type created) on a console's
//              SSE stream, against the escalating POST's own round trip
//   claims     8 volunteers claiming 400 waiting handoffs at once (same order,
//              and each in its own shuffled order), against GET /api/v1/me
//              with the same 8 clients; every handoff must be claimed exactly
//              once, checked in the SQLite file
//   positions  the "vị trí thứ N" a citizen is told vs the rank at which a
//              district volunteer, taking the queue's head each time, claims
//              them
//
//   volunteer_queue [--only latency|claims|positions] [--samples 300]
//                   [--warmup 20] [--handoffs 400] [--volunteers 8]
//                   [--rounds 5] [--me-requests 2000] [--positions 50] [--urgent 10]
//                   [--arrival-ms 100] [--position-rounds 3] [--keep]
//
// Exits 1 when a correctness check fails (a missing or foreign event, a double
// claim, a handoff not claimed exactly once, a missing notice), 2 on a setup
// error. A benchmark, not a test: ctest never runs it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ------------------------------------------------------------------ basics

int g_failures = 0;

void Fail(const std::string& what) {
  std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  ++g_failures;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "volunteer_queue: %s\n", what.c_str());
  std::exit(2);
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
double Secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time in a measured window, as % of the machine's capacity (all CPUs x
// the window): the server process, this program, and everything else (other
// processes on the machine, plus kernel work charged to nobody). "Other"
// above a few % means the figure competed for the CPUs.
class CpuWindow {
 public:
  explicit CpuWindow(pid_t server) : server_(server) { Start(); }
  void Start() {
    start_ = Clock::now();
    busy0_ = MachineBusy();
    server0_ = ProcessTicks(server_);
    self0_ = ProcessTicks(getpid());
  }
  struct Shares {
    double server = 0, self = 0, other = 0;
  };
  Shares Stop() const {
    double capacity = Secs(Clock::now() - start_) * static_cast<double>(Hz()) *
                      static_cast<double>(std::thread::hardware_concurrency());
    double server = static_cast<double>(ProcessTicks(server_) - server0_);
    double self = static_cast<double>(ProcessTicks(getpid()) - self0_);
    double busy = static_cast<double>(MachineBusy() - busy0_);
    Shares s;
    s.server = 100.0 * server / capacity;
    s.self = 100.0 * self / capacity;
    s.other = std::max(0.0, 100.0 * (busy - server - self) / capacity);
    return s;
  }

 private:
  static long Hz() { return sysconf(_SC_CLK_TCK); }
  static long long MachineBusy() {  // user nice system idle iowait irq softirq steal
    std::ifstream in("/proc/stat");
    std::string cpu;
    long long v[8] = {};
    in >> cpu;
    for (long long& x : v) in >> x;
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
  }
  static long long ProcessTicks(pid_t pid) {  // utime + stime, all threads
    std::string stat = ReadFileStatic("/proc/" + std::to_string(pid) + "/stat");
    size_t paren = stat.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream rest(stat.substr(paren + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stoll(field);
      if (i == 15) stime = std::stoll(field);
    }
    return utime + stime;
  }
  static std::string ReadFileStatic(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  pid_t server_;
  Clock::time_point start_;
  long long busy0_ = 0, server0_ = 0, self0_ = 0;
};

std::string CpuText(const CpuWindow::Shares& s) {
  char buf[160];
  std::snprintf(buf, sizeof(buf), "CPU (%% of all cores x window): server %.0f, bench %.0f, other %.0f%s",
                s.server, s.self, s.other, s.other > 5 ? " (WARNING: competed for the CPUs)" : "");
  return buf;
}

struct Stats {
  size_t n = 0;
  double p50 = 0, p90 = 0, p99 = 0, mean = 0, min = 0, max = 0;
};

// Nearest-rank percentiles.
Stats Summarize(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double p) {
    size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
  };
  s.p50 = rank(0.50);
  s.p90 = rank(0.90);
  s.p99 = rank(0.99);
  s.min = v.front();
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

std::string Fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Fmt(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof(buf), format, args);
  va_end(args);
  return buf;
}

std::string Nonce() {
  std::random_device rd;
  return Fmt("%08x", rd());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TrolysoBinary() {
  if (const char* env = std::getenv("TROLYSO_BINARY")) return env;
  return TROLYSO_BINARY;
}

// -------------------------------------------------------------- temp dir

class TempDir {
 public:
  explicit TempDir(bool keep) : keep_(keep) {
    std::string tmpl = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                       "/volunteer-bench.XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) Die("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    if (keep_) {
      std::fprintf(stderr, "kept %s\n", path_.c_str());
    } else {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  bool keep_;
  std::string path_;
};

// ---------------------------------------------------------------- server

// One web chat page "web" in commune tanphong, under district phuhoa.
json BaseConfig(int sla_seconds) {
  return {{"server", {{"host", "127.0.0.1"}, {"port", 0}}},
          {"handoff", {{"sla_seconds", sla_seconds}, {"idle_release_seconds", 86400}}},
          {"areas",
           {{{"id", "tanphong"}, {"name", "Xã Tân Phong"}, {"parent", "phuhoa"},
             {"sla_seconds", sla_seconds}},
            {{"id", "phuhoa"}, {"name", "Huyện Phú Hòa"}, {"sla_seconds", sla_seconds}}}},
          {"pages",
           {{{"id", "web"}, {"name", "Đoàn xã Tân Phong"}, {"area", "tanphong"},
             {"channel", "webchat"}}}}};
}

// `trolyso serve` in a child process, its files in a temp dir.
class Server {
 public:
  Server(const TempDir& dir, json config) : dir_(dir) {
    config["server"]["host"] = "127.0.0.1";
    config["server"]["port"] = 0;
    config["storage"]["sqlite_path"] = dir_.File("trolyso.db");
    config["intents"]["dir"] = std::string(TROLYSO_SOURCE_DIR) + "/intents";
    std::ofstream(config_path()) << config.dump(2);
  }
  ~Server() { Stop(); }

  void Start() {
    std::string port_file = dir_.File("port");
    std::vector<std::string> argv_storage = {TrolysoBinary(), "serve", "--config", config_path(),
                                             "--port-file", port_file};
    std::vector<char*> argv;
    for (std::string& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string out_path = dir_.File("stdout"), err_path = dir_.File("stderr");
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) Die("fork failed");
    if (pid_ == 0) {
      // The server dies with this program, even if it crashes or exits early.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent) _exit(127);
      int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
        _exit(127);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      std::ifstream in(port_file);
      if (in >> port_ && port_ > 0) break;
      std::this_thread::sleep_for(milliseconds(20));
    }
    if (port_ <= 0) Die("server did not start:\n" + log());
    httplib::Client client("127.0.0.1", port_);
    while (Clock::now() < deadline) {
      auto res = client.Get("/healthz");
      if (res && res->status == 200) return;
      std::this_thread::sleep_for(milliseconds(20));
    }
    Die("server not healthy:\n" + log());
  }

  // SIGTERM to our own child only, then wait (SIGKILL after 10 s).
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // `trolyso user add`, as an admin would run it; returns the password printed.
  std::string AddUser(const std::string& name, const std::string& area, int capacity) const {
    std::string command = TrolysoBinary() + " user add --config " + config_path() + " --name " +
                          name + " --role volunteer --area " + area + " --capacity " +
                          std::to_string(capacity) + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) Die("popen failed");
    std::string out;
    char buffer[1024];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) out.append(buffer, n);
    int status = pclose(pipe);
    std::smatch m;
    if (status != 0 || !std::regex_search(out, m, std::regex("password: (\\S+)"))) {
      Die(command + "\n" + out);
    }
    return m[1];
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string config_path() const { return dir_.File("config.json"); }
  std::string db_path() const { return dir_.File("trolyso.db"); }
  std::string log() const { return ReadFile(dir_.File("stderr")); }

 private:
  const TempDir& dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// ---------------------------------------------------------------- sqlite

// The server's database, opened read-only (WAL: reads see committed rows).
class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      Die("cannot open " + path + " read-only");
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~ReadOnlyDb() { sqlite3_close(db_); }

  // Every row as strings (NULL as "").
  std::vector<std::vector<std::string>> Query(const std::string& sql) const {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      Die("sqlite: " + std::string(sqlite3_errmsg(db_)) + " in " + sql);
    }
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) Die("sqlite: " + std::string(sqlite3_errmsg(db_)) + " in " + sql);
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

// ---------------------------------------------------------------- HTTP

// A keep-alive client. `source` 127.0.0.<source> when nonzero: the web chat
// allows 60 messages (then 5 a second) per client address, so escalations
// are spread over several loopback source addresses.
std::unique_ptr<httplib::Client> MakeClient(int port, int source = 0) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(30, 0);
  if (source != 0) {
    client->set_socket_options([source](socket_t sock) {
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = 0;
      addr.sin_addr.s_addr = htonl((127u << 24) | static_cast<unsigned>(source));
      if (::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        std::perror("bind source address");
      }
    });
  }
  return client;
}

struct Reply {
  int status = -1;
  json body;
  std::string code() const {
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }
};

Reply Call(httplib::Client& client, const std::string& method, const std::string& path,
           const std::string& token = "", const json& body = nullptr) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Result res = method == "GET"
                            ? client.Get(path.c_str(), headers)
                            : client.Post(path.c_str(), headers,
                                          body.is_null() ? "" : body.dump(), "application/json");
  Reply reply;
  if (!res) return reply;
  reply.status = res->status;
  reply.body = json::parse(res->body, nullptr, false);
  return reply;
}

struct Volunteer {
  std::string name;
  std::string token;
  int64_t id = 0;
};

Volunteer Login(httplib::Client& client, const std::string& name, const std::string& password) {
  Reply r = Call(client, "POST", "/api/v1/login", "", {{"username", name}, {"password", password}});
  if (r.status != 200) Die("login " + name + ": " + std::to_string(r.status) + " " + r.body.dump());
  return {name, r.body["token"], r.body["user"]["id"].get<int64_t>()};
}

// A citizen's web chat message; true when it was answered 200 with the
// conversation queued for a volunteer.
bool Escalate(httplib::Client& client, const std::string& session, const std::string& text) {
  Reply r = Call(client, "POST", "/api/v1/webchat/web/messages", "",
                 {{"session", session}, {"text", text}});
  if (r.status != 200 || r.body.value("state", "") != "queued") {
    Fail("escalation of " + session + ": " + std::to_string(r.status) + " " + r.body.dump());
    return false;
  }
  return true;
}

const char* kHumanRequest = "cho tôi gặp người thật";
const char* kUrgent = "tôi vừa bị lừa chuyển khoản mất 20 triệu, giúp tôi với";

// GET /api/v1/events on its own thread, as the console reads it. Each
// "event: handoff" frame is queued with the time its bytes arrived.
class EventStream {
 public:
  struct Event {
    std::string type;
    int64_t handoff_id = 0;
    Clock::time_point arrived;
  };

  EventStream(int port, const std::string& token) : client_("127.0.0.1", port) {
    client_.set_read_timeout(60, 0);
    client_.set_tcp_nodelay(true);
    thread_ = std::thread([this, token] {
      auto res = client_.Get("/api/v1/events", {{"Authorization", "Bearer " + token}},
                             [this](const char* data, size_t length) {
                               OnData(data, length, Clock::now());
                               return !stop_.load();
                             });
      std::lock_guard lock(mu_);
      ended_ = true;
      status_ = res ? res->status : -1;
      ready_.notify_all();
    });
  }
  ~EventStream() {
    stop_ = true;
    client_.stop();
    thread_.join();
  }

  bool WaitHello(milliseconds timeout) {
    std::unique_lock lock(mu_);
    return ready_.wait_for(lock, timeout, [&] { return hello_ || ended_; }) && hello_;
  }
  // The next handoff event, in arrival order.
  std::optional<Event> Next(milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!ready_.wait_for(lock, timeout, [&] { return !events_.empty() || ended_; }) ||
        events_.empty()) {
      return std::nullopt;
    }
    Event e = events_.front();
    events_.pop_front();
    return e;
  }
  size_t pending() const {
    std::lock_guard lock(mu_);
    return events_.size();
  }
  int resyncs() const {
    std::lock_guard lock(mu_);
    return resyncs_;
  }

 private:
  void OnData(const char* data, size_t length, Clock::time_point now) {
    std::lock_guard lock(mu_);
    buffer_.append(data, length);
    size_t end;
    while ((end = buffer_.find("\n\n")) != std::string::npos) {
      std::string frame = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      std::string name, payload;
      std::istringstream lines(frame);
      for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("event: ")) name = line.substr(7);
        if (line.starts_with("data: ")) payload = line.substr(6);
      }
      if (name == "hello") hello_ = true;
      if (name == "resync") ++resyncs_;
      if (name != "handoff") continue;
      json body = json::parse(payload, nullptr, false);
      if (body.is_discarded()) continue;
      events_.push_back({body.value("type", ""), body.value("handoff_id", int64_t{0}), now});
    }
    ready_.notify_all();
  }

  httplib::Client client_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::string buffer_;
  std::deque<Event> events_;
  bool hello_ = false;
  bool ended_ = false;
  int resyncs_ = 0;
  int status_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct Options {
  std::string only;
  int samples = 300;
  int warmup = 20;
  int handoffs = 400;
  int volunteers = 8;
  int me_requests = 2000;
  int rounds = 5;
  int positions = 50;
  int urgent = 10;
  int arrival_ms = 100;
  int position_rounds = 3;
  bool keep = false;
};

void PrintStatsRow(const char* what, const Stats& s) {
  std::printf("| %-34s | %5zu | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f |\n", what, s.n, s.p50,
              s.p90, s.p99, s.mean, s.max);
}

// ---------------------------------------------------------------- 1. latency

// Escalations are sent one at a time, and the next only after the previous
// one's "created" event arrived. The console's stream then carries exactly
// one created event per POST, so the k-th event belongs to the k-th POST;
// after the run every (session, handoff id) pair is checked in the database,
// and no event may be left over.
void RunLatency(const Options& o) {
  std::printf("\n## 1. Escalation -> console SSE stream (loopback)\n\n");
  TempDir dir(o.keep);
  Server server(dir, BaseConfig(3600));
  server.Start();
  auto api = MakeClient(server.port());
  Volunteer tuan = Login(*api, "tuan", server.AddUser("tuan", "tanphong", 3));
  EventStream stream(server.port(), tuan.token);
  if (!stream.WaitHello(milliseconds(5000))) return Fail("no hello on the event stream");

  int total = o.warmup + o.samples;
  int addresses = std::max(1, (total + 49) / 50);
  std::vector<std::unique_ptr<httplib::Client>> posters;
  for (int i = 0; i < addresses; ++i) posters.push_back(MakeClient(server.port(), 10 + i));

  std::string nonce = Nonce();
  CpuWindow cpu(server.pid());
  std::vector<double> event_ms, post_ms, event_after_reply_ms;
  std::vector<std::pair<std::string, int64_t>> pairs;
  int event_first = 0;
  for (int i = 0; i < total; ++i) {
    std::string session = Fmt("lat-%s-%05d", nonce.c_str(), i);
    auto t0 = Clock::now();
    bool ok = Escalate(*posters[i % addresses], session, kHumanRequest);
    auto t1 = Clock::now();
    if (!ok) return;
    std::optional<EventStream::Event> e = stream.Next(milliseconds(5000));
    if (!e) return Fail("no handoff event within 5 s for " + session);
    if (e->type != "created") return Fail("expected a created event, got " + e->type);
    pairs.emplace_back(session, e->handoff_id);
    if (i >= o.warmup) {
      event_ms.push_back(Ms(e->arrived - t0));
      post_ms.push_back(Ms(t1 - t0));
      event_after_reply_ms.push_back(Ms(e->arrived - t1));
      if (e->arrived < t1) ++event_first;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  CpuWindow::Shares shares = cpu.Stop();
  std::this_thread::sleep_for(milliseconds(300));
  if (stream.pending() != 0) Fail(std::to_string(stream.pending()) + " unexpected extra events");
  if (stream.resyncs() != 0) Fail("the stream overflowed (resync)");

  ReadOnlyDb db(server.db_path());
  int mismatched = 0;
  std::set<int64_t> seen;
  for (const auto& [session, id] : pairs) {
    auto rows = db.Query("SELECT c.chat_id FROM handoffs h JOIN conversations c ON "
                         "c.id = h.conversation_id WHERE h.id = " + std::to_string(id));
    if (rows.size() != 1 || rows[0][0] != session || !seen.insert(id).second) ++mismatched;
  }
  if (mismatched) Fail(std::to_string(mismatched) + " events did not match their escalation");

  Stats ev = Summarize(event_ms), post = Summarize(post_ms);
  std::printf("%d samples after %d warm-up, one at a time, 10 ms apart; every event matched its "
              "session in the database: %s\n\n",
              o.samples, o.warmup, mismatched ? "NO" : "yes");
  std::printf("| ms                                 |     n |      p50 |      p90 |      p99 |"
              "     mean |      max |\n|---|---:|---:|---:|---:|---:|---:|\n");
  PrintStatsRow("POST webchat message (round trip)", post);
  PrintStatsRow("POST start -> SSE created event", ev);
  PrintStatsRow("POST reply -> SSE event (signed)", Summarize(event_after_reply_ms));
  std::printf("\nratio event / POST round trip: p50 %.2f, p90 %.2f, p99 %.2f; event before the "
              "POST's reply in %d of %zu\n",
              ev.p50 / post.p50, ev.p90 / post.p90, ev.p99 / post.p99, event_first, ev.n);
  std::printf("%s\n", CpuText(shares).c_str());
}

// ---------------------------------------------------------------- 2. claims

struct ClaimWorker {
  Volunteer v;
  std::unique_ptr<httplib::Client> client;
  std::vector<int64_t> order;
  std::vector<int64_t> won;
  std::vector<double> win_ms, lost_ms;
  int already_claimed = 0, capacity_reached = 0, other = 0, attempts = 0;
  std::string other_example;
};

// Runs `body(worker)` on one thread per worker, started together; returns the
// wall time from the start to the last thread's end.
template <typename Body>
double RunTogether(std::vector<ClaimWorker>& workers, Body body) {
  std::latch ready(static_cast<ptrdiff_t>(workers.size()));
  std::latch go(1);
  std::vector<std::thread> threads;
  for (ClaimWorker& w : workers) {
    threads.emplace_back([&] {
      ready.count_down();
      go.wait();
      body(w);
    });
  }
  ready.wait();
  auto start = Clock::now();
  go.count_down();
  for (std::thread& t : threads) t.join();
  return Secs(Clock::now() - start);
}

struct ClaimResult {
  std::string mode;
  double me_per_s = 0;
  double claim_wall_s = 0;
  int wins = 0, attempts = 0, already = 0, capacity = 0, other = 0;
  Stats win, lost;
  bool verified = false;
  int listed = 0;
  CpuWindow::Shares me_cpu, claim_cpu;
};

ClaimResult RunClaims(const Options& o, bool shuffled) {
  ClaimResult out;
  out.mode = shuffled ? "shuffled" : "contended (same order)";
  TempDir dir(o.keep);
  Server server(dir, BaseConfig(3600));
  server.Start();
  const int capacity = 50;  // the maximum `user add --capacity` allows
  if (o.handoffs > capacity * o.volunteers) Die("--handoffs must be at most 50 x --volunteers");

  std::vector<ClaimWorker> workers(static_cast<size_t>(o.volunteers));
  {
    auto api = MakeClient(server.port());
    for (int i = 0; i < o.volunteers; ++i) {
      std::string name = Fmt("vol%d", i + 1);
      workers[i].v = Login(*api, name, server.AddUser(name, "tanphong", capacity));
      workers[i].client = MakeClient(server.port());
    }
  }

  // The waiting handoffs, made by citizens in parallel (one source address each).
  std::string nonce = Nonce();
  {
    std::vector<std::thread> citizens;
    int per = (o.handoffs + o.volunteers - 1) / o.volunteers;
    for (int k = 0; k < o.volunteers; ++k) {
      citizens.emplace_back([&, k] {
        auto client = MakeClient(server.port(), 20 + k);
        for (int i = k * per; i < std::min(o.handoffs, (k + 1) * per); ++i) {
          if (!Escalate(*client, Fmt("claim-%s-%05d", nonce.c_str(), i), kHumanRequest)) return;
        }
      });
    }
    for (std::thread& t : citizens) t.join();
  }
  std::vector<int64_t> ids;
  {
    ReadOnlyDb db(server.db_path());
    for (auto& row : db.Query("SELECT id FROM handoffs WHERE state = 'waiting' ORDER BY id")) {
      ids.push_back(std::stoll(row[0]));
    }
  }
  if (static_cast<int>(ids.size()) != o.handoffs) {
    Fail(Fmt("%zu waiting handoffs, expected %d", ids.size(), o.handoffs));
    return out;
  }
  Reply listed = Call(*workers[0].client, "GET", "/api/v1/handoffs?state=waiting",
                      workers[0].v.token);
  out.listed = listed.status == 200 ? static_cast<int>(listed.body["handoffs"].size()) : -1;

  // Baseline: the authenticated read path, same clients, same concurrency.
  CpuWindow me_cpu(server.pid());
  double me_wall = RunTogether(workers, [&](ClaimWorker& w) {
    for (int i = 0; i < o.me_requests; ++i) {
      Reply r = Call(*w.client, "GET", "/api/v1/me", w.v.token);
      if (r.status != 200) {
        ++w.other;
        w.other_example = "GET /me " + std::to_string(r.status);
      }
    }
  });
  out.me_cpu = me_cpu.Stop();
  out.me_per_s = o.volunteers * o.me_requests / me_wall;
  for (ClaimWorker& w : workers) {
    if (w.other) Fail(w.v.name + ": " + w.other_example);
    w.other = 0;
  }

  for (size_t k = 0; k < workers.size(); ++k) {
    workers[k].order = ids;
    if (shuffled) {
      std::mt19937 rng(static_cast<unsigned>(1000 + k));
      std::shuffle(workers[k].order.begin(), workers[k].order.end(), rng);
    }
  }
  CpuWindow claim_cpu(server.pid());
  out.claim_wall_s = RunTogether(workers, [&](ClaimWorker& w) {
    for (int64_t id : w.order) {
      if (static_cast<int>(w.won.size()) >= capacity) break;  // full: a volunteer stops here
      auto t0 = Clock::now();
      Reply r = Call(*w.client, "POST", "/api/v1/handoffs/" + std::to_string(id) + "/claim",
                     w.v.token);
      double ms = Ms(Clock::now() - t0);
      ++w.attempts;
      if (r.status == 200) {
        int64_t holder = r.body["handoff"]["claimed_by"].is_object()
                             ? r.body["handoff"]["claimed_by"].value("id", int64_t{0})
                             : 0;
        if (holder != w.v.id) {
          ++w.other;
          w.other_example = Fmt("200 for %lld but held by %lld", static_cast<long long>(id),
                                static_cast<long long>(holder));
        }
        w.won.push_back(id);
        w.win_ms.push_back(ms);
      } else if (r.status == 409 && r.code() == "already_claimed") {
        ++w.already_claimed;
        w.lost_ms.push_back(ms);
      } else if (r.status == 409 && r.code() == "capacity_reached") {
        ++w.capacity_reached;
        break;
      } else {
        ++w.other;
        w.other_example = std::to_string(r.status) + " " + r.body.dump();
      }
    }
  });

  out.claim_cpu = claim_cpu.Stop();
  std::map<int64_t, int64_t> winner;  // handoff -> user id
  std::vector<double> win_ms, lost_ms;
  for (ClaimWorker& w : workers) {
    if (w.other) Fail(w.v.name + ": " + std::to_string(w.other) + " unexpected: " + w.other_example);
    for (int64_t id : w.won) {
      if (!winner.emplace(id, w.v.id).second) {
        Fail(Fmt("double claim: handoff %lld answered 200 to two volunteers",
                 static_cast<long long>(id)));
      }
    }
    out.wins += static_cast<int>(w.won.size());
    out.attempts += w.attempts;
    out.already += w.already_claimed;
    out.capacity += w.capacity_reached;
    out.other += w.other;
    win_ms.insert(win_ms.end(), w.win_ms.begin(), w.win_ms.end());
    lost_ms.insert(lost_ms.end(), w.lost_ms.begin(), w.lost_ms.end());
  }
  out.win = Summarize(win_ms);
  out.lost = Summarize(lost_ms);

  // The database: every handoff claimed, by the volunteer who got the 200,
  // and exactly one "đã nhận" notice in its conversation.
  ReadOnlyDb db(server.db_path());
  auto rows = db.Query(
      "SELECT h.id, h.state, COALESCE(h.claimed_by, 0), "
      "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = h.conversation_id AND "
      "m.author = 'system' AND instr(m.text, 'đã nhận') > 0) FROM handoffs h ORDER BY h.id");
  int bad = 0;
  for (auto& row : rows) {
    int64_t id = std::stoll(row[0]);
    auto it = winner.find(id);
    bool ok = row[1] == "claimed" && it != winner.end() && std::stoll(row[2]) == it->second &&
              row[3] == "1";
    if (!ok) {
      if (bad < 5) {
        Fail(Fmt("handoff %s: state %s, claimed_by %s, %s notices", row[0].c_str(),
                 row[1].c_str(), row[2].c_str(), row[3].c_str()));
      }
      ++bad;
    }
  }
  if (bad) Fail(Fmt("%d handoffs not claimed exactly once", bad));
  if (static_cast<int>(rows.size()) != o.handoffs || out.wins != o.handoffs) {
    Fail(Fmt("%zu handoffs in the database, %d claims won, expected %d", rows.size(), out.wins,
             o.handoffs));
  }
  out.verified = bad == 0 && out.wins == o.handoffs && static_cast<int>(rows.size()) == o.handoffs;
  return out;
}

void PrintClaimRow(const std::string& label, const ClaimResult& r, int handoffs) {
  double claims = r.wins / r.claim_wall_s;
  std::printf("| %s | %.0f | %.0f | %.0f | %.3f | %.3f | %d | %d | %d | %.2f / %.2f | "
              "%.2f / %.2f | %.0f / %.0f / %.0f | %.0f | %s (%d/%d) |\n",
              label.c_str(), claims, r.attempts / r.claim_wall_s, r.me_per_s, claims / r.me_per_s,
              r.claim_wall_s, r.attempts, r.already, r.capacity, r.win.p50, r.win.p99, r.lost.p50,
              r.lost.p99, r.claim_cpu.server, r.claim_cpu.self, r.claim_cpu.other, r.me_cpu.other,
              r.verified ? "yes" : "NO", r.wins, handoffs);
}

void RunClaimsBoth(const Options& o) {
  std::printf("\n## 2. Concurrent claims: %d volunteers (capacity 50 each), %d waiting handoffs, "
              "%d rounds per case (fresh server each)\n\n",
              o.volunteers, o.handoffs, o.rounds);
  std::vector<ClaimResult> contended, shuffled;
  for (int round = 0; round < o.rounds; ++round) {  // interleaved, so drift hits both
    contended.push_back(RunClaims(o, false));
    shuffled.push_back(RunClaims(o, true));
  }
  std::printf("| case | claims/s | attempts/s | GET /me/s (baseline) | claims/s ÷ GET /me/s | "
              "wall s | attempts | 409 already_claimed | 409 capacity | claim p50 / p99 ms | "
              "409 p50 / p99 ms | CPU %% server / bench / other (claims) | other %% (GET /me) | "
              "exactly once (SQLite) |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (auto* rows : {&contended, &shuffled}) {
    for (size_t i = 0; i < rows->size(); ++i) {
      const ClaimResult& r = (*rows)[i];
      PrintClaimRow(r.mode + " #" + std::to_string(i + 1), r, o.handoffs);
    }
  }
  // A round counts as quiet when other processes used under 5 % of the CPUs
  // in both of its windows; the medians use the quiet rounds when there are any.
  std::printf("\nmedian over the rounds (quiet rounds only, when any: other CPU < 5 %% while "
              "measuring both GET /me and claims):\n\n| case | rounds used | claims/s | attempts/s | "
              "GET /me/s | claims/s ÷ GET /me/s | 409 already_claimed |\n"
              "|---|---:|---:|---:|---:|---:|---:|\n");
  for (auto* all : {&contended, &shuffled}) {
    std::vector<ClaimResult> quiet;
    for (const ClaimResult& r : *all) {
      if (r.claim_cpu.other < 5 && r.me_cpu.other < 5) quiet.push_back(r);
    }
    const std::vector<ClaimResult>& rows = quiet.empty() ? *all : quiet;
    auto median = [&](auto field) {
      std::vector<double> v;
      for (const ClaimResult& r : rows) v.push_back(field(r));
      return Summarize(v).p50;
    };
    std::printf("| %s | %zu%s | %.0f | %.0f | %.0f | %.3f | %.0f |\n", (*all)[0].mode.c_str(),
                rows.size(), quiet.empty() ? " (none quiet: all)" : " quiet",
                median([](const ClaimResult& r) { return r.wins / r.claim_wall_s; }),
                median([](const ClaimResult& r) { return r.attempts / r.claim_wall_s; }),
                median([](const ClaimResult& r) { return r.me_per_s; }),
                median([](const ClaimResult& r) { return r.wins / r.claim_wall_s / r.me_per_s; }),
                median([](const ClaimResult& r) { return static_cast<double>(r.already); }));
  }
  std::printf("\nGET /api/v1/handoffs?state=waiting listed %d of the %d waiting handoffs\n",
              contended[0].listed, o.handoffs);
}

// ---------------------------------------------------------------- 3. positions

struct PositionResult {
  std::string scenario;
  int n = 0, urgent = 0;
  int exact_first = 0, exact_last = 0;
  double mae_first = 0, mae_last = 0;
  int max_err_first = 0, max_err_last = 0;
  int normal_wrong_last = 0, urgent_wrong_last = 0;
  int wrong_last = 0, explained_last = 0;  // by urgent arrivals after the notice
  bool complete = false;
};

PositionResult RunPositions(const Options& o, int arrival_ms) {
  PositionResult out;
  out.scenario = arrival_ms == 0 ? "burst (back to back)"
                                 : Fmt("spread (one every %d ms)", arrival_ms);
  out.n = o.positions;
  out.urgent = o.urgent;
  TempDir dir(o.keep);
  json config = BaseConfig(1);
  config["handoff"]["capacity"] = 50;
  Server server(dir, config);
  server.Start();
  auto api = MakeClient(server.port());
  int capacity = std::min(50, o.positions);
  Volunteer lan = Login(*api, "lan", server.AddUser("lan", "phuhoa", capacity));

  std::vector<int> order(static_cast<size_t>(o.positions));
  for (int i = 0; i < o.positions; ++i) order[i] = i;
  std::mt19937 rng(7);
  std::shuffle(order.begin(), order.end(), rng);
  std::set<int> urgent(order.begin(), order.begin() + std::min(o.urgent, o.positions));

  std::string nonce = Nonce();
  std::vector<std::unique_ptr<httplib::Client>> posters;
  for (int i = 0; i < (o.positions + 49) / 50; ++i) posters.push_back(MakeClient(server.port(), 40 + i));
  std::map<std::string, bool> session_urgent;
  for (int i = 0; i < o.positions; ++i) {
    std::string session = Fmt("pos-%s-%05d", nonce.c_str(), i);
    bool u = urgent.count(i) > 0;
    if (!Escalate(*posters[i / 50], session, u ? kUrgent : kHumanRequest)) return out;
    session_urgent[session] = u;
    if (arrival_ms > 0) std::this_thread::sleep_for(milliseconds(arrival_ms));
  }

  // Each citizen is told twice: when the commune's SLA runs out (the handoff
  // goes to the district too) and when the district's does (nobody above).
  ReadOnlyDb db(server.db_path());
  const std::string notices_sql =
      "SELECT h.id, m.text, h.priority, m.created_at FROM handoffs h JOIN messages m ON "
      "m.conversation_id = h.conversation_id WHERE m.author = 'system' AND m.direction = 'out' AND "
      "instr(m.text, 'vị trí thứ') > 0 ORDER BY m.id";
  auto deadline = Clock::now() + std::chrono::seconds(30);
  std::vector<std::vector<std::string>> notices;
  while (Clock::now() < deadline) {
    notices = db.Query(notices_sql);
    if (static_cast<int>(notices.size()) >= 2 * o.positions) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  std::map<int64_t, std::vector<int>> told;
  std::map<int64_t, int64_t> last_told_at;
  std::map<int64_t, int> priority;
  std::regex number("vị trí thứ ([0-9]+)");
  for (auto& row : notices) {
    std::smatch m;
    if (!std::regex_search(row[1], m, number)) continue;
    told[std::stoll(row[0])].push_back(std::stoi(m[1]));
    priority[std::stoll(row[0])] = std::stoi(row[2]);
    last_told_at[std::stoll(row[0])] = std::stoll(row[3]);
  }
  if (static_cast<int>(told.size()) != o.positions) {
    Fail(Fmt("%zu of %d citizens were told a position", told.size(), o.positions));
    return out;
  }
  auto urgent_rows = db.Query("SELECT COUNT(*) FROM handoffs WHERE priority > 0");
  if (std::stoi(urgent_rows[0][0]) != o.urgent) {
    Fail(Fmt("%s urgent handoffs, expected %d", urgent_rows[0][0].c_str(), o.urgent));
  }

  std::map<int64_t, int64_t> created_at;
  for (auto& row : db.Query("SELECT id, created_at FROM handoffs")) {
    created_at[std::stoll(row[0])] = std::stoll(row[1]);
  }

  // The district volunteer takes the head of the waiting list each time.
  std::map<int64_t, int> rank;
  for (int r = 1; r <= o.positions; ++r) {
    Reply list = Call(*api, "GET", "/api/v1/handoffs?state=waiting", lan.token);
    if (list.status != 200 || list.body["handoffs"].empty()) {
      Fail(Fmt("waiting list at rank %d: %d %s", r, list.status, list.body.dump().c_str()));
      return out;
    }
    int64_t head = list.body["handoffs"][0]["id"];
    Reply claim = Call(*api, "POST", "/api/v1/handoffs/" + std::to_string(head) + "/claim",
                       lan.token);
    if (claim.status != 200) {
      Fail(Fmt("claim %lld: %d %s", static_cast<long long>(head), claim.status,
               claim.body.dump().c_str()));
      return out;
    }
    rank[head] = r;
  }

  for (auto& [id, positions] : told) {
    if (!rank.count(id)) {
      Fail(Fmt("handoff %lld was never claimed", static_cast<long long>(id)));
      continue;
    }
    int r = rank[id];
    int first = positions.front(), last = positions.back();
    out.exact_first += first == r;
    out.exact_last += last == r;
    out.mae_first += std::abs(first - r);
    out.mae_last += std::abs(last - r);
    out.max_err_first = std::max(out.max_err_first, std::abs(first - r));
    out.max_err_last = std::max(out.max_err_last, std::abs(last - r));
    if (last != r) {
      (priority[id] > 0 ? out.urgent_wrong_last : out.normal_wrong_last)++;
      // Urgent citizens who arrived after this notice and were served first.
      int jumped = 0;
      for (auto& [other, at] : created_at) {
        if (priority[other] > 0 && at > last_told_at[id] && rank[other] < r) ++jumped;
      }
      ++out.wrong_last;
      out.explained_last += last + jumped == r;
    }
  }
  out.mae_first /= o.positions;
  out.mae_last /= o.positions;
  out.complete = true;
  return out;
}

void RunPositionsBoth(const Options& o) {
  std::printf("\n## 3. Queue position accuracy: %d citizens (%d urgent), SLA 1 s commune + 1 s "
              "district\n\n",
              o.positions, o.urgent);
  std::vector<PositionResult> results = {RunPositions(o, 0)};
  for (int round = 0; round < o.position_rounds; ++round) {
    results.push_back(RunPositions(o, o.arrival_ms));
  }
  std::printf("| arrivals | first notice exact | last notice exact | mean abs error first / last "
              "| max error first / last | wrong last: normal / urgent | wrong last explained by "
              "later urgent arrivals |\n|---|---:|---:|---:|---:|---:|---:|\n");
  int first = 0, last = 0, n = 0;
  for (const PositionResult& r : results) {
    if (!r.complete) continue;
    std::printf("| %s | %d/%d (%.0f %%) | %d/%d (%.0f %%) | %.2f / %.2f | %d / %d | %d / %d | "
                "%d/%d |\n",
                r.scenario.c_str(), r.exact_first, r.n, 100.0 * r.exact_first / r.n,
                r.exact_last, r.n, 100.0 * r.exact_last / r.n, r.mae_first, r.mae_last,
                r.max_err_first, r.max_err_last, r.normal_wrong_last, r.urgent_wrong_last,
                r.explained_last, r.wrong_last);
    if (&r != &results.front()) {
      first += r.exact_first;
      last += r.exact_last;
      n += r.n;
    }
  }
  if (n > 0) {
    std::printf("\nspread, all rounds: first notice exact %d/%d (%.0f %%), last notice exact "
                "%d/%d (%.0f %%)\n",
                first, n, 100.0 * first / n, last, n, 100.0 * last / n);
  }
}

// ---------------------------------------------------------------- main

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    auto number = [&]() {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < 0) Die("bad number for " + a + ": " + v);
      return static_cast<int>(n);
    };
    if (a == "--only") o.only = value();
    else if (a == "--samples") o.samples = number();
    else if (a == "--warmup") o.warmup = number();
    else if (a == "--handoffs") o.handoffs = number();
    else if (a == "--volunteers") o.volunteers = number();
    else if (a == "--me-requests") o.me_requests = number();
    else if (a == "--rounds") o.rounds = number();
    else if (a == "--positions") o.positions = number();
    else if (a == "--urgent") o.urgent = number();
    else if (a == "--arrival-ms") o.arrival_ms = number();
    else if (a == "--position-rounds") o.position_rounds = number();
    else if (a == "--keep") o.keep = true;
    else Die("unknown argument " + a + " (see the comment at the top of bench/volunteer_queue.cpp)");
  }
  if (!o.only.empty() && o.only != "latency" && o.only != "claims" && o.only != "positions") {
    Die("--only latency|claims|positions");
  }
  if (o.samples < 1 || o.rounds < 1 || o.volunteers < 1 || o.handoffs < 1 || o.positions < 1 ||
      o.positions > 50 || o.urgent > o.positions) {
    Die("need samples, volunteers, handoffs >= 1; 1 <= positions <= 50; urgent <= positions");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = ParseArgs(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("# volunteer_queue: %s, %u hardware threads, load average %.2f %.2f %.2f\n",
              TrolysoBinary().c_str(), std::thread::hardware_concurrency(), load[0], load[1],
              load[2]);
  if (o.only.empty() || o.only == "latency") RunLatency(o);
  if (o.only.empty() || o.only == "claims") RunClaimsBoth(o);
  if (o.only.empty() || o.only == "positions") RunPositionsBoth(o);
  if (g_failures) {
    std::fprintf(stderr, "\nvolunteer_queue: %d correctness check(s) FAILED\n", g_failures);
    return 1;
  }
  std::printf("\nall correctness checks passed\n");
  return 0;
}
