#include "engine/lua/syntax_check.hpp"

#include <memory>

#include <lua.hpp>

namespace tocsin::lua {

result<void> check_syntax(std::string_view source, const std::string& chunk_name) {
    const std::unique_ptr<lua_State, decltype(&lua_close)> state(luaL_newstate(), &lua_close);
    if (!state)
        return error_info{errc::internal, "cannot create a Lua state"};
    lua_State* L = state.get();
    const std::string name = "=" + chunk_name;
    if (luaL_loadbufferx(L, source.data(), source.size(), name.c_str(), "t") == LUA_OK)
        return {};
    const char* message = lua_tostring(L, -1);
    return error_info{errc::invalid_argument, message ? message : "syntax error"};
}

}  // namespace tocsin::lua
