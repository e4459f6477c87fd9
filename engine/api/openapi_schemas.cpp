#include "engine/api/openapi_schemas.hpp"

#include "engine/error.hpp"

namespace tocsin::api::openapi {

nlohmann::json component_schemas() {
    nlohmann::json out = nlohmann::json::object();
    for (auto family : {incident_schemas(), automation_rule_schemas(), alert_rule_schemas(),
                        watchlist_schemas(), own_schemas()}) {
        for (auto& [name, schema] : family.items()) {
            if (out.contains(name))
                throw error(errc::internal,
                            "OpenAPI component schema '" + name + "' is defined by two families.");
            out[name] = std::move(schema);
        }
    }
    return out;
}

}  // namespace tocsin::api::openapi
