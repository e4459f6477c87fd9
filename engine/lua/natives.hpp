#pragma once
// Native functions: how C++ (plugins, the engine) exposes functions to playbooks without ever
// seeing a lua_State. A native is registered under a dotted name below `tocsin`
// ("tocsin.incidents.create") and receives its Lua arguments as one JSON array. It answers in one
// of four ways, which the playbook sees as straight-line code:
//
//   return nlohmann::json{...};             -- the Lua call returns that value
//   return error_info{errc::not_found, ..}; -- the Lua call returns nil, {code, message, retryable}
//   throw tocsin::error{...};               -- wrong arguments: a Lua error "tocsin.x.y: message"
//   auto done = call.suspend();             -- asynchronous: the run's coroutine yields and holds
//   ...; return native_result::pending();   -- no thread; done(json) or done(error_info) later,
//                                           -- from any thread, resumes it on its executor
//
//   local inc, err = tocsin.incidents.create{title = "x"}
//
// Every call counts against the run's action budget. Natives run on the run's executor while the
// run's Lua state is in use: they must not block (hand blocking work to a pool and suspend).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"

namespace tocsin::lua {

class completion;

namespace detail {

// Implemented by a run: receives completions and hands out the handles for new suspensions.
class completion_target {
  public:
    virtual ~completion_target() = default;
    // Any thread. The target drops a reply whose generation is not the suspension it waits on.
    virtual void deliver(std::uint64_t generation,
                         std::variant<nlohmann::json, error_info> reply) = 0;
};

class suspender {
  public:
    virtual ~suspender() = default;
    // Opens a new suspension (a new generation) and returns the handle that ends it.
    virtual completion open_suspension() = 0;
};

}  // namespace detail

// Ends one suspended native call. Copyable and callable from any thread. Only the first delivery
// for its suspension counts; duplicates, and deliveries after the run was cancelled, timed out or
// finished, are dropped (the run's generation counter has moved on). A completion that is never
// called leaves the run suspended until its wall-clock budget ends it.
class completion {
  public:
    completion() = default;
    completion(std::weak_ptr<detail::completion_target> target, std::uint64_t generation)
        : target_(std::move(target)), generation_(generation) {}

    void operator()(nlohmann::json value) const { deliver(std::move(value)); }
    void operator()(error_info error) const { deliver(std::move(error)); }

    std::uint64_t generation() const noexcept { return generation_; }

  private:
    void deliver(std::variant<nlohmann::json, error_info> reply) const {
        if (auto target = target_.lock())
            target->deliver(generation_, std::move(reply));
    }

    std::weak_ptr<detail::completion_target> target_;
    std::uint64_t generation_ = 0;
};

// What a native returns.
class native_result {
  public:
    native_result(nlohmann::json value) : value_(std::move(value)) {}
    native_result(error_info error) : value_(std::move(error)) {}
    static native_result pending() { return native_result{pending_tag{}}; }

    bool is_pending() const noexcept { return value_.index() == 2; }
    bool is_error() const noexcept { return value_.index() == 1; }
    nlohmann::json& value() { return std::get<0>(value_); }
    error_info& error() { return std::get<1>(value_); }

  private:
    struct pending_tag {};
    explicit native_result(pending_tag tag) : value_(tag) {}
    std::variant<nlohmann::json, error_info, pending_tag> value_;
};

// One invocation of a native, as the native sees it.
class native_call {
  public:
    native_call(std::string_view name, nlohmann::json args, std::string_view run_id,
                detail::suspender* suspender)
        : name_(name), args_(std::move(args)), run_id_(run_id), suspender_(suspender) {}

    std::string_view name() const noexcept { return name_; }
    // The Lua arguments as a JSON array (nil -> null), always an array even when empty.
    const nlohmann::json& args() const noexcept { return args_; }
    std::string_view run_id() const noexcept { return run_id_; }

    // Makes this call asynchronous. At most once per call; the native must then return
    // native_result::pending(). Throws tocsin::error(errc::unsupported) where Lua cannot yield:
    // inside a coroutine of the playbook, a table.sort comparator, a string.gsub callback or a
    // module's top level.
    completion suspend();
    bool suspended() const noexcept { return suspended_; }

  private:
    std::string_view name_;
    nlohmann::json args_;
    std::string_view run_id_;
    detail::suspender* suspender_;
    bool suspended_ = false;
};

using native_fn = std::function<native_result(native_call&)>;

// The natives visible to playbooks. Build it once, then share it read-only
// (std::shared_ptr<const native_registry>) between loads and runs; it is not modified afterwards,
// so concurrent lookups need no lock. Lua resolves `tocsin.a.b` lazily on first use per run, so a
// large registry costs a run nothing until it is used.
class native_registry {
  public:
    struct entry {
        std::string name;
        native_fn fn;
    };

    // `name` is "tocsin.<segment>[.<segment>...]" with segments [a-z_][a-z0-9_]*. Throws
    // tocsin::error: invalid_argument for a malformed name or an empty function, already_exists
    // for a duplicate, conflict when a name would be both a function and a namespace.
    void add(std::string name, native_fn fn);

    const entry* find(std::string_view name) const;
    bool is_namespace(std::string_view name) const;
    std::size_t size() const noexcept { return functions_.size(); }

  private:
    // unique_ptr: Lua closures hold entry pointers, which must stay stable.
    std::map<std::string, std::unique_ptr<entry>, std::less<>> functions_;
    std::set<std::string, std::less<>> namespaces_{"tocsin"};
};

}  // namespace tocsin::lua
