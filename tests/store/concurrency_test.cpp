// Conformance: concurrent writers. Optimistic concurrency must let exactly one of two writers
// holding the same etag win, and read-modify-write must never lose an update.

#include <barrier>
#include <chrono>
#include <set>
#include <thread>

#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

// Two threads race a conditional write from the same etag; returns (winners, conflicts).
template <typename Write>
std::pair<int, int> race(Write write) {
    std::atomic<int> wins{0};
    std::atomic<int> conflicts{0};
    std::barrier start(2);
    auto run = [&](int who) {
        start.arrive_and_wait();
        try {
            write(who);
            ++wins;
        } catch (const error& e) {
            if (e.code() == errc::conflict)
                ++conflicts;
        }
    };
    std::thread a(run, 0);
    std::thread b(run, 1);
    a.join();
    b.join();
    return {wins.load(), conflicts.load()};
}

constexpr int iterations = 100;

TEST_P(concurrency_conformance, exactly_one_conditional_update_wins) {
    create("Contended", "inc-race");
    for (int n = 0; n < iterations; ++n) {
        const auto etag = s().find_incident(ws(), "inc-race")->etag;
        std::array<std::string, 2> titles{"A" + std::to_string(n), "B" + std::to_string(n)};
        std::atomic<int> winner{-1};
        auto [wins, conflicts] = race([&](int who) {
            s().update_incident(
                ws(), "inc-race", [&](model::incident& i) { i.title = titles[who]; },
                if_match(etag));
            winner = who;
        });
        ASSERT_EQ(wins, 1) << "iteration " << n;
        ASSERT_EQ(conflicts, 1) << "iteration " << n;
        auto now = *s().find_incident(ws(), "inc-race");
        ASSERT_EQ(now.title, titles[winner.load()]) << "iteration " << n;
        ASSERT_NE(now.etag, etag);
    }
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-race").size(), 1u + iterations);
}

TEST_P(concurrency_conformance, exactly_one_conditional_put_wins) {
    create("Contended", "inc-race-put");
    for (int n = 0; n < iterations; ++n) {
        const auto etag = s().find_incident(ws(), "inc-race-put")->etag;
        std::array<std::string, 2> titles{"A" + std::to_string(n), "B" + std::to_string(n)};
        std::atomic<int> winner{-1};
        auto [wins, conflicts] = race([&](int who) {
            s().put_incident(ws(), new_incident(titles[who], "inc-race-put"), if_match(etag));
            winner = who;
        });
        ASSERT_EQ(wins, 1) << "iteration " << n;
        ASSERT_EQ(conflicts, 1) << "iteration " << n;
        ASSERT_EQ(s().find_incident(ws(), "inc-race-put")->title, titles[winner.load()]);
    }
}

TEST_P(concurrency_conformance, read_modify_write_loses_no_update) {
    create("0", "inc-counter");
    constexpr int threads = 4;
    constexpr int per_thread = 25;
    std::vector<std::thread> pool;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int n = 0; n < per_thread; ++n) {
                try {
                    s().update_incident(
                        ws(), "inc-counter",
                        [](model::incident& i) {
                            i.title = std::to_string(std::stoi(i.title) + 1);
                        },
                        as_user());
                } catch (...) {
                    ++failures;
                }
            }
        });
    }
    // Readers run alongside and always see a whole, committed incident.
    std::atomic<bool> done{false};
    std::atomic<int> bad_reads{0};
    std::thread reader([&] {
        while (!done) {
            auto i = s().find_incident(ws(), "inc-counter");
            if (!i || i->title.empty())
                ++bad_reads;
        }
    });
    for (auto& t : pool)
        t.join();
    done = true;
    reader.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(bad_reads, 0);
    EXPECT_EQ(s().find_incident(ws(), "inc-counter")->title, std::to_string(threads * per_thread));
}

TEST_P(concurrency_conformance, concurrent_creates_get_distinct_numbers) {
    constexpr int threads = 4;
    constexpr int per_thread = 20;
    std::vector<std::thread> pool;
    std::mutex mutex;
    std::set<std::int64_t> numbers;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int n = 0; n < per_thread; ++n) {
                auto i = s().put_incident(ws(), new_incident("parallel"), as_user()).value;
                std::lock_guard lock(mutex);
                numbers.insert(i.number);
            }
        });
    }
    for (auto& t : pool)
        t.join();
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(threads * per_thread));
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), threads * per_thread);
    // Every creation published exactly one event.
    EXPECT_EQ(events().size(), static_cast<std::size_t>(threads * per_thread));
}

// Writes that queue behind a slow one may commit together (group commit in the SQLite store);
// whether or not they do, each succeeds or fails on its own: a write that throws rolls back
// alone, its caller gets its error, and the others commit and publish their events.
TEST_P(concurrency_conformance, a_failing_write_among_waiting_ones_fails_alone) {
    create("Slow", "inc-slow");
    create("Untouched", "inc-untouched");
    clear_events();
    std::atomic<int> waiting{0};
    std::thread slow([&] {
        s().update_incident(
            ws(), "inc-slow",
            [&](model::incident& i) {
                // Hold the writer until the other three are about to write, so they queue.
                for (int n = 0; n < 500 && waiting.load() < 3; ++n)
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                i.title = "Slow, done";
            },
            as_user());
    });
    std::atomic<int> refused{0};
    std::vector<std::thread> writers;
    writers.emplace_back([&] {
        ++waiting;
        s().put_incident(ws(), new_incident("First of the queue", "inc-first"), as_user());
    });
    writers.emplace_back([&] {
        ++waiting;
        try {
            s().update_incident(
                ws(), "inc-untouched",
                [](model::incident& i) {
                    i.title = "Changed, then refused";
                    throw error(errc::invalid_argument, "refused by the caller", "title");
                },
                as_user());
        } catch (const error& e) {
            if (e.code() == errc::invalid_argument && e.field() == "title")
                ++refused;
        }
    });
    writers.emplace_back([&] {
        ++waiting;
        s().put_incident(ws(), new_incident("Last of the queue", "inc-last"), as_user());
    });
    slow.join();
    for (auto& t : writers)
        t.join();
    EXPECT_EQ(refused, 1);
    EXPECT_EQ(s().find_incident(ws(), "inc-untouched")->title, "Untouched");
    EXPECT_EQ(s().find_incident(ws(), "inc-slow")->title, "Slow, done");
    EXPECT_EQ(s().find_incident(ws(), "inc-first")->title, "First of the queue");
    EXPECT_EQ(s().find_incident(ws(), "inc-last")->title, "Last of the queue");
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-untouched").size(), 1u);  // its creation only
    // One event per committed write (an update may publish a close too; none here).
    std::multiset<std::string> published;
    for (const auto& e : events())
        published.insert(e->incident_name);
    EXPECT_EQ(published, (std::multiset<std::string>{"inc-first", "inc-last", "inc-slow"}));
}

}  // namespace
}  // namespace tocsin::test
