#pragma once
// Store-level queries: a predicate tree over named incident fields, ordering and paging. The REST
// layer compiles OData $filter/$orderby into this; each store compiles it into its own SQL with
// bound parameters (never string-spliced values).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"

namespace tocsin::store {

// Fields that queries may name. Text forms are the API's property paths without "properties/".
enum class incident_field {
    name,
    incident_number,            // "incidentNumber"
    title,                      // "title"
    description,                // "description"
    severity,                   // "severity"  (ordering uses severity rank, High highest)
    status,                     // "status"
    classification,             // "classification"
    classification_reason,      // "classificationReason"
    owner_assigned_to,          // "owner/assignedTo"
    owner_email,                // "owner/email"
    owner_object_id,            // "owner/objectId"
    owner_user_principal_name,  // "owner/userPrincipalName"
    labels,                     // "labels" (eq / contains match any label name)
    provider_name,              // "providerName"
    provider_incident_id,       // "providerIncidentId"
    created_time,               // "createdTimeUtc"
    last_modified_time,         // "lastModifiedTimeUtc"
    first_activity_time,        // "firstActivityTimeUtc"
    last_activity_time,         // "lastActivityTimeUtc"
};

std::optional<incident_field> parse_incident_field(std::string_view api_path);
std::string_view to_string(incident_field field);

struct predicate {
    enum class op { eq, ne, gt, ge, lt, le, contains, startswith, endswith, and_, or_, not_ };

    op kind = op::and_;
    incident_field field = incident_field::name;  // comparison ops only
    // Comparison value: string, integer, null, or a time as an ISO 8601 string (time fields).
    nlohmann::json value;
    std::vector<predicate> children;  // and_ / or_ (2+), not_ (1)

    static predicate compare(op kind, incident_field field, nlohmann::json value) {
        return {kind, field, std::move(value), {}};
    }
    static predicate all_of(std::vector<predicate> children) {
        return {op::and_, incident_field::name, nullptr, std::move(children)};
    }
    static predicate any_of(std::vector<predicate> children) {
        return {op::or_, incident_field::name, nullptr, std::move(children)};
    }
    static predicate negate(predicate child) {
        return {op::not_, incident_field::name, nullptr, {std::move(child)}};
    }
};

struct order_term {
    incident_field field = incident_field::created_time;
    bool descending = false;
};

inline constexpr std::size_t max_page_size = 1000;

struct incident_query {
    std::optional<predicate> where;
    std::vector<order_term> order_by;  // empty: createdTimeUtc descending (newest first)
    std::size_t top = 50;              // 1..max_page_size
    std::string skip_token;            // opaque, from a previous page's next_token
};

struct alert_query {
    std::optional<std::string> product_name;
    std::optional<time_point> generated_after;
    std::size_t top = 50;
    std::string skip_token;
};

template <typename T>
struct page {
    std::vector<T> items;
    std::string next_token;  // empty on the last page
};

}  // namespace tocsin::store
