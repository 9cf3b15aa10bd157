// Areas (the volunteer teams and their hierarchy) change only in the config
// file, on restart. So that they too show in the audit log, each start-up
// compares them with the description last recorded and, when they differ,
// records the new one with what was added, removed or changed.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "handoff/areas.h"
#include "store/writer.h"

namespace trolyso::app {

Status RecordAreaChanges(store::Writer& writer, const std::vector<handoff::Area>& areas,
                         int64_t now_ms);

}  // namespace trolyso::app
