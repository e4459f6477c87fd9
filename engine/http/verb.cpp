#include "engine/http/verb.hpp"

#include <array>
#include <utility>

namespace tocsin::http {
namespace {

constexpr std::array<std::pair<verb, std::string_view>, 7> names{{
    {verb::get, "GET"},
    {verb::head, "HEAD"},
    {verb::post, "POST"},
    {verb::put, "PUT"},
    {verb::patch, "PATCH"},
    {verb::delete_, "DELETE"},
    {verb::options, "OPTIONS"},
}};

}  // namespace

std::string_view to_string(verb v) noexcept {
    for (const auto& [value, name] : names) {
        if (value == v)
            return name;
    }
    return "OTHER";
}

verb parse_verb(std::string_view token) noexcept {
    for (const auto& [value, name] : names) {
        if (name == token)
            return value;
    }
    return verb::other;
}

}  // namespace tocsin::http
