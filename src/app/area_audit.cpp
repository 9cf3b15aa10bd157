#include "app/area_audit.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "store/audit_repository.h"

namespace trolyso::app {
namespace {

constexpr const char* kAction = "areas.config";

// One line per area, sorted by id: "tanphong: Xã Tân Phong; thuộc phuhoa; ...".
std::map<std::string, std::string> Describe(const std::vector<handoff::Area>& areas) {
  std::map<std::string, std::string> lines;
  for (const handoff::Area& a : areas) {
    std::string line = a.name;
    if (!a.parent.empty()) line += "; thuộc " + a.parent;
    if (a.sla_ms > 0) line += "; chờ " + std::to_string(a.sla_ms / 60000) + " phút";
    if (!a.notify_chat_id.empty()) line += "; báo nhóm qua trang " + a.notify_page;
    lines[a.id] = line;
  }
  return lines;
}

std::string Join(const std::map<std::string, std::string>& lines) {
  std::string out;
  for (const auto& [id, line] : lines) out += id + ": " + line + "\n";
  return out;
}

std::map<std::string, std::string> Parse(const std::string& detail) {
  std::map<std::string, std::string> lines;
  std::istringstream in(detail);
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) lines[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return lines;
}

std::string Summary(const std::map<std::string, std::string>& before,
                    const std::map<std::string, std::string>& after) {
  std::string added, removed, changed;
  auto add = [](std::string& list, const std::string& id) { list += (list.empty() ? "" : ", ") + id; };
  for (const auto& [id, line] : after) {
    auto old = before.find(id);
    if (old == before.end()) {
      add(added, id);
    } else if (old->second != line) {
      add(changed, id);
    }
  }
  for (const auto& [id, _] : before) {
    if (!after.count(id)) add(removed, id);
  }
  std::string out;
  if (!added.empty()) out += "thêm " + added;
  if (!removed.empty()) out += std::string(out.empty() ? "" : "; ") + "bỏ " + removed;
  if (!changed.empty()) out += std::string(out.empty() ? "" : "; ") + "sửa " + changed;
  return out;
}

}  // namespace

Status RecordAreaChanges(store::Writer& writer, const std::vector<handoff::Area>& areas,
                         int64_t now_ms) {
  const std::map<std::string, std::string> now = Describe(areas);
  const std::string detail = Join(now);
  return writer.Run([&](store::Database& db) -> Status {
    auto last = store::LatestAudit(db, kAction);
    if (!last.ok()) return last.status();
    if (*last && (*last)->detail == detail) return Status::Ok();
    const std::map<std::string, std::string> before =
        *last ? Parse((*last)->detail) : std::map<std::string, std::string>{};
    const std::string summary = Summary(before, now);
    return store::AppendAudit(db, {0, now_ms, "config", kAction,
                                   summary.empty() ? "khu vực" : summary, detail});
  });
}

}  // namespace trolyso::app
