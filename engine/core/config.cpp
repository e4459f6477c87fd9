#include "engine/core/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/core/config_schema.hpp"
#include "engine/error.hpp"

namespace tocsin {
namespace {

using nlohmann::json;

[[noreturn]] void fail(std::string message) {
    throw error(errc::config, std::move(message));
}

std::string expected_text(const config_option& o) {
    std::string text(to_string(o.type));
    if (o.type == config_type::integer) {
        text += " from " + std::to_string(o.min) + " to " + std::to_string(o.max);
    }
    if (!o.choices.empty()) {
        text += ", one of:";
        for (auto c : o.choices)
            text += " " + std::string(c);
    }
    return text;
}

// Checks a JSON value against its option; `origin` says where it came from, for the message.
void check_value(const config_option& o, const json& value, const std::string& origin) {
    auto wrong = [&] {
        fail("config key '" + std::string(o.key) + "' (" + origin + "): expected " +
             expected_text(o) + ", got " + value.dump());
    };
    switch (o.type) {
        case config_type::string:
        case config_type::path:
            if (!value.is_string())
                wrong();
            if (!o.choices.empty()) {
                bool ok = false;
                for (auto c : o.choices)
                    ok = ok || c == value.get_ref<const std::string&>();
                if (!ok)
                    wrong();
            }
            break;
        case config_type::integer:
            if (!value.is_number_integer())
                wrong();
            if (value.get<std::int64_t>() < o.min || value.get<std::int64_t>() > o.max)
                wrong();
            break;
        case config_type::boolean:
            if (!value.is_boolean())
                wrong();
            break;
        case config_type::string_list:
        case config_type::path_list:
            if (!value.is_array())
                wrong();
            for (const auto& item : value)
                if (!item.is_string())
                    wrong();
            break;
        case config_type::object:
            if (!value.is_object())
                wrong();
            break;
    }
}

// Text from the environment or a flag, converted to the option's JSON type.
json from_text(const config_option& o, const std::string& text, const std::string& origin) {
    switch (o.type) {
        case config_type::string:
        case config_type::path:
            return text;
        case config_type::integer: {
            std::int64_t v = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc{} || ptr != text.data() + text.size())
                fail("config key '" + std::string(o.key) + "' (" + origin + "): expected " +
                     expected_text(o) + ", got '" + text + "'");
            return v;
        }
        case config_type::boolean:
            if (text == "true" || text == "1" || text == "yes")
                return true;
            if (text == "false" || text == "0" || text == "no")
                return false;
            fail("config key '" + std::string(o.key) + "' (" + origin +
                 "): expected true or false, got '" + text + "'");
        case config_type::string_list:
        case config_type::path_list: {
            // A JSON array as in the config file, or comma-separated items.
            if (text.starts_with('[')) {
                auto value = json::parse(text, nullptr, false);
                const bool strings = !value.is_discarded() && value.is_array() &&
                                     std::all_of(value.begin(), value.end(),
                                                 [](const json& v) { return v.is_string(); });
                if (!strings)
                    fail("config key '" + std::string(o.key) + "' (" + origin +
                         "): expected a JSON array of strings or comma-separated items, got '" +
                         text + "'");
                return value;
            }
            json list = json::array();
            std::stringstream in(text);
            std::string item;
            while (std::getline(in, item, ','))
                if (!item.empty())
                    list.push_back(item);
            return list;
        }
        case config_type::object: {
            auto value = json::parse(text, nullptr, false, /*ignore_comments=*/true);
            if (value.is_discarded() || !value.is_object())
                fail("config key '" + std::string(o.key) + "' (" + origin +
                     "): expected a JSON object, got '" + text + "'");
            return value;
        }
    }
    return text;
}

// Flattens {"http": {"listen": …}} into {"http.listen": …}; known leaf keys stop the descent so
// a list or object value is never mistaken for a section.
void flatten(const json& node, const std::string& prefix, json& out, const std::string& file) {
    for (const auto& [name, value] : node.items()) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        if (find_config_option(key)) {
            out[key] = value;
        } else if (value.is_object()) {
            flatten(value, key, out, file);
        } else {
            fail("config file " + file + ": unknown key '" + key + "'");
        }
    }
}

json read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        fail("config file " + path.string() + ": cannot be read");
    try {
        return json::parse(in, nullptr, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        fail("config file " + path.string() + ": not valid JSON: " + e.what());
    }
}

std::chrono::milliseconds ms(const json& v) {
    return std::chrono::milliseconds(v.get<int64_t>());
}

}  // namespace

listen_address parse_listen_address(std::string_view text) {
    listen_address out;
    std::string_view host, port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            fail("listen address '" + std::string(text) + "': expected [IPv6]:PORT");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos)
            fail("listen address '" + std::string(text) + "': expected HOST:PORT");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (host.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value > 65535)
        fail("listen address '" + std::string(text) + "': expected HOST:PORT with a port 0-65535");
    out.host = std::string(host);
    out.port = static_cast<std::uint16_t>(value);
    return out;
}

env_lookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (const char* v = std::getenv(name.c_str()))
            return std::string(v);
        return std::nullopt;
    };
}

config load_config(const config_sources& sources) {
    json values = json::object();
    for (const auto& o : config_options())
        values[std::string(o.key)] = json::parse(o.default_json);

    if (sources.file) {
        const json file = read_file(*sources.file);
        if (!file.is_object())
            fail("config file " + sources.file->string() + ": must be an object");
        json flat = json::object();
        flatten(file, "", flat, sources.file->string());
        for (const auto& [key, value] : flat.items()) {
            check_value(*find_config_option(key), value, "config file " + sources.file->string());
            values[key] = value;
        }
    }
    if (sources.environment) {
        for (const auto& o : config_options()) {
            if (auto text = sources.environment(std::string(o.env))) {
                const std::string origin = "environment " + std::string(o.env);
                auto value = from_text(o, *text, origin);
                check_value(o, value, origin);
                values[std::string(o.key)] = value;
            }
        }
    }
    for (const auto& [key, text] : sources.overrides) {
        const auto* o = find_config_option(key);
        if (!o)
            fail("unknown config key '" + key + "'");
        auto value = from_text(*o, text, "command line");
        check_value(*o, value, "command line");
        values[key] = value;
    }

    config c;
    c.values = values;
    c.data_dir = values["data_dir"].get<std::string>();
    c.http.listen = parse_listen_address(values["http.listen"].get<std::string>());
    c.http.max_body_bytes = values["http.max_body_bytes"].get<std::size_t>();
    c.http.read_timeout = ms(values["http.read_timeout_ms"]);
    c.http.tls_cert = values["http.tls_cert"].get<std::string>();
    c.http.tls_key = values["http.tls_key"].get<std::string>();
    if (c.http.tls_cert.empty() != c.http.tls_key.empty())
        fail("config keys 'http.tls_cert' and 'http.tls_key' must be set together");
    const auto io = values["engine.io_threads"].get<unsigned>();
    c.engine.io_threads = io != 0 ? io : std::max(1u, std::thread::hardware_concurrency());
    c.engine.blocking_threads = values["engine.blocking_threads"].get<unsigned>();
    c.engine.read_threads = values["engine.read_threads"].get<unsigned>();
    c.engine.shutdown_grace = ms(values["engine.shutdown_grace_ms"]);
    c.store.backend = values["store.backend"].get<std::string>();
    c.store.sqlite_file = values["store.sqlite.file"].get<std::string>();
    if (c.store.sqlite_file.is_relative())
        c.store.sqlite_file = c.data_dir / c.store.sqlite_file;
    c.store.sqlite_synchronous = values["store.sqlite.synchronous"].get<std::string>();
    c.store.sqlite_group_commit_max = values["store.sqlite.group_commit_max"].get<std::size_t>();
    c.store.sqlite_coalesce_wal_writes = values["store.sqlite.coalesce_wal_writes"].get<bool>();
    c.store.postgres_url = values["store.postgres.url"].get<std::string>();
    if (c.store.backend == "postgres" && c.store.postgres_url.empty())
        fail("config key 'store.postgres.url' is required when store.backend is postgres");
    for (const auto& d : values["playbooks.dirs"])
        c.playbook_dirs.emplace_back(d.get<std::string>());
    c.log.level = values["log.level"].get<std::string>();
    c.log.format = values["log.format"].get<std::string>();
    return c;
}

}  // namespace tocsin
