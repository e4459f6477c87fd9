#pragma once
// Manual alerts, as Defender's "create alert" wizard raises them:
//
//   POST /api/v1/subscriptions/{s}/resourceGroups/{rg}/workspaces/{ws}/alerts/manual
//   {
//     "title": "Suspicious sign-in", "severity": "High", "category": "InitialAccess",
//     "techniques": ["T1078"], "tactics": ["InitialAccess"], "description": "...",
//     "recommendedActions": ["Reset the password"],
//     "impactedAssets": [{"kind": "Account", "accountName": "jdoe", "upnSuffix": "contoso.com"}],
//     "evidence": {...},                      -- optional, free-form
//     "incident": "<incident name>"           -- optional: attach to it; absent: a new incident
//   }
//   → 201 {"alert": SecurityAlert, "incident": Incident (both as the ARM routes show them),
//          "relation": name}
//
// The route runs the `alerts.create` plugin action, the same one playbooks call, so a manual
// alert from the API and one from a playbook are the same thing (detection source "Manual").
// Errors: 400 naming the field (no impacted asset, unknown severity, bad technique id), 404 for
// an unknown incident.

#include "engine/api/api_component.hpp"
#include "engine/plugin/registry.hpp"

namespace tocsin::api {

route_module manual_alert_routes(const plugin::registry& plugins);

}  // namespace tocsin::api
