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

// One completed action call of a run, journaled as it completes (durable runs).
struct journal_entry {
    std::string run_id;
    std::uint64_t sequence = 0;
    std::string kind;  // "action"
    nlohmann::json data;
};

}  // namespace tocsin::store
