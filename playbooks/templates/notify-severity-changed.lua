-- Template: when an incident's severity changes, e-mail its owner (old and new severity, who
-- changed it is in the activity log). Incidents without an owner's address are skipped.
-- Runs on incident updates (trigger option events = {"updated"}), whose ctx.trigger.changes
-- lists each changed field with its value before and after.
-- Needs: plugins.instances["notify:mail"] = { host, port, from, … } (or `instance`).
local rank = { Informational = 0, Low = 1, Medium = 2, High = 3 }

return {
  name = "notify-severity-changed",
  version = "1.0.0",
  description = "E-mails the owner when an incident's severity changes",
  triggers = { { kind = "incident", options = { events = { "updated" } } } },
  params = {
    instance = { type = "string", default = "mail", description = "notify instance that sends the mail" },
    only_increase = { type = "boolean", default = false, description = "only when the severity goes up" },
  },
  run = function(ctx)
    local p, incident = ctx.params, ctx.trigger.incident
    local change
    for _, c in ipairs(ctx.trigger.changes or {}) do
      if c.field == "severity" then change = c end
    end
    if not change then return { notified = false, reason = "severity unchanged" } end
    if p.only_increase and (rank[change.after] or 0) <= (rank[change.before] or 0) then
      return { notified = false, reason = "severity went down" }
    end
    local owner = incident.owner or {}
    local to = (owner.email ~= nil and owner.email ~= "") and owner.email or owner.userPrincipalName
    if not to or to == "" or not to:find("@", 1, true) then
      ctx.log.info("incident " .. tostring(incident.incidentNumber) .. " has no owner address; nobody told")
      return { notified = false, reason = "no owner address" }
    end
    local subject = "Incident #" .. tostring(incident.incidentNumber) .. " severity changed: "
      .. tostring(change.before) .. " → " .. tostring(change.after)
    local _, err = tocsin.notify.email{
      _instance = p.instance ~= "" and p.instance or nil,
      to = to,
      subject = subject,
      text = "Incident #" .. tostring(incident.incidentNumber) .. " \"" .. incident.title .. "\", which you own, "
        .. "changed severity from " .. tostring(change.before) .. " to " .. tostring(change.after)
        .. ".\nStatus: " .. tostring(incident.status) .. "\nIncident id: " .. incident.name .. "\n",
    }
    if err then
      ctx.log.error("mail to " .. to .. " failed: " .. err.message)
      tocsin.incidents.add_comment{ incident = incident.name,
        message = "Could not e-mail the owner (" .. to .. ") about the severity change: " .. err.message }
      return { notified = false, error = err.code }
    end
    return { notified = true, to = to }
  end,
}
