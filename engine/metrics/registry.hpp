#pragma once
// Process-wide metrics in the Prometheus data model: counters, gauges and histograms with
// labels, rendered in the text exposition format (version 0.0.4) by GET /metrics.
//
// One registry per process (default_registry()), as Prometheus client libraries do: the HTTP
// server, the scheduler and the store record into it without being wired to each other, and
// a scrape sees the whole process.
//
// Thread-safety: every member may be called from any thread. Recording is a shared-lock map
// lookup plus relaxed atomic adds; a family's series are created once under an exclusive lock
// and never move, so references to them stay valid for the registry's lifetime.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace tocsin::metrics {

// Label values in the order of the family's label names.
using label_values = std::vector<std::string>;

class counter {
  public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::uint64_t> value_{0};
};

// Buckets are counted individually and summed to Prometheus' cumulative form at scrape time,
// so an observation is two relaxed adds plus one for the sum.
class histogram {
  public:
    explicit histogram(const std::vector<double>& bounds);
    void observe(double value) noexcept;
    void observe(std::chrono::nanoseconds elapsed) noexcept {
        observe(std::chrono::duration<double>(elapsed).count());
    }

    struct snapshot {
        std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
        std::uint64_t count = 0;
        double sum = 0;
    };
    snapshot read() const;

  private:
    const std::vector<double>& bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from 100 µs to 10 s.
const std::vector<double>& latency_buckets();

class counter_family {
  public:
    counter_family(std::string name, std::string help, std::vector<std::string> labels);
    counter& with(const label_values& values);
    void render(std::string& out) const;

  private:
    const std::string name_, help_;
    const std::vector<std::string> labels_;
    mutable std::shared_mutex mutex_;
    std::map<label_values, std::unique_ptr<counter>> series_;
};

class histogram_family {
  public:
    histogram_family(std::string name, std::string help, std::vector<std::string> labels,
                     std::vector<double> bounds);
    histogram& with(const label_values& values);
    void render(std::string& out) const;

  private:
    const std::string name_, help_;
    const std::vector<std::string> labels_;
    const std::vector<double> bounds_;
    mutable std::shared_mutex mutex_;
    std::map<label_values, std::unique_ptr<histogram>> series_;
};

// A value read at scrape time (queue depths, live runs, resident memory).
struct gauge_sample {
    label_values labels;
    double value = 0;
};
using gauge_reader = std::function<std::vector<gauge_sample>()>;

class registry {
  public:
    // The same name returns the same family (help and labels of the first call stand).
    counter_family& counters(const std::string& name, const std::string& help,
                             std::vector<std::string> labels = {});
    histogram_family& histograms(const std::string& name, const std::string& help,
                                 std::vector<std::string> labels = {},
                                 std::vector<double> bounds = latency_buckets());
    // Registers a gauge read at every scrape; the returned handle unregisters it when destroyed
    // (components that go away, such as a scheduler, must not be read afterwards).
    [[nodiscard]] std::shared_ptr<void> gauge(const std::string& name, const std::string& help,
                                              std::vector<std::string> labels, gauge_reader read);

    // The text exposition of every family, sorted by name.
    std::string render() const;

  private:
    struct gauge_entry {
        std::string help;
        std::vector<std::string> labels;
        gauge_reader read;
    };
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<counter_family>> counters_;
    std::map<std::string, std::unique_ptr<histogram_family>> histograms_;
    std::map<std::string, std::map<std::uint64_t, gauge_entry>> gauges_;
    std::uint64_t next_gauge_ = 0;
};

registry& default_registry();

// Renders `{a="x",b="y"}` with the exposition format's escaping; "" when there are no labels.
std::string render_labels(const std::vector<std::string>& names, const label_values& values,
                          const std::string& extra_name = {}, const std::string& extra_value = {});
// A sample value as the format writes it (integers without a fraction, +Inf, NaN).
std::string render_value(double value);

}  // namespace tocsin::metrics
