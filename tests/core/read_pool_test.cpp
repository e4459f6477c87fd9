// API reads run on the engine's read pool, apart from the blocking pool where writes wait for
// their commit: a read is answered while every blocking thread is busy.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include "engine/api/arm_route.hpp"
#include "engine/core/config.hpp"
#include "engine/core/engine.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

config one_thread_each(const temp_dir& dir) {
    config_sources sources;
    sources.overrides = {{"data_dir", dir.path().string()},
                         {"engine.blocking_threads", "1"},
                         {"engine.read_threads", "1"}};
    return load_config(sources);
}

TEST(ReadPool, ThreadCountsComeFromTheConfigAndDefaultToReadsApartFromWrites) {
    const auto defaults = load_config({});
    EXPECT_EQ(defaults.engine.read_threads, 2u);
    EXPECT_EQ(defaults.engine.blocking_threads, 32u);
    config_sources sources;
    sources.environment = [](const std::string& name) -> std::optional<std::string> {
        if (name == "TOCSIN_READ_THREADS")
            return "3";
        return std::nullopt;
    };
    EXPECT_EQ(load_config(sources).engine.read_threads, 3u);
}

TEST(ReadPool, AnApiReadIsAnsweredWhileEveryBlockingThreadIsBusy) {
    temp_dir dir;
    tocsin::engine eng(one_thread_each(dir));
    api::context ctx{eng.store(), eng.blocking(), eng.reads(), eng.bus(), eng.settings()};
    eng.start();

    // The only blocking thread waits until the read has been answered (or the test gives up).
    std::promise<void> release;
    auto released = release.get_future().share();
    boost::asio::post(eng.blocking().executor(),
                      [released] { released.wait_for(std::chrono::seconds(10)); });

    std::promise<bool> read;
    auto answered = read.get_future();
    boost::asio::co_spawn(
        eng.io(),
        [&]() -> boost::asio::awaitable<void> {
            const model::workspace_ref ws{"sub", "rg", "ws"};
            auto found = co_await api::on_read_pool(ctx, [&ctx, &ws] {
                const bool on_read_thread = ctx.reads.executor().running_in_this_thread();
                return on_read_thread && !ctx.store.find_incident(ws, "no-such-incident");
            });
            read.set_value(found);
        },
        boost::asio::detached);

    const bool in_time = answered.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    release.set_value();
    // A late read still uses this test's locals: let it end before they go.
    ASSERT_EQ(answered.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_TRUE(in_time) << "the read waited for the blocking pool";
    EXPECT_TRUE(answered.get()) << "the read ran elsewhere than on the read pool";
}

}  // namespace
}  // namespace tocsin::test
