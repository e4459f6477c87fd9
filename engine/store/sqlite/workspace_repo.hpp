#pragma once
// Workspaces: created on their first write, looked up by their lower-case key, and the holders
// of the per-workspace incident number counter.

#include <cstdint>
#include <optional>

#include "engine/core/time.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

std::optional<std::int64_t> find_workspace(connection& db, const model::workspace_ref& ws);
// Inside a write transaction: the workspace's id, inserting it (with this spelling) when new.
std::int64_t ensure_workspace(connection& db, const model::workspace_ref& ws, time_point now);
// Inside a write transaction: the next incident number of the workspace. The counter only
// grows, so a number is never handed out twice, even after the incident holding it is deleted.
std::int64_t take_incident_number(connection& db, std::int64_t workspace_id);

}  // namespace tocsin::store::sqlite
