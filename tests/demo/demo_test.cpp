// scripts/demo.sh, as README documents it, against the built binary: the examples go through the
// real SMTP receiver, form, webhook and ingest routes, and the incidents they tell of come out.

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;

struct script_result {
    int status = -1;
    std::string output;
};

script_result run_demo() {
    const std::string command = std::string("TOCSIN_BIN='") + TOCSIN_EXECUTABLE + "' '" +
                                TOCSIN_SOURCE_DIR + "/scripts/demo.sh' 2>&1";
    script_result out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        return out;
    std::array<char, 4096> buffer{};
    while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe))
        out.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

TEST(Demo, FeedsTheExamplesThroughEveryTriggerAndShowsTheIncidents) {
    const auto demo = run_demo();
    ASSERT_EQ(demo.status, 0) << demo.output;
    const auto& out = demo.output;
    // Mail: the labelled lines of examples/email/incident-report.eml made the incident.
    EXPECT_THAT(out, HasSubstr("MFA fatigue attack on the finance director"));
    // The form, once from a browser and once as Microsoft Forms JSON.
    EXPECT_THAT(out, HasSubstr("Unknown USB stick found in meeting room 4"));
    EXPECT_THAT(out, HasSubstr("Caller asked for my MFA code"));
    // The webhook of the tutorial's playbook answered 201.
    EXPECT_THAT(out, HasSubstr("Credential dumping on ws-0042"));
    // The attack story correlated into one incident; the scan became its own and was closed as
    // benign, every address being on the known-scanners watchlist.
    EXPECT_THAT(out, HasSubstr("Port scan against the VPN gateway"));
    EXPECT_THAT(out, HasSubstr("Closed"));
    EXPECT_THAT(out, HasSubstr("close-with-reason-on-watchlist"));
    EXPECT_THAT(out, testing::Not(HasSubstr("failed")));
}

}  // namespace
}  // namespace tocsin::test
