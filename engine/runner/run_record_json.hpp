#pragma once
// Run records as JSON, for the CLI and diagnostics: {id, playbook, version, sha256, trigger:
// {kind, payload}, params, status, startedUtc, endedUtc, error, traceback, result, logs, actions}.

#include <nlohmann/json.hpp>

#include "engine/store/run_record.hpp"

namespace tocsin::runner {

nlohmann::json to_json(const store::run_record& record);

}  // namespace tocsin::runner
