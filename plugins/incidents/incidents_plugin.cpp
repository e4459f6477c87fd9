// Built-in plugin `incidents`: create, read, change and close incidents from playbooks. Every
// write is attributed to the calling run (action_call.actor) in the activity log and validated
// by the domain model exactly as the REST API's writes are.
// create and add_comment are idempotent per call: with an idempotency key (every playbook call
// has one, stable across retries and engine restarts) the new incident's / comment's name is a
// name-based UUID of the key, and a retry finds and returns what the first attempt wrote.
#include "engine/core/uuid.hpp"
#include "engine/model/examples.hpp"
#include "engine/model/validation.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;
using plugin::value_type;

field incident_field() {
    return string_field("incident", true, "incident name (GUID)");
}

field labels_field(bool required) {
    field f = make_field("labels", value_type::array, required, "label names");
    f.items = value_type::string;
    f.example = json::array({"phishing"});
    return f;
}

field owner_field(bool required) {
    field f = make_field("owner", value_type::object, required,
                         "{email, assignedTo, objectId, userPrincipalName, ownerType}");
    return f;
}

std::vector<model::label> labels_of(const json& names) {
    std::vector<model::label> out;
    for (const auto& n : names)
        out.push_back({n.get<std::string>(), model::label_type::user});
    return out;
}

// The writable fields of update/create present in `input`, applied to `value`.
void apply_fields(const json& input, model::incident& value) {
    if (input.contains("title"))
        value.title = input["title"].get<std::string>();
    if (input.contains("description"))
        value.description = input["description"].get<std::string>();
    if (input.contains("severity"))
        value.severity = *model::parse_enum<model::severity>(input["severity"].get<std::string>());
    if (input.contains("status"))
        value.status =
            *model::parse_enum<model::incident_status>(input["status"].get<std::string>());
    if (input.contains("owner"))
        value.owner = model::owner_from_json(input["owner"], "owner");
    if (input.contains("labels"))
        value.labels = labels_of(input["labels"]);
}

std::vector<field> writable_fields(bool title_required) {
    return {
        string_field("title", title_required, "title", model::max_title_length),
        string_field("description", false, "description", model::max_description_length),
        choice_field("severity", false, "severity", names_of<model::severity>()),
        choice_field("status", false, "status", names_of<model::incident_status>()),
        owner_field(false),
        labels_field(false),
    };
}

plugin::action_descriptor action(
    std::string name, std::string description, std::vector<field> fields, bool writes,
    std::function<json(const plugin::services&, const plugin::action_call&)> body,
    json output_example) {
    plugin::action_descriptor a;
    a.name = "incidents." + name;
    a.output_example = std::move(output_example);
    a.description = std::move(description);
    fields.push_back(workspace_field());
    a.input.fields = std::move(fields);
    a.side_effects = writes;
    a.idempotent = !writes;
    a.errors = {errc::not_found, errc::invalid_argument, errc::conflict, errc::unavailable};
    a.default_timeout = std::chrono::seconds(30);
    a.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};
    a.run = plugin::blocking_handler(std::move(body));
    return a;
}

json create(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    model::incident value;
    if (!call.idempotency_key.empty()) {
        value.name = name_uuid("incidents.create\n" + call.idempotency_key);
        if (auto done = svc.store.find_incident(ws, value.name))
            return incident_json(*done);
    }
    apply_fields(call.input, value);
    auto out = svc.store.put_incident(ws, std::move(value), write_context_of(call));
    return incident_json(out.value);
}

json get(const plugin::services& svc, const plugin::action_call& call) {
    return incident_json(
        require_incident(svc.store, workspace_of(svc, call.input), text(call.input, "incident")));
}

json list(const plugin::services& svc, const plugin::action_call& call) {
    store::incident_query q;
    std::vector<store::predicate> where;
    using store::predicate;
    if (auto s = text(call.input, "status"); !s.empty())
        where.push_back(predicate::compare(predicate::op::eq, store::incident_field::status, s));
    if (auto s = text(call.input, "severity"); !s.empty())
        where.push_back(predicate::compare(predicate::op::eq, store::incident_field::severity, s));
    if (where.size() == 1)
        q.where = where.front();
    else if (where.size() > 1)
        q.where = predicate::all_of(std::move(where));
    q.top = static_cast<std::size_t>(call.input.value("top", 50));
    if (q.top < 1 || q.top > store::max_page_size)
        throw error(errc::invalid_argument,
                    "'top' must be from 1 to " + std::to_string(store::max_page_size), "top");
    json out = json::array();
    for (const auto& i : svc.store.list_incidents(workspace_of(svc, call.input), q).items)
        out.push_back(incident_json(i));
    return out;
}

json mutate(const plugin::services& svc, const plugin::action_call& call,
            const std::function<void(model::incident&)>& fn) {
    return incident_json(svc.store.update_incident(
        workspace_of(svc, call.input), text(call.input, "incident"), fn, write_context_of(call)));
}

json update(const plugin::services& svc, const plugin::action_call& call) {
    return mutate(svc, call, [&](model::incident& i) { apply_fields(call.input, i); });
}

json add_labels(const plugin::services& svc, const plugin::action_call& call) {
    return mutate(svc, call, [&](model::incident& i) {
        for (auto& l : labels_of(call.input["labels"]))
            i.labels.push_back(std::move(l));  // normalize() drops duplicates
    });
}

json assign(const plugin::services& svc, const plugin::action_call& call) {
    return mutate(svc, call, [&](model::incident& i) {
        i.owner = model::owner_from_json(call.input["owner"], "owner");
    });
}

json close(const plugin::services& svc, const plugin::action_call& call) {
    return mutate(svc, call, [&](model::incident& i) {
        i.status = model::incident_status::closed;
        i.classification =
            model::parse_enum<model::classification>(text(call.input, "classification"));
        const auto reason = text(call.input, "reason");
        i.reason =
            reason.empty() ? std::nullopt : model::parse_enum<model::classification_reason>(reason);
        i.classification_comment = text(call.input, "comment");
    });
}

json add_comment(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    model::comment c;
    c.incident_name = text(call.input, "incident");
    c.message = text(call.input, "message");
    c.author = call.actor;
    if (!call.idempotency_key.empty()) {
        c.name = name_uuid("incidents.add_comment\n" + call.idempotency_key);
        if (auto done = svc.store.find_comment(ws, c.incident_name, c.name)) {
            json j = model::comment_properties(*done);
            j["name"] = done->name;
            return j;
        }
    }
    model::validate(c);
    auto out = svc.store.put_comment(ws, std::move(c), write_context_of(call));
    json j = model::comment_properties(out.value);
    j["name"] = out.value.name;
    return j;
}

json add_task(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    model::task t;
    t.incident_name = text(call.input, "incident");
    t.title = text(call.input, "title");
    t.description = text(call.input, "description");
    t.created_by = call.actor;
    t.last_modified_by = call.actor;
    model::validate(t);
    auto out = svc.store.put_task(ws, std::move(t), write_context_of(call));
    json j = model::task_properties(out.value);
    j["name"] = out.value.name;
    return j;
}

json remove(const plugin::services& svc, const plugin::action_call& call) {
    const auto name = text(call.input, "incident");
    if (!svc.store.delete_incident(workspace_of(svc, call.input), name, write_context_of(call)))
        not_found("incident", name, "incident");
    return json{{"deleted", name}};
}

}  // namespace

plugin::plugin_descriptor register_incidents() {
    plugin::plugin_descriptor p{"incidents", "1.0.0", "Incidents of the store", {}};
    field top = make_field("top", value_type::integer, false, "most incidents returned (1..1000)");
    top.default_value = 50;
    const json incident = incident_json(model::example_incident());
    json comment = model::comment_properties(model::example_comment());
    comment["name"] = model::example_comment().name;
    json task = model::task_properties(model::example_task());
    task["name"] = model::example_task().name;
    p.actions = {
        action("create", "Creates an incident; returns it with its generated name.",
               writable_fields(true), true, create, incident),
        action("get", "The incident, or nil, not_found.", {incident_field()}, false, get, incident),
        action(
            "list", "Incidents, newest first, filtered by status and severity.",
            {choice_field("status", false, "only this status", names_of<model::incident_status>()),
             choice_field("severity", false, "only this severity", names_of<model::severity>()),
             top},
            false, list, json::array({incident})),
        action(
            "update", "Changes the given fields; labels and owner are replaced.",
            [] {
                auto f = writable_fields(false);
                f.insert(f.begin(), incident_field());
                return f;
            }(),
            true, update, incident),
        action("add_labels", "Adds labels (duplicates ignored).",
               {incident_field(), labels_field(true)}, true, add_labels, incident),
        action("assign", "Sets the owner.", {incident_field(), owner_field(true)}, true, assign,
               incident),
        action("close", "Closes with a classification (and its reason, when it has reasons).",
               {incident_field(),
                choice_field("classification", true, "verdict", names_of<model::classification>()),
                choice_field("reason", false, "classification reason",
                             names_of<model::classification_reason>()),
                string_field("comment", false, "classification comment")},
               true, close, incident),
        action("add_comment", "Adds a comment written by the run.",
               {incident_field(),
                string_field("message", true, "comment text", model::max_comment_length)},
               true, add_comment, comment),
        action("add_task", "Adds a task.",
               {incident_field(), string_field("title", true, "task title"),
                string_field("description", false, "task description")},
               true, add_task, task),
        action("delete", "Deletes the incident with its relations, comments and tasks.",
               {incident_field()}, true, remove, {{"deleted", model::example_incident().name}}),
    };
    return p;
}

}  // namespace tocsin::plugins
