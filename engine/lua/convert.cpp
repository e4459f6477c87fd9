#include "engine/lua/convert.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <lua.hpp>

namespace tocsin::lua::detail {
namespace {

using json = nlohmann::json;

// Registry keys (their addresses): the array metatable, and the metatable of the frozen
// json.empty_array. The null sentinel is the address of `null_tag`.
const char array_mt_key = 0;
const char frozen_array_mt_key = 0;
const char null_tag = 0;

// Per-value overhead in the size budget.
constexpr std::size_t value_cost = 8;

// push_json iterates with these while a Lua error may longjmp over the frame: they must not need
// destructors.
static_assert(std::is_trivially_destructible_v<json::object_t::const_iterator>);
static_assert(std::is_trivially_destructible_v<json::array_t::const_iterator>);

int frozen_newindex(lua_State* L) {
    return luaL_error(L, "json.empty_array is read-only");
}

// Lua -> JSON ---------------------------------------------------------------------------------

class lua_reader {
  public:
    lua_reader(lua_State* L, const json_limits& limits) : L_(L), limits_(limits) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
        array_mt_ = lua_topointer(L, -1);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &frozen_array_mt_key);
        frozen_mt_ = lua_topointer(L, -1);
        lua_pop(L, 2);
    }

    json read(int index, std::size_t depth) {
        charge(value_cost);
        switch (lua_type(L_, index)) {
            case LUA_TNIL:
                return nullptr;
            case LUA_TBOOLEAN:
                return lua_toboolean(L_, index) != 0;
            case LUA_TNUMBER: {
                if (lua_isinteger(L_, index))
                    return static_cast<std::int64_t>(lua_tointeger(L_, index));
                const double d = lua_tonumber(L_, index);
                if (!std::isfinite(d))
                    fail(errc::invalid_argument, "cannot convert NaN or infinity to JSON");
                return d;
            }
            case LUA_TSTRING:
                return json(read_string(index));
            case LUA_TLIGHTUSERDATA:
                if (lua_touserdata(L_, index) == &null_tag)
                    return nullptr;
                fail(errc::invalid_argument, "cannot convert a userdata to JSON");
            case LUA_TTABLE:
                return read_table(index, depth + 1);
            default:
                fail(errc::invalid_argument, std::string("cannot convert a ") +
                                                 lua_typename(L_, lua_type(L_, index)) +
                                                 " to JSON");
        }
    }

  private:
    struct step {
        std::string_view key;  // empty: use index
        lua_Integer index = 0;
    };

    std::string read_string(int index) {
        std::size_t size = 0;
        const char* data =
            lua_tolstring(L_, index, &size);  // a string: no conversion, no allocation
        charge(size);
        const std::string_view text(data, size);
        if (!is_valid_utf8(text))
            fail(errc::invalid_argument, "string is not valid UTF-8");
        return std::string(text);
    }

    json read_table(int index, std::size_t depth) {
        if (depth > limits_.max_depth) {
            fail(errc::limit_exceeded,
                 "value nested deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        if (!lua_checkstack(L_, 4))
            fail(errc::limit_exceeded, "Lua stack exhausted");
        index = lua_absindex(L_, index);

        bool marked = false;
        if (lua_getmetatable(L_, index) != 0) {
            const void* mt = lua_topointer(L_, -1);
            marked = mt == array_mt_ || mt == frozen_mt_;
            lua_pop(L_, 1);
        }

        // Pass 1: classify the keys. lua_next over an unmodified table cannot raise.
        std::size_t count = 0;
        bool all_integers = true;
        bool all_strings = true;
        lua_Integer max_key = 0;
        lua_pushnil(L_);
        while (lua_next(L_, index) != 0) {
            ++count;
            if (lua_type(L_, -2) == LUA_TSTRING) {
                all_integers = false;
            } else if (lua_isinteger(L_, -2)) {
                all_strings = false;
                const lua_Integer k = lua_tointeger(L_, -2);
                if (k < 1)
                    all_integers = false;
                if (k > max_key)
                    max_key = k;
            } else {
                all_integers = all_strings = false;
            }
            lua_pop(L_, 1);
        }

        if (count == 0)
            return marked ? json::array() : json::object();
        const bool sequence = all_integers && static_cast<std::size_t>(max_key) == count;
        if (marked && !sequence) {
            fail(errc::invalid_argument, "json.array table has keys other than 1..n");
        }
        if (sequence) {
            json out = json::array();
            out.get_ref<json::array_t&>().reserve(count);
            for (lua_Integer i = 1; i <= max_key; ++i) {
                lua_rawgeti(L_, index, i);
                path_.push_back(step{{}, i});
                out.push_back(read(-1, depth));
                path_.pop_back();
                lua_pop(L_, 1);
            }
            return out;
        }
        if (!all_strings) {
            fail(errc::invalid_argument,
                 all_integers ? "table has holes or does not start at 1 (use json.null for holes)"
                              : "table mixes key types or has keys that are not strings");
        }
        json out = json::object();
        lua_pushnil(L_);
        while (lua_next(L_, index) != 0) {
            std::size_t size = 0;
            const char* data = lua_tolstring(L_, -2, &size);
            const std::string_view key(data, size);
            charge(size);
            if (!is_valid_utf8(key))
                fail(errc::invalid_argument, "key is not valid UTF-8");
            path_.push_back(step{key, 0});
            json value = read(-1, depth);
            path_.pop_back();
            out.emplace(std::string(key), std::move(value));
            lua_pop(L_, 1);
        }
        return out;
    }

    void charge(std::size_t bytes) {
        bytes_ += bytes;
        if (bytes_ > limits_.max_bytes) {
            fail(errc::limit_exceeded,
                 "value larger than " + std::to_string(limits_.max_bytes) + " bytes");
        }
    }

    [[noreturn]] void fail(errc code, const std::string& what) {
        std::string where = "$";
        for (const auto& s : path_) {
            if (s.key.empty() && s.index != 0) {
                where += "[" + std::to_string(s.index) + "]";
            } else {
                where += ".";
                where += s.key;
            }
        }
        throw error(code, what + " (at " + where + ")");
    }

    lua_State* L_;
    const json_limits& limits_;
    const void* array_mt_ = nullptr;
    const void* frozen_mt_ = nullptr;
    std::size_t bytes_ = 0;
    std::vector<step> path_;
};

// JSON -> Lua ---------------------------------------------------------------------------------

// Raises Lua errors; only trivially destructible locals (see the static_asserts).
void push_value(lua_State* L, const json& v, std::size_t depth, std::size_t max_depth) {
    if (depth > max_depth)
        luaL_error(L, "JSON value nested deeper than %d levels", int(max_depth));
    luaL_checkstack(L, 3, "JSON value too deep");
    switch (v.type()) {
        case json::value_t::null:
            push_null(L);
            return;
        case json::value_t::boolean:
            lua_pushboolean(L, v.get<bool>() ? 1 : 0);
            return;
        case json::value_t::number_integer:
            lua_pushinteger(L, v.get<std::int64_t>());
            return;
        case json::value_t::number_unsigned: {
            const auto u = v.get<std::uint64_t>();
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max())) {
                lua_pushinteger(L, static_cast<lua_Integer>(u));
            } else {
                lua_pushnumber(L, static_cast<lua_Number>(u));
            }
            return;
        }
        case json::value_t::number_float:
            lua_pushnumber(L, v.get<double>());
            return;
        case json::value_t::string: {
            const auto& s = v.get_ref<const std::string&>();
            lua_pushlstring(L, s.data(), s.size());
            return;
        }
        case json::value_t::array: {
            const auto& a = v.get_ref<const json::array_t&>();
            lua_createtable(L, static_cast<int>(a.size()), 0);
            lua_Integer i = 0;
            for (const json& element : a) {
                push_value(L, element, depth + 1, max_depth);
                lua_rawseti(L, -2, ++i);
            }
            lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
            lua_setmetatable(L, -2);
            return;
        }
        case json::value_t::object: {
            const auto& o = v.get_ref<const json::object_t&>();
            lua_createtable(L, 0, static_cast<int>(o.size()));
            for (const auto& [key, element] : o) {
                lua_pushlstring(L, key.data(), key.size());
                push_value(L, element, depth + 1, max_depth);
                lua_rawset(L, -3);
            }
            return;
        }
        case json::value_t::binary:
        case json::value_t::discarded:
            luaL_error(L, "binary JSON values are not supported");
    }
}

std::size_t check_value(const json& v, std::size_t depth, const json_limits& limits,
                        std::size_t bytes) {
    bytes += value_cost;
    switch (v.type()) {
        case json::value_t::string:
            bytes += v.get_ref<const std::string&>().size();
            break;
        case json::value_t::array:
        case json::value_t::object:
            if (depth + 1 > limits.max_depth) {
                throw error(errc::limit_exceeded, "JSON value nested deeper than " +
                                                      std::to_string(limits.max_depth) + " levels");
            }
            if (v.is_object()) {
                for (const auto& [key, element] : v.get_ref<const json::object_t&>()) {
                    bytes = check_value(element, depth + 1, limits, bytes + key.size());
                }
            } else {
                for (const json& element : v.get_ref<const json::array_t&>()) {
                    bytes = check_value(element, depth + 1, limits, bytes);
                }
            }
            break;
        default:
            break;
    }
    if (bytes > limits.max_bytes) {
        throw error(errc::limit_exceeded,
                    "JSON value larger than " + std::to_string(limits.max_bytes) + " bytes");
    }
    return bytes;
}

}  // namespace

void register_json_markers(lua_State* L) {
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "json.array");
    lua_setfield(L, -2, "__name");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &array_mt_key);

    lua_createtable(L, 0, 4);
    lua_pushliteral(L, "json.array");
    lua_setfield(L, -2, "__name");
    lua_pushcfunction(L, &frozen_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "__readonly");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &frozen_array_mt_key);
}

void check_json(const json& value, const json_limits& limits) {
    check_value(value, 0, limits, 0);
}

void push_json(lua_State* L, const json& value, const json_limits& limits) {
    push_value(L, value, 0, limits.max_depth);
}

json to_json(lua_State* L, int index, const json_limits& limits) {
    lua_reader reader(L, limits);
    return reader.read(lua_absindex(L, index), 0);
}

void push_null(lua_State* L) {
    lua_pushlightuserdata(L, const_cast<char*>(&null_tag));
}

bool is_null(lua_State* L, int index) {
    return lua_touserdata(L, index) == &null_tag;
}

void push_array_metatable(lua_State* L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
}

void push_frozen_empty_array(lua_State* L) {
    lua_newtable(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &frozen_array_mt_key);
    lua_setmetatable(L, -2);
}

void push_error_table(lua_State* L, const error_info& error) {
    lua_createtable(L, 0, 4);
    lua_pushstring(L, to_string(error.code));
    lua_setfield(L, -2, "code");
    lua_pushlstring(L, error.message.data(), error.message.size());
    lua_setfield(L, -2, "message");
    lua_pushboolean(L, error.retryable() ? 1 : 0);
    lua_setfield(L, -2, "retryable");
    if (!error.field.empty()) {
        lua_pushlstring(L, error.field.data(), error.field.size());
        lua_setfield(L, -2, "field");
    }
}

bool is_valid_utf8(std::string_view text) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        static constexpr std::uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

}  // namespace tocsin::lua::detail
