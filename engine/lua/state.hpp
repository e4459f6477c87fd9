#pragma once
// Internal to engine/lua: ownership of one lua_State and its memory account, plus the RAII and
// protected-call helpers every other file here builds on. Nothing outside engine/lua includes it.
//
// The rule that keeps C++ and Lua errors apart: Lua raises errors with longjmp, which skips C++
// destructors. So a frame that may see a Lua error (any lua_* call that allocates or calls Lua)
// holds no object with a non-trivial destructor, and C++ code that must touch Lua from outside a
// Lua-called function goes through protected_call().

#include <atomic>
#include <cstddef>

struct lua_State;

namespace tocsin::lua::detail {

// The bytes a state has allocated, against its cap. Written only by the allocator (on the thread
// running the state); `used` is atomic so that other threads may read a snapshot.
struct memory_account {
    std::atomic<std::size_t> used{0};
    std::size_t peak = 0;
    std::size_t limit = 0;
    // Sticky: a request was refused even after Lua's emergency full collection. Lua retries a
    // refused request once, with the same block and size, after collecting; the second refusal of
    // the same request is the definitive one.
    bool exhausted = false;
    bool refused = false;
    const void* refused_block = nullptr;
    std::size_t refused_size = 0;
};

// Owns a lua_State whose allocator is capped by a memory_account. Not movable: the allocator
// holds the account's address.
class state {
  public:
    // Throws tocsin::error(limit_exceeded) when Lua cannot even start within the cap.
    explicit state(std::size_t memory_limit);
    ~state();
    state(const state&) = delete;
    state& operator=(const state&) = delete;

    lua_State* get() const noexcept { return L_; }
    memory_account& memory() noexcept { return account_; }
    const memory_account& memory() const noexcept { return account_; }

  private:
    memory_account account_;
    lua_State* L_ = nullptr;
};

// Restores the stack top of a thread on scope exit; for C++ frames that push temporaries.
class stack_guard {
  public:
    explicit stack_guard(lua_State* L);
    ~stack_guard();
    stack_guard(const stack_guard&) = delete;
    stack_guard& operator=(const stack_guard&) = delete;

  private:
    lua_State* L_;
    int top_;
};

// A registry reference (luaL_ref) released on destruction. Must not outlive its state.
class ref {
  public:
    ref() = default;
    // Anchors the value on top of L's stack and pops it. luaL_ref allocates, so call this only in
    // protected mode (inside a Lua-called function or protected_call).
    static ref pop_from(lua_State* L);
    // Takes ownership of a reference luaL_ref already made in L's registry.
    static ref adopt(lua_State* L, int id) noexcept;
    ref(ref&& other) noexcept;
    ref& operator=(ref&& other) noexcept;
    ~ref() { reset(); }

    void push(lua_State* L) const;  // never raises
    void reset() noexcept;
    bool valid() const noexcept { return L_ != nullptr; }

  private:
    lua_State* L_ = nullptr;
    int id_ = 0;
};

using protected_fn = int (*)(lua_State* L);

// Calls fn in protected mode with `ud` as a light userdata at index 1 followed by the `nargs`
// values on top of L's stack (which it consumes). Returns the Lua status (LUA_OK or an error
// code); on error the error value is left on top, otherwise fn's `nresults` results are. It checks
// for free stack slots without raising; when there are none it returns LUA_ERRMEM and pushes
// nothing.
int protected_call(lua_State* L, protected_fn fn, void* ud, int nargs, int nresults);

}  // namespace tocsin::lua::detail
