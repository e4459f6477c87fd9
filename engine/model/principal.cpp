#include "engine/model/principal.hpp"

namespace tocsin::model {

std::string_view to_string(principal::kind k) {
    switch (k) {
        case principal::kind::user:
            return "user";
        case principal::kind::token:
            return "token";
        case principal::kind::automation_rule:
            return "automationRule";
        case principal::kind::playbook:
            return "playbook";
        case principal::kind::system:
            return "system";
    }
    return "system";
}

}  // namespace tocsin::model
