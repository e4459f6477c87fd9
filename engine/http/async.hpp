#pragma once
// Bridges for async handlers (router.hpp): leave the I/O thread for work that blocks or completes
// elsewhere, and come back to the connection's strand with the result. Only route files that
// have async handlers include this.
//
// Shutdown invariant: a suspended handler keeps the server's io_context busy until it resumes.
// Executors that handlers offload to must therefore be drained (or at least outlive the server
// object): stop the server, then join the pools, then destroy the server.
//
// GCC 12 (Debian 12's compiler) destroys a lambda *twice* when the lambda-expression appears
// inside a co_await expression and captures something with a destructor by value (a
// std::string, a shared_ptr): a double free (a known GCC 12 coroutine bug that other projects
// work around the same way, e.g. equeim/tremotesf2#551). Capturing by reference is safe and is the
// normal case here, since the awaiting coroutine outlives the work. To hand over owned values, pass
// them as offload's extra arguments, or name the lambda before the co_await:
//
//   co_await offload(pool.get_executor(), [&] { return store.get(id); });              // fine
//   co_await offload(pool.get_executor(), [](std::string id) { ... }, std::move(id));   // fine
//   auto work = [id] { ... };  co_await offload(pool.get_executor(), std::move(work));  // fine
//   co_await offload(pool.get_executor(), [id] { ... });       // double free with GCC 12
//
// tests/http/async_test.cpp runs the three safe forms.

#include "engine/error.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace tocsin::http {

// Runs fn(args...) on `executor` (e.g. a blocking pool's get_executor()) and resumes the calling
// coroutine on its own executor with the result; an exception from fn is rethrown in the caller.
// Not itself a coroutine, so that the closure it builds is never subject to the GCC 12 bug above.
//
//   auto rows = co_await offload(sqlite_pool.get_executor(), [&] { return store.list(q); });
template <typename Executor, typename Fn, typename... Args>
auto offload(Executor executor, Fn fn, Args... args)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&, Args&...>> {
    using result_type = std::invoke_result_t<Fn&, Args&...>;
    return boost::asio::co_spawn(
        std::move(executor),
        [fn = std::move(fn), ... args = std::move(args)]() mutable
        -> boost::asio::awaitable<result_type> { co_return std::invoke(fn, args...); },
        boost::asio::use_awaitable);
}

namespace detail {

// Owns the suspended coroutine's completion handler until the callback fires, once. Thread-safe:
// the callback may run on any thread, any number of times (later calls are ignored). After the
// first call the state holds nothing of the I/O context: handler and work guard travel with the
// posted completion, so copies of the callback that die later on another thread touch no
// executor. (The thread that calls back must still finish before the io_context is destroyed.)
template <typename Handler, typename T>
class callback_state {
  public:
    explicit callback_state(Handler handler)
        : work_(boost::asio::make_work_guard(boost::asio::get_associated_executor(handler))),
          handler_(std::move(handler)) {}
    callback_state(const callback_state&) = delete;
    callback_state& operator=(const callback_state&) = delete;

    // Dropping every copy of the callback without calling it must not leave the handler
    // suspended forever: it resumes with an internal error (500).
    ~callback_state() {
        deliver(std::make_exception_ptr(tocsin::error(
                    errc::internal, "an asynchronous operation dropped its completion callback")),
                std::nullopt);
    }

    void deliver(std::exception_ptr ex, std::optional<T> value) {
        std::optional<Handler> handler;
        std::optional<work_type> work;
        {
            std::lock_guard lock(mutex_);
            if (!handler_)
                return;
            handler.emplace(std::move(*handler_));
            handler_.reset();
            work.emplace(std::move(*work_));
            work_.reset();
        }
        // Resume on the coroutine's own executor (the connection strand), never on the caller's.
        const auto executor = work->get_executor();
        boost::asio::post(executor,
                          [h = std::move(*handler), w = std::move(*work), ex,
                           v = std::move(value)]() mutable { std::move(h)(ex, std::move(v)); });
    }

  private:
    using work_type = boost::asio::executor_work_guard<boost::asio::associated_executor_t<Handler>>;
    std::optional<work_type> work_;
    std::mutex mutex_;
    std::optional<Handler> handler_;
};

}  // namespace detail

// Suspends the calling coroutine until `start` has delivered one T through the callback it is
// given, from any thread. The callback is copyable (fits std::function<void(T)>); only its first
// call counts. T needs no default constructor, so result<U> works:
//
//   result<nlohmann::json> run = co_await await_callback<result<nlohmann::json>>(
//       [&](auto done) { playbooks.start(name, input, std::move(done)); });
//
// If start throws, the exception is rethrown in the caller; if every copy of the callback is
// destroyed uncalled, the caller gets tocsin::error(errc::internal).
template <typename T, typename Start>
boost::asio::awaitable<T> await_callback(Start start) {
    std::optional<T> value =
        co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                             void(std::exception_ptr, std::optional<T>)>(
            [](auto handler, Start start) {
                using state_type = detail::callback_state<decltype(handler), T>;
                auto state = std::make_shared<state_type>(std::move(handler));
                try {
                    start([state](T v) { state->deliver(nullptr, std::move(v)); });
                } catch (...) {
                    state->deliver(std::current_exception(), std::nullopt);
                }
            },
            boost::asio::use_awaitable, std::move(start));
    co_return std::move(*value);
}

}  // namespace tocsin::http
