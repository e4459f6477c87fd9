#include "triggers/form/form_exchange.hpp"

#include "engine/error.hpp"
#include "engine/lua/playbook.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

// Members of the connector's output that are not answers.
bool is_envelope_member(std::string_view key) {
    return key == "responder" || key == "submitDate" || key == "responseId" || key == "id" ||
           key.starts_with("@odata.");
}

// The engine's own e-mail rule (lua::resolve_params), so that responder and email fields agree.
std::optional<std::string> plausible_email(const json& value) {
    if (!value.is_string())
        return std::nullopt;
    lua::param_spec spec;
    spec.name = "responder";
    spec.type = lua::param_type::email;
    try {
        lua::resolve_params({spec}, json{{"responder", value}});
        return value.get<std::string>();
    } catch (const error&) {
        return std::nullopt;
    }
}

json answers_of_list(const json& list) {
    json out = json::object();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        const auto where = "answers[" + std::to_string(i) + "]";
        if (!item.is_object() || !item.contains("questionId") || !item["questionId"].is_string())
            throw error(errc::invalid_argument,
                        "Each answer must be an object {\"questionId\": \"…\", \"answer\": …}.",
                        where);
        out[item["questionId"].get<std::string>()] = item.value("answer", json(nullptr));
    }
    return out;
}

std::optional<std::int64_t> incident_number_of(const json& incident) {
    if (incident.is_number_integer())
        return incident.get<std::int64_t>();
    if (!incident.is_object())
        return std::nullopt;
    for (const auto* where :
         {&incident, incident.contains("properties") ? &incident["properties"] : nullptr}) {
        if (where && where->is_object() && where->contains("incidentNumber") &&
            (*where)["incidentNumber"].is_number_integer())
            return (*where)["incidentNumber"].get<std::int64_t>();
    }
    return std::nullopt;
}

std::string incident_title_of(const json& incident) {
    if (!incident.is_object())
        return {};
    if (incident.contains("title") && incident["title"].is_string())
        return incident["title"].get<std::string>();
    const auto properties = incident.find("properties");
    if (properties != incident.end() && properties->is_object())
        return properties->value("title", std::string());
    return {};
}

}  // namespace

json_submission read_json_submission(const json& body) {
    if (!body.is_object())
        throw error(errc::invalid_argument,
                    "The body must be a JSON object: {\"responder\", \"submitDate\", \"answers\"}.",
                    "body");
    json_submission out;
    if (const auto it = body.find("responder"); it != body.end())
        out.responder = plausible_email(*it);
    if (const auto it = body.find("submitDate"); it != body.end() && it->is_string())
        out.submit_date = it->get<std::string>();
    const auto answers = body.find("answers");
    if (answers == body.end()) {
        for (const auto& [key, value] : body.items())
            if (!is_envelope_member(key))
                out.answers[key] = value;
    } else if (answers->is_object()) {
        out.answers = *answers;
    } else if (answers->is_array()) {
        out.answers = answers_of_list(*answers);
    } else {
        throw error(errc::invalid_argument,
                    "'answers' must be an object of question id → answer, or a list of "
                    "{\"questionId\", \"answer\"}.",
                    "answers");
    }
    return out;
}

json form_trigger(const form_binding& form, const form_answers& answers,
                  const trigger_origin& origin, const http::request& req, time_point received) {
    json out = {
        {"kind", "form"},
        {"form", form.name},
        {"responder", origin.responder ? json(*origin.responder) : json(nullptr)},
        {"submitted_at", format_time(received)},
        {"answers", answers.answers},
        {"remote_address", req.remote().address},
    };
    if (origin.submit_date)
        out["submit_date"] = *origin.submit_date;
    if (origin.requested_by)
        out["requested_by"] = *origin.requested_by;
    return out;
}

form_outcome outcome_of(const store::run_record& run) {
    form_outcome out;
    if (run.status != "succeeded") {
        out.what = form_outcome::kind::failed;
        return out;
    }
    const json& result = run.result;
    if (!result.is_object())
        return out;
    if (const auto errors = result.find("errors");
        errors != result.end() && errors->is_object() && !errors->empty()) {
        out.what = form_outcome::kind::field_errors;
        for (const auto& [field, message] : errors->items())
            out.errors[field] = message.is_string() ? message.get<std::string>() : message.dump();
        return out;
    }
    if (const auto message = result.find("message");
        message != result.end() && message->is_string()) {
        out.what = form_outcome::kind::message;
        out.message = message->get<std::string>();
    }
    if (const auto incident = result.find("incident"); incident != result.end()) {
        out.incident_number = incident_number_of(*incident);
        if (out.incident_number) {
            out.what = form_outcome::kind::incident;
            out.incident_title = incident_title_of(*incident);
        }
    }
    return out;
}

}  // namespace tocsin::triggers
