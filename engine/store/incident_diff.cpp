#include "engine/store/incident_diff.hpp"

#include <functional>
#include <string_view>

#include "engine/model/json.hpp"

namespace tocsin::store {

namespace {

using nlohmann::json;

json optional_time(const std::optional<time_point>& t) {
    return t ? json(format_time(*t)) : json(nullptr);
}

template <typename E>
json optional_enum(const std::optional<E>& value) {
    return value ? json(model::to_string(*value)) : json(nullptr);
}

json labels_json(const std::vector<model::label>& labels) {
    json out = json::array();
    for (const auto& l : labels)
        out.push_back({{"labelName", l.name}, {"labelType", model::to_string(l.type)}});
    return out;
}

// One writable field: its API name and its value as JSON. The order here is the order of the
// changes in activity entries and events.
struct field_view {
    std::string_view name;
    std::function<json(const model::incident&)> value;
};

const std::vector<field_view>& fields() {
    static const std::vector<field_view> all{
        {"title", [](const model::incident& i) { return json(i.title); }},
        {"description", [](const model::incident& i) { return json(i.description); }},
        {"severity", [](const model::incident& i) { return json(model::to_string(i.severity)); }},
        {"status", [](const model::incident& i) { return json(model::to_string(i.status)); }},
        {"classification",
         [](const model::incident& i) { return optional_enum(i.classification); }},
        {"classificationReason", [](const model::incident& i) { return optional_enum(i.reason); }},
        {"classificationComment",
         [](const model::incident& i) { return json(i.classification_comment); }},
        {"owner", [](const model::incident& i) { return model::to_json(i.owner); }},
        {"labels", [](const model::incident& i) { return labels_json(i.labels); }},
        {"firstActivityTimeUtc",
         [](const model::incident& i) { return optional_time(i.first_activity); }},
        {"lastActivityTimeUtc",
         [](const model::incident& i) { return optional_time(i.last_activity); }},
        {"providerName", [](const model::incident& i) { return json(i.provider_name); }},
        {"providerIncidentId",
         [](const model::incident& i) { return json(i.provider_incident_id); }},
        {"relatedAnalyticRuleIds",
         [](const model::incident& i) { return json(i.related_analytic_rule_ids); }},
    };
    return all;
}

// A value that says nothing: creation entries leave such fields out.
bool is_blank(const json& value) {
    if (value.is_null())
        return true;
    if (value.is_string() || value.is_array())
        return value.empty();
    if (value.is_object()) {
        // An owner with only the default ownerType is no owner.
        for (const auto& [key, item] : value.items()) {
            if (key != "ownerType" && !is_blank(item))
                return false;
        }
        return true;
    }
    return false;
}

}  // namespace

std::vector<model::field_change> diff_incident(const model::incident& before,
                                               const model::incident& after) {
    std::vector<model::field_change> out;
    for (const auto& f : fields()) {
        auto b = f.value(before);
        auto a = f.value(after);
        if (a != b)
            out.push_back({std::string(f.name), std::move(b), std::move(a)});
    }
    return out;
}

std::vector<model::field_change> creation_changes(const model::incident& created) {
    std::vector<model::field_change> out;
    for (const auto& f : fields()) {
        auto a = f.value(created);
        // Severity and status are always recorded: they are the incident's initial state.
        if (f.name == "severity" || f.name == "status" || !is_blank(a))
            out.push_back({std::string(f.name), nullptr, std::move(a)});
    }
    return out;
}

bool closes(const model::incident& before, const model::incident& after) {
    return after.status == model::incident_status::closed &&
           before.status != model::incident_status::closed;
}

}  // namespace tocsin::store
