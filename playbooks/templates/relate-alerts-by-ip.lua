-- Template (incident expansion): when an alert is created, find the open incidents of the last
-- `hours` that hold an alert naming one of its IP addresses, add the alert to each of them, and
-- say on each incident what was added and why. An incident at the 150-alert cap is passed over
-- (and reported); `sole_alert = "close"` closes the alert's own incident when the alert was its
-- only one, as Sentinel's "close the other incident" option does.
return {
  name = "relate-alerts-by-ip",
  version = "1.0.0",
  description = "Adds each new alert to recent incidents that share one of its IP addresses",
  triggers = { "alert" },
  params = {
    hours = { type = "integer", default = 24, description = "how far back incidents count (1..720)" },
    max_incidents = { type = "integer", default = 10, description = "most incidents one alert is added to" },
    sole_alert = { type = "choice", choices = { "keep", "close" }, default = "keep", description = "the alert's own incident, when it was its only alert: keep it open or close it" },
  },
  run = function(ctx)
    local p, alert = ctx.params, ctx.trigger.alert
    local found, err = tocsin.alerts.incidents_sharing_entities{ alert = alert.name, kind = "ips", hours = p.hours }
    if not found then
      ctx.log.error("cannot look up incidents for alert " .. alert.name .. ": " .. err.message)
      return { added = {}, skipped = {}, error = err.code }
    end
    local added, skipped = {}, {}
    for i, match in ipairs(found) do
      if i > p.max_incidents then
        skipped[#skipped + 1] = { incident = match.incidentNumber, reason = "more than max_incidents (" .. p.max_incidents .. ") matched" }
      elseif match.alertsCount >= 150 then
        skipped[#skipped + 1] = { incident = match.incidentNumber, reason = "incident holds 150 alerts" }
      else
        local rel, rerr = tocsin.relations.add{ incident = match.incident, alert = alert.name, sole_alert = p.sole_alert }
        if not rel then
          skipped[#skipped + 1] = { incident = match.incidentNumber, reason = rerr.message }
          ctx.log.warn("alert not added to incident " .. match.incidentNumber .. ": " .. rerr.message)
        else
          added[#added + 1] = match.incidentNumber
          local message = "Added alert '" .. (alert.alertDisplayName or alert.name) .. "' (" .. alert.name
            .. ") because it shares IP " .. match.entity.friendlyName .. " with alert " .. match.sharedWithAlert
            .. " of this incident (incidents of the last " .. p.hours .. " h are searched)."
          if rel.closedIncident then
            message = message .. " Its own incident, of which it was the only alert, was closed."
          end
          local _, cerr = tocsin.incidents.add_comment{ incident = match.incident, message = message }
          if cerr then ctx.log.warn("comment on incident " .. match.incidentNumber .. " failed: " .. cerr.message) end
        end
      end
    end
    if #added > 0 then
      ctx.log.info("alert " .. alert.name .. " added to incidents " .. table.concat(added, ", "))
    end
    return { added = added, skipped = skipped }
  end,
}
