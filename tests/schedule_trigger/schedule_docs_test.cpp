// The playbooks docs/triggers/schedule.md shows are the files in fixtures/ (the end-to-end test
// runs weekday-morning.lua on the real server): each loads, its schedule parses, fires when the
// page says, and appears on the page verbatim.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/lua/playbook.hpp"
#include "tests/schedule_trigger/schedule_test_support.hpp"
#include "triggers/schedule/schedule_spec.hpp"

namespace tocsin::triggers::test {
namespace {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(TOCSIN_SOURCE_DIR) / "tests/schedule_trigger/fixtures" / name;
}

schedule_spec only_schedule_of(const std::string& name) {
    const auto def = lua::load_playbook(fixture(name), lua::load_options{});
    EXPECT_EQ(def.triggers.size(), 1u);
    EXPECT_EQ(def.triggers.at(0).kind, lua::trigger_kind::schedule);
    return schedule_spec::parse(def.triggers.at(0).options);
}

TEST(ScheduleDocs, ThePageShowsTheFixturesVerbatim) {
    const auto page =
        read_text(std::filesystem::path(TOCSIN_SOURCE_DIR) / "docs/triggers/schedule.md");
    for (const char* name : {"weekday-morning.lua", "sweep-every-10m.lua"}) {
        const auto source = read_text(fixture(name));
        ASSERT_FALSE(source.empty()) << name;
        EXPECT_NE(page.find("```lua\n" + source + "```"), std::string::npos)
            << name << " is not on the page as it is in tests/schedule_trigger/fixtures";
    }
}

TEST(ScheduleDocs, WeekdayMorningFollowsBerlinTime) {
    const auto spec = only_schedule_of("weekday-morning.lua");
    EXPECT_EQ(spec.missed(), missed_policy::run_once);
    // 06:00 CET is 05:00 UTC; after the weekend summer time begins, 06:00 CEST is 04:00 UTC.
    EXPECT_EQ(text_of(spec.next_after(at("2025-03-27T05:00:00Z"))), "2025-03-28T05:00:00Z");
    EXPECT_EQ(text_of(spec.next_after(at("2025-03-28T05:00:00Z"))), "2025-03-31T04:00:00Z");
    EXPECT_EQ(spec.describe(),
              (nlohmann::json{{"cron", "0 6 * * 1-5"}, {"timezone", "Europe/Berlin"}}));
}

TEST(ScheduleDocs, SweepEveryTenMinutesSkipsMissedInstants) {
    const auto spec = only_schedule_of("sweep-every-10m.lua");
    EXPECT_EQ(spec.missed(), missed_policy::skip);
    EXPECT_EQ(text_of(spec.next_after(at("2025-03-28T05:03:10Z"))), "2025-03-28T05:10:00Z");
    EXPECT_EQ(text_of(spec.latest_at_or_before(at("2025-03-28T05:03:10Z"))),
              "2025-03-28T05:00:00Z");
}

}  // namespace
}  // namespace tocsin::triggers::test
