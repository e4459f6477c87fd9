-- Template: when an alert is added to an incident and it was the only alert of another open
-- incident, that other incident is a duplicate: close it with a classification and comment
-- naming the incident that now holds its alert, and comment on that incident too.
-- Runs on alert relations (trigger option events = {"alertRelated"}); relations.add and the
-- API's `relate --close-sole` do the same in one step, this covers every other way an alert moves
-- (an analyst's relate, another playbook, correlation).
-- Only an incident that held the alert before this relation was made is a duplicate: events can be
-- handled after later changes, and an incident the alert joined afterwards is not "the old one".

-- ISO 8601 times as the API writes them ("…:49Z" or "…:49.435Z"), made comparable as text.
local function sortable(time)
  return (time:gsub("(:%d%d)Z$", "%1.000Z"))
end

-- When the alert joined the incident (by relation name when given): sortable text, or nil.
local function joined_at(incident, alert, relation)
  local relations = tocsin.relations.list{ incident = incident }
  for _, r in ipairs(relations or {}) do
    if (relation and r.name == relation) or (not relation and r.alert == alert) then
      return sortable(r.createdTimeUtc)
    end
  end
  return nil
end

return {
  name = "close-duplicate-incident",
  version = "1.0.0",
  description = "Closes an incident whose only alert was added to another incident",
  triggers = { { kind = "incident", options = { events = { "alertRelated" } } } },
  params = {
    classification = { type = "choice", choices = { "Undetermined", "BenignPositive", "FalsePositive", "TruePositive" }, default = "Undetermined", description = "classification of the duplicate" },
    reason = { type = "choice", choices = { "none", "SuspiciousActivity", "SuspiciousButExpected", "IncorrectAlertLogic", "InaccurateData" }, default = "none", description = "classification reason (none for Undetermined)" },
  },
  run = function(ctx)
    local p, target, alert = ctx.params, ctx.trigger.incident, ctx.trigger.alert
    local holders, err = tocsin.alerts.get_incidents{ alert = alert.name }
    if not holders then
      ctx.log.error("cannot read the incidents of alert " .. alert.name .. ": " .. err.message)
      return { closed = {}, error = err.code }
    end
    local closed = {}
    local moved_at = joined_at(target.name, alert.name, ctx.trigger.relation)
    if not moved_at then
      ctx.log.info("alert " .. alert.name .. " is no longer in incident #" .. tostring(target.incidentNumber))
      return { closed = closed }
    end
    for _, other in ipairs(holders) do
      local sole = (other.additionalData or {}).alertsCount == 1
      local open = other.status == "New" or other.status == "Active"
      local held_before = false
      if other.name ~= target.name and sole and open then
        local since = joined_at(other.name, alert.name, nil)
        held_before = since ~= nil and since < moved_at
      end
      if held_before then
        local why = "Duplicate: its only alert, '" .. (alert.alertDisplayName or alert.name) .. "' ("
          .. alert.name .. "), is now in incident #" .. tostring(target.incidentNumber) .. " (" .. target.name .. ")."
        local _, cerr = tocsin.incidents.close{
          incident = other.name, classification = p.classification,
          reason = p.reason ~= "none" and p.reason or nil, comment = why,
        }
        if cerr then
          ctx.log.error("cannot close incident " .. tostring(other.incidentNumber) .. ": " .. cerr.message)
        else
          closed[#closed + 1] = other.incidentNumber
          tocsin.incidents.add_comment{ incident = other.name, message = why }
          tocsin.incidents.add_comment{ incident = target.name,
            message = "Incident #" .. tostring(other.incidentNumber) .. " (" .. other.name
              .. ") was closed as a duplicate of this one: its only alert, " .. alert.name .. ", is here now." }
        end
      end
    end
    return { closed = closed }
  end,
}
