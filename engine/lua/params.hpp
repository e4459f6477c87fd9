#pragma once
// Internal to engine/lua: checking one parameter value against its declaration, shared by load
// (defaults) and run creation (supplied values). resolve_params() is public, in playbook.hpp.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/lua/playbook.hpp"

namespace tocsin::lua::detail {

// nullopt when `value` fits `spec`, else what is wrong ("must be a number"). May normalise the
// value (an integral float for an integer parameter becomes an integer).
std::optional<std::string> check_param_value(const param_spec& spec, nlohmann::json& value);

bool plausible_email(std::string_view text) noexcept;

}  // namespace tocsin::lua::detail
