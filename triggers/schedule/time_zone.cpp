#include "triggers/schedule/time_zone.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

#include <date/tz.h>

#include "engine/error.hpp"

namespace tocsin::triggers {
namespace {

using std::chrono::seconds;

constexpr std::size_t max_zone_name = 255;

[[noreturn]] void unknown_zone(std::string_view name, const std::string& why) {
    throw error(errc::invalid_argument, "unknown time zone '" + std::string(name) + "' (" + why +
                                            "; expected an IANA name such as Europe/Paris or "
                                            "America/New_York, or UTC)");
}

// The library bounds its first and last periods at years ±32767; ours stop at far_past and
// far_future, which milliseconds can hold with room for an offset.
time_point clamped(date::sys_seconds t) {
    const auto low = std::chrono::floor<seconds>(far_past);
    const auto high = std::chrono::floor<seconds>(far_future);
    return time_point{std::clamp(t, low, high)};
}

const date::time_zone* find_zone(std::string_view name) {
    if (name.empty() || name.size() > max_zone_name)
        unknown_zone(name, "not a zone name");
    try {
        return date::locate_zone(name);
    } catch (const std::exception& e) {
        // The library says "<name> not found in timezone database"; a missing or unreadable
        // zoneinfo directory fails the same call with its own reason.
        const std::string what = e.what();
        if (what.find("not found in timezone database") != std::string::npos)
            unknown_zone(name, "not in the system's time zone database, /usr/share/zoneinfo");
        unknown_zone(name, "the time zone database could not be read: " + what);
    }
}

}  // namespace

time_zone::time_zone(std::string name, const date::time_zone* zone)
    : name_(std::move(name)), zone_(zone) {}

std::shared_ptr<const time_zone> time_zone::utc() {
    static const auto zone = std::make_shared<const time_zone>("UTC", nullptr);
    return zone;
}

std::shared_ptr<const time_zone> time_zone::locate(std::string_view name) {
    if (name == "UTC")
        return utc();
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const time_zone>, std::less<>> cache;
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(name); it != cache.end())
        return it->second;
    auto zone = std::make_shared<const time_zone>(std::string(name), find_zone(name));
    cache.emplace(std::string(name), zone);
    return zone;
}

offset_period time_zone::period_at(time_point t) const {
    if (!zone_)
        return {far_past, far_future, seconds{0}};
    const auto info = zone_->get_info(std::chrono::floor<seconds>(t));
    return {clamped(info.begin), clamped(info.end), info.offset};
}

}  // namespace tocsin::triggers
