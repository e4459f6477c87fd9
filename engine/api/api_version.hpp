#pragma once
// The Sentinel api-versions Tocsin answers, and what differs between them.
//
// Every ARM route requires `api-version` (query key matched case-insensitively, as ARM does).
// Missing: 400 MissingApiVersionParameter; unknown: 400 InvalidApiVersionParameter listing the
// supported ones.
//
// Differences that matter to the routes. Sources: the 2022-07-01-preview and 2025-09-01
// swagger in the reference copy; for 2022-09-01-preview and 2023-02-01 the ARM type listings
// generated from their swagger (Azure/bicep-types-az).
//  - incidents/{id}/tasks exist only in 2025-09-01 among these versions (absent from
//    2022-07-01-preview, 2022-09-01-preview and 2023-02-01; they came with a later preview that
//    Tocsin does not accept). Older versions get 400 NoRegisteredProviderFound, as ARM answers
//    for a resource type an api-version lacks.
//  - automation rules: actionType AddIncidentTask, the conditionTypes PropertyArray and Boolean,
//    and the propertyNames IncidentCustomDetailsKey/Value are 2025-09-01 only (2022-07-01-preview
//    and 2023-02-01 lack them; 2022-09-01-preview is treated like its neighbours);
//    IncidentUpdatedBySource is missing from 2022-07-01-preview only. Older versions get 400
//    naming the field.
//  - incident properties: 2022-07-01-preview also defines teamInformation (Teams integration,
//    not supported: never returned) and additionalData.techniques and .providerIncidentUrl.
//    techniques is returned in every version (later versions simply do not document it);
//    providerIncidentUrl, a Microsoft 365 Defender portal link, has no Tocsin equivalent and is
//    never returned. Responses are otherwise identical, so one serialiser serves all versions;
//    extra read-only fields are harmless to the SDKs.

#include <optional>
#include <string_view>

#include "engine/http/request.hpp"

namespace tocsin::api {

enum class api_version {
    v2022_07_01_preview,
    v2022_09_01_preview,
    v2023_02_01,
    v2025_09_01,
};

std::string_view to_string(api_version v);
// Exact match ignoring ASCII case.
std::optional<api_version> parse_api_version(std::string_view text);
// "2022-07-01-preview, 2022-09-01-preview, 2023-02-01, 2025-09-01"
std::string supported_api_versions();

// The request's api-version; throws arm_error (400 MissingApiVersionParameter or
// InvalidApiVersionParameter) when it is absent or not supported.
api_version require_api_version(const http::request& req);

// Incident tasks (and the AddIncidentTask automation action) exist in this version.
bool has_incident_tasks(api_version v);
// Automation rule conditions of type PropertyArray and Boolean, and the custom-details
// propertyNames, exist in this version.
bool has_composite_conditions(api_version v);

}  // namespace tocsin::api
