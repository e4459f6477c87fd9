#pragma once

#include <string>
#include <string_view>

namespace tocsin::model {

// Who made a change: recorded in every activity-log entry and in createdBy fields.
struct principal {
    enum class kind { user, token, automation_rule, playbook, system };

    kind type = kind::system;
    std::string id;    // token id, rule id, playbook run id, user object id
    std::string name;  // human-readable: token name, rule display name, "tocsin"

    static principal system() { return {kind::system, "system", "tocsin"}; }
};

std::string_view to_string(principal::kind k);

}  // namespace tocsin::model
