#pragma once
// What the engine knows about one live run while its Lua coroutine executes: who it acts as,
// where its actions run, and what it has recorded so far (log lines, action calls). Natives find
// it by run id in the run_directory.
//
// Thread-safety: `executor`, `services`, `actor`, ids and names are set before the run starts
// and read-only afterwards (`journal` is itself thread-safe where run_journal.hpp says so). The
// recorded lists are guarded by `mutex`, because listing a running run reads them from another
// thread.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "engine/model/principal.hpp"
#include "engine/plugin/action.hpp"
#include "engine/runner/action_record.hpp"
#include "engine/runner/run_journal.hpp"

namespace tocsin::runner {

// Most log lines kept per run; later ones are counted, not stored.
inline constexpr std::size_t max_log_lines = 1000;

struct run_scope {
    std::string run_id;
    std::string playbook;
    boost::asio::any_io_executor executor;  // the run's strand
    std::shared_ptr<const plugin::services> services;
    model::principal actor;
    std::atomic<std::uint64_t> next_sequence{0};  // action calls so far (replayed ones too)
    std::shared_ptr<run_journal> journal;

    mutable std::mutex mutex;
    std::vector<action_call_record> actions;        // guarded by mutex, in completion order
    nlohmann::json logs = nlohmann::json::array();  // guarded by mutex
    std::size_t dropped_logs = 0;                   // guarded by mutex

    void add_action(action_call_record record);
    void add_log(std::string_view level, std::string_view message);
    nlohmann::json actions_json() const;
    nlohmann::json logs_json() const;
};

}  // namespace tocsin::runner
