#pragma once
// Internal to engine/lua: the one place where JSON becomes Lua (push_json) and Lua becomes JSON
// (to_json). Natives' arguments and results, ctx, the run's result and json.encode/decode all go
// through here.
//
// Mapping:
//   null          <-> json.null, a light userdata, so a null inside an array is not a hole
//   true/false    <-> booleans
//   integer       <-> integer (int64; an unsigned above INT64_MAX becomes a float)
//   float         <-> float (NaN and infinities are refused; 1.0 stays a float)
//   string        <-> string (a Lua string must be valid UTF-8)
//   array         <-> table with keys 1..n. Every array coming from JSON carries the json.array
//                     metatable, so it stays an array even after Lua empties it.
//   object        <-> table with string keys
// A Lua table without the array metatable is an array when its keys are exactly 1..n (n >= 1),
// an object when all its keys are strings, and an EMPTY OBJECT when it is empty; use
// json.empty_array or json.array(t) for an empty array. Mixed keys, holes ({1, nil, 3}: use
// json.null), non-string keys, functions, threads and cycles are refused with the path of the
// offending value, e.g. "cannot convert a function to JSON (at $.steps[2].run)".
// Depth and size (json_limits) are enforced both ways.

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/lua/limits.hpp"

struct lua_State;

namespace tocsin::lua::detail {

// Creates the array metatables in the registry. Once per state, before any conversion.
void register_json_markers(lua_State* L);

// Throws tocsin::error(limit_exceeded) when `value` exceeds `limits`; check before push_json.
void check_json(const nlohmann::json& value, const json_limits& limits);

// Pushes `value`. Raises a Lua error (never throws): call it only in protected mode, with `value`
// owned by something that survives a longjmp (the control block, a caller above lua_pcall).
void push_json(lua_State* L, const nlohmann::json& value, const json_limits& limits);

// Converts the value at `index`. Throws tocsin::error (invalid_argument or limit_exceeded); never
// raises a Lua error: it uses only raw, non-allocating API, so it is safe from any C++ frame.
nlohmann::json to_json(lua_State* L, int index, const json_limits& limits);

void push_null(lua_State* L);
bool is_null(lua_State* L, int index);
// The metatable that marks a table as a JSON array, and the frozen json.empty_array.
void push_array_metatable(lua_State* L);
void push_frozen_empty_array(lua_State* L);

// Pushes {code = to_string(code), message = ..., retryable = ...[, field = ...]}. Raises on
// memory exhaustion; the strings must survive a longjmp.
void push_error_table(lua_State* L, const error_info& error);

// Pushes the `json` library table (null, empty_array, array, encode, decode).
void push_json_library(lua_State* L);

// Plain C++ helpers, exposed for the validators.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace tocsin::lua::detail
