#pragma once
// The action reference (docs/actions.md) written from the plugin descriptors, so the reference
// cannot say something the code does not do. `tocsin plugins docs` prints it; CI compares the
// committed file with it (tests/docs).

#include <string>
#include <vector>

#include "engine/plugin/action.hpp"

namespace tocsin::plugin {

// Markdown: a contents list, then per plugin (sorted by name) a section, and per action (sorted
// by name) its description, input table (nested fields as dotted rows), output example, errors,
// flags and an example call. Same descriptors → same bytes.
std::string action_reference_markdown(const std::vector<const plugin_descriptor*>& plugins);

// The input fields of one action as Markdown table rows (with the header), for tests and reuse.
std::string input_table_markdown(const schema& input);

// An example call `local result, err = tocsin.<name>{…}` built from the schema: required fields
// and fields with an example, each with its example, first choice, default, the output example's
// member of the same name, or a placeholder.
std::string example_call_lua(const action_descriptor& action);

// One line on what an error code means to a playbook, e.g. "the resource does not exist".
std::string_view errc_meaning(errc code);

}  // namespace tocsin::plugin
