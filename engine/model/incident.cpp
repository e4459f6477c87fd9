#include "engine/model/incident.hpp"

namespace tocsin::model {

bool operator==(const owner_info& a, const owner_info& b) {
    return a.object_id == b.object_id && a.email == b.email && a.assigned_to == b.assigned_to &&
           a.user_principal_name == b.user_principal_name && a.owner_type == b.owner_type;
}

bool incident::is_own() const {
    return provider_name.empty() || iequals(provider_name, own_provider_name);
}

}  // namespace tocsin::model
