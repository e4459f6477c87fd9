#include "triggers/webhook/webhook_binding.hpp"

#include <map>

#include "engine/error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

constexpr std::string_view options_path = "triggers.options";

[[noreturn]] void bad(const std::string& field, const std::string& message) {
    throw error(errc::invalid_argument, message, std::string(options_path) + "." + field);
}

std::string string_option(const json& object, const char* key, std::string fallback,
                          const std::string& path) {
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
        bad(path + key, "'" + path + key + "' must be a non-empty string.");
    return it->get<std::string>();
}

std::int64_t integer_option(const json& object, const char* key, std::int64_t fallback,
                            std::int64_t min, std::int64_t max, const std::string& path) {
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max)
        bad(path + key, "'" + path + key + "' must be an integer from " + std::to_string(min) +
                            " to " + std::to_string(max) + ".");
    return it->get<std::int64_t>();
}

webhook_auth auth_of(const json& options) {
    webhook_auth auth;
    const auto it = options.find("auth");
    if (it == options.end())
        return auth;
    if (it->is_string()) {
        const auto& text = it->get_ref<const std::string&>();
        if (text == "api-token")
            return auth;
        if (text == "none") {
            auth.kind = webhook_auth_kind::none;
            return auth;
        }
        bad("auth",
            "'auth' must be \"api-token\", \"none\", or a table with type \"token\" or "
            "\"hmac-sha256\"; got \"" +
                text + "\".");
    }
    if (!it->is_object())
        bad("auth", "'auth' must be a string or a table.");
    const json& a = *it;
    const auto type = string_option(a, "type", "", "auth.");
    if (type == "token") {
        auth.kind = webhook_auth_kind::token;
        auth.header = string_option(a, "header", auth.header, "auth.");
    } else if (type == "hmac-sha256") {
        auth.kind = webhook_auth_kind::hmac_sha256;
        auth.signature_header =
            string_option(a, "signature_header", auth.signature_header, "auth.");
        auth.timestamp_header =
            string_option(a, "timestamp_header", auth.timestamp_header, "auth.");
        auth.tolerance =
            std::chrono::seconds(integer_option(a, "tolerance_s", 300, 1, 86400, "auth."));
    } else if (type == "api-token" || type == "none") {
        auth.kind = type == "none" ? webhook_auth_kind::none : webhook_auth_kind::api_token;
        return auth;
    } else {
        bad("auth.type",
            "'auth.type' must be \"token\", \"hmac-sha256\", \"api-token\" or "
            "\"none\".");
    }
    auth.secret = string_option(a, "secret", "", "auth.");
    if (auth.secret.empty())
        bad("auth.secret",
            "'auth.secret' names the secret that authenticates callers; it is "
            "required for type \"" +
                type + "\".");
    return auth;
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 100)
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

}  // namespace

webhook_binding parse_webhook_binding(runner::definition_ptr playbook, const json& options) {
    webhook_binding out;
    const json opts = options.is_null() ? json::object() : options;
    if (!opts.is_object())
        throw error(errc::invalid_argument, "'triggers.options' must be a table.",
                    std::string(options_path));
    out.name = string_option(opts, "name", playbook->name, "");
    if (!valid_name(out.name))
        bad("name",
            "'name' must be 1 to 100 letters, digits, '-', '_' or '.'; got \"" + out.name + "\".");
    const auto mode = string_option(opts, "mode", "async", "");
    if (mode != "sync" && mode != "async")
        bad("mode", "'mode' must be \"sync\" or \"async\"; got \"" + mode + "\".");
    out.synchronous = mode == "sync";
    out.sync_timeout =
        std::chrono::milliseconds(integer_option(opts, "timeout_ms", 30000, 1, 600000, ""));
    out.auth = auth_of(opts);
    out.playbook = std::move(playbook);
    return out;
}

webhook_table webhook_bindings(const runner::catalog& playbooks) {
    webhook_table table;
    std::map<std::string, std::vector<webhook_binding>> by_name;
    for (const auto& def : playbooks.with_trigger(lua::trigger_kind::webhook)) {
        for (const auto& spec : def->triggers) {
            if (spec.kind != lua::trigger_kind::webhook)
                continue;
            try {
                auto binding = parse_webhook_binding(def, spec.options);
                by_name[lower(binding.name)].push_back(std::move(binding));
            } catch (const error& e) {
                const auto name =
                    spec.options.is_object() ? spec.options.find("name") : json::const_iterator{};
                const bool named =
                    spec.options.is_object() && name != spec.options.end() && name->is_string();
                table.problems.push_back(
                    {named ? name->get<std::string>() : def->name, def->name,
                     "The playbook '" + def->name + "' (" + def->source_path +
                         ") declares the webhook with invalid options: " + e.what()});
            }
        }
    }
    for (auto& [key, bindings] : by_name) {
        if (bindings.size() == 1) {
            table.bindings.push_back(std::move(bindings.front()));
            continue;
        }
        std::string who;
        for (const auto& b : bindings)
            who += (who.empty() ? "'" : ", '") + b.playbook->name + "'";
        for (const auto& b : bindings)
            table.problems.push_back({b.name, b.playbook->name,
                                      "Webhook '" + b.name +
                                          "' is declared by several playbooks (" + who +
                                          "); none answers it until all but one rename it."});
    }
    return table;
}

webhook_lookup find_webhook(const runner::catalog& playbooks, std::string_view name) {
    auto table = webhook_bindings(playbooks);
    webhook_lookup out;
    for (auto& p : table.problems) {
        if (model::iequals(p.name, name)) {
            out.problem = std::move(p.message);
            return out;
        }
    }
    for (auto& b : table.bindings) {
        if (model::iequals(b.name, name)) {
            out.binding = std::move(b);
            break;
        }
    }
    return out;
}

}  // namespace tocsin::triggers
