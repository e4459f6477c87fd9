// The sandbox's `os`: time, date, clock and difftime only. Every reading of "now" goes to the run's
// clock_source (the engine journals those answers for replay); conversions between dates and
// timestamps always use UTC, so a playbook behaves the same on every host whatever its TZ.

#include <cstdint>
#include <cstring>
#include <ctime>

#include <lua.hpp>

#include "engine/lua/clock_source.hpp"
#include "engine/lua/control.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

// C99 strftime conversions, as Lua's loslib.c checks them: single characters, then (after '|')
// the two-character E and O modifiers.
constexpr const char* strftime_options =
    "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
    "||"
    "EcECExEXEyEY"
    "OdOeOHOIOmOMOSOuOUOVOwOWOy";

bool ask_now(control& c, std::int64_t& ms) noexcept {
    try {
        ms = c.clock->now().time_since_epoch().count();
        return true;
    } catch (const std::exception& e) {
        c.scratch.assign("os.time: clock source failed: ").append(e.what());
    } catch (...) {
        c.scratch.assign("os.time: clock source failed");
    }
    return false;
}

bool ask_cpu(control& c, double& seconds) noexcept {
    try {
        seconds = c.clock->cpu_seconds();
        return true;
    } catch (...) {
        c.scratch.assign("os.clock: clock source failed");
    }
    return false;
}

[[noreturn]] void raise_scratch(lua_State* L) {
    const control& c = control_of(L);
    lua_pushlstring(L, c.scratch.data(), c.scratch.size());
    lua_error(L);
    __builtin_unreachable();
}

std::time_t now_seconds(lua_State* L) {
    std::int64_t ms = 0;
    if (!ask_now(control_of(L), ms))
        raise_scratch(L);
    // Floor division: times before 1970 round towards the past like time() would.
    return static_cast<std::time_t>(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
}

int get_field(lua_State* L, const char* key, int fallback, int delta) {
    int is_number = 0;
    const int type = lua_getfield(L, -1, key);
    const lua_Integer value = lua_tointegerx(L, -1, &is_number);
    if (!is_number) {
        if (type != LUA_TNIL)
            return luaL_error(L, "field '%s' is not an integer", key);
        if (fallback < 0)
            return luaL_error(L, "field '%s' missing in date table", key);
        lua_pop(L, 1);
        return fallback;
    }
    if (value < -1'000'000'000 || value > 1'000'000'000) {
        return luaL_error(L, "field '%s' is out-of-bound", key);
    }
    lua_pop(L, 1);
    return static_cast<int>(value - delta);
}

int os_time(lua_State* L) {
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, static_cast<lua_Integer>(now_seconds(L)));
        return 1;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    std::tm t{};
    t.tm_year = get_field(L, "year", -1, 1900);
    t.tm_mon = get_field(L, "month", -1, 1);
    t.tm_mday = get_field(L, "day", -1, 0);
    t.tm_hour = get_field(L, "hour", 12, 0);
    t.tm_min = get_field(L, "min", 0, 0);
    t.tm_sec = get_field(L, "sec", 0, 0);
    const std::time_t result = timegm(&t);  // normalises out-of-range fields, in UTC
    if (result == static_cast<std::time_t>(-1) && t.tm_year != 69) {
        return luaL_error(L, "time result cannot be represented in this installation");
    }
    lua_pushinteger(L, static_cast<lua_Integer>(result));
    return 1;
}

void set_int_field(lua_State* L, const char* key, int value, int delta) {
    lua_pushinteger(L, static_cast<lua_Integer>(value) + delta);
    lua_setfield(L, -2, key);
}

const char* check_option(lua_State* L, const char* conv, std::ptrdiff_t convlen, char* buff) {
    int oplen = 1;
    for (const char* option = strftime_options; *option != '\0' && oplen <= convlen;
         option += oplen) {
        if (*option == '|') {
            ++oplen;
        } else if (std::memcmp(conv, option, oplen) == 0) {
            std::memcpy(buff, conv, oplen);
            buff[oplen] = '\0';
            return conv + oplen;
        }
    }
    luaL_argerror(L, 1, lua_pushfstring(L, "invalid conversion specifier '%%%s'", conv));
    return conv;
}

int os_date(lua_State* L) {
    std::size_t size = 0;
    const char* format = luaL_optlstring(L, 1, "%c", &size);
    const std::time_t when =
        lua_isnoneornil(L, 2) ? now_seconds(L) : static_cast<std::time_t>(luaL_checkinteger(L, 2));
    const char* end = format + size;
    if (*format == '!')
        ++format;  // always UTC anyway
    std::tm t{};
    if (gmtime_r(&when, &t) == nullptr) {
        return luaL_error(L, "date result cannot be represented in this installation");
    }
    if (std::strcmp(format, "*t") == 0) {
        lua_createtable(L, 0, 9);
        set_int_field(L, "year", t.tm_year, 1900);
        set_int_field(L, "month", t.tm_mon, 1);
        set_int_field(L, "day", t.tm_mday, 0);
        set_int_field(L, "hour", t.tm_hour, 0);
        set_int_field(L, "min", t.tm_min, 0);
        set_int_field(L, "sec", t.tm_sec, 0);
        set_int_field(L, "yday", t.tm_yday, 1);
        set_int_field(L, "wday", t.tm_wday, 1);
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "isdst");
        return 1;
    }
    char conversion[4] = {'%', 0, 0, 0};
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    while (format < end) {
        if (*format != '%') {
            luaL_addchar(&b, *format++);
            continue;
        }
        ++format;
        format = check_option(L, format, end - format, conversion + 1);
        char* out = luaL_prepbuffsize(&b, 250);
        luaL_addsize(&b, std::strftime(out, 250, conversion, &t));
    }
    luaL_pushresult(&b);
    return 1;
}

int os_clock(lua_State* L) {
    double seconds = 0;
    if (!ask_cpu(control_of(L), seconds))
        raise_scratch(L);
    lua_pushnumber(L, seconds);
    return 1;
}

int os_difftime(lua_State* L) {
    const lua_Integer t1 = luaL_checkinteger(L, 1);
    const lua_Integer t2 = luaL_optinteger(L, 2, 0);
    lua_pushnumber(L, static_cast<lua_Number>(t1) - static_cast<lua_Number>(t2));
    return 1;
}

}  // namespace

void push_os_library(lua_State* L) {
    lua_createtable(L, 0, 4);
    lua_pushcfunction(L, &os_time);
    lua_setfield(L, -2, "time");
    lua_pushcfunction(L, &os_date);
    lua_setfield(L, -2, "date");
    lua_pushcfunction(L, &os_clock);
    lua_setfield(L, -2, "clock");
    lua_pushcfunction(L, &os_difftime);
    lua_setfield(L, -2, "difftime");
}

}  // namespace tocsin::lua::detail
