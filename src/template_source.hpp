#pragma once
// Writing parameter defaults into a playbook's Lua source, for `tocsin templates enable --param`:
// the enabled copy carries the chosen values as its defaults, readable and editable like any
// playbook. The rewrite is lexical (the declaration `NAME = { type = …, default = <literal>, … }`
// inside `params = { … }`); callers load the result again to check it says what was meant.

#include <string>

#include <nlohmann/json.hpp>

namespace tocsin::cli {

// `source` with the default of parameter `name` replaced by (or, without one, given) `value`,
// written as plugin::lua_literal writes data.
// Throws tocsin::error(invalid_argument) when the declaration cannot be found or its default
// is not a literal this rewrite understands.
std::string with_param_default(const std::string& source, const std::string& name,
                               const nlohmann::json& value);

}  // namespace tocsin::cli
