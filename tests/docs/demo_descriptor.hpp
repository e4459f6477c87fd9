#pragma once
// A small plugin descriptor the generator tests render: every kind of field the generators
// format differently (required, choices with a default, max length, array items, nested object).

#include "engine/plugin/action.hpp"

namespace tocsin::test {

inline plugin::plugin_descriptor demo_plugin() {
    using plugin::value_type;
    plugin::field host{"host", value_type::string, true, "host name"};
    host.max_length = 255;
    plugin::field mode{"mode", value_type::string, false, "how hard", {"fast", "full"}};
    mode.default_value = "fast";
    plugin::field tags{"tags", value_type::array, false, "labels"};
    tags.items = value_type::string;
    plugin::field target{"target", value_type::object, false, "where"};
    target.fields = {{"name", value_type::string, true}};

    plugin::action_descriptor lookup;
    lookup.name = "demo.lookup";
    lookup.description = "Looks a host up.";
    lookup.input.fields = {host, mode, tags, target};
    lookup.output_example = {{"found", true}, {"host", "ws-042"}, {"score", 7}};
    lookup.errors = {errc::not_found, errc::invalid_argument};
    lookup.side_effects = false;
    lookup.idempotent = true;
    lookup.default_timeout = std::chrono::seconds(5);
    lookup.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};

    plugin::action_descriptor ping;
    ping.name = "demo.ping";
    ping.description = "Answers true.";
    ping.output_example = true;

    return {"demo", "2.0.0", "Demo plugin", {lookup, ping}};
}

}  // namespace tocsin::test
