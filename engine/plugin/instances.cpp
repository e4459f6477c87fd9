#include "engine/plugin/instances.hpp"

#include <cctype>

#include "engine/plugin/redaction.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& why) {
    throw error(errc::config, "config key 'plugins.instances' entry '" + key + "': " + why);
}

bool is_valid_instance_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return false;
    for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            return false;
    return true;
}

std::string key_of(std::string_view plugin, std::string_view instance) {
    return instance.empty() ? std::string(plugin)
                            : std::string(plugin) + ":" + std::string(instance);
}

void check_secrets(const json& value, const secret_store& secrets, const std::string& key) {
    if (auto ref = as_secret_ref(value)) {
        if (!is_valid_secret_name(ref->name()))
            fail(key,
                 "'" + ref->to_string() + "' is not a secret reference (letters, digits, '_')");
        if (!secrets.contains(*ref))
            fail(key, "secret '" + ref->name() + "' is not defined (set " +
                          std::string(secret_env_prefix) + ref->name() +
                          " or add it to the secrets file)");
        return;
    }
    if (value.is_structured())
        for (const auto& item : value)
            check_secrets(item, secrets, key);
}

result<json> redact_outcome(result<json> outcome) {
    if (!has_secret_values())
        return outcome;
    if (outcome.has_value())
        return redact_json(std::move(outcome).value());
    auto err = outcome.error();
    err.message = redact_text(err.message);
    return err;
}

}  // namespace

instance_table instance_table::parse(const json& config_value, const registry& plugins,
                                     const secret_store& secrets) {
    instance_table out;
    if (config_value.is_null())
        return out;
    if (!config_value.is_object())
        throw error(errc::config,
                    "config key 'plugins.instances': expected an object of "
                    "\"plugin:instance\" → settings");
    for (const auto& [key, settings] : config_value.items()) {
        const auto colon = key.find(':');
        const std::string plugin_name = key.substr(0, colon);
        const std::string instance =
            colon == std::string::npos ? std::string() : key.substr(colon + 1);
        if (colon != std::string::npos && !is_valid_instance_name(instance))
            fail(key, "instance names are 1-64 letters, digits, '_' or '-'");
        const plugin_descriptor* plugin = nullptr;
        for (const auto& p : plugins.plugins())
            if (p->name == plugin_name)
                plugin = p.get();
        if (!plugin)
            fail(key, "no plugin named '" + plugin_name + "' is loaded");
        if (!settings.is_object())
            fail(key, "settings must be an object");
        json checked;
        try {
            checked = validate_input(key, plugin->settings, settings);
        } catch (const error& e) {
            fail(key, e.what());
        }
        check_secrets(checked, secrets, key);
        out.by_key_[key_of(plugin_name, instance)] = std::move(checked);
    }
    return out;
}

const json* instance_table::find(std::string_view plugin, std::string_view instance) const {
    const auto it = by_key_.find(key_of(plugin, instance));
    return it == by_key_.end() ? nullptr : &it->second;
}

std::vector<std::string> instance_table::names(std::string_view plugin) const {
    std::vector<std::string> out;
    for (const auto& [key, _] : by_key_) {
        if (key == plugin)
            out.emplace_back();
        else if (key.size() > plugin.size() && key.compare(0, plugin.size(), plugin) == 0 &&
                 key[plugin.size()] == ':')
            out.push_back(key.substr(plugin.size() + 1));
    }
    return out;
}

void bind_instances(registry& plugins, std::shared_ptr<const instance_table> instances,
                    std::shared_ptr<const secret_store> secrets) {
    plugins.wrap_handlers([&](const action_descriptor& action) -> handler {
        const std::string plugin_name = action.name.substr(0, action.name.find('.'));
        return [inner = action.run, name = action.name, plugin_name, instances, secrets](
                   const services& svc, action_call call, completion done) {
            const json* settings =
                instances ? instances->find(plugin_name, call.instance) : nullptr;
            if (!settings && !call.instance.empty()) {
                std::string known;
                if (instances)
                    for (const auto& n : instances->names(plugin_name))
                        if (!n.empty())
                            known += (known.empty() ? "" : ", ") + n;
                return done(error_info{errc::not_found,
                                       name + ": no instance '" + call.instance + "' of plugin '" +
                                           plugin_name + "' is configured" +
                                           (known.empty() ? "" : " (configured: " + known + ")"),
                                       "_instance"});
            }
            call.instance_settings = settings ? *settings : json::object();
            // The handler may keep `services` until it completes: the copy lives in the
            // completion, which the handler owns until it calls it.
            auto scoped = std::make_shared<services>(svc);
            scoped->secrets = secrets.get();
            const services& view = *scoped;
            inner(view, std::move(call), [scoped, done = std::move(done)](result<json> outcome) {
                done(redact_outcome(std::move(outcome)));
            });
        };
    });
}

}  // namespace tocsin::plugin
