#pragma once
// Resource limits of the Lua layer. Every run (and every playbook load) executes under a budget
// of VM instructions, bytes of Lua heap, wall-clock time and native-action calls; values that
// cross the boundary as JSON are bounded in nesting depth and size.
//
// The instruction budget also pays for the work the library does in C on the playbook's behalf
// where the VM's hook cannot see it: the steps of string pattern matching (string_patterns.cpp)
// and the loops of string.rep and table.move (metered_builtins.cpp), each step worth about one VM
// instruction. So it is a CPU budget, not merely a count of bytecodes.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tocsin::lua {

// Which budget ended a run. `none` for runs that finished, failed on their own or were cancelled.
enum class limit_kind { none, cpu, memory, wall_clock, actions };

const char* to_string(limit_kind k) noexcept;

// Bounds on one JSON value converted in either direction. `max_bytes` counts string bytes (keys
// included) plus 8 per value, a cheap proxy for the encoded size.
struct json_limits {
    std::size_t max_depth = 64;
    std::size_t max_bytes = 8 * 1024 * 1024;
};

struct limits {
    std::uint64_t instructions = 50'000'000;              // VM instructions and C steps (above)
    std::size_t memory_bytes = 32 * 1024 * 1024;          // Lua heap of the run's state
    std::chrono::milliseconds wall_clock{5 * 60 * 1000};  // from start(), suspended time included
    std::uint32_t actions = 1000;                         // calls of native functions (tocsin.*)
    json_limits json;
};

// Loading a playbook runs only its top level; it gets a much smaller budget.
inline limits default_load_limits() {
    limits l;
    l.instructions = 5'000'000;
    l.memory_bytes = 16 * 1024 * 1024;
    l.wall_clock = std::chrono::milliseconds{2000};
    l.actions = 0;
    return l;
}

}  // namespace tocsin::lua
