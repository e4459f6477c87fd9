#pragma once
// Shared by the durable-run tests: a test plugin `count` whose actions count their executions,
// and helpers to stage what a crash leaves behind (a "running" record and a prefix of a journal)
// so that a second engine on the same data dir resumes it.

#include <atomic>
#include <mutex>
#include <vector>

#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {

// Executions of the `count` actions, and the idempotency keys they were given.
struct count_state {
    std::atomic<int> hits{0};
    std::atomic<int> flaky{0};
    std::mutex mutex;
    std::vector<std::string> keys;  // guarded by mutex

    void saw(const std::string& key) {
        std::lock_guard lock(mutex);
        keys.push_back(key);
    }
    std::vector<std::string> seen() {
        std::lock_guard lock(mutex);
        return keys;
    }
};

// count.hit{x = N} -> {n = executions so far, x = N}; count.flaky{} always fails retryably
// (3 attempts, 1 ms backoff) and counts its attempts.
inline plugin::plugin_descriptor count_plugin(std::shared_ptr<count_state> state) {
    plugin::plugin_descriptor p{"count", "1", "test", {}};
    plugin::action_descriptor hit;
    hit.name = "count.hit";
    plugin::field x;
    x.name = "x";
    x.type = plugin::value_type::integer;
    hit.input.fields.push_back(x);
    hit.run = [state](const plugin::services&, plugin::action_call c, plugin::completion done) {
        state->saw(c.idempotency_key);
        done(json{{"n", ++state->hits}, {"x", c.input.value("x", 0)}});
    };
    p.actions.push_back(hit);

    plugin::action_descriptor flaky;
    flaky.name = "count.flaky";
    flaky.retry = {3, std::chrono::milliseconds(1), std::chrono::milliseconds(1)};
    flaky.run = [state](const plugin::services&, plugin::action_call c, plugin::completion done) {
        state->saw(c.idempotency_key);
        ++state->flaky;
        done(error_info{errc::unavailable, "flaky is down", {}});
    };
    p.actions.push_back(flaky);
    return p;
}

inline std::function<void(plugin::registry&)> with_count(std::shared_ptr<count_state> state) {
    return [state](plugin::registry& r) { r.add(count_plugin(state)); };
}

// What a crash leaves of run `from` after its first `keep` journal entries: the record as it was
// written at the start ("running", no end) under the new id `id`, and those entries.
inline void stage_crash(store::store& st, const store::run_record& from, const std::string& id,
                        std::size_t keep, const std::string& source = {}) {
    auto record = *st.find_run(from.id);
    record.id = id;
    record.status = "running";
    record.ended.reset();
    record.error.clear();
    record.traceback.clear();
    record.result = nullptr;
    record.logs = json::array();
    record.actions = json::array();
    if (!source.empty()) {
        record.source = source;
        record.sha256.clear();  // recomputed below from the source
    }
    if (!source.empty()) {
        lua::load_options o;
        record.sha256 = lua::load_playbook_source(source, record.source_path, o).sha256;
    }
    st.put_run(record);
    auto entries = st.journal_of(from.id);
    for (std::size_t i = 0; i < keep && i < entries.size(); ++i) {
        entries[i].run_id = id;
        st.append_journal(entries[i]);
    }
}

}  // namespace tocsin::runner::test
