// Where playbook tests are found: _tests/NAME_test.lua beside NAME.lua.

#include <fstream>

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/runner/playbook_test_files.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "return {}\n";
}

TEST(PlaybookTestFiles, NamesTheTestedPlaybook) {
    EXPECT_TRUE(is_playbook_test("pb/_tests/contain-host_test.lua"));
    EXPECT_FALSE(is_playbook_test("pb/contain-host_test.lua"));
    EXPECT_FALSE(is_playbook_test("pb/_tests/helpers.lua"));
    EXPECT_FALSE(is_playbook_test("pb/_tests/_test.lua"));
    EXPECT_EQ(playbook_under_test("pb/_tests/contain-host_test.lua"), "pb/contain-host.lua");
}

TEST(PlaybookTestFiles, FindsTestsInDirectoriesFilesAndPlaybooks) {
    tocsin::test::temp_dir dir;
    touch(dir / "a.lua");
    touch(dir / "_tests" / "a_test.lua");
    touch(dir / "_tests" / "shared.lua");  // a helper, not a test
    touch(dir / "sub" / "b.lua");
    touch(dir / "sub" / "_tests" / "b_test.lua");
    touch(dir / ".git" / "_tests" / "x_test.lua");
    touch(dir / "c.lua");  // no tests

    const auto all = find_playbook_tests({dir.path()});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].test, dir / "_tests" / "a_test.lua");
    EXPECT_EQ(all[0].playbook, dir / "a.lua");
    EXPECT_EQ(all[1].test, dir / "sub" / "_tests" / "b_test.lua");
    EXPECT_EQ(all[1].playbook, dir / "sub" / "b.lua");

    // A playbook stands for its test file; the same test twice is run once.
    const auto picked =
        find_playbook_tests({dir / "sub" / "b.lua", dir / "sub" / "_tests" / "b_test.lua"});
    ASSERT_EQ(picked.size(), 1u);
    EXPECT_EQ(picked[0].test, dir / "sub" / "_tests" / "b_test.lua");
}

TEST(PlaybookTestFiles, RefusesWhatIsNotATest) {
    tocsin::test::temp_dir dir;
    touch(dir / "c.lua");
    touch(dir / "notes.txt");
    try {
        find_playbook_tests({dir / "missing"});
        ADD_FAILURE() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::not_found);
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
    }
    try {
        find_playbook_tests({dir / "c.lua"});
        ADD_FAILURE() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::not_found);
        EXPECT_NE(std::string(e.what()).find("has no test file (expected '"), std::string::npos)
            << e.what();
    }
    try {
        find_playbook_tests({dir / "notes.txt"});
        ADD_FAILURE() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
    }
}

}  // namespace
}  // namespace tocsin::runner::test
