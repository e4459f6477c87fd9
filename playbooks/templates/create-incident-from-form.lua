-- Template: a "report suspicious activity" form for employees (GET /forms/report-suspicious-activity)
-- that becomes an incident, with the reporter and their answers in a comment. The same form takes
-- JSON shaped like a Microsoft Forms response (docs/triggers/form.md), whose `responder` stands in
-- for the reporter's address.
return {
  name = "create-incident-from-form",
  version = "1.0.0",
  description = "Turns an employee's report of suspicious activity into an incident",
  triggers = { { kind = "form", options = {
    name = "report-suspicious-activity",
    title = "Report suspicious activity",
    description = "Tell the security team what you saw. We will contact you if we need more.",
    fields = { "title", "description", "category", "severity", "reporter", "tags" },
    submit_label = "Send report",
  } } },
  params = {
    title = { type = "string", required = true, description = "What happened?\nOne line, e.g. \"Unknown USB stick found in meeting room 4\"." },
    description = { type = "text", description = "Details\nWhen, where, who, what you did afterwards." },
    severity = { type = "choice", choices = { "Low", "Medium", "High" }, default = "Medium", description = "How urgent is it?" },
    category = { type = "choice", choices = { "Phishing", "Malware", "Account compromise", "Data loss", "Physical", "Other" }, default = "Other", description = "What kind of activity?" },
    reporter = { type = "email", description = "Your e-mail address" },
    tags = { type = "string", description = "Tags\nOptional, separated by commas." },
    label = { type = "string", default = "user-report", description = "label every reported incident gets; empty: none" },
  },
  run = function(ctx)
    local p = ctx.params
    local reporter = p.reporter
    if type(reporter) ~= "string" or reporter == "" then
      reporter = type(ctx.trigger.responder) == "string" and ctx.trigger.responder or ""
    end
    if reporter == "" then
      return { errors = { reporter = "Enter your e-mail address so that the security team can contact you." } }
    end
    if #p.title > 256 then
      return { errors = { title = "Keep it to one line of at most 256 characters; put the rest under Details." } }
    end
    if p.description and #p.description > 5000 then
      return { errors = { description = "Please keep the details under 5000 characters." } }
    end
    local labels = {}
    if p.label ~= "" then labels[#labels + 1] = p.label end
    labels[#labels + 1] = "category-" .. p.category:lower():gsub("%s+", "-")
    for tag in (p.tags or ""):gmatch("[^,;]+") do
      local t = tag:gsub("^%s+", ""):gsub("%s+$", "")
      if #t > 256 then return { errors = { tags = "A tag can be at most 256 characters." } } end
      if t ~= "" then labels[#labels + 1] = t end
    end
    local incident, err = tocsin.incidents.create{
      title = p.title,
      description = (p.description or "") ~= "" and p.description or p.title,
      severity = p.severity,
      labels = labels,
    }
    if not incident then
      ctx.log.warn("report by " .. reporter .. " refused: " .. err.message)
      -- A field the store refused goes next to that field on the form; anything else on top.
      local field = (err.field == "title" or err.field == "description") and err.field or "_form"
      return { errors = { [field] = err.message } }
    end
    local _, cerr = tocsin.incidents.add_comment{
      incident = incident.name,
      message = "Reported by " .. reporter .. " through the form '" .. ctx.trigger.form
        .. "' at " .. (ctx.trigger.submitted_at or "?") .. " (category " .. p.category .. ").",
    }
    if cerr then ctx.log.warn("comment on incident " .. incident.incidentNumber .. " failed: " .. cerr.message) end
    ctx.log.info("incident " .. incident.incidentNumber .. " reported by " .. reporter)
    return { incident = incident, message = "The security team has your report and will contact you at " .. reporter .. " if needed." }
  end,
}
