#include "triggers/form/form_binding.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& option, const std::string& message) {
    throw error(errc::invalid_argument, message, "triggers.options." + option);
}

std::string string_option(const json& options, const char* key, std::string fallback) {
    const auto it = options.find(key);
    if (it == options.end())
        return fallback;
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
        bad(key, std::string("'") + key + "' must be a non-empty string.");
    return it->get<std::string>();
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 100)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

// The declared `fields` order first, then the other parameters by name; tables have no control.
std::vector<lua::param_spec> ordered_fields(const lua::playbook_definition& playbook,
                                            const json& options) {
    std::vector<std::string> order;
    if (const auto it = options.find("fields"); it != options.end()) {
        if (!it->is_array())
            bad("fields", "'fields' must be a list of parameter names.");
        for (const auto& item : *it) {
            const bool declared =
                item.is_string() && std::any_of(playbook.params.begin(), playbook.params.end(),
                                                [&](const auto& p) { return p.name == item; });
            if (!declared)
                bad("fields", "'fields' lists " + item.dump() +
                                  ", which is not one of the playbook's parameters.");
            if (std::find(order.begin(), order.end(), item.get<std::string>()) == order.end())
                order.push_back(item.get<std::string>());
        }
    }
    for (const auto& p : playbook.params)
        if (std::find(order.begin(), order.end(), p.name) == order.end())
            order.push_back(p.name);
    std::vector<lua::param_spec> out;
    for (const auto& name : order) {
        const auto& spec = *std::find_if(playbook.params.begin(), playbook.params.end(),
                                         [&](const auto& p) { return p.name == name; });
        if (spec.type != lua::param_type::table) {
            out.push_back(spec);
            continue;
        }
        if (spec.required)
            bad("fields", "the parameter '" + spec.name +
                              "' is a required table, which a form cannot ask for; make it "
                              "optional or give it a default.");
    }
    return out;
}

}  // namespace

std::string humanised(std::string_view parameter_name) {
    std::string out;
    for (const char c : parameter_name)
        out.push_back(c == '_' ? ' ' : c);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

form_binding parse_form_binding(runner::definition_ptr playbook, const json& options) {
    const json opts = options.is_null() ? json::object() : options;
    if (!opts.is_object())
        throw error(errc::invalid_argument, "'triggers.options' must be a table.",
                    "triggers.options");
    form_binding out;
    out.name = string_option(opts, "name", playbook->name);
    if (!valid_name(out.name))
        bad("name",
            "'name' must be 1 to 100 letters, digits, '-', '_' or '.'; got \"" + out.name + "\".");
    out.title = string_option(opts, "title", out.name);
    out.description = string_option(opts, "description", "");
    out.submit_label = string_option(opts, "submit_label", out.submit_label);
    if (const auto it = opts.find("auth"); it != opts.end()) {
        if (!it->is_boolean())
            bad("auth", "'auth' must be true (an API token is needed) or false (open form).");
        out.requires_token = it->get<bool>();
    }
    if (const auto it = opts.find("timeout_ms"); it != opts.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > 600000)
            bad("timeout_ms", "'timeout_ms' must be an integer from 1 to 600000.");
        out.timeout = std::chrono::milliseconds(it->get<std::int64_t>());
    }
    out.fields = ordered_fields(*playbook, opts);
    out.playbook = std::move(playbook);
    return out;
}

form_lookup find_form(const runner::catalog& playbooks, std::string_view name) {
    form_lookup out;
    std::vector<std::string> declared_by;
    for (const auto& def : playbooks.with_trigger(lua::trigger_kind::form)) {
        for (const auto& spec : def->triggers) {
            if (spec.kind != lua::trigger_kind::form)
                continue;
            // The name is read leniently first, so that a broken declaration is reported under
            // the name it meant to answer to.
            const auto declared = spec.options.is_object() && spec.options.contains("name") &&
                                          spec.options["name"].is_string()
                                      ? spec.options["name"].get<std::string>()
                                      : def->name;
            if (!model::iequals(declared, name))
                continue;
            declared_by.push_back(def->name);
            try {
                out.binding = parse_form_binding(def, spec.options);
            } catch (const error& e) {
                out.problem = "The playbook '" + def->name + "' (" + def->source_path +
                              ") declares the form '" + declared +
                              "' with invalid options: " + e.what();
            }
        }
    }
    if (declared_by.size() > 1) {
        std::string who;
        for (const auto& playbook : declared_by)
            who += (who.empty() ? "'" : ", '") + playbook + "'";
        out.problem = "The form '" + std::string(name) + "' is declared by several playbooks (" +
                      who + "); none answers it until all but one rename it.";
    }
    if (!out.problem.empty())
        out.binding.reset();
    return out;
}

}  // namespace tocsin::triggers
