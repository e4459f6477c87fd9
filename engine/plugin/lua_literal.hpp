#pragma once
// JSON data written as Lua source (a table constructor, a string literal, …), for generated
// documentation and editor files. Plain text formatting: nothing here runs Lua.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin::plugin {

// True for a name Lua accepts as `t.name` / `{name = …}` (not a reserved word).
bool is_lua_identifier(std::string_view name);

// A double-quoted Lua string literal; quotes, backslashes and control characters escaped.
std::string lua_string(std::string_view text);

// `value` as a Lua expression: objects become `{ key = v, ["odd-key"] = v }` (keys sorted),
// arrays `{ a, b }`, null `json.null`. A value stays on one line when that line (`indent`
// spaces, `lead` characters already written before the value, the value) fits in 80 columns;
// otherwise it takes one member per line, indented by two spaces per level from `indent`.
std::string lua_literal(const nlohmann::json& value, int indent = 0, std::size_t lead = 0);

}  // namespace tocsin::plugin
