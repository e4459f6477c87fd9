#pragma once
// Lua Language Server definitions (playbooks/types/tocsin.lua, playbooks/.luarc.json) written
// from the plugin descriptors and the trigger payloads, so completion and type checks in an
// author's editor follow the engine's actual actions. `tocsin plugins luals` writes them; CI
// compares the committed files with them (tests/docs).
//
// Classes: tocsin.<plugin>.<action>.Input (from the input schema; every Input extends
// TocsinCallOptions, the reserved `_…` fields), tocsin.<plugin>.<action>.Result (inferred from
// output_example; for an action returning a list, the class of its elements), TocsinError,
// TocsinContext (and TocsinIncidentContext, … per trigger kind), one class per trigger payload
// joined in the alias TocsinTrigger, TocsinPlaybook, and the sandbox's json library.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plugin/action.hpp"

namespace tocsin::runner {

// What ctx.trigger looks like for one trigger kind, shown by examples: a member absent from
// (or null in) some example is optional; members at `open_paths` (dotted, "" for the payload
// itself) are maps with free keys (headers, form answers) rather than records.
struct trigger_payload {
    std::string kind;       // "email"
    std::string type_name;  // "Email": classes TocsinEmailTrigger, TocsinEmailContext
    std::string description;
    std::vector<nlohmann::json> examples;
    std::vector<std::string> open_paths = {};
    bool extensible = false;  // the payload may carry members the examples do not show
};

// The whole types/tocsin.lua file (starts with `---@meta`).
std::string luals_definitions(const std::vector<const plugin::plugin_descriptor*>& plugins,
                              const std::vector<trigger_payload>& triggers);

// The annotations of one action: its Input and Result classes and its function, for tests.
std::string luals_action(const plugin::action_descriptor& action);

// .luarc.json for a playbook directory holding types/tocsin.lua.
std::string luarc_json();

}  // namespace tocsin::runner
