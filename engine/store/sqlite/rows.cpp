#include "engine/store/sqlite/rows.hpp"

#include <array>

#include "engine/error.hpp"

namespace tocsin::store::sqlite {

namespace {

using nlohmann::json;

template <typename E>
E stored_enum(const statement& st, int column, std::string_view name) {
    const auto text = st.text(column);
    if (auto value = model::parse_enum<E>(text))
        return *value;
    throw error(errc::storage, "The database holds an unknown " + std::string(name) + " '" + text +
                                   "'; was it written by a newer release?");
}

template <typename E>
std::optional<E> stored_optional_enum(const statement& st, int column, std::string_view name) {
    if (st.is_null(column))
        return std::nullopt;
    return stored_enum<E>(st, column, name);
}

std::vector<std::string> string_array(const json& value) {
    std::vector<std::string> out;
    if (!value.is_array())
        return out;
    for (const auto& item : value) {
        if (item.is_string())
            out.push_back(item.get<std::string>());
    }
    return out;
}

std::string string_of(const json& data, const char* key) {
    auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<time_point> time_of(const json& data, const char* key) {
    auto it = data.find(key);
    if (it == data.end() || !it->is_number_integer())
        return std::nullopt;
    return time_point{std::chrono::milliseconds{it->get<std::int64_t>()}};
}

model::principal principal_at(const statement& st, int column) {
    return {principal_kind_of(st.text(column)), st.text(column + 1), st.text(column + 2)};
}

}  // namespace

json parse_stored_json(const std::string& text, std::string_view column) {
    auto value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded())
        throw error(errc::storage,
                    "The database holds malformed JSON in column " + std::string(column) + ".");
    return value;
}

std::string_view to_text(model::principal::kind kind) {
    return model::to_string(kind);
}

model::principal::kind principal_kind_of(std::string_view text) {
    constexpr std::array kinds{model::principal::kind::user, model::principal::kind::token,
                               model::principal::kind::automation_rule,
                               model::principal::kind::playbook, model::principal::kind::system};
    for (auto k : kinds) {
        if (model::to_string(k) == text)
            return k;
    }
    throw error(errc::storage,
                "The database holds an unknown principal kind '" + std::string(text) + "'.");
}

std::string to_column(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json changes_json(const std::vector<model::field_change>& changes) {
    json out = json::array();
    for (const auto& c : changes)
        out.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    return out;
}

incident_row read_incident(const statement& st) {
    incident_row row;
    row.id = st.int64(0);
    auto& v = row.value;
    v.name = st.text(1);
    v.number = st.int64(2);
    v.title = st.text(3);
    v.description = st.text(4);
    v.severity = stored_enum<model::severity>(st, 5, "severity");
    v.status = stored_enum<model::incident_status>(st, 6, "incident status");
    v.classification = stored_optional_enum<model::classification>(st, 7, "classification");
    v.reason = stored_optional_enum<model::classification_reason>(st, 8, "classification reason");
    v.classification_comment = st.text(9);
    v.owner.object_id = st.text(10);
    v.owner.email = st.text(11);
    v.owner.assigned_to = st.text(12);
    v.owner.user_principal_name = st.text(13);
    v.owner.owner_type = stored_enum<model::owner_type>(st, 14, "owner type");
    v.provider_name = st.text(15);
    v.provider_incident_id = st.text(16);
    v.related_analytic_rule_ids =
        string_array(parse_stored_json(st.text(17), "incidents.related_analytic_rule_ids"));
    v.first_activity = st.optional_time(18);
    v.last_activity = st.optional_time(19);
    v.created = st.time(20);
    v.last_modified = st.time(21);
    v.etag = st.text(22);
    return row;
}

json alert_data(const model::alert& a) {
    json data = {
        {"alertType", a.alert_type},
        {"description", a.description},
        {"productComponentName", a.product_component_name},
        {"productVersion", a.product_version},
        {"vendorName", a.vendor_name},
        {"detectionSource", a.detection_source},
        {"category", a.category},
        {"compromisedEntity", a.compromised_entity},
        {"alertLink", a.alert_link},
        {"remediationSteps", a.remediation_steps},
        {"confidenceLevel", a.confidence_level},
        {"additionalData", a.additional_data},
        {"correlation", a.correlation},
    };
    if (a.confidence_score)
        data["confidenceScore"] = *a.confidence_score;
    if (a.processing_end_time)
        data["processingEndTimeMs"] = a.processing_end_time->time_since_epoch().count();
    return data;
}

alert_row read_alert(const statement& st) {
    alert_row row;
    row.id = st.int64(0);
    auto& a = row.value;
    a.system_alert_id = st.text(1);
    a.display_name = st.text(2);
    a.severity = stored_enum<model::severity>(st, 3, "severity");
    a.status = stored_enum<model::alert_status>(st, 4, "alert status");
    a.product_name = st.text(5);
    a.provider_alert_id = st.text(6);
    a.tactics = string_array(parse_stored_json(st.text(7), "alerts.tactics"));
    a.techniques = string_array(parse_stored_json(st.text(8), "alerts.techniques"));
    a.start_time = st.optional_time(9);
    a.end_time = st.optional_time(10);
    a.time_generated = st.time(11);
    a.created = st.time(12);
    const auto data = parse_stored_json(st.text(13), "alerts.data");
    a.alert_type = string_of(data, "alertType");
    a.description = string_of(data, "description");
    a.product_component_name = string_of(data, "productComponentName");
    a.product_version = string_of(data, "productVersion");
    a.vendor_name = string_of(data, "vendorName");
    a.detection_source = string_of(data, "detectionSource");
    a.category = string_of(data, "category");
    a.compromised_entity = string_of(data, "compromisedEntity");
    a.alert_link = string_of(data, "alertLink");
    a.confidence_level = string_of(data, "confidenceLevel");
    if (auto it = data.find("remediationSteps"); it != data.end())
        a.remediation_steps = string_array(*it);
    if (auto it = data.find("confidenceScore"); it != data.end() && it->is_number())
        a.confidence_score = it->get<double>();
    a.processing_end_time = time_of(data, "processingEndTimeMs");
    if (auto it = data.find("additionalData"); it != data.end() && it->is_object())
        a.additional_data = *it;
    // Rows written before the flag existed have none: they correlate.
    if (auto it = data.find("correlation"); it != data.end() && it->is_boolean())
        a.correlation = it->get<bool>();
    return row;
}

model::entity read_entity(const statement& st) {
    model::entity e;
    e.id = st.text(0);
    e.kind = stored_enum<model::entity_kind>(st, 1, "entity kind");
    e.identity_key = st.text(2);
    e.friendly_name = st.text(3);
    e.properties = parse_stored_json(st.text(4), "entities.properties");
    return e;
}

relation_row read_relation(const statement& st) {
    relation_row row;
    row.id = st.int64(0);
    row.value.name = st.text(1);
    row.value.alert_id = st.text(2);
    row.alert_row_id = st.int64(3);
    row.value.etag = st.text(4);
    row.value.created = st.time(5);
    return row;
}

comment_row read_comment(const statement& st) {
    comment_row row;
    row.id = st.int64(0);
    auto& c = row.value;
    c.name = st.text(1);
    c.message = st.text(2);
    c.author = principal_at(st, 3);
    c.author_email = st.text(6);
    c.created = st.time(7);
    c.last_modified = st.time(8);
    c.etag = st.text(9);
    return row;
}

task_row read_task(const statement& st) {
    task_row row;
    row.id = st.int64(0);
    auto& t = row.value;
    t.name = st.text(1);
    t.title = st.text(2);
    t.description = st.text(3);
    t.status = stored_enum<model::task_status>(st, 4, "task status");
    t.created_by = principal_at(st, 5);
    t.last_modified_by = principal_at(st, 8);
    t.created = st.time(11);
    t.last_modified = st.time(12);
    t.etag = st.text(13);
    return row;
}

model::activity_entry read_activity(const statement& st) {
    model::activity_entry entry;
    entry.id = st.int64(0);
    entry.incident_name = st.text(1);
    entry.action = st.text(2);
    entry.actor = principal_at(st, 3);
    entry.at = st.time(6);
    const auto changes = parse_stored_json(st.text(7), "activity.changes");
    if (changes.is_array()) {
        for (const auto& c : changes) {
            if (!c.is_object())
                continue;
            entry.changes.push_back({c.value("field", std::string{}), c.value("before", json()),
                                     c.value("after", json())});
        }
    }
    entry.detail = parse_stored_json(st.text(8), "activity.detail");
    return entry;
}

}  // namespace tocsin::store::sqlite
