#include "engine/model/validation.hpp"

#include <algorithm>
#include <set>

#include "engine/error.hpp"

namespace tocsin::model {
namespace {

[[noreturn]] void invalid(std::string field, std::string message) {
    throw error(errc::invalid_argument, std::move(message), std::move(field));
}

[[noreturn]] void missing(std::string field, std::string message) {
    throw error(errc::missing_field, std::move(message), std::move(field));
}

// Counts code points, so the 5000-character limit means characters, not bytes.
std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n\f\v");
    return text.substr(first, last - first + 1);
}

void normalize(incident& value) {
    value.title = std::string(trim(value.title));
    std::set<std::string> seen;
    std::vector<label> unique;
    for (auto& l : value.labels) {
        l.name = std::string(trim(l.name));
        std::string folded = l.name;
        std::transform(folded.begin(), folded.end(), folded.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (seen.insert(folded).second)
            unique.push_back(std::move(l));
    }
    value.labels = std::move(unique);
    if (value.status != incident_status::closed) {
        value.classification.reset();
        value.reason.reset();
        value.classification_comment.clear();
    }
}

void validate(const incident& value) {
    if (trim(value.title).empty())
        missing("properties.title", "The incident title is required and must not be empty.");
    if (utf8_length(value.title) > max_title_length)
        invalid("properties.title", "The incident title must be at most " +
                                        std::to_string(max_title_length) + " characters.");
    if (utf8_length(value.description) > max_description_length)
        invalid("properties.description", "The incident description must be at most " +
                                              std::to_string(max_description_length) +
                                              " characters.");
    for (const auto& l : value.labels) {
        if (trim(l.name).empty())
            invalid("properties.labels", "A label name must not be empty.");
        if (utf8_length(l.name) > 256)
            invalid("properties.labels", "A label name must be at most 256 characters.");
    }
    if (value.first_activity && value.last_activity && *value.last_activity < *value.first_activity)
        invalid("properties.lastActivityTimeUtc",
                "lastActivityTimeUtc must not be earlier than firstActivityTimeUtc.");
    if (value.status != incident_status::closed)
        return;

    if (!value.classification)
        missing("properties.classification", "Closing an incident requires a classification (" +
                                                 accepted_names<classification>() + ").");
    const auto allowed = reasons_for(*value.classification);
    if (allowed.empty()) {
        if (value.reason)
            invalid("properties.classificationReason",
                    "Classification " + std::string(to_string(*value.classification)) +
                        " takes no classification reason.");
        return;
    }
    std::string names;
    for (auto r : allowed)
        names += (names.empty() ? "" : " or ") + std::string(to_string(r));
    if (!value.reason)
        missing("properties.classificationReason",
                "Closing as " + std::string(to_string(*value.classification)) +
                    " requires a classification reason: " + names + ".");
    if (std::find(allowed.begin(), allowed.end(), *value.reason) == allowed.end())
        invalid("properties.classificationReason",
                "Classification reason " + std::string(to_string(*value.reason)) +
                    " does not belong to classification " +
                    std::string(to_string(*value.classification)) + "; use " + names + ".");
}

void normalize(alert& value) {
    value.display_name = std::string(trim(value.display_name));
    for (auto& t : value.techniques)
        t = std::string(trim(t));
    for (auto& t : value.tactics)
        t = std::string(trim(t));
    for (std::size_t i = 0; i < value.entities.size(); ++i) {
        try {
            assign_identity(value.entities[i]);
        } catch (const error& e) {
            throw error(e.code(), e.what(), "entities[" + std::to_string(i) + "]." + e.field());
        }
    }
}

void validate(const alert& value) {
    if (trim(value.display_name).empty())
        missing("properties.alertDisplayName", "The alert display name is required.");
    if (utf8_length(value.description) > max_description_length)
        invalid("properties.description", "The alert description must be at most " +
                                              std::to_string(max_description_length) +
                                              " characters.");
    for (std::size_t i = 0; i < value.tactics.size(); ++i) {
        if (!is_known_tactic(value.tactics[i]))
            invalid("properties.tactics[" + std::to_string(i) + "]",
                    "Unknown tactic '" + value.tactics[i] + "'.");
    }
    for (std::size_t i = 0; i < value.techniques.size(); ++i) {
        if (!is_mitre_technique(value.techniques[i]))
            invalid("properties.techniques[" + std::to_string(i) + "]",
                    "'" + value.techniques[i] +
                        "' is not a MITRE ATT&CK technique id (T1234 or T1234.001).");
    }
    if (value.start_time && value.end_time && *value.end_time < *value.start_time)
        invalid("properties.endTimeUtc", "endTimeUtc must not be earlier than startTimeUtc.");
    if (value.confidence_score && (*value.confidence_score < 0 || *value.confidence_score > 1))
        invalid("properties.confidenceScore", "confidenceScore must be between 0 and 1.");
    if (value.entities.size() > max_entities_per_alert)
        invalid("entities", "An alert may carry at most " + std::to_string(max_entities_per_alert) +
                                " entities.");
    for (std::size_t i = 0; i < value.entities.size(); ++i) {
        try {
            (void)identity_key_of(value.entities[i].kind, value.entities[i].properties);
        } catch (const error& e) {
            throw error(e.code(), e.what(), "entities[" + std::to_string(i) + "]." + e.field());
        }
    }
}

void validate(const comment& value) {
    if (trim(value.message).empty())
        missing("properties.message", "The comment message is required.");
    if (utf8_length(value.message) > max_comment_length)
        invalid("properties.message", "The comment message must be at most " +
                                          std::to_string(max_comment_length) + " characters.");
}

void validate(const task& value) {
    if (trim(value.title).empty())
        missing("properties.title", "The task title is required.");
    if (utf8_length(value.title) > 150)
        invalid("properties.title", "The task title must be at most 150 characters.");
    if (utf8_length(value.description) > 3000)
        invalid("properties.description", "The task description must be at most 3000 characters.");
}

bool is_valid_child_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
}

void validate_child_name(std::string_view name, std::string_view field) {
    if (!is_valid_child_name(name))
        invalid(std::string(field), "'" + std::string(name) +
                                        "' is not a valid name: use 3 to 63 letters, digits or "
                                        "hyphens (^[a-zA-Z0-9-]{3,63}$).");
}

}  // namespace tocsin::model
