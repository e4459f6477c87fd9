#include "engine/automation/automation_settings.hpp"

#include "engine/error.hpp"
#include "engine/model/entity.hpp"

namespace tocsin::automation {

namespace {

const nlohmann::json* value_of(const config& cfg, const char* key) {
    const auto it = cfg.values.find(key);
    return it == cfg.values.end() ? nullptr : &*it;
}

std::set<model::entity_kind> default_kinds() {
    std::set<model::entity_kind> kinds;
    for (std::size_t i = 0; i < model::enum_names<model::entity_kind>::values.size(); ++i) {
        const auto kind = static_cast<model::entity_kind>(i);
        if (model::is_strong_kind(kind))
            kinds.insert(kind);
    }
    return kinds;
}

}  // namespace

automation_settings automation_settings_from(const config& cfg) {
    automation_settings out;
    out.correlation.kinds = default_kinds();
    if (const auto* v = value_of(cfg, "automation.route_alerts"); v && v->is_boolean())
        out.route_alerts = v->get<bool>();
    if (const auto* v = value_of(cfg, "correlation.enabled"); v && v->is_boolean())
        out.correlation.enabled = v->get<bool>();
    if (const auto* v = value_of(cfg, "correlation.window_minutes"); v && v->is_number_integer())
        out.correlation.window = std::chrono::minutes{v->get<std::int64_t>()};
    if (const auto* v = value_of(cfg, "correlation.entity_kinds"); v && v->is_array()) {
        out.correlation.kinds.clear();
        for (const auto& item : *v) {
            const auto text = item.is_string() ? item.get<std::string>() : item.dump();
            const auto kind = model::parse_enum<model::entity_kind>(text);
            if (!kind)
                throw error(errc::invalid_argument,
                            "correlation.entity_kinds: '" + text +
                                "' is not an entity kind; expected one of " +
                                model::accepted_names<model::entity_kind>() + ".",
                            "correlation.entity_kinds");
            out.correlation.kinds.insert(*kind);
        }
    }
    if (const auto* v = value_of(cfg, "automation.max_chain"); v && v->is_number_integer())
        out.max_chain = static_cast<std::size_t>(v->get<std::int64_t>());
    return out;
}

}  // namespace tocsin::automation
