#include "engine/lua/state.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include <lua.hpp>

#include "engine/error.hpp"

namespace tocsin::lua::detail {
namespace {

// The lua_Alloc of every state. Refusing a request makes Lua collect and retry once, then raise
// "not enough memory" (LUA_ERRMEM); growing past the cap is refused, shrinking never is.
void* capped_alloc(void* ud, void* block, std::size_t old_size, std::size_t new_size) {
    auto& account = *static_cast<memory_account*>(ud);
    const std::size_t old = block != nullptr ? old_size : 0;  // else old_size is a type tag
    const std::size_t used = account.used.load(std::memory_order_relaxed);
    if (new_size == 0) {
        std::free(block);
        account.used.store(used - old, std::memory_order_relaxed);
        return nullptr;
    }
    const bool grows = new_size > old;
    void* result = nullptr;
    if (!grows || used - old + new_size <= account.limit)
        result = std::realloc(block, new_size);
    if (result == nullptr) {
        if (account.refused && account.refused_block == block && account.refused_size == new_size) {
            account.exhausted = true;
        }
        account.refused = true;
        account.refused_block = block;
        account.refused_size = new_size;
        return nullptr;
    }
    account.refused = false;
    const std::size_t now = used - old + new_size;
    account.used.store(now, std::memory_order_relaxed);
    if (now > account.peak)
        account.peak = now;
    return result;
}

int panic(lua_State* L) {
    // Only reachable through a bug in this layer (an unprotected call that raised).
    std::fprintf(stderr, "tocsin: unprotected Lua error: %s\n",
                 lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)");
    std::abort();
}

}  // namespace

state::state(std::size_t memory_limit) {
    account_.limit = memory_limit;
    L_ = lua_newstate(&capped_alloc, &account_);
    if (L_ == nullptr) {
        throw error(errc::limit_exceeded, "memory limit of " + std::to_string(memory_limit) +
                                              " bytes is too small to create a Lua state");
    }
    lua_atpanic(L_, &panic);
}

state::~state() {
    if (L_ != nullptr)
        lua_close(L_);
}

stack_guard::stack_guard(lua_State* L) : L_(L), top_(lua_gettop(L)) {}
stack_guard::~stack_guard() {
    lua_settop(L_, top_);
}

ref ref::pop_from(lua_State* L) {
    ref r;
    r.id_ = luaL_ref(L, LUA_REGISTRYINDEX);
    r.L_ = L;
    return r;
}

ref ref::adopt(lua_State* L, int id) noexcept {
    ref r;
    r.L_ = L;
    r.id_ = id;
    return r;
}

ref::ref(ref&& other) noexcept
    : L_(std::exchange(other.L_, nullptr)), id_(std::exchange(other.id_, 0)) {}

ref& ref::operator=(ref&& other) noexcept {
    if (this != &other) {
        reset();
        L_ = std::exchange(other.L_, nullptr);
        id_ = std::exchange(other.id_, 0);
    }
    return *this;
}

void ref::push(lua_State* L) const {
    lua_rawgeti(L, LUA_REGISTRYINDEX, id_);
}

void ref::reset() noexcept {
    // luaL_unref only overwrites existing registry slots: it does not allocate or raise.
    if (L_ != nullptr)
        luaL_unref(L_, LUA_REGISTRYINDEX, id_);
    L_ = nullptr;
    id_ = 0;
}

int protected_call(lua_State* L, protected_fn fn, void* ud, int nargs, int nresults) {
    // On a failed stack check nothing is pushed; callers restore the top with a stack_guard.
    if (!lua_checkstack(L, 3 + (nresults > 0 ? nresults : 0)))
        return LUA_ERRMEM;
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, ud);
    lua_rotate(L, -(nargs + 2), 2);  // fn, ud below the arguments
    return lua_pcall(L, nargs + 1, nresults, 0);
}

}  // namespace tocsin::lua::detail
