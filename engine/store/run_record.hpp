#pragma once
// Playbook run records and their journal, as the store keeps them (see the "playbook runs"
// section of store.hpp). The runner owns the meaning of the fields; the store only persists them.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"

namespace tocsin::store {

// Status text: "running", "succeeded", "failed", "timed-out", "limit-exceeded", "cancelled".
struct run_record {
    std::string id;
    std::string playbook;
    std::string version;
    std::string sha256;  // of the playbook source the run executed
    std::string source_path;
    // The source itself, kept once per sha256 so that a resumed run executes exactly what it
    // started with. put_run stores it when non-empty; find_run fills it, list_runs does not.
    std::string source;
    std::string trigger_kind;  // "incident", "alert", "manual", …
    nlohmann::json trigger = nlohmann::json::object();
    nlohmann::json params = nlohmann::json::object();
    std::string status = "running";
    time_point started{};
    std::optional<time_point> ended;
    std::string error;
    std::string traceback;
    nlohmann::json result;                             // run(ctx)'s first return value
    nlohmann::json logs = nlohmann::json::array();     // [{at, level, message}]
    nlohmann::json actions = nlohmann::json::array();  // [{sequence, name, input, …}]
};

struct run_query {
    std::optional<std::string> playbook;
    std::optional<std::string> status;
    std::size_t top = 50;  // newest first
};

// One step of a run, journaled as it happens (durable runs; engine/runner/run_journal.hpp gives
// the kinds and their data). Sequences are 1-based and dense per run.
struct journal_entry {
    std::string run_id;
    std::uint64_t sequence = 0;
    std::string kind;  // "clock", "action", "attempt", "cancel"
    nlohmann::json data;
};

// An "incident.created" / "alert.created" entry of the activity log: the durable record of a
// creation event, written in the transaction that created the incident or alert.
struct creation_event {
    std::int64_t id = 0;        // activity id; grows with commit order
    std::string workspace_key;  // "sub/rg/name", as domain_event::workspace_key
    std::string action;         // "incident.created" or "alert.created"
    std::string subject;        // incident name or system alert id
    std::string actor_type;     // to_string(model::principal::kind)
    std::string actor_id;
    std::string actor_name;
};

}  // namespace tocsin::store
