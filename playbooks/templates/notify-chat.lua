-- Template: post new incidents of at least `min_severity` (default High) to a chat channel through
-- a notify instance whose url is a Slack- or Teams-style incoming webhook. A failed post is
-- commented on the incident, so nobody assumes the channel was told.
-- Needs: plugins.instances["notify:chat"] = { url = "secret:CHAT_WEBHOOK" } (or `instance`).
local rank = { Informational = 0, Low = 1, Medium = 2, High = 3 }

return {
  name = "notify-chat",
  version = "1.0.0",
  description = "Posts new high-severity incidents to a chat webhook",
  triggers = { "incident" },
  params = {
    min_severity = { type = "choice", choices = { "Informational", "Low", "Medium", "High" }, default = "High", description = "post incidents of this severity or higher" },
    instance = { type = "string", default = "chat", description = "notify instance holding the webhook url" },
    link = { type = "string", default = "", description = "link to the incident, {name} and {number} replaced; empty: none" },
  },
  run = function(ctx)
    local p, incident = ctx.params, ctx.trigger.incident
    if (rank[incident.severity] or 0) < rank[p.min_severity] then
      return { posted = false, reason = "severity " .. tostring(incident.severity) }
    end
    local owner = incident.owner or {}
    local fields = {
      Incident = "#" .. tostring(incident.incidentNumber),
      Severity = incident.severity,
      Status = incident.status,
      Owner = (owner.assignedTo or "") ~= "" and owner.assignedTo
        or (owner.email or "") ~= "" and owner.email or "unassigned",
    }
    local data = incident.additionalData or {}
    if data.alertProductNames and #data.alertProductNames > 0 then
      fields.Products = table.concat(data.alertProductNames, ", ")
    end
    local link
    if p.link ~= "" then
      link = p.link:gsub("{name}", incident.name):gsub("{number}", tostring(incident.incidentNumber))
    end
    local _, err = tocsin.notify.webhook{
      _instance = p.instance ~= "" and p.instance or nil,
      title = "New " .. incident.severity .. " incident #" .. tostring(incident.incidentNumber),
      text = incident.title .. ((incident.description or "") ~= "" and ("\n" .. incident.description:sub(1, 2000)) or ""),
      severity = incident.severity,
      fields = fields,
      link = link,
    }
    if err then
      ctx.log.error("chat post for incident " .. tostring(incident.incidentNumber) .. " failed: " .. err.message)
      tocsin.incidents.add_comment{ incident = incident.name,
        message = "The chat notification (notify instance '" .. p.instance .. "') failed: " .. err.message }
      return { posted = false, error = err.code }
    end
    return { posted = true }
  end,
}
