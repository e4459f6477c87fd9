#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/auth/roles.hpp"

namespace tocsin::auth {
namespace {

namespace p = permission;

// The whole matrix, written out: what each role may do and, by omission, may not.
const std::map<role, std::set<std::string_view>>& expected_grants() {
    static const std::map<role, std::set<std::string_view>> table{
        {role::reader, {p::read}},
        {role::responder, {p::read, p::incidents_write, p::alerts_ingest}},
        {role::contributor,
         {p::read, p::incidents_write, p::alerts_ingest, p::incidents_delete,
          p::automation_manage}},
        {role::playbook_operator, {p::playbooks_run}},
        {role::admin,
         {p::read, p::incidents_write, p::alerts_ingest, p::incidents_delete, p::automation_manage,
          p::playbooks_run, p::tokens_manage}},
    };
    return table;
}

TEST(Roles, GrantMatrixMatchesSentinelRoles) {
    for (const role r : all_roles()) {
        const auto& allowed = expected_grants().at(r);
        for (const auto perm : all_permissions()) {
            EXPECT_EQ(grants(r, perm), allowed.count(perm) == 1) << to_string(r) << " / " << perm;
        }
    }
}

TEST(Roles, UndeclaredPermissionIsAdminOnly) {
    for (const role r : all_roles())
        EXPECT_EQ(grants(r, ""), r == role::admin) << to_string(r);
}

TEST(Roles, UnknownPermissionIsAdminOnly) {
    EXPECT_FALSE(grants(role::contributor, "watchlists.teleport"));
    EXPECT_TRUE(grants(role::admin, "watchlists.teleport"));
}

TEST(Roles, SeveralRolesCombine) {
    const std::vector<role> held{role::reader, role::playbook_operator};
    EXPECT_TRUE(grants(held, p::read));
    EXPECT_TRUE(grants(held, p::playbooks_run));
    EXPECT_FALSE(grants(held, p::incidents_write));
    EXPECT_FALSE(grants(std::vector<role>{}, p::read));
}

TEST(Roles, ParseAcceptsSpellingsAndRoundTrips) {
    for (const role r : all_roles())
        EXPECT_EQ(parse_role(to_string(r)), r);
    EXPECT_EQ(parse_role("playbook operator"), role::playbook_operator);
    EXPECT_EQ(parse_role("Playbook-Operator"), role::playbook_operator);
    EXPECT_EQ(parse_role("playbook_operator"), role::playbook_operator);
    EXPECT_EQ(parse_role("ADMIN"), role::admin);
    EXPECT_FALSE(parse_role("Owner"));
    EXPECT_FALSE(parse_role(""));
}

}  // namespace
}  // namespace tocsin::auth
