// The shipped editor definitions sit in the playbook directory (playbooks/types/tocsin.lua) but
// are neither a playbook nor a playbook test.
#include <algorithm>

#include <gtest/gtest.h>

#include "engine/runner/catalog.hpp"
#include "engine/runner/playbook_test_files.hpp"

namespace tocsin::runner {
namespace {

namespace fs = std::filesystem;

const fs::path playbooks_dir = fs::path(TOCSIN_SOURCE_DIR) / "playbooks";

TEST(PlaybookFiles, TheCatalogSkipsTheTypesFolder) {
    ASSERT_TRUE(fs::exists(playbooks_dir / "types" / "tocsin.lua"));
    const auto files = find_playbook_files({playbooks_dir});
    EXPECT_FALSE(files.empty());
    for (const auto& f : files)
        EXPECT_EQ(f.string().find("/types/"), std::string::npos) << f;
}

TEST(PlaybookFiles, PlaybookTestDiscoverySkipsTheTypesFolder) {
    for (const auto& t : find_playbook_tests({playbooks_dir}))
        EXPECT_EQ(t.test.string().find("/types/"), std::string::npos) << t.test;
    EXPECT_FALSE(is_playbook_test(playbooks_dir / "types" / "tocsin.lua"));
}

}  // namespace
}  // namespace tocsin::runner
