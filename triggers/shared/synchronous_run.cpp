#include "triggers/shared/synchronous_run.hpp"

#include <functional>
#include <memory>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "engine/error.hpp"
#include "engine/http/async.hpp"

namespace tocsin::triggers {

boost::asio::awaitable<std::optional<store::run_record>> run_and_wait(
    api::context& ctx, runner::runner_component& runner, runner::run_request run,
    std::chrono::milliseconds timeout) {
    using outcome = result<std::optional<store::run_record>>;
    auto timer = std::make_shared<boost::asio::steady_timer>(
        co_await boost::asio::this_coro::executor, timeout);
    // Whichever comes first, the timer or the final record, resumes the caller; await_callback
    // ignores the later one.
    // The posted work may outlive this frame (the timer won): it holds the component, not `runner`.
    auto* component = &runner;
    auto start = [&ctx, component, &run, &timer](std::function<void(outcome)> deliver) {
        timer->async_wait([deliver](boost::system::error_code ec) {
            if (!ec)
                deliver(outcome(std::optional<store::run_record>{}));
        });
        boost::asio::post(ctx.blocking.executor(), [component, run = std::move(run), deliver] {
            try {
                component->scheduler().start(
                    run, [deliver](const store::run_record& record) { deliver(outcome(record)); });
            } catch (const error& e) {
                deliver(outcome(e.info()));
            } catch (const std::exception& e) {
                deliver(outcome(error_info{errc::internal, e.what(), ""}));
            }
        });
    };
    auto finished = co_await http::await_callback<outcome>(std::move(start));
    timer->cancel();
    if (!finished)
        throw error(finished.error());
    co_return std::move(finished.value());
}

}  // namespace tocsin::triggers
