#pragma once
// What the SQLite-specific store tests share: a workspace, a minimal incident and the
// group-commit histogram as the store registers it.

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "engine/metrics/registry.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/run_record.hpp"
#include "engine/store/store.hpp"

namespace tocsin::test::sqlite_support {

inline const model::workspace_ref ws{"sub", "rg", "ws"};

inline model::incident incident(std::string title, std::string name) {
    model::incident i;
    i.title = std::move(title);
    i.name = std::move(name);
    return i;
}

// Writes an incident without a title, which the store must refuse with missing_field: a write
// that fails inside a batch or a write_together, to show that it fails alone.
inline void expect_untitled_incident_refused(store::store& store, const std::string& name) {
    try {
        store.put_incident(ws, incident("", name), {});
        ADD_FAILURE() << "an incident without a title was accepted";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::missing_field);
    }
}

// A run record as a run's writer first stores it: running, no result yet.
inline store::run_record running_run(std::string id) {
    store::run_record r;
    r.id = std::move(id);
    r.playbook = "writer-test";
    r.trigger_kind = "manual";
    r.started = default_clock().now();
    return r;
}

// tocsin_store_writes_per_commit: how many writes each write transaction held.
inline metrics::histogram::snapshot writes_per_commit() {
    return metrics::default_registry()
        .histograms("tocsin_store_writes_per_commit", "", {}, {1, 2, 4, 8, 16, 32, 64, 128, 256})
        .with({})
        .read();
}

}  // namespace tocsin::test::sqlite_support
