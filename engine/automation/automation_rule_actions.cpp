#include "engine/automation/automation_rule_actions.hpp"

#include <algorithm>

namespace tocsin::automation {

namespace {

// True when the verdict changed.
bool apply_verdict(const modify_properties& action, model::incident& incident) {
    const auto classification = incident.classification;
    const auto reason = incident.reason;
    const auto comment = incident.classification_comment;
    if (action.classification && action.classification != incident.classification) {
        incident.classification = action.classification;
        incident.reason.reset();
        incident.classification_comment.clear();
    }
    if (action.classification_reason)
        incident.reason = action.classification_reason;
    if (action.classification_comment)
        incident.classification_comment = *action.classification_comment;
    if (incident.classification && !incident.reason) {
        const auto reasons = model::reasons_for(*incident.classification);
        if (reasons.size() == 1)
            incident.reason = reasons.front();
    }
    return incident.classification != classification || incident.reason != reason ||
           incident.classification_comment != comment;
}

void clear_verdict(model::incident& incident) {
    incident.classification.reset();
    incident.reason.reset();
    incident.classification_comment.clear();
}

bool add_labels(const std::vector<std::string>& names, model::incident& incident) {
    bool added = false;
    for (const auto& name : names) {
        const bool present =
            std::any_of(incident.labels.begin(), incident.labels.end(),
                        [&name](const model::label& l) { return model::iequals(l.name, name); });
        if (!present) {
            incident.labels.push_back({name, model::label_type::user});
            added = true;
        }
    }
    return added;
}

template <typename T>
std::vector<T> actions_of(const compiled_rule& rule) {
    std::vector<T> out;
    for (const auto& action : rule.actions)
        if (const auto* item = std::get_if<T>(&action.what))
            out.push_back(*item);
    return out;
}

}  // namespace

bool apply_modification(const modify_properties& action, model::incident& incident) {
    bool changed = false;
    const auto set = [&changed](auto& field, const auto& value) {
        if (field != value) {
            field = value;
            changed = true;
        }
    };
    if (action.severity)
        set(incident.severity, *action.severity);
    if (action.status) {
        const bool reopening = incident.status == model::incident_status::closed &&
                               *action.status != model::incident_status::closed;
        set(incident.status, *action.status);
        if (reopening)
            clear_verdict(incident);
    }
    if (incident.status == model::incident_status::closed && apply_verdict(action, incident))
        changed = true;
    if (action.owner)
        set(incident.owner, *action.owner);
    if (add_labels(action.labels, incident))
        changed = true;
    return changed;
}

bool apply_modifications(const compiled_rule& rule, model::incident& incident) {
    bool changed = false;
    for (const auto& action : rule.actions)
        if (const auto* modify = std::get_if<modify_properties>(&action.what))
            changed = apply_modification(*modify, incident) || changed;
    return changed;
}

std::vector<playbook_call> playbook_calls(const compiled_rule& rule) {
    return actions_of<playbook_call>(rule);
}

std::vector<task_spec> tasks_to_add(const compiled_rule& rule) {
    return actions_of<task_spec>(rule);
}

}  // namespace tocsin::automation
