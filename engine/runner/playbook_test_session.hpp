#pragma once
// One case of a playbook test while it runs: its temporary store, the run of the playbook under
// test, and the conversation between that run and the test driver (the sandboxed Lua code that
// runs the case, playbook_test_driver.hpp).
//
// The conversation. The driver calls start(spec), which starts the playbook run, then receives
// events one at a time: {event = "call", id, name, action, input} for each action call the case
// answers, to which the driver replies with reply{id, output | error} (and gets the next event);
// finally {event = "done", run = run_view(record)} once the run's record is written.
// Which calls the case answers: those of its stubbed actions; the others run the real plugin
// on the temporary store when the case runs on it or marks the action real (stub.real), and
// otherwise go to the driver too, which fails the case for the missing stub.
//
// Every case gets a fresh SQLite store in a temporary directory: the playbook's run record and
// journal go there, as do the actions of store cases and the driver's own tocsin.* calls (setup
// and checks). close() closes it and removes the directory, but the store object lives as long
// as the session: work of an ended run can still be queued (a retry timer, a real action that
// outlived a cancelled run), and it then fails with errc::unavailable instead of touching freed
// memory. The runner keeps closed sessions until its I/O has stopped.
//
// Thread-safety: start() and reply() run on the driver's executor (they are its natives);
// answers(), forward() and the record's delivery come from any thread; finish(), close() and the
// destructor from the thread that runs the case, after the driver ended, never from a thread of
// the I/O context or the blocking pool.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/lua/limits.hpp"
#include "engine/lua/natives.hpp"
#include "engine/model/workspace.hpp"
#include "engine/plugin/action.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/playbook_test_routing.hpp"
#include "engine/runner/scheduler.hpp"
#include "engine/store/run_record.hpp"

namespace tocsin::runner {

// What every case shares; the objects referenced are owned by the test runner and outlive its
// sessions.
struct playbook_test_environment {
    boost::asio::io_context& io;  // run by one thread
    blocking_pool& blocking;
    const plugin::registry& plugins;  // routed through `sessions` (route_actions_to_tests)
    playbook_test_sessions& sessions;
    unsigned blocking_threads = 1;  // of `blocking`: how many tasks it takes to drain it
    lua::limits limits;             // the engine's per-run limits; a case may only lower them
    std::vector<std::filesystem::path> module_dirs;  // what the playbook's require() searches
    model::workspace_ref workspace;
};

class playbook_test_session : public std::enable_shared_from_this<playbook_test_session> {
  public:
    // Creates the temporary store. Throws tocsin::error(storage) when it cannot.
    playbook_test_session(const playbook_test_environment& env, definition_ptr playbook);
    ~playbook_test_session();  // close()s
    playbook_test_session(const playbook_test_session&) = delete;
    playbook_test_session& operator=(const playbook_test_session&) = delete;

    // For the driver's own action calls: the temporary store and the default workspace.
    std::shared_ptr<const plugin::services> services() const { return services_; }

    // ---- the driver's natives ----
    // spec: {trigger, params, trigger_kind, stubs: [names], real: [names], store: bool, limits}.
    // Answers the
    // first event, or an error_info (the driver fails the case with it) for a spec the playbook
    // or the limits refuse.
    lua::native_result start(const nlohmann::json& spec, lua::native_call& call);
    // answer: {id, output} or {id, error = {code, message[, field]}}. Completes that call and
    // answers the next event; an error_info for a malformed error (unknown code, …).
    lua::native_result reply(const nlohmann::json& answer, lua::native_call& call);

    // ---- the routed handlers ----
    bool answers(const std::string& name, const std::string& action) const;
    void forward(std::string name, std::string action, nlohmann::json input,
                 plugin::completion done);

    // ---- the end of the case ----
    struct ending {
        std::optional<store::run_record> record;  // none when the run never started
        bool stopped = false;  // the run was still live when the driver ended, and was cancelled
    };
    // Cancels the run if it is still live, then waits up to `wait` for its record. Calls still
    // waiting for the driver's answer then get errc::cancelled, which ends their retries.
    ending finish(std::chrono::milliseconds wait);
    // Lets work queued for the store settle (best effort, bounded), then closes the store and
    // removes its directory. Idempotent.
    void close();

  private:
    lua::native_result next_event(lua::native_call& call);
    void deliver(nlohmann::json event);
    void on_record(const store::run_record& record);

    struct scratch_dir {
        std::filesystem::path path;
        scratch_dir();
        ~scratch_dir() { remove(); }
        void remove() noexcept;
    };

    const playbook_test_environment env_;
    const definition_ptr playbook_;
    scratch_dir dir_;
    event_bus bus_;
    std::unique_ptr<store::store> store_;
    std::shared_ptr<const plugin::services> services_;
    std::unique_ptr<runner::scheduler> scheduler_;  // built by start(), with the case's limits

    mutable std::mutex mutex_;
    std::condition_variable ended_;
    bool started_ = false;                      // guarded by mutex_
    std::string run_id_;                        // guarded by mutex_
    bool store_mode_ = false;                   // guarded by mutex_
    std::set<std::string, std::less<>> stubs_;  // guarded by mutex_: answered by the driver
    std::set<std::string, std::less<>> real_;   // guarded by mutex_: run by the plugin
    std::deque<nlohmann::json> events_;         // guarded by mutex_: not yet taken by the driver
    std::optional<lua::completion> waiter_;     // guarded by mutex_: the driver, when it waits
    std::map<std::uint64_t, plugin::completion> calls_;  // guarded by mutex_: unanswered calls
    std::uint64_t next_call_ = 0;                        // guarded by mutex_
    std::optional<store::run_record> record_;            // guarded by mutex_
    bool closed_ = false;                                // the case's thread only
};

}  // namespace tocsin::runner
