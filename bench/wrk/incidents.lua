-- Paths of the Sentinel-compatible incident routes in the engine's default workspace.
incidents_base = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin" ..
                 "/providers/Microsoft.OperationalInsights/workspaces/default" ..
                 "/providers/Microsoft.SecurityInsights/incidents"
api_version = "api-version=2025-09-01"
