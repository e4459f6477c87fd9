#pragma once
// Starting a run from a request that waits for its outcome: the synchronous webhook and the form
// trigger answer their caller with what the playbook returned, up to a deadline.
// Thread-safety: call from a handler coroutine on an I/O thread; the run is registered on the
// blocking pool (registering writes the run record to the store).

#include <chrono>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "engine/api/context.hpp"
#include "engine/runner/runner_component.hpp"
#include "engine/store/run_record.hpp"

namespace tocsin::triggers {

// Starts `run` and resumes with its final record, or with nullopt once `timeout` has passed (the
// run goes on; answer 202 with api::run_accepted). Throws tocsin::error when the run cannot start
// (bad params, shutting down).
boost::asio::awaitable<std::optional<store::run_record>> run_and_wait(
    api::context& ctx, runner::runner_component& runner, runner::run_request run,
    std::chrono::milliseconds timeout);

}  // namespace tocsin::triggers
