#pragma once
// Internal to engine/lua: construction of the allow-listed sandbox (the list is in
// sandbox_config.hpp) and the C functions it installs. Each .cpp here implements one group.

struct lua_State;

namespace tocsin::lua::detail {

struct control;

// A protected_fn (ud: control*, already attached): builds the sandbox in a fresh state, leaves the
// run's _ENV in c.env_ref and the module cache in c.loaded_ref, installs the instruction hook.
int build_sandbox(lua_State* L);

// Pushes the run's _ENV; sets it as the first upvalue (_ENV) of the function at `index`.
void push_env(lua_State* L);
void set_env_upvalue(lua_State* L, int index);

// Replaces the table at the top of the stack by a read-only proxy of it named `name`.
void make_readonly_proxy(lua_State* L, const char* name);
// True when the table at `index` is a read-only proxy (or frozen table).
bool is_readonly(lua_State* L, int index);
// Metamethods shared by every read-only table: light C functions, nothing allocated per table.
int readonly_newindex(lua_State* L);
int readonly_pairs(lua_State* L);

// safe_calls.cpp: pcall, xpcall, load, setmetatable, rawset, print in the globals table at
// `globals`; resume, wrap, yield (and close removed) in the coroutine table at `coroutine`.
void install_safe_base(lua_State* L, int globals);
void install_safe_coroutine(lua_State* L, int coroutine);

// string_patterns.cpp: find, match, gmatch and gsub in the string table at `string_table`,
// replaced by a port of the stock matcher that charges its steps to the instruction budget.
void install_metered_patterns(lua_State* L, int string_table);
// metered_builtins.cpp: string.rep and table.move, whose C loops the memory cap does not bound,
// replaced by ports that charge their iterations to the instruction budget.
void install_metered_string_rep(lua_State* L, int string_table);
void install_metered_table_move(lua_State* L, int table_table);

// os_lib.cpp: pushes the os table (time, date, clock, difftime over the clock_source).
void push_os_library(lua_State* L);

// require.cpp: require(name) over sandbox_config::module_dirs.
int require_module(lua_State* L);

// native_bridge.cpp: the lazily resolved `tocsin` namespace, and ctx.log.
void push_tocsin_namespace(lua_State* L);
void push_log_table(lua_State* L);
// print and ctx.log.*: joins the arguments with spaces and forwards them to the log sink.
int log_info(lua_State* L);

}  // namespace tocsin::lua::detail
