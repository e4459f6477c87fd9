#pragma once
// Docs show `ctx.trigger` as a Lua table. A fixture playbook holds that table in the snippet
// region the doc quotes, assigns it to ctx.trigger and returns it, so a test can hold what the
// doc shows against what the run really received: a doc that drifts from the engine fails.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tocsin::test {

namespace detail {

// Lua has one empty table; JSON has two. A documented `{ }` matches either.
inline bool empty_container(const nlohmann::json& v) {
    return (v.is_array() || v.is_object()) && v.empty();
}

inline std::string json_difference(const nlohmann::json& shown, const nlohmann::json& received,
                                   const std::string& at) {
    if (empty_container(shown) && empty_container(received))
        return {};
    if (shown.is_object() && received.is_object()) {
        for (const auto& [key, value] : shown.items()) {
            if (!received.contains(key))
                return at + "/" + key + ": the doc shows it, the run did not receive it";
            if (auto d = json_difference(value, received.at(key), at + "/" + key); !d.empty())
                return d;
        }
        for (const auto& [key, value] : received.items())
            if (!shown.contains(key))
                return at + "/" + key + ": the run received " + value.dump() +
                       ", the doc does not show it";
        return {};
    }
    if (shown.is_array() && received.is_array()) {
        if (shown.size() != received.size())
            return at + ": the doc shows " + std::to_string(shown.size()) +
                   " items, the run received " + std::to_string(received.size()) + ": " +
                   received.dump();
        for (std::size_t i = 0; i < shown.size(); ++i)
            if (auto d = json_difference(shown[i], received[i], at + "/" + std::to_string(i));
                !d.empty())
                return d;
        return {};
    }
    if (shown != received)
        return at + ": the doc shows " + shown.dump() + ", the run received " + received.dump();
    return {};
}

}  // namespace detail

// Empty when `documented` (the table the fixture returned) equals `received` (the run's
// trigger payload); otherwise the first difference, by JSON pointer. `per_delivery` names the
// members (JSON pointers) that change with each delivery (ids, clocks, addresses): the caller
// checks their form, and here they only have to be present in both.
inline std::string documented_trigger_difference(const nlohmann::json& documented,
                                                 nlohmann::json received,
                                                 const std::vector<std::string>& per_delivery) {
    for (const auto& member : per_delivery) {
        const nlohmann::json::json_pointer pointer(member);
        if (!documented.contains(pointer))
            return member + ": the doc does not show it";
        if (!received.contains(pointer))
            return member + ": the run did not receive it";
        received[pointer] = documented[pointer];
    }
    return detail::json_difference(documented, received, "");
}

}  // namespace tocsin::test
