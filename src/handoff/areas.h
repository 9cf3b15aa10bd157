// AreaDirectory: the teams that answer escalations — communes, and the
// districts above them — as configured. A handoff nobody claims within its
// area's SLA is offered to the parent area as well. Immutable after
// construction; shared read-only between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trolyso::handoff {

struct Area {
  std::string id;
  std::string name;    // Vietnamese, shown in the console
  std::string parent;  // empty at the top
  int64_t sla_ms = 0;  // how long a handoff waits here before the parent is asked too
  // Where the team hears of new handoffs (a Telegram group of the team's
  // volunteers), through a Telegram page's bot; empty: no notices.
  std::string notify_page;
  std::string notify_chat_id;
};

class AreaDirectory {
 public:
  AreaDirectory() = default;
  // Fails on a duplicate id, a parent that is not listed, or a cycle.
  static Result<AreaDirectory> Build(std::vector<Area> areas);

  const Area* Find(std::string_view id) const;
  bool Contains(std::string_view id) const { return Find(id) != nullptr; }
  // The ancestor `levels` steps up (1 = parent); nullptr past the top.
  const Area* Ancestor(std::string_view id, int levels) const;
  const std::vector<Area>& all() const { return areas_; }

 private:
  std::vector<Area> areas_;                      // in configuration order
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace trolyso::handoff
