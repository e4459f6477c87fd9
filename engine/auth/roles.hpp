#pragma once
// Permissions and roles of the REST API, after Microsoft Sentinel's built-in roles. A route
// declares the one permission it needs (http::route_options::permission); a token holds one or
// more roles; a role grants a fixed set of permissions. Pure; thread-safe.
//
//   role               grants
//   Reader             read
//   Responder          Reader + incidents.write (create and update incidents, comments, tasks,
//                      relations, entities) + alerts.ingest
//   Contributor        Responder + incidents.delete + automation.manage (automation rules,
//                      playbooks, webhooks, watchlists)
//   PlaybookOperator   playbooks.run, and nothing else: combine it with another role
//   Admin              everything, tokens.manage included
//
// A route that declares no permission ("") is for Admin only: closed unless thought about.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::auth {

namespace permission {
inline constexpr std::string_view read = "read";
inline constexpr std::string_view incidents_write = "incidents.write";
inline constexpr std::string_view alerts_ingest = "alerts.ingest";
inline constexpr std::string_view incidents_delete = "incidents.delete";
inline constexpr std::string_view automation_manage = "automation.manage";
inline constexpr std::string_view playbooks_run = "playbooks.run";
inline constexpr std::string_view tokens_manage = "tokens.manage";
}  // namespace permission

// Every permission above, in that order.
std::span<const std::string_view> all_permissions();

enum class role { reader, responder, contributor, playbook_operator, admin };

std::span<const role> all_roles();
// "Reader", "Responder", "Contributor", "PlaybookOperator", "Admin".
std::string_view to_string(role r);
// Ignores case, spaces, '-' and '_': "playbook operator", "Playbook-Operator" and
// "PLAYBOOKOPERATOR" all name the same role. nullopt for anything else.
std::optional<role> parse_role(std::string_view text);

bool grants(role r, std::string_view permission);
bool grants(std::span<const role> roles, std::string_view permission);

}  // namespace tocsin::auth
