#include "engine/metrics/process_metrics.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "engine/metrics/registry.hpp"
#include "tocsin/version.hpp"

namespace tocsin::metrics {

namespace {

// Fields of /proc/self/stat after the command name (which may contain spaces), 1-based as in
// proc(5) minus the two leading fields.
std::vector<std::string> stat_fields() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')');
    std::vector<std::string> fields;
    if (close == std::string::npos)
        return fields;
    std::istringstream rest(line.substr(close + 2));
    for (std::string field; rest >> field;)
        fields.push_back(field);
    return fields;
}

double field_number(const std::vector<std::string>& fields, std::size_t proc_index) {
    const auto at = proc_index - 3;  // proc(5) numbers pid as 1 and comm as 2
    return at < fields.size() ? std::stod(fields[at]) : 0;
}

double boot_time_seconds() {
    std::ifstream in("/proc/stat");
    for (std::string key; in >> key;) {
        if (key == "btime") {
            double value = 0;
            in >> value;
            return value;
        }
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return 0;
}

std::vector<gauge_sample> one(double value) {
    return {gauge_sample{{}, value}};
}

std::shared_ptr<void> register_process_metrics(registry& into) {
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    std::vector<std::shared_ptr<void>> handles;
    handles.push_back(into.gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                                 {},
                                 [page] { return one(field_number(stat_fields(), 24) * page); }));
    handles.push_back(into.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                                 {}, [] { return one(field_number(stat_fields(), 23)); }));
    // A gauge rather than a counter because it is read, not counted, here; the value is the
    // process's total user + system CPU time as Prometheus' own clients report it.
    handles.push_back(into.gauge("process_cpu_seconds_total",
                                 "Total user and system CPU time spent in seconds.", {}, [ticks] {
                                     const auto f = stat_fields();
                                     return one((field_number(f, 14) + field_number(f, 15)) /
                                                ticks);
                                 }));
    handles.push_back(into.gauge(
        "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.",
        {},
        [ticks] { return one(boot_time_seconds() + field_number(stat_fields(), 22) / ticks); }));
    handles.push_back(into.gauge("process_open_fds", "Number of open file descriptors.", {}, [] {
        std::error_code ec;
        double count = 0;
        for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
             !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
            ++count;
        return one(count);
    }));
    handles.push_back(into.gauge("tocsin_build_info", "Tocsin's version; the value is always 1.",
                                 {"version"}, [] {
                                     return std::vector<gauge_sample>{
                                         gauge_sample{{std::string(tocsin::version_string)}, 1}};
                                 }));
    return std::make_shared<std::vector<std::shared_ptr<void>>>(std::move(handles));
}

}  // namespace

void ensure_process_metrics() {
    static const auto handles = register_process_metrics(default_registry());
}

}  // namespace tocsin::metrics
