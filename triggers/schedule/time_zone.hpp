#pragma once
// IANA time zones for cron schedules, from Howard Hinnant's date/tz library (Debian's
// libhowardhinnant-date-dev, built against the system's compiled zoneinfo in
// /usr/share/zoneinfo, the tzdata package). The toolchain's libstdc++ 12 has no C++20
// <chrono> time zones yet; once it has, only time_zone.cpp changes (period_at maps to
// std::chrono::time_zone::get_info).
//
// Limit: the library reads the transitions a zone file lists and not the rule at its end, so
// beyond the last listed transition (2037 with Debian's tzdata) a zone keeps the offset that
// transition set: daylight saving time is not applied to instants after 2037.
//
// The zone list is read on first use and kept for the life of the process: a tzdata update is
// seen after a restart.
// Thread-safety: locate() and every const member may be called from any thread.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "engine/core/time.hpp"

namespace date {
class time_zone;
}

namespace tocsin::triggers {

// An interval in which a zone's offset does not change: local time = UTC + offset for every
// instant in [begin, end). Open-ended periods run from or to far_past / far_future.
struct offset_period {
    time_point begin;
    time_point end;
    std::chrono::seconds offset;
};

// Far enough out for any schedule; near enough that adding an offset cannot overflow.
inline constexpr time_point far_past{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
inline constexpr time_point far_future{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}};

class time_zone {
  public:
    // "UTC" (always available, even without tzdata) or an IANA name such as "Europe/Paris",
    // case as in the database; links ("US/Eastern") are accepted. Throws
    // tocsin::error(invalid_argument) naming the zone when there is no such zone or the
    // database cannot be read.
    static std::shared_ptr<const time_zone> locate(std::string_view name);
    static std::shared_ptr<const time_zone> utc();

    // For locate(): `zone` null means UTC.
    time_zone(std::string name, const date::time_zone* zone);

    const std::string& name() const { return name_; }
    // The period holding instant t.
    offset_period period_at(time_point t) const;

  private:
    std::string name_;
    const date::time_zone* zone_;  // owned by the library's database, which lives forever
};

}  // namespace tocsin::triggers
