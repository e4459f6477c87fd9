// offload() and await_callback() without a server: where the work runs, where the caller
// resumes, errors, and that owned values are neither leaked nor destroyed twice.

#include "engine/http/async.hpp"

#include <gtest/gtest.h>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <thread>

namespace tocsin::http {
namespace {

namespace asio = boost::asio;

// Counts live instances, so a double destruction shows as a negative count.
struct counted {
    static inline std::atomic<int> live{0};
    counted() { ++live; }
    counted(const counted&) { ++live; }
    counted(counted&&) noexcept { ++live; }
    ~counted() { --live; }
};

// Runs coro on a strand of a one-thread io_context until it finishes; rethrows its exception.
// The pool is joined before the io_context goes: the order async.hpp asks for.
template <typename Coro>
void run_on_io(asio::thread_pool& pool, Coro coro) {
    std::exception_ptr failure;
    {
        asio::io_context io;
        asio::co_spawn(asio::make_strand(io), std::move(coro),
                       [&](std::exception_ptr e) { failure = e; });
        io.run();
        pool.join();
    }
    if (failure)
        std::rethrow_exception(failure);
}

TEST(Offload, RunsOnThePoolAndResumesOnTheCaller) {
    asio::thread_pool pool(1);
    std::thread::id io_thread, worker, resumed;
    int value = 0;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        io_thread = std::this_thread::get_id();
        value = co_await offload(pool.get_executor(), [&] {
            worker = std::this_thread::get_id();
            return 41 + 1;
        });
        resumed = std::this_thread::get_id();
    });
    EXPECT_EQ(value, 42);
    EXPECT_NE(worker, io_thread);
    EXPECT_EQ(resumed, io_thread);
}

TEST(Offload, RethrowsInTheCaller) {
    asio::thread_pool pool(1);
    errc caught = errc::ok;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        try {
            co_await offload(pool.get_executor(),
                             [] { throw tocsin::error(errc::storage, "disk"); });
        } catch (const tocsin::error& e) {
            caught = e.code();
        }
    });
    EXPECT_EQ(caught, errc::storage);
}

TEST(Offload, OwnedArgumentsAndNamedClosuresAreDestroyedOnce) {
    asio::thread_pool pool(1);
    counted::live = 0;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        counted kept;
        co_await offload(
            pool.get_executor(), [](counted&, int) {}, counted{}, 1);
        co_await offload(
            pool.get_executor(), [](counted&) {}, kept);
        auto named = [kept] { return 1; };
        co_await offload(pool.get_executor(), std::move(named));
    });
    EXPECT_EQ(counted::live, 0);
}

TEST(AwaitCallback, DeliversAValueFromAnotherThread) {
    asio::thread_pool pool(1);
    std::thread::id io_thread, resumed;
    std::string value;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        io_thread = std::this_thread::get_id();
        value = co_await await_callback<std::string>(
            [&](auto done) { asio::post(pool, [done] { done("from the pool"); }); });
        resumed = std::this_thread::get_id();
    });
    EXPECT_EQ(value, "from the pool");
    EXPECT_EQ(resumed, io_thread);
}

TEST(AwaitCallback, OnlyTheFirstCallCounts) {
    asio::thread_pool pool(1);
    int value = 0;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        value = co_await await_callback<int>([](auto done) {
            done(1);
            done(2);
        });
    });
    EXPECT_EQ(value, 1);
}

TEST(AwaitCallback, AThrowingStartOrADroppedCallbackRaises) {
    asio::thread_pool pool(1);
    errc dropped = errc::ok;
    bool start_error = false;
    run_on_io(pool, [&]() -> asio::awaitable<void> {
        try {
            co_await await_callback<int>([](auto) {});
        } catch (const tocsin::error& e) {
            dropped = e.code();
        }
        try {
            co_await await_callback<int>([](auto) { throw std::runtime_error("cannot start"); });
        } catch (const std::runtime_error&) {
            start_error = true;
        }
    });
    EXPECT_EQ(dropped, errc::internal);
    EXPECT_TRUE(start_error);
}

}  // namespace
}  // namespace tocsin::http
