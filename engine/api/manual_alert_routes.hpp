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
//     "incident": "<incident name>",          -- optional: attach to it
//     "correlation": true                     -- optional, default true; ignored with incident
//   }
//   → 201 {"alert": SecurityAlert, "incident": Incident (both as the ARM routes show them),
//          "relation": name, "correlation": {"outcome", "explanation"}}
//
// Without an incident: with correlation, the alert pipeline places the alert as it places any
// new alert (engine/automation/alert_router.hpp: joins an open incident sharing a strong entity,
// else creation rules), and the route waits for its decision; should it leave the alert
// standalone, the alert gets an incident of its own, as it does without correlation. The
// outcome says which ("joined", "created", "already_routed"; "none" when an incident was named).
//
// The route runs the `alerts.create` plugin action, the same one playbooks call, so a manual
// alert from the API and one from a playbook are the same thing (detection source "Manual").
// Errors: 400 naming the field (no impacted asset, unknown severity, bad technique id), 404 for
// an unknown incident.

#include "engine/api/api_component.hpp"
#include "engine/automation/automation_component.hpp"
#include "engine/plugin/registry.hpp"

namespace tocsin::api {

// `automation` may be null (an engine without the pipeline): correlated alerts then get an
// incident of their own.
route_module manual_alert_routes(const plugin::registry& plugins,
                                 automation::automation_component* automation);

}  // namespace tocsin::api
