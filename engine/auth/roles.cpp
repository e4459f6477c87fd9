#include "engine/auth/roles.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tocsin::auth {
namespace {

constexpr std::array permissions{permission::read,
                                 permission::incidents_write,
                                 permission::alerts_ingest,
                                 permission::incidents_delete,
                                 permission::automation_manage,
                                 permission::playbooks_run,
                                 permission::tokens_manage};

constexpr std::array roles{role::reader, role::responder, role::contributor,
                           role::playbook_operator, role::admin};

std::string folded(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == ' ' || c == '-' || c == '_')
            continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

std::span<const std::string_view> all_permissions() {
    return permissions;
}

std::span<const role> all_roles() {
    return roles;
}

std::string_view to_string(role r) {
    switch (r) {
        case role::reader:
            return "Reader";
        case role::responder:
            return "Responder";
        case role::contributor:
            return "Contributor";
        case role::playbook_operator:
            return "PlaybookOperator";
        case role::admin:
            return "Admin";
    }
    return "Reader";
}

std::optional<role> parse_role(std::string_view text) {
    const auto key = folded(text);
    for (const role r : roles) {
        if (folded(to_string(r)) == key)
            return r;
    }
    return std::nullopt;
}

bool grants(role r, std::string_view p) {
    switch (r) {
        case role::admin:
            return true;
        case role::contributor:
            if (p == permission::incidents_delete || p == permission::automation_manage)
                return true;
            [[fallthrough]];
        case role::responder:
            if (p == permission::incidents_write || p == permission::alerts_ingest)
                return true;
            [[fallthrough]];
        case role::reader:
            return p == permission::read;
        case role::playbook_operator:
            return p == permission::playbooks_run;
    }
    return false;
}

bool grants(std::span<const role> held, std::string_view p) {
    return std::any_of(held.begin(), held.end(), [&](role r) { return grants(r, p); });
}

}  // namespace tocsin::auth
