// Parameter values against their declarations: at load time for defaults, at run creation for
// the supplied values (resolve_params, playbook.hpp).

#include "engine/lua/params.hpp"

#include <cmath>

#include "engine/error.hpp"

namespace tocsin::lua {
namespace detail {

bool plausible_email(std::string_view s) noexcept {
    // local@domain.tld without spaces; deliverability is not this layer's business.
    const auto at = s.find('@');
    if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    for (const char ch : s) {
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            return false;
    }
    const auto domain = s.substr(at + 1);
    const auto dot = domain.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

std::optional<std::string> check_param_value(const param_spec& spec, nlohmann::json& value) {
    switch (spec.type) {
        case param_type::string:
        case param_type::text:
            if (value.is_string())
                return std::nullopt;
            return std::string("must be a string");
        case param_type::email:
            if (value.is_string() && plausible_email(value.get_ref<const std::string&>())) {
                return std::nullopt;
            }
            return std::string("must be an email address");
        case param_type::number:
            if (value.is_number())
                return std::nullopt;
            return std::string("must be a number");
        case param_type::integer:
            if (value.is_number_integer())
                return std::nullopt;
            if (value.is_number_float()) {
                const double d = value.get<double>();
                if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.007199254740992e15) {
                    value = static_cast<std::int64_t>(d);  // 3.0 from a JSON client is 3
                    return std::nullopt;
                }
            }
            return std::string("must be an integer");
        case param_type::boolean:
            if (value.is_boolean())
                return std::nullopt;
            return std::string("must be a boolean");
        case param_type::table:
            if (value.is_object() || value.is_array())
                return std::nullopt;
            return std::string("must be a table (a JSON object or array)");
        case param_type::choice:
            if (value.is_string()) {
                for (const auto& choice : spec.choices) {
                    if (choice == value.get_ref<const std::string&>())
                        return std::nullopt;
                }
            }
            {
                std::string list;
                for (const auto& choice : spec.choices)
                    list += (list.empty() ? "" : ", ") + choice;
                return "must be one of: " + list;
            }
    }
    return std::string("has an unknown type");
}

}  // namespace detail

nlohmann::json resolve_params(const std::vector<param_spec>& declared,
                              const nlohmann::json& supplied) {
    if (!supplied.is_null() && !supplied.is_object()) {
        throw error(errc::invalid_argument, "params must be a JSON object", "params");
    }
    nlohmann::json resolved = nlohmann::json::object();
    if (supplied.is_object()) {
        for (const auto& [name, value] : supplied.items()) {
            bool known = false;
            for (const auto& spec : declared)
                known = known || spec.name == name;
            if (!known)
                throw error(errc::invalid_argument, "unknown parameter '" + name + "'", name);
        }
    }
    for (const auto& spec : declared) {
        const auto it = supplied.is_object() ? supplied.find(spec.name) : supplied.end();
        if (supplied.is_object() && it != supplied.end() && !it->is_null()) {
            nlohmann::json value = *it;
            if (auto problem = detail::check_param_value(spec, value)) {
                throw error(errc::invalid_argument, "parameter '" + spec.name + "' " + *problem,
                            spec.name);
            }
            resolved[spec.name] = std::move(value);
        } else if (spec.default_value) {
            resolved[spec.name] = *spec.default_value;
        } else if (spec.required) {
            throw error(errc::missing_field, "parameter '" + spec.name + "' is required",
                        spec.name);
        }
    }
    return resolved;
}

}  // namespace tocsin::lua
