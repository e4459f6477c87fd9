#include "engine/runner/action_bridge.hpp"

#include <chrono>

#include "engine/runner/action_invoker.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;

struct reserved_fields {
    std::optional<std::chrono::milliseconds> timeout;
    std::string instance;
};

// Takes the reserved `_…` fields out of `input`; throws (raises in Lua) when they are malformed.
reserved_fields take_reserved(const std::string& action, json& input) {
    reserved_fields out;
    if (auto it = input.find("_timeout_ms"); it != input.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 ||
            it->get<std::int64_t>() > max_call_timeout_ms)
            throw error(errc::invalid_argument,
                        action + ": '_timeout_ms' must be an integer from 1 to " +
                            std::to_string(max_call_timeout_ms),
                        "_timeout_ms");
        out.timeout = std::chrono::milliseconds{it->get<std::int64_t>()};
        input.erase(it);
    }
    if (auto it = input.find("_instance"); it != input.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>().empty())
            throw error(errc::invalid_argument, action + ": '_instance' must be a non-empty string",
                        "_instance");
        out.instance = it->get<std::string>();
        input.erase(it);
    }
    return out;
}

lua::native_result call_action(const plugin::action_descriptor& action, const run_directory& runs,
                               lua::native_call& call) {
    auto scope = runs.find(call.run_id());
    if (!scope)
        throw error(errc::unavailable, "actions are only available inside engine runs");
    const auto& args = call.args();
    if (args.size() > 1)
        throw error(errc::invalid_argument, "expects one table argument");
    json input = args.empty() || args[0].is_null() ? json::object() : args[0];
    if (input.is_array() && input.empty())
        input = json::object();  // {} converts to an empty array
    if (!input.is_object())
        throw error(errc::invalid_argument,
                    std::string("expects a table argument, got ") + input.type_name());
    auto reserved = take_reserved(action.name, input);
    input = plugin::validate_input(action.name, action.input, std::move(input));

    plugin::action_call ac;
    ac.input = input;
    ac.instance = reserved.instance;
    const auto sequence = ++scope->next_sequence;
    ac.idempotency_key = scope->run_id + ":" + std::to_string(sequence);
    ac.actor = scope->actor;
    ac.timeout = reserved.timeout.value_or(action.default_timeout);

    action_call_record record;
    record.sequence = sequence;
    record.name = reserved.instance.empty()
                      ? action.name
                      : action.name.substr(0, action.name.find('.')) + ":" + reserved.instance +
                            action.name.substr(action.name.find('.'));
    record.input = std::move(input);

    auto done = call.suspend();
    const auto started = std::chrono::steady_clock::now();
    invoke_action(action, scope->services, std::move(ac), scope->executor,
                  [scope, done, started, record = std::move(record)](result<json> outcome,
                                                                     unsigned attempts) mutable {
                      record.attempts = attempts;
                      record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started);
                      if (outcome.has_value()) {
                          record.output = outcome.value();
                          scope->add_action(std::move(record));
                          done(std::move(outcome).value());
                      } else {
                          record.error = outcome.error();
                          scope->add_action(std::move(record));
                          done(outcome.error());
                      }
                  });
    return lua::native_result::pending();
}

}  // namespace

void add_action_natives(lua::native_registry& natives, const plugin::registry& plugins,
                        const run_directory& runs) {
    for (const auto* action : plugins.actions()) {
        natives.add("tocsin." + action->name, [action, &runs](lua::native_call& call) {
            return call_action(*action, runs, call);
        });
    }
}

}  // namespace tocsin::runner
