#include "engine/runner/action_invoker.hpp"

#include <atomic>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/runner/backoff.hpp"

namespace tocsin::runner {
namespace {

// One call across its attempts. Lives (through shared_ptrs in pending handlers) until done.
// Invariant: every member is touched only on executor_, except the per-attempt `settled` flag,
// which is what makes the first answer of an attempt win across threads.
class invocation : public std::enable_shared_from_this<invocation> {
  public:
    invocation(const plugin::action_descriptor& action,
               std::shared_ptr<const plugin::services> services, plugin::action_call call,
               boost::asio::any_io_executor executor, invoke_options options, invoke_done done)
        : action_(action),
          services_(std::move(services)),
          call_(std::move(call)),
          executor_(std::move(executor)),
          timer_(executor_),
          options_(std::move(options)),
          done_(std::move(done)),
          attempts_(options_.failed_attempts) {}

    void begin() {
        if (options_.first_delay <= std::chrono::milliseconds::zero())
            return attempt();
        auto self = shared_from_this();
        timer_.expires_after(options_.first_delay);
        timer_.async_wait([self](const boost::system::error_code& ec) {
            if (!ec)
                self->attempt();
        });
    }

    void attempt() {
        ++attempts_;
        auto settled = std::make_shared<std::atomic<bool>>(false);
        auto self = shared_from_this();
        timer_.expires_after(call_.timeout);
        timer_.async_wait([self, settled](const boost::system::error_code& ec) {
            if (ec || settled->exchange(true))
                return;
            self->answer(error_info{errc::timeout,
                                    self->action_.name + ": no answer within " +
                                        std::to_string(self->call_.timeout.count()) + " ms",
                                    {}});
        });
        plugin::completion completion = [self, settled](result<nlohmann::json> outcome) {
            if (settled->exchange(true))
                return;
            boost::asio::post(self->executor_, [self, outcome = std::move(outcome)]() mutable {
                self->timer_.cancel();
                self->answer(std::move(outcome));
            });
        };
        try {
            action_.run(*services_, call_, std::move(completion));
        } catch (const std::exception& e) {
            // A handler that throws before completing is a bug in the plugin: final, not retried.
            if (!settled->exchange(true)) {
                timer_.cancel();
                final_ = true;
                boost::asio::post(executor_, [self, msg = std::string(e.what())] {
                    self->answer(error_info{errc::internal, self->action_.name + ": " + msg, {}});
                });
            }
        }
    }

  private:
    void answer(result<nlohmann::json> outcome) {
        if (!outcome.has_value() && outcome.error().retryable() && !final_ &&
            attempts_ < options_.retry.attempts) {
            auto self = shared_from_this();
            const auto delay = backoff_delay(options_.retry, attempts_);
            if (options_.on_retry) {
                try {
                    options_.on_retry(attempts_, delay, outcome.error());
                } catch (const std::exception&) {
                    // Reporting is best effort; the retry itself goes ahead.
                }
            }
            timer_.expires_after(delay);
            timer_.async_wait([self](const boost::system::error_code& ec) {
                if (!ec)
                    self->attempt();
            });
            return;
        }
        auto done = std::move(done_);
        done(std::move(outcome), attempts_);
    }

    const plugin::action_descriptor& action_;
    std::shared_ptr<const plugin::services> services_;
    plugin::action_call call_;
    boost::asio::any_io_executor executor_;
    boost::asio::steady_timer timer_;
    invoke_options options_;
    invoke_done done_;
    unsigned attempts_;
    bool final_ = false;
};

}  // namespace

void invoke_action(const plugin::action_descriptor& action,
                   std::shared_ptr<const plugin::services> services, plugin::action_call call,
                   boost::asio::any_io_executor executor, invoke_options options,
                   invoke_done done) {
    std::make_shared<invocation>(action, std::move(services), std::move(call), std::move(executor),
                                 std::move(options), std::move(done))
        ->begin();
}

void invoke_action(const plugin::action_descriptor& action,
                   std::shared_ptr<const plugin::services> services, plugin::action_call call,
                   boost::asio::any_io_executor executor, invoke_done done) {
    invoke_options options;
    options.retry = action.retry;
    invoke_action(action, std::move(services), std::move(call), std::move(executor),
                  std::move(options), std::move(done));
}

}  // namespace tocsin::runner
