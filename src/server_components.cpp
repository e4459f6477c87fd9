#include "src/server_components.hpp"

#include "engine/api/api_component.hpp"
#include "engine/core/engine.hpp"

namespace tocsin::cli {

void add_server_components(engine& eng) {
    eng.add(std::make_unique<api::api_component>(eng, std::vector<api::route_module>{}));
}

}  // namespace tocsin::cli
