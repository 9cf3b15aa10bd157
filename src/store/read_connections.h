// ReadConnections: one read-only SQLite connection per calling thread, opened
// on first use. SQLite connections must not be shared between threads that
// run at once; WAL lets these readers run beside the single writer.
// Thread-safe; connections close when their thread exits.
#pragma once

#include <string>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

class ReadConnections {
 public:
  explicit ReadConnections(std::string path) : path_(std::move(path)) {}

  // This thread's connection to the database.
  Result<Database*> ForThisThread() const;

 private:
  const std::string path_;
};

}  // namespace trolyso::store
