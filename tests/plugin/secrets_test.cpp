// The secrets store: file formats, environment precedence, refusal of files others can read,
// messages that name secrets but never values; and the redactor.

#include <fstream>

#include <gtest/gtest.h>

#include "engine/plugin/redaction.hpp"
#include "engine/plugin/secrets.hpp"
#include "tests/plugins/configured_runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::plugin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using runner::test::fake_environment;

fs::path write_private(const fs::path& file, const std::string& content) {
    std::ofstream(file) << content;
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    return file;
}

TEST(Secrets, KeyValueFileWithCommentsAndQuotes) {
    test::temp_dir dir;
    const auto file = write_private(dir / "secrets.env",
                                    "# SOC credentials\n\nINTEL_KEY = abc-123-def\n"
                                    "QUOTED=\"with spaces inside\"\nEMPTY=\n");
    const auto s = secret_store::load(file, fake_environment({}));
    EXPECT_EQ(s.value(secret_ref("INTEL_KEY")).value(), "abc-123-def");
    EXPECT_EQ(s.value(secret_ref("QUOTED")).value(), "with spaces inside");
    EXPECT_EQ(s.value(secret_ref("EMPTY")).value(), "");
    EXPECT_EQ(s.file_names(), (std::vector<std::string>{"EMPTY", "INTEL_KEY", "QUOTED"}));
}

TEST(Secrets, JsonFileAndEnvironmentTakesPrecedence) {
    test::temp_dir dir;
    const auto file =
        write_private(dir / "secrets.json", R"({"A_KEY": "from-file", "B_KEY": "b-file"})");
    const auto s =
        secret_store::load(file, fake_environment({{"TOCSIN_SECRET_A_KEY", "from-env"}}));
    EXPECT_EQ(s.value(secret_ref("A_KEY")).value(), "from-env");
    EXPECT_EQ(s.value(secret_ref("B_KEY")).value(), "b-file");
    const auto missing = s.value(secret_ref("C_KEY"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, errc::not_found);
    EXPECT_EQ(missing.error().message,
              "secret 'C_KEY' is not defined (set TOCSIN_SECRET_C_KEY or add it to the secrets "
              "file)");
}

TEST(Secrets, FilesReadableByOthersAreRefused) {
    test::temp_dir dir;
    const auto file = dir / "secrets.env";
    std::ofstream(file) << "TOKEN=do-not-print-me\n";
    for (const auto perms : {fs::perms::owner_all | fs::perms::group_read,
                             fs::perms::owner_read | fs::perms::others_read}) {
        fs::permissions(file, perms);
        try {
            secret_store::load(file, {});
            ADD_FAILURE() << "loaded a file others can read";
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::config);
            const std::string what = e.what();
            EXPECT_NE(what.find(file.string()), std::string::npos) << what;
            EXPECT_NE(what.find("chmod 600"), std::string::npos) << what;
            EXPECT_EQ(what.find("do-not-print-me"), std::string::npos) << what;
        }
    }
}

TEST(Secrets, MalformedFilesNameTheLineNotTheValue) {
    test::temp_dir dir;
    const auto file = write_private(dir / "bad.env", "GOOD=x\nnot a line with hunter2\n");
    try {
        secret_store::load(file, {});
        ADD_FAILURE() << "loaded a malformed file";
    } catch (const error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("line 2"), std::string::npos) << what;
        EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    }
    const auto json_file = write_private(dir / "bad.json", R"({"N": 5})");
    EXPECT_THROW(secret_store::load(json_file, {}), error);
    EXPECT_THROW(secret_store::load(dir / "absent.env", {}), error);
}

TEST(Secrets, SettingsResolveLiteralsAndReferences) {
    const auto s = secret_store::load({}, fake_environment({{"TOCSIN_SECRET_HOOK", "https://x"}}));
    EXPECT_EQ(resolve_setting(&s, "secret:HOOK", "url").value(), "https://x");
    EXPECT_EQ(resolve_setting(&s, "plain text", "url").value(), "plain text");
    EXPECT_EQ(resolve_setting(&s, 5, "url").error().code, errc::invalid_argument);
    EXPECT_EQ(resolve_setting(nullptr, "secret:HOOK", "url").error().code, errc::unavailable);
    EXPECT_EQ(resolve_setting(&s, "secret:NOPE", "url").error().message,
              "url: secret 'NOPE' is not defined (set TOCSIN_SECRET_NOPE or add it to the "
              "secrets file)");
    EXPECT_FALSE(as_secret_ref("secretary"));
    EXPECT_EQ(as_secret_ref("secret:A_B")->name(), "A_B");
}

TEST(Redaction, ResolvedValuesAreMaskedEverywhereInJsonAndText) {
    const auto s =
        secret_store::load({}, fake_environment({{"TOCSIN_SECRET_R1", "redact-me-please-1"},
                                                 {"TOCSIN_SECRET_R2", "redact-me-please-1-longer"},
                                                 {"TOCSIN_SECRET_TINY", "ab"}}));
    ASSERT_TRUE(s.value(secret_ref("R1")));
    ASSERT_TRUE(s.value(secret_ref("R2")));
    ASSERT_TRUE(s.value(secret_ref("TINY")));
    EXPECT_EQ(redact_text("a redact-me-please-1 b redact-me-please-1-longer c"), "a *** b *** c");
    EXPECT_EQ(redact_json(json{{"k", {"x redact-me-please-1", 3}}, {"redact-me-please-1", true}}),
              (json{{"k", {"x ***", 3}}, {"***", true}}));
    // Too short to mask without destroying the text.
    EXPECT_EQ(redact_text("abc"), "abc");
}

}  // namespace
}  // namespace tocsin::plugin
