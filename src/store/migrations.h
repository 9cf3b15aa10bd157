// Numbered schema migrations, applied in order at start-up.
//
// The schema version lives in SQLite's user_version. Each migration runs in
// its own transaction together with the version bump, so a crash mid-upgrade
// leaves the previous version intact. Migrations are append-only: never edit
// one that has shipped, add the next number.
#pragma once

#include "core/status.h"
#include "store/database.h"

namespace trolyso::store {

// Brings `db` to the latest schema. Fails if the file is newer than this
// binary (a downgrade), rather than guessing.
Status ApplyMigrations(Database& db);

// The schema version this binary writes.
int LatestSchemaVersion();

}  // namespace trolyso::store
