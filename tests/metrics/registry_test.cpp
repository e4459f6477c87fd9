// The metrics registry and its Prometheus text exposition.
#include "engine/metrics/registry.hpp"

#include <cmath>
#include <limits>
#include <thread>

#include <gtest/gtest.h>

namespace tocsin::metrics {
namespace {

TEST(MetricsRegistry, RendersCountersWithEscapedLabels) {
    registry r;
    auto& family = r.counters("jobs_total", "Jobs done.", {"queue", "outcome"});
    family.with({"mail", "ok"}).add(3);
    family.with({"say \"hi\"\\\n", "ok"}).add();
    EXPECT_EQ(r.render(),
              "# HELP jobs_total Jobs done.\n"
              "# TYPE jobs_total counter\n"
              "jobs_total{queue=\"mail\",outcome=\"ok\"} 3\n"
              "jobs_total{queue=\"say \\\"hi\\\"\\\\\\n\",outcome=\"ok\"} 1\n");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeWithSumAndCount) {
    registry r;
    auto& h = r.histograms("wait_seconds", "Waits.", {}, {0.125, 1}).with({});
    h.observe(0.0625);
    h.observe(0.125);  // a bound is inclusive ("le")
    h.observe(0.5);
    h.observe(7.0);
    EXPECT_EQ(r.render(),
              "# HELP wait_seconds Waits.\n"
              "# TYPE wait_seconds histogram\n"
              "wait_seconds_bucket{le=\"0.125\"} 2\n"
              "wait_seconds_bucket{le=\"1\"} 3\n"
              "wait_seconds_bucket{le=\"+Inf\"} 4\n"
              "wait_seconds_sum 7.6875\n"
              "wait_seconds_count 4\n");
}

TEST(MetricsRegistry, GaugesAreReadAtScrapeTimeAndUnregisterWithTheirHandle) {
    registry r;
    double depth = 2;
    auto first = r.gauge("queue_depth", "Queued.", {}, [&depth] {
        return std::vector<gauge_sample>{{{}, depth}};
    });
    auto second = r.gauge("queue_depth", "Queued.", {}, [] {
        return std::vector<gauge_sample>{{{}, 5}};
    });
    depth = 3;
    EXPECT_NE(r.render().find("queue_depth 8\n"), std::string::npos);
    second.reset();
    EXPECT_NE(r.render().find("queue_depth 3\n"), std::string::npos);
    first.reset();
    EXPECT_EQ(r.render(), "");
}

TEST(MetricsRegistry, FamiliesRenderInNameOrderAndTheSameNameIsTheSameFamily) {
    registry r;
    r.counters("b_total", "B.").with({}).add();
    r.counters("a_total", "A.").with({}).add();
    r.counters("b_total", "ignored").with({}).add();
    const auto text = r.render();
    EXPECT_LT(text.find("a_total"), text.find("b_total"));
    EXPECT_NE(text.find("b_total 2\n"), std::string::npos);
}

TEST(MetricsRegistry, RejectsTheWrongNumberOfLabelValues) {
    registry r;
    auto& family = r.counters("x_total", "X.", {"a"});
    EXPECT_THROW(family.with({}), std::invalid_argument);
}

TEST(MetricsRegistry, CountsConcurrentIncrementsExactly) {
    registry r;
    auto& family = r.counters("hits_total", "Hits.", {"route"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&family, t] {
            for (int i = 0; i < 10000; ++i)
                family.with({t % 2 == 0 ? "even" : "odd"}).add();
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(family.with({"even"}).value(), 20000u);
    EXPECT_EQ(family.with({"odd"}).value(), 20000u);
}

TEST(MetricsRegistry, RendersValuesAsPrometheusExpects) {
    EXPECT_EQ(render_value(3), "3");
    EXPECT_EQ(render_value(0.25), "0.25");
    EXPECT_EQ(render_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(render_value(std::nan("")), "NaN");
}

}  // namespace
}  // namespace tocsin::metrics
