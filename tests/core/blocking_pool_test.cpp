#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>

#include "engine/core/blocking_pool.hpp"

namespace tocsin {
namespace {

TEST(BlockingPool, RunsOffTheCallerAndCompletesOnIt) {
    boost::asio::io_context io;
    blocking_pool pool(2);
    std::thread::id worker, completion;
    std::optional<result<int>> outcome;
    boost::asio::post(io, [&] {
        pool.async_run(
            [&] {
                worker = std::this_thread::get_id();
                return 7;
            },
            boost::asio::bind_executor(io, [&](result<int> r) {
                completion = std::this_thread::get_id();
                outcome = std::move(r);
            }));
    });
    io.run();
    ASSERT_TRUE(outcome && outcome->has_value());
    EXPECT_EQ(**outcome, 7);
    EXPECT_NE(worker, std::this_thread::get_id());
    EXPECT_EQ(completion, std::this_thread::get_id());
}

TEST(BlockingPool, ExceptionsBecomeErrorResults) {
    boost::asio::io_context io;
    blocking_pool pool(1);
    std::optional<result<void>> outcome;
    pool.async_run([] { throw error(errc::storage, "disk full"); },
                   boost::asio::bind_executor(io, [&](result<void> r) { outcome = r; }));
    io.run();
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(outcome->has_value());
    EXPECT_EQ(outcome->error().code, errc::storage);
    EXPECT_EQ(outcome->error().message, "disk full");
}

}  // namespace
}  // namespace tocsin
