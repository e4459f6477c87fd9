#include "engine/metrics/registry.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace tocsin::metrics {

namespace {

void escape_into(std::string& out, const std::string& text, bool label_value) {
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && label_value)
            out += "\\\"";
        else
            out += c;
    }
}

void header(std::string& out, const std::string& name, const std::string& help,
            std::string_view type) {
    out += "# HELP " + name + ' ';
    escape_into(out, help, false);
    out += "\n# TYPE " + name + ' ' + std::string(type) + '\n';
}

template <typename Series>
Series& find_or_add(std::shared_mutex& mutex,
                    std::map<label_values, std::unique_ptr<Series>>& series,
                    const std::vector<std::string>& labels, const label_values& values,
                    const std::function<std::unique_ptr<Series>()>& make) {
    if (values.size() != labels.size())
        throw std::invalid_argument("metrics: label values do not match the family's labels");
    {
        std::shared_lock lock(mutex);
        if (const auto it = series.find(values); it != series.end())
            return *it->second;
    }
    std::unique_lock lock(mutex);
    auto& slot = series[values];
    if (!slot)
        slot = make();
    return *slot;
}

}  // namespace

std::string render_labels(const std::vector<std::string>& names, const label_values& values,
                          const std::string& extra_name, const std::string& extra_value) {
    if (names.empty() && extra_name.empty())
        return {};
    std::string out = "{";
    auto add = [&out](const std::string& name, const std::string& value) {
        if (out.size() > 1)
            out += ',';
        out += name + "=\"";
        escape_into(out, value, true);
        out += '"';
    };
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
        add(names[i], values[i]);
    if (!extra_name.empty())
        add(extra_name, extra_value);
    return out + '}';
}

std::string render_value(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return fmt::format("{}", static_cast<std::int64_t>(value));
    return fmt::format("{}", value);
}

const std::vector<double>& latency_buckets() {
    static const std::vector<double> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                            0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                            1,      2.5,     5,      10};
    return bounds;
}

histogram::histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
        buckets_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double value) noexcept {
    const auto slot = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    buckets_[slot].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram::snapshot histogram::read() const {
    snapshot out;
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        out.cumulative.push_back(running);
    }
    // The count is the +Inf bucket, so that a scrape is self-consistent under concurrent writes.
    out.count = running;
    out.sum = sum_.load(std::memory_order_relaxed);
    return out;
}

counter_family::counter_family(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}

counter& counter_family::with(const label_values& values) {
    return find_or_add<counter>(mutex_, series_, labels_, values,
                                [] { return std::make_unique<counter>(); });
}

void counter_family::render(std::string& out) const {
    header(out, name_, help_, "counter");
    std::shared_lock lock(mutex_);
    for (const auto& [values, series] : series_)
        out +=
            name_ + render_labels(labels_, values) + ' ' + std::to_string(series->value()) + '\n';
}

histogram_family::histogram_family(std::string name, std::string help,
                                   std::vector<std::string> labels, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      labels_(std::move(labels)),
      bounds_(std::move(bounds)) {}

histogram& histogram_family::with(const label_values& values) {
    return find_or_add<histogram>(mutex_, series_, labels_, values,
                                  [this] { return std::make_unique<histogram>(bounds_); });
}

void histogram_family::render(std::string& out) const {
    header(out, name_, help_, "histogram");
    std::shared_lock lock(mutex_);
    for (const auto& [values, series] : series_) {
        const auto snap = series->read();
        for (std::size_t i = 0; i <= bounds_.size(); ++i) {
            const auto le = i < bounds_.size() ? render_value(bounds_[i]) : "+Inf";
            out += name_ + "_bucket" + render_labels(labels_, values, "le", le) + ' ' +
                   std::to_string(snap.cumulative[i]) + '\n';
        }
        const auto labels = render_labels(labels_, values);
        out += name_ + "_sum" + labels + ' ' + render_value(snap.sum) + '\n';
        out += name_ + "_count" + labels + ' ' + std::to_string(snap.count) + '\n';
    }
}

counter_family& registry::counters(const std::string& name, const std::string& help,
                                   std::vector<std::string> labels) {
    std::lock_guard lock(mutex_);
    auto& slot = counters_[name];
    if (!slot)
        slot = std::make_unique<counter_family>(name, help, std::move(labels));
    return *slot;
}

histogram_family& registry::histograms(const std::string& name, const std::string& help,
                                       std::vector<std::string> labels,
                                       std::vector<double> bounds) {
    std::lock_guard lock(mutex_);
    auto& slot = histograms_[name];
    if (!slot)
        slot = std::make_unique<histogram_family>(name, help, std::move(labels), std::move(bounds));
    return *slot;
}

std::shared_ptr<void> registry::gauge(const std::string& name, const std::string& help,
                                      std::vector<std::string> labels, gauge_reader read) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_gauge_++;
        gauges_[name].emplace(id, gauge_entry{help, std::move(labels), std::move(read)});
    }
    return std::shared_ptr<void>(nullptr, [this, name, id](void*) {
        std::lock_guard lock(mutex_);
        auto it = gauges_.find(name);
        if (it == gauges_.end())
            return;
        it->second.erase(id);
        if (it->second.empty())
            gauges_.erase(it);
    });
}

std::string registry::render() const {
    // Families render in name order whatever their type, so the output is stable for diffing.
    std::map<std::string, std::function<void(std::string&)>> parts;
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : counters_)
        parts[name] = [&family](std::string& out) { family->render(out); };
    for (const auto& [name, family] : histograms_)
        parts[name] = [&family](std::string& out) { family->render(out); };
    for (const auto& [name, entries] : gauges_) {
        parts[name] = [&name, &entries](std::string& out) {
            header(out, name, entries.begin()->second.help, "gauge");
            // Several components may report the same gauge (two schedulers in a test process):
            // their samples for the same labels add up.
            std::map<label_values, double> totals;
            std::vector<std::string> labels = entries.begin()->second.labels;
            for (const auto& [id, entry] : entries)
                for (const auto& sample : entry.read())
                    totals[sample.labels] += sample.value;
            for (const auto& [values, value] : totals)
                out += name + render_labels(labels, values) + ' ' + render_value(value) + '\n';
        };
    }
    std::string out;
    for (const auto& [name, render_part] : parts)
        render_part(out);
    return out;
}

registry& default_registry() {
    static registry instance;
    return instance;
}

}  // namespace tocsin::metrics
