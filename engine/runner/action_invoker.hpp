#pragma once
// Runs one plugin action call to its final answer: per-attempt timeout, and engine-owned retries
// of retryable errors (errc::unavailable, errc::timeout) per the action's retry_policy with
// capped, jittered exponential backoff on Asio timers. No thread ever sleeps.
//
// Thread-safety: invoke_action() must be called on `executor` (a strand for multi-threaded
// io_contexts); `done` is called exactly once, on `executor`. The handler's completion may come
// from any thread, late or twice: only the first answer of the current attempt counts, and an
// answer after the attempt timed out is dropped.

#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/plugin/action.hpp"

namespace tocsin::runner {

using invoke_done = std::function<void(result<nlohmann::json> outcome, unsigned attempts)>;

// `services` must stay alive until `done` runs (hold it in a shared_ptr).
void invoke_action(const plugin::action_descriptor& action,
                   std::shared_ptr<const plugin::services> services, plugin::action_call call,
                   boost::asio::any_io_executor executor, invoke_done done);

}  // namespace tocsin::runner
