#pragma once
// A small thread pool for blocking work (SQLite and libpq transactions, file reads), so I/O
// threads never wait on a disk. async_run() runs a function there and completes on the
// caller's executor with a tocsin::result: exceptions never cross the completion.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "engine/error.hpp"

namespace tocsin {

class blocking_pool {
  public:
    explicit blocking_pool(unsigned threads) : pool_(threads) {}
    ~blocking_pool() { stop(); }
    blocking_pool(const blocking_pool&) = delete;
    blocking_pool& operator=(const blocking_pool&) = delete;

    // Completion signature: void(result<T>) where T is fn's return type.
    template <typename Fn, typename Token>
    auto async_run(Fn fn, Token&& token) {
        using result_type = decltype(capture(fn));
        return boost::asio::async_initiate<Token, void(result_type)>(
            [this](auto handler, Fn fn) {
                auto work = boost::asio::make_work_guard(
                    boost::asio::get_associated_executor(handler, pool_.get_executor()));
                boost::asio::post(pool_, [fn = std::move(fn), handler = std::move(handler),
                                          work = std::move(work)]() mutable {
                    auto outcome = capture(fn);
                    auto executor = work.get_executor();
                    boost::asio::post(executor, [handler = std::move(handler),
                                                 outcome = std::move(outcome)]() mutable {
                        std::move(handler)(std::move(outcome));
                    });
                    work.reset();
                });
            },
            token, std::move(fn));
    }

    boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }

    // Waits for queued work to finish, then joins the threads. Idempotent.
    void stop() { pool_.join(); }

  private:
    boost::asio::thread_pool pool_;
};

}  // namespace tocsin
