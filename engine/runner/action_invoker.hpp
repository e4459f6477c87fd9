#pragma once
// Runs one plugin action call to its final answer: per-attempt timeout, and engine-owned retries
// of retryable errors (errc::unavailable, errc::timeout) per the action's retry_policy with
// capped, jittered exponential backoff on Asio timers. No thread ever sleeps.
// The retry state can be carried across an engine restart: a resumed call starts with the
// attempts that already failed (invoke_options::failed_attempts) and waits what is left of the
// backoff (first_delay); on_retry reports each retry as it is scheduled, for the run's journal.
//
// Thread-safety: invoke_action() must be called on `executor` (a strand for multi-threaded
// io_contexts); `done` is called exactly once, on `executor`. The handler's completion may come
// from any thread, late or twice: only the first answer of the current attempt counts, and an
// answer after the attempt timed out is dropped.

#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/plugin/action.hpp"

namespace tocsin::runner {

using invoke_done = std::function<void(result<nlohmann::json> outcome, unsigned attempts)>;

struct invoke_options {
    plugin::retry_policy retry;                // usually the action's, with the call's overrides
    unsigned failed_attempts = 0;              // attempts that failed before a restart
    std::chrono::milliseconds first_delay{0};  // wait before the first attempt made here
    // Called on `executor` when a retry is scheduled: attempts failed so far, the delay, and the
    // error of the last attempt.
    std::function<void(unsigned failed, std::chrono::milliseconds delay, const error_info& error)>
        on_retry;
};

// `services` must stay alive until `done` runs (hold it in a shared_ptr). `attempts` counts the
// attempts before a restart too.
void invoke_action(const plugin::action_descriptor& action,
                   std::shared_ptr<const plugin::services> services, plugin::action_call call,
                   boost::asio::any_io_executor executor, invoke_options options, invoke_done done);
// With the action's own retry policy and no earlier attempts.
void invoke_action(const plugin::action_descriptor& action,
                   std::shared_ptr<const plugin::services> services, plugin::action_call call,
                   boost::asio::any_io_executor executor, invoke_done done);

}  // namespace tocsin::runner
