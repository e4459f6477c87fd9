-- On every new alert: write a summary of its entities as a comment on each incident the alert
-- belongs to. The alert is usually related to its incident just after it is created, so the
-- playbook waits briefly (util.sleep suspends the run; no thread waits) for the relation.
return {
  name = "enrich-from-alert",
  version = "1.0.0",
  description = "Comments an entity summary of each new alert on its incidents",
  triggers = { "alert" },
  params = {
    attempts = { type = "integer", default = 10, description = "checks for the alert's incidents" },
    wait_ms = { type = "integer", default = 100, description = "pause between checks" },
  },
  run = function(ctx)
    local alert = ctx.trigger.alert
    local entities, err = tocsin.entities.get{ alert = alert.name }
    if not entities then
      return { commented = 0, error = err.code }
    end
    local lines = {}
    for _, e in ipairs(entities) do
      lines[#lines + 1] = "- " .. e.kind .. ": " .. tostring(e.properties.friendlyName or e.id)
    end
    local message = "Entities of alert '" .. alert.alertDisplayName .. "' (" .. #entities .. "):\n"
      .. table.concat(lines, "\n")

    local incidents = {}
    for _ = 1, ctx.params.attempts do
      incidents = tocsin.alerts.get_incidents{ alert = alert.name } or {}
      if #incidents > 0 then break end
      tocsin.util.sleep{ ms = ctx.params.wait_ms }
    end
    for _, incident in ipairs(incidents) do
      local _, cerr = tocsin.incidents.add_comment{ incident = incident.name, message = message }
      if cerr then ctx.log.warn("comment on " .. incident.name .. " failed: " .. cerr.message) end
    end
    return { commented = #incidents, entities = #entities }
  end,
}
