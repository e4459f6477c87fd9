#include "engine/runner/action_bridge.hpp"

#include <chrono>

#include "engine/core/time.hpp"
#include "engine/runner/action_invoker.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;

struct reserved_fields {
    std::optional<std::chrono::milliseconds> timeout;
    std::string instance;
    plugin::retry_policy retry;
};

std::optional<std::int64_t> take_integer(const std::string& action, json& input, const char* key,
                                         std::int64_t lo, std::int64_t hi) {
    auto it = input.find(key);
    if (it == input.end())
        return std::nullopt;
    if (!it->is_number_integer() || it->get<std::int64_t>() < lo || it->get<std::int64_t>() > hi)
        throw error(errc::invalid_argument,
                    action + ": '" + key + "' must be an integer from " + std::to_string(lo) +
                        " to " + std::to_string(hi),
                    key);
    const auto value = it->get<std::int64_t>();
    input.erase(it);
    return value;
}

// Takes the reserved `_…` fields out of `input`; throws (raises in Lua) when they are malformed.
reserved_fields take_reserved(const plugin::action_descriptor& action, json& input) {
    const auto& name = action.name;
    reserved_fields out;
    out.retry = action.retry;
    if (auto ms = take_integer(name, input, "_timeout_ms", 1, max_call_timeout_ms))
        out.timeout = std::chrono::milliseconds{*ms};
    if (auto n = take_integer(name, input, "_attempts", 1, max_call_attempts))
        out.retry.attempts = static_cast<unsigned>(*n);
    if (auto ms = take_integer(name, input, "_backoff_ms", 0, max_call_backoff_ms))
        out.retry.initial_backoff = std::chrono::milliseconds{*ms};
    if (auto ms = take_integer(name, input, "_max_backoff_ms", 0, max_call_backoff_ms))
        out.retry.max_backoff = std::chrono::milliseconds{*ms};
    if (auto it = input.find("_instance"); it != input.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>().empty())
            throw error(errc::invalid_argument, name + ": '_instance' must be a non-empty string",
                        "_instance");
        out.instance = it->get<std::string>();
        input.erase(it);
    }
    return out;
}

std::string excerpt(const json& value) {
    auto text = value.dump();
    return text.size() > 200 ? text.substr(0, 200) + "…" : text;
}

// What the journal says about call `record.sequence` while the run replays.
struct replayed_call {
    std::optional<action_call_record> finished;  // the call's recorded answer
    unsigned failed_attempts = 0;                // else: retry state of the interrupted call
    std::optional<std::int64_t> next_attempt_ms;
    bool diverged = false;
};

replayed_call replay_call(run_journal& journal, const action_call_record& call) {
    replayed_call out;
    while (journal.replaying() && !journal.diverged()) {
        const auto& entry = journal.peek();
        const auto& d = entry.data;
        const bool same_call = entry.kind == "attempt" ? d.value("call", 0ULL) == call.sequence
                                                       : d.value("sequence", 0ULL) == call.sequence;
        const bool same_name = d.value("name", std::string()) == call.name;
        if ((entry.kind == "attempt" || entry.kind == "action") && same_call && same_name) {
            if (entry.kind == "attempt") {
                out.failed_attempts = d.value("attempts", 0U);
                out.next_attempt_ms = d.value("nextAttemptMs", std::int64_t{0});
                journal.skip();
                continue;
            }
            if (d.value("input", json()) == call.input) {
                out.finished = action_record_from_json(d);
                journal.skip();
                return out;
            }
            journal.diverge("call " + std::to_string(call.sequence) + " (" + call.name +
                            ") had input " + excerpt(d.value("input", json())) +
                            " in the journal, but now has input " + excerpt(call.input));
        } else {
            journal.diverge("journal step " + std::to_string(entry.sequence) + " is " +
                            describe(entry) + ", but the playbook now calls " + call.name +
                            " (call " + std::to_string(call.sequence) + ")");
        }
    }
    out.diverged = journal.diverged();
    return out;
}

void answer(const lua::completion& done, result<json> outcome) {
    if (outcome.has_value())
        done(std::move(outcome).value());
    else
        done(outcome.error());
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
    auto reserved = take_reserved(action, input);
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

    // Suspend first, live or replayed alike, so a call where Lua cannot yield fails the same way
    // on every execution.
    auto done = call.suspend();
    auto journal = scope->journal;
    invoke_options options;
    options.retry = reserved.retry;
    if (journal) {
        auto replayed = replay_call(*journal, record);
        if (replayed.diverged)
            return lua::native_result::pending();  // never answered: the run is being aborted
        if (replayed.finished) {
            auto answer = *replayed.finished;
            scope->add_action(answer);
            if (answer.error)
                done(*answer.error);
            else
                done(std::move(answer.output));
            return lua::native_result::pending();
        }
        options.failed_attempts = replayed.failed_attempts;
        if (replayed.next_attempt_ms) {
            const auto now = default_clock().now().time_since_epoch().count();
            options.first_delay = std::chrono::milliseconds{
                std::max<std::int64_t>(*replayed.next_attempt_ms - now, 0)};
        }
        options.on_retry = [journal, sequence, name = record.name](unsigned failed,
                                                                   std::chrono::milliseconds delay,
                                                                   const error_info& err) {
            const auto due = default_clock().now().time_since_epoch().count() + delay.count();
            journal->append("attempt", {{"call", sequence},
                                        {"name", name},
                                        {"attempts", failed},
                                        {"nextAttemptMs", due},
                                        {"error", error_json(err)}});
        };
    }

    const auto started = std::chrono::steady_clock::now();
    invoke_action(action, scope->services, std::move(ac), scope->executor, std::move(options),
                  [scope, done, started, record = std::move(record)](result<json> outcome,
                                                                     unsigned attempts) mutable {
                      record.attempts = attempts;
                      record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started);
                      if (outcome.has_value())
                          record.output = outcome.value();
                      else
                          record.error = outcome.error();
                      scope->add_action(record);
                      if (!scope->journal)
                          return answer(done, std::move(outcome));
                      // The answer reaches the playbook once it is journaled: never executed twice.
                      scope->journal->append("action", to_json(record),
                                             [done, outcome = std::move(outcome)](bool) mutable {
                                                 answer(done, std::move(outcome));
                                             });
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
