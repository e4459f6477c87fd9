// Stable text forms of the Lua layer's enums (logs, outcomes, playbook metadata).

#include <array>
#include <string_view>

#include "engine/lua/limits.hpp"
#include "engine/lua/log_sink.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/lua/run.hpp"

namespace tocsin::lua {
namespace {

constexpr std::array trigger_names{"incident", "alert", "webhook", "schedule",
                                   "email",    "form",  "manual"};
constexpr std::array param_names{"string", "number", "integer", "boolean",
                                 "table",  "email",  "text",    "choice"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<const char*, N>& names, std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (text == names[i])
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

}  // namespace

const char* to_string(limit_kind k) noexcept {
    switch (k) {
        case limit_kind::none:
            return "none";
        case limit_kind::cpu:
            return "cpu";
        case limit_kind::memory:
            return "memory";
        case limit_kind::wall_clock:
            return "wall_clock";
        case limit_kind::actions:
            return "actions";
    }
    return "unknown";
}

const char* to_string(log_level l) noexcept {
    switch (l) {
        case log_level::info:
            return "info";
        case log_level::warn:
            return "warn";
        case log_level::error:
            return "error";
    }
    return "unknown";
}

const char* to_string(run_state s) noexcept {
    switch (s) {
        case run_state::ready:
            return "ready";
        case run_state::running:
            return "running";
        case run_state::suspended:
            return "suspended";
        case run_state::finished:
            return "finished";
        case run_state::failed:
            return "failed";
        case run_state::cancelled:
            return "cancelled";
    }
    return "unknown";
}

const char* to_string(trigger_kind k) noexcept {
    const auto i = static_cast<std::size_t>(k);
    return i < trigger_names.size() ? trigger_names[i] : "unknown";
}

std::optional<trigger_kind> parse_trigger_kind(std::string_view text) noexcept {
    return parse<trigger_kind>(trigger_names, text);
}

const char* to_string(param_type t) noexcept {
    const auto i = static_cast<std::size_t>(t);
    return i < param_names.size() ? param_names[i] : "unknown";
}

std::optional<param_type> parse_param_type(std::string_view text) noexcept {
    return parse<param_type>(param_names, text);
}

}  // namespace tocsin::lua
