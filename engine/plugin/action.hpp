#pragma once
// Plugin actions: the single path to side effects. Playbooks (through the Lua layer) and
// automation rules call the same actions through the same registry.
//
// A handler is asynchronous: it receives the validated input and a completion it must call
// exactly once, from any thread, with the output JSON or an error_info. errc::unavailable and
// errc::timeout mean "retryable"; everything else is final. Handlers never throw across the
// completion; a handler that throws before completing is treated as a fatal internal error.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/error.hpp"
#include "engine/model/principal.hpp"
#include "engine/model/workspace.hpp"
#include "engine/plugin/schema.hpp"
#include "engine/plugin/secrets.hpp"
#include "engine/store/store.hpp"

namespace tocsin::plugin {

// What the engine lends to actions. References outlive every call.
struct services {
    store::store& store;
    blocking_pool& blocking;
    boost::asio::any_io_executor io;
    event_bus& bus;
    // Workspace used when an action's input names none.
    model::workspace_ref default_workspace;
    // Resolves the secret_refs of instance settings; set for every call made through a
    // registry bound by bind_instances() (instances.hpp), null elsewhere.
    const secret_store* secrets = nullptr;
};

struct action_call {
    nlohmann::json input;  // validated against the action's schema, defaults filled
    std::string instance;  // configured instance name, e.g. "oncall" in notify:oncall
    // The instance's settings as configured (plugins.instances), validated against the plugin's
    // settings schema; secrets stay "secret:NAME" handles (resolve through services::secrets).
    nlohmann::json instance_settings = nlohmann::json::object();
    // Stable across retries and engine restarts of the same call: plugins that talk to systems
    // with idempotency support pass it on, store actions use it to avoid double writes.
    std::string idempotency_key;
    model::principal actor;
    std::chrono::milliseconds timeout{30000};
};

using completion = std::function<void(result<nlohmann::json>)>;
using handler = std::function<void(const services&, action_call, completion)>;

struct retry_policy {
    unsigned attempts = 1;  // total tries, including the first
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{10000};
};

struct action_descriptor {
    std::string name;  // dotted: "incidents.create"
    std::string description;
    schema input;
    nlohmann::json output_example;  // an example result, for docs and editor types
    std::vector<errc> errors;       // operational errors it may return as nil, err
    bool side_effects = true;
    bool idempotent = false;
    std::chrono::milliseconds default_timeout{30000};
    retry_policy retry;
    handler run;
};

struct plugin_descriptor {
    std::string name;  // "incidents"
    std::string version;
    std::string description;
    std::vector<action_descriptor> actions;
    // What an instance of the plugin may configure (plugins.instances), checked at start.
    schema settings = {};
};

// Adapts a synchronous, blocking body (store calls) into a handler that runs it on the blocking
// pool and completes with its result, on that pool thread.
handler blocking_handler(std::function<nlohmann::json(const services&, const action_call&)> body);

}  // namespace tocsin::plugin
