#include "store/read_connections.h"

#include <map>
#include <memory>

namespace trolyso::store {

Result<Database*> ReadConnections::ForThisThread() const {
  // Keyed by path so two servers in one process (tests) never share one.
  thread_local std::map<std::string, std::unique_ptr<Database>> connections;
  auto& slot = connections[path_];
  if (!slot) {
    Result<std::unique_ptr<Database>> opened = Database::Open(path_, Database::Mode::kReadOnly);
    if (!opened.ok()) return opened.status();
    slot = std::move(opened).value();
  }
  return slot.get();
}

}  // namespace trolyso::store
