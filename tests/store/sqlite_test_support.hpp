#pragma once
// What the SQLite-specific store tests share: a workspace, a minimal incident and the
// group-commit histogram as the store registers it.

#include <string>
#include <utility>

#include "engine/metrics/registry.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::test::sqlite_support {

inline const model::workspace_ref ws{"sub", "rg", "ws"};

inline model::incident incident(std::string title, std::string name) {
    model::incident i;
    i.title = std::move(title);
    i.name = std::move(name);
    return i;
}

// tocsin_store_writes_per_commit: how many writes each write transaction held.
inline metrics::histogram::snapshot writes_per_commit() {
    return metrics::default_registry()
        .histograms("tocsin_store_writes_per_commit", "", {}, {1, 2, 4, 8, 16, 32, 64, 128, 256})
        .with({})
        .read();
}

}  // namespace tocsin::test::sqlite_support
