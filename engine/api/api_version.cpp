#include "engine/api/api_version.hpp"

#include <array>
#include <string>

#include "engine/api/arm_error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::api {

namespace {

// Index = enumerator value.
constexpr std::array<std::string_view, 4> names{"2022-07-01-preview", "2022-09-01-preview",
                                                "2023-02-01", "2025-09-01"};

}  // namespace

std::string_view to_string(api_version v) {
    return names[static_cast<std::size_t>(v)];
}

std::optional<api_version> parse_api_version(std::string_view text) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (model::iequals(names[i], text))
            return static_cast<api_version>(i);
    return std::nullopt;
}

std::string supported_api_versions() {
    std::string out;
    for (auto name : names) {
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

api_version require_api_version(const http::request& req) {
    const auto given = req.query_param("api-version");
    if (!given || given->empty())
        throw arm_error(400, "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all "
                        "requests.",
                        "api-version");
    if (auto v = parse_api_version(*given))
        return *v;
    throw arm_error(400, "InvalidApiVersionParameter",
                    "The api-version '" + std::string(*given) +
                        "' is invalid. The supported versions are '" + supported_api_versions() +
                        "'.",
                    "api-version");
}

bool has_incident_tasks(api_version v) {
    return v == api_version::v2025_09_01;
}

bool has_composite_conditions(api_version v) {
    return v == api_version::v2025_09_01;
}

}  // namespace tocsin::api
