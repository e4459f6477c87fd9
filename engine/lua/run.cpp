// The run: one sandboxed state per run, the playbook's coroutine in it, driven by Asio.
//
// Everything below runs on the run's executor except start(), cancel() and deliver(), which only
// post to it (and set an atomic flag the instruction hook reads). So the Lua state is only ever
// touched by one thread at a time, and the state machine needs no lock.

#include "engine/lua/run.hpp"

#include <mutex>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <lua.hpp>

#include "engine/lua/convert.hpp"
#include "engine/lua/instance.hpp"
#include "engine/lua/natives.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;
using detail::control;
using detail::run_phase;
using detail::stop_reason;

// Body of the run's coroutine: (chunk, ctx). Runs the chunk's top level, then run(ctx). lua_callk
// with a continuation lets natives inside run(ctx) yield through this C frame.
int run_body_done(lua_State*, int, lua_KContext) {
    return 1;
}

int run_body(lua_State* L) {
    control& c = detail::control_of(L);
    c.phase = run_phase::top_level;
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_type(L, -1) != LUA_TTABLE)
        return luaL_error(L, "the playbook did not return a table");
    if (lua_getfield(L, -1, "run") != LUA_TFUNCTION) {
        return luaL_error(L, "the playbook's 'run' is not a function");
    }
    c.phase = run_phase::run;
    lua_pushvalue(L, 2);
    lua_callk(L, 1, 1, 0, &run_body_done);
    return run_body_done(L, LUA_OK, 0);
}

struct setup_args {
    const json* trigger;
    const json* params;
    const std::string* run_id;
    lua_State* thread = nullptr;
    int thread_ref = 0;
};

// Protected: (ud, chunk) -> creates the run's coroutine holding run_body, chunk and ctx.
int setup_run(lua_State* L) {
    auto& args = *static_cast<setup_args*>(lua_touserdata(L, 1));
    control& c = detail::control_of(L);
    lua_State* thread = lua_newthread(L);  // 3; inherits the instruction hook
    lua_pushcfunction(L, &run_body);
    lua_pushvalue(L, 2);
    lua_createtable(L, 0, 4);  // ctx
    detail::push_json(L, *args.trigger, c.json);
    lua_setfield(L, -2, "trigger");
    detail::push_json(L, *args.params, c.json);
    lua_setfield(L, -2, "params");
    lua_pushlstring(L, args.run_id->data(), args.run_id->size());
    lua_setfield(L, -2, "run_id");
    detail::push_log_table(L);
    lua_setfield(L, -2, "log");
    if (!lua_checkstack(thread, 3))
        return luaL_error(L, "cannot grow the run's stack");
    lua_xmove(L, thread, 3);
    lua_pushvalue(L, 3);
    args.thread_ref = luaL_ref(L, LUA_REGISTRYINDEX);  // anchors the coroutine
    args.thread = thread;
    c.run_thread = thread;
    return 0;
}

class run_impl final : public run,
                       public detail::completion_target,
                       public detail::suspender,
                       public std::enable_shared_from_this<run_impl> {
  public:
    run_impl(std::string run_id, run_options options)
        : options_(std::move(options)), run_id_(std::move(run_id)), timer_(options_.executor) {}

    void build(const playbook_definition& playbook, const json& trigger, const json& params) {
        detail::sandbox_host host;
        host.sandbox = &options_.sandbox;
        host.clock = options_.clock.get();
        host.log = &options_.log;
        host.run_id = run_id_;
        host.suspend_target = this;
        host.cancel_requested = &cancel_requested_;
        host.phase = run_phase::top_level;
        sandbox_ = std::make_unique<detail::sandbox_state>(options_.limits, std::move(host));
        lua_State* L = sandbox_->get();
        const std::string chunk_name = "@" + playbook.source_path;
        if (playbook.compiled) {
            sandbox_->load_chunk(playbook.compiled->bytecode, chunk_name, "b");
        } else {
            sandbox_->load_chunk(playbook.source, chunk_name, "t");
        }
        setup_args args{&trigger, &params, &run_id_};
        const int status = detail::protected_call(L, &setup_run, &args, 1, 0);
        if (status != LUA_OK) {
            std::string message = status == LUA_ERRMEM || lua_gettop(L) == 0
                                      ? std::string("not enough memory")
                                      : detail::sandbox_state::error_message(L, -1);
            throw error(errc::limit_exceeded, "cannot set up the run: " + message);
        }
        thread_ = args.thread;
        thread_ref_ = detail::ref::adopt(L, args.thread_ref);
        memory_in_use_.store(sandbox_->memory().used.load(std::memory_order_relaxed));
    }

    void start() override {
        if (started_.exchange(true))
            return;
        asio::post(options_.executor, [self = shared_from_this()] { self->begin(); });
    }

    void cancel(std::string reason) override { request_stop(std::move(reason), false); }
    void abort(std::string reason) override { request_stop(std::move(reason), true); }

    run_state state() const noexcept override { return state_.load(); }
    const std::string& id() const noexcept override { return run_id_; }
    std::size_t memory_in_use() const noexcept override { return memory_in_use_.load(); }
    std::uint64_t dropped_completions() const noexcept override { return dropped_.load(); }

    // Any thread.
    void deliver(std::uint64_t generation, std::variant<json, error_info> reply) override {
        asio::post(options_.executor,
                   [self = shared_from_this(), generation, reply = std::move(reply)]() mutable {
                       self->on_reply(generation, std::move(reply));
                   });
    }

    // Executor, inside a native call.
    completion open_suspension() override { return completion(weak_from_this(), ++generation_); }

  private:
    // Cancel and abort share the stop protocol (the hook and the sandbox's pcall re-raise the
    // "cancelled" stop); `aborted_` only changes how the ending is reported.
    void request_stop(std::string reason, bool abort) {
        {
            std::lock_guard lock(reason_mutex_);
            if (!cancel_requested_.load()) {
                cancel_reason_ = std::move(reason);
                aborted_ = abort;
            }
        }
        cancel_requested_.store(true);
        asio::post(options_.executor, [self = shared_from_this()] { self->on_cancel(); });
    }

    void begin() {
        if (state_.load() != run_state::ready)
            return;  // cancelled before it started
        started_at_ = std::chrono::steady_clock::now();
        sandbox_->arm_deadline();
        timer_.expires_after(options_.limits.wall_clock);
        timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec)
                self->on_timeout();
        });
        step(2);  // run_body(chunk, ctx)
    }

    void step(int nargs) {
        state_.store(run_state::running);
        lua_State* L = sandbox_->get();
        int nresults = 0;
        const int status = lua_resume(thread_, L, nargs, &nresults);
        memory_in_use_.store(sandbox_->memory().used.load(std::memory_order_relaxed));
        if (status == LUA_YIELD) {
            // Only natives yield the run's coroutine (coroutine.yield refuses to).
            lua_pop(thread_, nresults);
            state_.store(run_state::suspended);
            return;
        }
        finish_resume(status);
    }

    void on_reply(std::uint64_t generation, std::variant<json, error_info> reply) {
        if (state_.load() != run_state::suspended || generation != generation_) {
            dropped_.fetch_add(1);
            return;
        }
        ++generation_;  // a duplicate of this completion is now stale
        control& c = sandbox_->ctl();
        if (auto* value = std::get_if<json>(&reply)) {
            try {
                detail::check_json(*value, c.json);
                c.reply = std::move(*value);
            } catch (const error& e) {
                c.reply = error_info{e.code(), "result: " + std::string(e.what()), {}};
            }
        } else {
            c.reply = std::move(std::get<error_info>(reply));
        }
        step(0);
    }

    void on_cancel() {
        const run_state s = state_.load();
        if (s != run_state::ready && s != run_state::suspended)
            return;  // ended, or ran to a stop
        stop_outside(stop_reason::cancelled);
    }

    void on_timeout() {
        const run_state s = state_.load();
        if (s != run_state::ready && s != run_state::suspended)
            return;
        stop_outside(stop_reason::wall_clock);
    }

    // Ends a run that is not running (ready or suspended) for `reason`.
    void stop_outside(stop_reason reason) {
        control& c = sandbox_->ctl();
        if (c.stop == stop_reason::none)
            c.stop = reason;
        run_outcome out = base_outcome();
        fill_stop(out, c.stop);
        if (state_.load() == run_state::suspended)
            out.traceback = sandbox_->traceback(thread_);
        end(std::move(out));
    }

    void finish_resume(int status) {
        control& c = sandbox_->ctl();
        run_outcome out = base_outcome();
        if (status == LUA_OK) {
            try {
                out.result =
                    lua_gettop(thread_) > 0 ? detail::to_json(thread_, -1, c.json) : json();
                out.state = run_state::finished;
            } catch (const error& e) {
                out.state = run_state::failed;
                out.error =
                    std::string("run(ctx) returned a value that is not JSON data: ") + e.what();
            }
        } else {
            if (status == LUA_ERRMEM)
                c.memory->exhausted = true;
            if (detail::must_stop(c)) {
                fill_stop(out, c.stop);
            } else {
                out.state = run_state::failed;
                out.error = detail::sandbox_state::error_message(thread_, -1);
            }
            out.traceback = sandbox_->traceback(thread_);
        }
        end(std::move(out));
    }

    run_outcome base_outcome() {
        control& c = sandbox_->ctl();
        run_outcome out;
        out.run_id = run_id_;
        out.instructions = c.instructions;
        out.peak_memory = sandbox_->memory().peak;
        out.actions = std::min(c.actions, c.action_budget);
        return out;
    }

    void fill_stop(run_outcome& out, stop_reason reason) {
        if (reason == stop_reason::cancelled) {
            std::lock_guard lock(reason_mutex_);
            out.state = aborted_ ? run_state::failed : run_state::cancelled;
            out.error = aborted_ ? cancel_reason_ : "cancelled: " + cancel_reason_;
        } else {
            out.state = run_state::failed;
            out.limit = detail::to_limit(reason);
            out.error = sandbox_->stop_message(reason);
        }
    }

    void end(run_outcome out) {
        ++generation_;
        if (started_at_ != std::chrono::steady_clock::time_point{}) {
            out.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started_at_);
        }
        timer_.cancel();
        // Close the state now: an ended run holds no Lua memory, whoever still holds the handle.
        thread_ = nullptr;
        thread_ref_.reset();
        sandbox_.reset();
        memory_in_use_.store(0);
        state_.store(out.state);
        if (options_.on_complete) {
            try {
                options_.on_complete(out);
            } catch (...) {
                // The outcome is delivered; a throwing callback cannot undo the run.
            }
        }
    }

    run_options options_;
    std::string run_id_;
    asio::steady_timer timer_;
    std::unique_ptr<detail::sandbox_state> sandbox_;  // null once ended
    lua_State* thread_ = nullptr;
    detail::ref thread_ref_;  // anchors thread_; declared after sandbox_, so released before it
    std::uint64_t generation_ = 0;
    std::chrono::steady_clock::time_point started_at_{};

    std::atomic<run_state> state_{run_state::ready};
    std::atomic<bool> started_{false};
    std::atomic<bool> cancel_requested_{false};
    std::atomic<std::size_t> memory_in_use_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::mutex reason_mutex_;
    std::string cancel_reason_;  // guarded by reason_mutex_
    bool aborted_ = false;       // guarded by reason_mutex_
};

}  // namespace

std::shared_ptr<run> run::create(const playbook_definition& playbook, run_context ctx,
                                 run_options options) {
    if (!options.executor)
        throw error(errc::invalid_argument, "a run needs an executor");
    if (options.limits.wall_clock <= std::chrono::milliseconds::zero()) {
        throw error(errc::invalid_argument, "a run needs a positive wall-clock limit");
    }
    const json params = resolve_params(playbook.params, ctx.params);
    detail::check_json(ctx.trigger, options.limits.json);
    detail::check_json(params, options.limits.json);
    if (!options.clock)
        options.clock = make_system_clock_source();
    auto r = std::make_shared<run_impl>(std::move(ctx.run_id), std::move(options));
    r->build(playbook, ctx.trigger, params);
    return r;
}

}  // namespace tocsin::lua
