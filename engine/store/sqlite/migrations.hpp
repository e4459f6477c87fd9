#pragma once
// Versioned schema migrations. The database records every applied migration in
// schema_migrations(version, description, applied_at_ms); the schema version is the highest
// recorded. Migrations are append-only: a released migration is never edited, a change to the
// schema is a new entry at the end of the list.

#include <optional>
#include <span>
#include <string_view>

#include "engine/core/time.hpp"
#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

struct migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

// In ascending version order, starting at 1, without gaps.
std::span<const migration> migrations();
int latest_schema_version();

// The version recorded in the database; 0 for a new (empty) database.
int schema_version_of(connection& db);

// Applies every pending migration up to `target` (default: the latest), each in its own
// IMMEDIATE transaction so that a crash leaves the database at a whole version, and two
// processes starting together apply each migration once. Returns the version reached.
// Throws errc::storage when the database is at a version newer than this build knows: it was
// written by a newer Tocsin, and an older one must not write to it.
int migrate(connection& db, time_point now, std::optional<int> target = std::nullopt);

}  // namespace tocsin::store::sqlite
