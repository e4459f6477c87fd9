// The annotated playbook docs/playbook-authoring.md quotes loads like any other: LuaLS
// annotations are comments to the engine.
#include <gtest/gtest.h>

#include "engine/lua/playbook.hpp"

namespace tocsin::lua {
namespace {

TEST(AnnotatedPlaybook, LoadsWithItsAnnotations) {
    const auto def = load_playbook(
        std::filesystem::path(TOCSIN_SOURCE_DIR) / "tests/docs/fixtures/annotated-playbook.lua",
        load_options{});
    EXPECT_EQ(def.name, "annotated-playbook");
    ASSERT_EQ(def.triggers.size(), 1u);
    EXPECT_EQ(def.triggers[0].kind, trigger_kind::incident);
    ASSERT_EQ(def.params.size(), 1u);
    EXPECT_EQ(def.params[0].name, "note");
}

}  // namespace
}  // namespace tocsin::lua
