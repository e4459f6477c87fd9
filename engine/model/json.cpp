#include "engine/model/json.hpp"

#include "engine/error.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::model {
namespace {

using nlohmann::json;

std::string join(std::string_view path, std::string_view field) {
    return path.empty() ? std::string(field) : std::string(path) + "." + std::string(field);
}

[[noreturn]] void bad(std::string field, std::string message) {
    throw error(errc::invalid_argument, std::move(message), std::move(field));
}

const json* member(const json& object, std::string_view name) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return nullptr;
    return &*it;
}

std::string string_of(const json& object, std::string_view name, std::string_view path) {
    const json* v = member(object, name);
    if (!v)
        return {};
    if (!v->is_string())
        bad(join(path, name), "'" + join(path, name) + "' must be a string.");
    return v->get<std::string>();
}

template <typename E>
std::optional<E> enum_of(const json& object, std::string_view name, std::string_view path) {
    const auto text = string_of(object, name, path);
    if (text.empty())
        return std::nullopt;
    auto parsed = parse_enum<E>(text);
    if (!parsed)
        bad(join(path, name), "'" + text + "' is not a valid " + std::string(name) +
                                  "; expected one of: " + accepted_names<E>() + ".");
    return parsed;
}

std::optional<time_point> time_of(const json& object, std::string_view name,
                                  std::string_view path) {
    const auto text = string_of(object, name, path);
    if (text.empty())
        return std::nullopt;
    auto parsed = parse_time(text);
    if (!parsed)
        bad(join(path, name),
            "'" + join(path, name) + "' must be an ISO 8601 date-time, got '" + text + "'.");
    return parsed;
}

std::vector<std::string> strings_of(const json& object, std::string_view name,
                                    std::string_view path) {
    const json* v = member(object, name);
    std::vector<std::string> out;
    if (!v)
        return out;
    if (!v->is_array())
        bad(join(path, name), "'" + join(path, name) + "' must be an array.");
    for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string())
            bad(join(path, name) + "[" + std::to_string(i) + "]",
                "'" + join(path, name) + "' must contain strings.");
        out.push_back((*v)[i].get<std::string>());
    }
    return out;
}

void put_time(json& out, std::string_view name, const std::optional<time_point>& t) {
    if (t)
        out[std::string(name)] = format_time(*t);
}

void put_string(json& out, std::string_view name, const std::string& value) {
    if (!value.empty())
        out[std::string(name)] = value;
}

}  // namespace

json to_json(const owner_info& owner) {
    json out = json::object();
    put_string(out, "objectId", owner.object_id);
    put_string(out, "email", owner.email);
    put_string(out, "assignedTo", owner.assigned_to);
    put_string(out, "userPrincipalName", owner.user_principal_name);
    out["ownerType"] = to_string(owner.owner_type);
    return out;
}

json to_json(const principal& who) {
    json out = {{"name", who.name}, {"objectId", who.id}};
    out["kind"] = to_string(who.type);
    return out;
}

owner_info owner_from_json(const json& value, std::string_view path) {
    owner_info owner;
    if (value.is_null())
        return owner;
    if (!value.is_object())
        bad(std::string(path), "'" + std::string(path) + "' must be an object.");
    owner.object_id = string_of(value, "objectId", path);
    owner.email = string_of(value, "email", path);
    owner.assigned_to = string_of(value, "assignedTo", path);
    owner.user_principal_name = string_of(value, "userPrincipalName", path);
    owner.owner_type = enum_of<owner_type>(value, "ownerType", path).value_or(owner_type::unknown);
    return owner;
}

json incident_properties(const incident& value) {
    json labels = json::array();
    for (const auto& l : value.labels)
        labels.push_back({{"labelName", l.name}, {"labelType", to_string(l.type)}});
    json out = {
        {"title", value.title},
        {"description", value.description},
        {"severity", to_string(value.severity)},
        {"status", to_string(value.status)},
        {"owner", to_json(value.owner)},
        {"labels", std::move(labels)},
        {"incidentNumber", value.number},
        {"createdTimeUtc", format_time(value.created)},
        {"lastModifiedTimeUtc", format_time(value.last_modified)},
        {"providerName", value.provider_name},
        {"providerIncidentId", value.provider_incident_id},
        {"relatedAnalyticRuleIds", value.related_analytic_rule_ids},
    };
    if (value.classification)
        out["classification"] = to_string(*value.classification);
    if (value.reason)
        out["classificationReason"] = to_string(*value.reason);
    if (!value.classification_comment.empty())
        out["classificationComment"] = value.classification_comment;
    put_time(out, "firstActivityTimeUtc", value.first_activity);
    put_time(out, "lastActivityTimeUtc", value.last_activity);
    out["additionalData"] = {
        {"alertsCount", value.summary.alerts_count},
        {"bookmarksCount", value.summary.bookmarks_count},
        {"commentsCount", value.summary.comments_count},
        {"tasksCount", value.summary.tasks_count},
        {"alertProductNames", value.summary.alert_product_names},
        {"tactics", value.summary.tactics},
        {"techniques", value.summary.techniques},
    };
    return out;
}

incident incident_from_json(const json& properties, std::string_view path) {
    if (!properties.is_object())
        bad(std::string(path), "'" + std::string(path) + "' must be an object.");
    incident value;
    // providerName is read-only in the API: left empty here so that the store keeps the stored
    // provider on update (an imported incident stays imported) and fills in ours on create.
    value.provider_name.clear();
    value.title = string_of(properties, "title", path);
    value.description = string_of(properties, "description", path);
    value.severity = enum_of<severity>(properties, "severity", path).value_or(severity::medium);
    value.status =
        enum_of<incident_status>(properties, "status", path).value_or(incident_status::new_);
    value.classification = enum_of<classification>(properties, "classification", path);
    value.reason = enum_of<classification_reason>(properties, "classificationReason", path);
    value.classification_comment = string_of(properties, "classificationComment", path);
    if (const json* owner = member(properties, "owner"))
        value.owner = owner_from_json(*owner, join(path, "owner"));
    if (const json* labels = member(properties, "labels")) {
        const auto field = join(path, "labels");
        if (!labels->is_array())
            bad(field, "'" + field + "' must be an array.");
        for (std::size_t i = 0; i < labels->size(); ++i) {
            const auto& item = (*labels)[i];
            const auto item_path = field + "[" + std::to_string(i) + "]";
            if (item.is_string()) {  // lenient: a bare label name
                value.labels.push_back({item.get<std::string>(), label_type::user});
                continue;
            }
            if (!item.is_object())
                bad(item_path, "'" + item_path + "' must be an object.");
            label l;
            l.name = string_of(item, "labelName", item_path);
            if (l.name.empty())
                bad(item_path + ".labelName", "A label needs a labelName.");
            l.type = enum_of<label_type>(item, "labelType", item_path).value_or(label_type::user);
            value.labels.push_back(std::move(l));
        }
    }
    value.first_activity = time_of(properties, "firstActivityTimeUtc", path);
    value.last_activity = time_of(properties, "lastActivityTimeUtc", path);
    return value;
}

json entity_json(const entity& value) {
    json properties = value.properties;
    properties["friendlyName"] = value.friendly_name;
    return {{"id", value.id},
            {"name", value.id},
            {"kind", to_string(value.kind)},
            {"properties", std::move(properties)}};
}

entity entity_from_json(const json& value, std::string_view path) {
    if (!value.is_object())
        bad(std::string(path), "'" + std::string(path) + "' must be an object.");
    entity e;
    std::string kind_text = string_of(value, "kind", path);
    if (kind_text.empty())
        kind_text = string_of(value, "type", path);  // ingest shape
    if (kind_text.empty())
        throw error(errc::missing_field, "'" + join(path, "kind") + "' is required.",
                    join(path, "kind"));
    auto kind = parse_enum<entity_kind>(kind_text);
    if (!kind && iequals(kind_text, "dns"))
        kind = entity_kind::dns;
    if (!kind && iequals(kind_text, "filehash"))
        kind = entity_kind::file_hash;
    if (!kind)
        bad(join(path, "kind"), "'" + kind_text +
                                    "' is not a known entity kind; expected one of: " +
                                    accepted_names<entity_kind>() + ".");
    e.kind = *kind;
    if (const json* props = member(value, "properties")) {
        if (!props->is_object())
            bad(join(path, "properties"), "'" + join(path, "properties") + "' must be an object.");
        e.properties = *props;
    } else {
        e.properties = value;
        e.properties.erase("kind");
        e.properties.erase("type");
        e.properties.erase("id");
        e.properties.erase("name");
    }
    if (auto it = e.properties.find("friendlyName"); it != e.properties.end()) {
        if (it->is_string())
            e.friendly_name = it->get<std::string>();
        e.properties.erase(it);
    }
    return e;
}

json alert_properties(const alert& value) {
    json out = {
        {"systemAlertId", value.system_alert_id},
        {"alertDisplayName", value.display_name},
        {"description", value.description},
        {"severity", to_string(value.severity)},
        {"status", to_string(value.status)},
        {"productName", value.product_name},
        {"tactics", value.tactics},
        {"techniques", value.techniques},
        {"remediationSteps", value.remediation_steps},
        {"timeGenerated", format_time(value.time_generated)},
        {"friendlyName", value.display_name},
    };
    put_string(out, "alertType", value.alert_type);
    put_string(out, "productComponentName", value.product_component_name);
    put_string(out, "productVersion", value.product_version);
    put_string(out, "vendorName", value.vendor_name);
    put_string(out, "providerAlertId", value.provider_alert_id);
    put_string(out, "detectionSource", value.detection_source);
    put_string(out, "category", value.category);
    put_string(out, "compromisedEntity", value.compromised_entity);
    put_string(out, "alertLink", value.alert_link);
    put_string(out, "confidenceLevel", value.confidence_level);
    if (value.confidence_score)
        out["confidenceScore"] = *value.confidence_score;
    put_time(out, "startTimeUtc", value.start_time);
    put_time(out, "endTimeUtc", value.end_time);
    put_time(out, "processingEndTime", value.processing_end_time);
    if (!value.additional_data.empty())
        out["additionalData"] = value.additional_data;
    return out;
}

alert alert_from_json(const json& properties, std::string_view path) {
    if (!properties.is_object())
        bad(std::string(path), "'" + std::string(path) + "' must be an object.");
    alert value;
    value.system_alert_id = string_of(properties, "systemAlertId", path);
    value.display_name = string_of(properties, "alertDisplayName", path);
    if (value.display_name.empty())
        value.display_name = string_of(properties, "title", path);
    value.alert_type = string_of(properties, "alertType", path);
    value.description = string_of(properties, "description", path);
    value.severity = enum_of<severity>(properties, "severity", path).value_or(severity::medium);
    value.status = enum_of<alert_status>(properties, "status", path).value_or(alert_status::new_);
    value.product_name = string_of(properties, "productName", path);
    value.product_component_name = string_of(properties, "productComponentName", path);
    value.product_version = string_of(properties, "productVersion", path);
    value.vendor_name = string_of(properties, "vendorName", path);
    value.provider_alert_id = string_of(properties, "providerAlertId", path);
    value.detection_source = string_of(properties, "detectionSource", path);
    value.category = string_of(properties, "category", path);
    value.compromised_entity = string_of(properties, "compromisedEntity", path);
    value.alert_link = string_of(properties, "alertLink", path);
    value.confidence_level = string_of(properties, "confidenceLevel", path);
    if (const json* score = member(properties, "confidenceScore")) {
        if (!score->is_number())
            bad(join(path, "confidenceScore"), "'confidenceScore' must be a number.");
        value.confidence_score = score->get<double>();
    }
    value.tactics = strings_of(properties, "tactics", path);
    value.techniques = strings_of(properties, "techniques", path);
    value.remediation_steps = strings_of(properties, "remediationSteps", path);
    value.start_time = time_of(properties, "startTimeUtc", path);
    value.end_time = time_of(properties, "endTimeUtc", path);
    value.processing_end_time = time_of(properties, "processingEndTime", path);
    if (auto generated = time_of(properties, "timeGenerated", path))
        value.time_generated = *generated;
    if (const json* extra = member(properties, "additionalData")) {
        if (!extra->is_object())
            bad(join(path, "additionalData"), "'additionalData' must be an object.");
        value.additional_data = *extra;
    }
    if (const json* correlation = member(properties, "correlation")) {
        const auto field = join(path, "correlation");
        if (!correlation->is_boolean())
            bad(field, "'" + field + "' must be a boolean.");
        value.correlation = correlation->get<bool>();
    }
    if (const json* entities = member(properties, "entities")) {
        const auto field = join(path, "entities");
        if (!entities->is_array())
            bad(field, "'" + field + "' must be an array.");
        for (std::size_t i = 0; i < entities->size(); ++i)
            value.entities.push_back(
                entity_from_json((*entities)[i], field + "[" + std::to_string(i) + "]"));
    }
    return value;
}

json comment_properties(const comment& value) {
    json author = to_json(value.author);
    if (!value.author_email.empty())
        author["email"] = value.author_email;
    return {{"message", value.message},
            {"createdTimeUtc", format_time(value.created)},
            {"lastModifiedTimeUtc", format_time(value.last_modified)},
            {"author", std::move(author)}};
}

json task_properties(const task& value) {
    return {{"title", value.title},
            {"description", value.description},
            {"status", to_string(value.status)},
            {"createdTimeUtc", format_time(value.created)},
            {"lastModifiedTimeUtc", format_time(value.last_modified)},
            {"createdBy", to_json(value.created_by)},
            {"lastModifiedBy", to_json(value.last_modified_by)}};
}

json activity_json(const activity_entry& value) {
    json changes = json::array();
    for (const auto& c : value.changes)
        changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    return {{"id", value.id},
            {"incidentName", value.incident_name},
            {"action", value.action},
            {"actor", to_json(value.actor)},
            {"timeUtc", format_time(value.at)},
            {"changes", std::move(changes)},
            {"detail", value.detail}};
}

}  // namespace tocsin::model
