// Built-in plugin `util`: small pure helpers (JSON, UUIDs, time, regular expressions). They run
// inline on the run's executor (no I/O), and, being actions, are journaled like any other call,
// which keeps uuid/time answers stable when a durable run is replayed.
#include <cmath>
#include <regex>

#include <boost/asio/steady_timer.hpp>

#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;
using plugin::value_type;

// std::regex is recursive: bound pattern and subject so a playbook cannot exhaust the stack.
constexpr std::size_t max_pattern_length = 512;
constexpr std::size_t max_subject_length = 16 * 1024;

using body_fn = std::function<json(const plugin::action_call&)>;

plugin::action_descriptor action(std::string name, std::string description,
                                 std::vector<field> fields, body_fn body, json output_example) {
    plugin::action_descriptor a;
    a.name = "util." + name;
    a.output_example = std::move(output_example);
    a.description = std::move(description);
    a.input.fields = std::move(fields);
    a.side_effects = false;
    a.idempotent = true;
    a.errors = {errc::invalid_argument};
    a.default_timeout = std::chrono::seconds(5);
    a.run = [body = std::move(body)](const plugin::services&, plugin::action_call call,
                                     plugin::completion done) {
        done(capture([&] { return body(call); }));
    };
    return a;
}

json json_encode(const plugin::action_call& call) {
    return call.input.contains("value") ? call.input["value"].dump() : std::string("null");
}

json json_decode(const plugin::action_call& call) {
    auto v = json::parse(text(call.input, "text"), nullptr, false);
    if (v.is_discarded())
        throw error(errc::invalid_argument, "'text' is not valid JSON", "text");
    return v;
}

json uuid(const plugin::action_call&) {
    return new_uuid();
}

json time_format(const plugin::action_call& call) {
    if (!call.input.contains("time"))
        return format_time(default_clock().now());
    const double seconds = call.input["time"].get<double>();
    if (!std::isfinite(seconds) || std::fabs(seconds) > 253402300799.0)
        throw error(errc::invalid_argument, "'time' is out of range", "time");
    return format_time(time_point{std::chrono::milliseconds{std::llround(seconds * 1000)}});
}

json time_parse(const plugin::action_call& call) {
    const auto t = parse_time(text(call.input, "text"));
    if (!t)
        throw error(errc::invalid_argument,
                    "'text' is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SS[.fff]Z)", "text");
    const auto ms = t->time_since_epoch().count();
    if (ms % 1000 == 0)
        return ms / 1000;
    return static_cast<double>(ms) / 1000.0;
}

json regex_match(const plugin::action_call& call) {
    const auto pattern = text(call.input, "pattern");
    const auto subject = text(call.input, "text");
    auto flags = std::regex::ECMAScript;
    if (call.input.value("ignore_case", false))
        flags |= std::regex::icase;
    std::regex re;
    try {
        re = std::regex(pattern, flags);
    } catch (const std::regex_error& e) {
        throw error(errc::invalid_argument, std::string("'pattern' is invalid: ") + e.what(),
                    "pattern");
    }
    std::smatch m;
    bool matched = false;
    try {
        matched = std::regex_search(subject, m, re);
    } catch (const std::regex_error& e) {
        throw error(errc::limit_exceeded, std::string("regex_match: ") + e.what(), "pattern");
    }
    json groups = json::array();
    if (matched)
        for (std::size_t i = 0; i < m.size(); ++i)
            groups.push_back(m[i].matched ? json(m[i].str()) : json(nullptr));
    return {{"matched", matched}, {"groups", groups}};
}

// Waits on an Asio timer: the run is suspended, no thread sleeps.
constexpr std::int64_t max_sleep_ms = 60000;

void sleep(const plugin::services& svc, plugin::action_call call, plugin::completion done) {
    const auto ms = call.input.value("ms", 0LL);
    if (ms < 0 || ms > max_sleep_ms)
        return done(error_info{errc::invalid_argument,
                               "'ms' must be from 0 to " + std::to_string(max_sleep_ms), "ms"});
    auto timer = std::make_shared<boost::asio::steady_timer>(svc.io, std::chrono::milliseconds(ms));
    timer->async_wait([timer, done](const boost::system::error_code&) { done(json(true)); });
}

}  // namespace

plugin::plugin_descriptor register_util() {
    plugin::plugin_descriptor p{"util", "1.0.0", "JSON, UUID, time and regex helpers", {}};
    field ignore_case =
        make_field("ignore_case", value_type::boolean, false, "case-insensitive match");
    ignore_case.default_value = false;
    p.actions = {
        action(
            "json_encode", "JSON text of `value`.",
            {with_example(make_field("value", value_type::any, false, "any data"), {{"ok", true}})},
            json_encode, R"({"ok":true})"),
        action(
            "json_decode", "The value of JSON `text`.",
            {with_example(string_field("text", true, "JSON text", 1024 * 1024), R"({"ok":true})")},
            json_decode, {{"ok", true}}),
        action("uuid", "A random UUID.", {}, uuid, "1b4e28ba-2fa1-4d2b-883f-0016d3cca427"),
        action("time_format", "ISO 8601 UTC text of `time` (seconds since the epoch; now).",
               {make_field("time", value_type::number, false, "seconds since 1970-01-01 UTC")},
               time_format, "2024-05-01T10:00:00Z"),
        action("time_parse", "Seconds since the epoch of an ISO 8601 time.",
               {with_example(string_field("text", true, "e.g. 2024-05-01T10:00:00Z", 64),
                             "2024-05-01T10:00:00Z")},
               time_parse, 1714557600),
        action(
            "regex_match", "ECMAScript regex search: {matched, groups}.",
            {with_example(string_field("pattern", true, "regular expression", max_pattern_length),
                          R"(T\d{4}\.(\d{3}))"),
             with_example(string_field("text", true, "subject", max_subject_length),
                          "technique T1566.001"),
             ignore_case},
            regex_match, {{"matched", true}, {"groups", {"T1566.001", "001"}}}),
    };
    plugin::action_descriptor nap;
    nap.name = "util.sleep";
    nap.description = "Suspends the run for `ms` milliseconds (at most 60000).";
    nap.input.fields = {
        with_example(make_field("ms", value_type::integer, true, "milliseconds"), 250)};
    nap.output_example = true;
    nap.side_effects = false;
    nap.idempotent = true;
    nap.default_timeout = std::chrono::milliseconds(max_sleep_ms + 5000);
    nap.run = sleep;
    p.actions.push_back(std::move(nap));
    return p;
}

}  // namespace tocsin::plugins
