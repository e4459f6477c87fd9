#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::model {

inline constexpr std::size_t max_description_length = 5000;
inline constexpr std::size_t max_title_length = 256;
inline constexpr std::size_t max_alerts_per_incident = 150;
// Provider name of incidents Tocsin creates itself (Sentinel writes "Azure Sentinel").
inline constexpr std::string_view own_provider_name = "Tocsin";

struct owner_info {
    std::string object_id;
    std::string email;
    std::string assigned_to;
    std::string user_principal_name;
    model::owner_type owner_type = model::owner_type::unknown;

    bool empty() const {
        return object_id.empty() && email.empty() && assigned_to.empty() &&
               user_principal_name.empty();
    }
};
bool operator==(const owner_info& a, const owner_info& b);

struct label {
    std::string name;
    label_type type = label_type::user;
    bool operator==(const label&) const = default;
};

// Read-only figures derived from the incident's relations and comments.
struct incident_summary {
    std::int64_t alerts_count = 0;
    std::int64_t comments_count = 0;
    std::int64_t bookmarks_count = 0;
    std::int64_t tasks_count = 0;
    std::vector<std::string> alert_product_names;
    std::vector<std::string> tactics;
    std::vector<std::string> techniques;
};

struct incident {
    std::string name;         // the resource name: a GUID chosen by the client or generated
    std::int64_t number = 0;  // per-workspace, monotonic, assigned by the store
    std::string title;
    std::string description;
    model::severity severity = model::severity::medium;
    incident_status status = incident_status::new_;
    std::optional<model::classification> classification;
    std::optional<classification_reason> reason;
    std::string classification_comment;
    owner_info owner;
    std::vector<label> labels;
    std::optional<time_point> first_activity;
    std::optional<time_point> last_activity;
    std::string provider_name{own_provider_name};
    std::string provider_incident_id;  // our number as text for own incidents
    std::vector<std::string> related_analytic_rule_ids;

    // Set by the store.
    std::string workspace_key;
    time_point created{};
    time_point last_modified{};
    std::string etag;  // opaque, changes on every write (unquoted here; HTTP adds the quotes)
    incident_summary summary;

    bool is_own() const;  // created by Tocsin rather than imported from another product
};

}  // namespace tocsin::model
