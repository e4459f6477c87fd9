// require(name) of the sandbox: Lua text modules from the configured playbook directories only.
// "a.b" is "a/b.lua" in the first directory that has it. A name is dot-separated segments of
// [A-Za-z0-9_-], so it cannot contain "/" or ".."; the file found must also stay inside its
// directory once symlinks are resolved. A module runs once per run, in the run's _ENV, under the
// run's budgets; its value (true when it returns nothing) is cached per run.
//
// Files are read synchronously on the executor: modules are small local files, read once per run.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/sandbox.hpp"
#include "engine/lua/sandbox_config.hpp"

namespace tocsin::lua::detail {
namespace {

namespace fs = std::filesystem;

// Marks a module whose top level is running, to report a require loop.
const char loading_tag = 0;

bool valid_module_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 200)
        return false;
    bool segment_start = true;
    for (const char ch : name) {
        if (ch == '.') {
            if (segment_start)
                return false;  // leading dot or ".."
            segment_start = true;
            continue;
        }
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                        (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
        if (!ok)
            return false;
        segment_start = false;
    }
    return !segment_start;  // no trailing dot
}

bool is_within(const fs::path& file, const fs::path& dir) {
    auto f = file.begin();
    for (auto d = dir.begin(); d != dir.end(); ++d, ++f) {
        if (f == file.end() || *f != *d)
            return false;
    }
    return true;
}

// Leaves the source in c.scratch and the chunk name in c.scratch_json (a string), or an error
// message in c.scratch.
bool find_module(control& c, std::string_view name) noexcept {
    try {
        const std::string quoted = "'" + std::string(name) + "'";
        if (!valid_module_name(name)) {
            c.scratch = "require: invalid module name " + quoted +
                        " (dot-separated segments of letters, digits, '_' and '-')";
            return false;
        }
        std::string relative(name);
        for (char& ch : relative) {
            if (ch == '.')
                ch = '/';
        }
        relative += ".lua";
        for (const fs::path& configured : c.sandbox->module_dirs) {
            std::error_code ec;
            const fs::path dir = fs::canonical(configured, ec);
            if (ec)
                continue;
            const fs::path candidate = dir / relative;
            if (!fs::is_regular_file(candidate, ec))
                continue;
            const fs::path real = fs::canonical(candidate, ec);
            if (ec || !is_within(real, dir)) {
                c.scratch =
                    "require: module " + quoted + " resolves outside the playbook directories";
                return false;
            }
            const auto size = fs::file_size(real, ec);
            if (ec || size > c.sandbox->max_module_bytes) {
                c.scratch = "require: module " + quoted + " is too large or unreadable";
                return false;
            }
            std::ifstream in(real, std::ios::binary);
            c.scratch.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            if (!in && !in.eof()) {
                c.scratch = "require: cannot read module " + quoted;
                return false;
            }
            c.scratch_json = "@" + real.string();
            return true;
        }
        c.scratch = "require: module " + quoted + " not found in the playbook directories";
    } catch (const std::exception& e) {
        c.scratch.assign("require: ").append(e.what());
    }
    return false;
}

}  // namespace

int require_module(lua_State* L) {
    std::size_t size = 0;
    const char* name = luaL_checklstring(L, 1, &size);
    lua_settop(L, 1);
    control& c = control_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c.loaded_ref);  // 2: loaded modules
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) != LUA_TNIL) {
        if (lua_touserdata(L, -1) == &loading_tag) {
            return luaL_error(L, "require: module '%s' is still loading (a require loop) or failed",
                              name);
        }
        return 1;
    }
    lua_pop(L, 1);

    if (c.sandbox == nullptr || !find_module(c, std::string_view(name, size))) {
        if (c.sandbox == nullptr)
            c.scratch = "require: no playbook directories are configured";
        luaL_where(L, 1);
        lua_pushlstring(L, c.scratch.data(), c.scratch.size());
        lua_concat(L, 2);
        return lua_error(L);
    }
    const std::string& chunk_name = c.scratch_json.get_ref<const std::string&>();
    if (luaL_loadbufferx(L, c.scratch.data(), c.scratch.size(), chunk_name.c_str(), "t") !=
        LUA_OK) {
        return lua_error(L);  // the syntax error, naming file and line
    }
    set_env_upvalue(L, -1);

    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, const_cast<char*>(&loading_tag));
    lua_rawset(L, 2);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);  // a module's top level cannot suspend (natives refuse)
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, 2);
    return 1;
}

}  // namespace tocsin::lua::detail
