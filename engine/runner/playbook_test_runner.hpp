#pragma once
// Runs playbook test files (`tocsin playbook test`). For each file: load the playbook under test
// as the engine would, list the file's cases, then run each case on its own: a fresh temporary
// store, a scheduler with the case's limits, the playbook run with its actions routed to the
// case's stubs (playbook_test_routing.hpp), and the test driver, a sandboxed Lua run that
// answers the stubs and checks the expectations (playbook_test_driver.hpp).
//
// Cases run one after another, in name order; a case never sees another's store or globals.
// Thread-safety: one thread at a time may call run().

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/lua/limits.hpp"
#include "engine/lua/natives.hpp"
#include "engine/lua/run.hpp"
#include "engine/model/workspace.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/playbook_test_files.hpp"
#include "engine/runner/playbook_test_result.hpp"
#include "engine/runner/playbook_test_routing.hpp"
#include "engine/runner/run_directory.hpp"

namespace tocsin::runner {

class playbook_test_session;

struct playbook_test_options {
    // Adds the plugins playbooks may call (built-in and configured); called twice, for the
    // playbook's registry and the test's own.
    std::function<void(plugin::registry&)> plugins;
    lua::limits limits;              // per playbook run: the engine's runner.* limits
    model::workspace_ref workspace;  // actions' default workspace
    // Searched by require() after the playbook's own directory (the test's: after _tests/ and
    // the playbook's directory).
    std::vector<std::filesystem::path> module_dirs;
    std::string filter;  // only cases whose name contains it, ignoring case; empty: all
};

class playbook_test_runner {
  public:
    using case_done = std::function<void(const playbook_test_case_result&)>;

    // Throws tocsin::error when the plugins cannot be registered.
    explicit playbook_test_runner(playbook_test_options options);
    ~playbook_test_runner();
    playbook_test_runner(const playbook_test_runner&) = delete;
    playbook_test_runner& operator=(const playbook_test_runner&) = delete;

    // Runs the cases of `file` that pass the filter, calling `on_case` after each. A playbook or
    // test file that cannot be loaded is one failed result with no case name. Never throws for
    // what a test file or playbook does.
    std::vector<playbook_test_case_result> run(const playbook_test_file& file,
                                               const case_done& on_case = {});

  private:
    struct driver_result {
        lua::run_outcome outcome;
        std::vector<std::string> output;
    };

    driver_result drive(const nlohmann::json& params,
                        const std::vector<std::filesystem::path>& module_dirs,
                        const std::shared_ptr<playbook_test_session>& session);
    playbook_test_case_result run_case(const playbook_test_file& file,
                                       const definition_ptr& playbook, nlohmann::json params,
                                       const std::string& name);

    static constexpr unsigned blocking_threads = 2;

    const playbook_test_options options_;
    // Closed sessions: their store objects must outlive io_ (see playbook_test_session.hpp), so
    // this is declared first and destroyed last.
    std::vector<std::shared_ptr<playbook_test_session>> closed_;
    boost::asio::io_context io_;  // run by thread_ alone
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    blocking_pool blocking_{blocking_threads};
    std::shared_ptr<playbook_test_sessions> sessions_;
    plugin::registry routed_;  // the playbook's actions, answered by stubs where the case says
    plugin::registry direct_;  // the test's own actions (setup, checks): always the real ones
    run_directory driver_runs_;
    run_directory no_runs_;  // loading a playbook resolves natives but never calls them
    std::shared_ptr<lua::native_registry> driver_natives_;
    std::shared_ptr<lua::native_registry> load_natives_;
    definition_ptr driver_;
    std::thread thread_;  // runs io_
};

}  // namespace tocsin::runner
