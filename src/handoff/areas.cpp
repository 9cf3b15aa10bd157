#include "handoff/areas.h"

#include <set>

namespace trolyso::handoff {

Result<AreaDirectory> AreaDirectory::Build(std::vector<Area> areas) {
  AreaDirectory dir;
  dir.areas_ = std::move(areas);
  for (size_t i = 0; i < dir.areas_.size(); ++i) {
    if (!dir.index_.emplace(dir.areas_[i].id, i).second) {
      return Status::InvalidArgument("areas", "duplicate id \"" + dir.areas_[i].id + "\"");
    }
  }
  for (const Area& area : dir.areas_) {
    if (!area.parent.empty() && !dir.Contains(area.parent)) {
      return Status::InvalidArgument("areas", "\"" + area.id + "\" has unknown parent \"" +
                                                  area.parent + "\"");
    }
    std::set<std::string_view> seen{area.id};
    for (const Area* up = dir.Find(area.parent); up != nullptr; up = dir.Find(up->parent)) {
      if (!seen.insert(up->id).second) {
        return Status::InvalidArgument("areas", "parents of \"" + area.id + "\" form a cycle");
      }
    }
  }
  return dir;
}

const Area* AreaDirectory::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &areas_[it->second];
}

const Area* AreaDirectory::Ancestor(std::string_view id, int levels) const {
  const Area* area = Find(id);
  for (int i = 0; i < levels && area != nullptr; ++i) {
    area = area->parent.empty() ? nullptr : Find(area->parent);
  }
  return area;
}

}  // namespace trolyso::handoff
