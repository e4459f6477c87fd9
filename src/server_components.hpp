#pragma once

namespace tocsin {
class engine;
}

namespace tocsin::cli {

// Adds the components `tocsin serve` runs (HTTP API, triggers, playbook runner) to the engine.
void add_server_components(engine& eng);

}  // namespace tocsin::cli
