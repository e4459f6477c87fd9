-- The playbook of the tutorial (docs/tutorial.md) as its step 8 changes it: version 1.1.0 also
-- labels each incident with the host the alert names. A detection tool POSTs an alert as JSON to
-- /api/v1/webhooks/edr-alert; the playbook checks it, opens an incident and answers 201 with the
-- incident's number, or 400 naming the field to fix, so the sender knows at once whether the
-- alert arrived. An automation rule can also run it on an incident (Sentinel's RunPlaybook):
-- it then comments the first-response checklist on that incident.
local severities = { Informational = true, Low = true, Medium = true, High = true }

local checklist = "First response: confirm the activity with the owner of the host; isolate the "
  .. "host if it is confirmed; comment what you found, then close the incident with a classification."

-- The posted alert, checked field by field: the fields, or nil and what is wrong with them.
local function read_alert(body)
  if type(body) ~= "table" then
    return nil, "the body must be a JSON object"
  end
  if type(body.title) ~= "string" or body.title == "" then
    return nil, "'title' must be a non-empty string"
  end
  local severity = body.severity or "Medium"
  if not severities[severity] then
    return nil, "'severity' must be one of Informational, Low, Medium, High"
  end
  for _, field in ipairs({ "host", "description" }) do
    if body[field] ~= nil and type(body[field]) ~= "string" then
      return nil, "'" .. field .. "' must be a string"
    end
  end
  return { title = body.title, severity = severity, host = body.host, description = body.description }
end

local function error_response(status, code, message)
  return { status = status, body = { error = { code = code, message = message } } }
end

local function open_incident(ctx)
  local alert, problem = read_alert(ctx.trigger.body)
  if not alert then
    ctx.log.warn("refused a webhook call: " .. problem)
    return error_response(400, "BadRequest", problem)
  end
  local incident, err = tocsin.incidents.create{
    title = alert.title,
    severity = alert.severity,
    description = alert.description or ("Reported by " .. (alert.host or "an unnamed host") .. "."),
    -- snippet:start labels
    labels = { "webhook", alert.host },  -- 1.1.0: the host as a label too, to filter by it
    -- snippet:end
  }
  if not incident then
    -- A value the store refuses is the sender's to fix; anything else is ours, and worth a retry.
    if err.code == "invalid_argument" then
      return error_response(400, "BadRequest", err.message)
    end
    return error_response(503, "ServiceUnavailable", err.message)
  end
  ctx.log.info("incident " .. incident.incidentNumber .. " opened for '" .. alert.title .. "'")
  return { status = 201, body = { incidentNumber = incident.incidentNumber, name = incident.name } }
end

local function comment_checklist(ctx)
  local incident = ctx.trigger.incident
  local _, err = tocsin.incidents.add_comment{ incident = incident.name, message = checklist }
  if err then
    error("could not comment on incident " .. incident.name .. ": " .. err.message)
  end
  ctx.log.info("checklist added to incident " .. tostring(incident.incidentNumber))
  return { checklist = incident.name }
end

return {
  name = "webhook-to-incident",
  version = "1.1.0",
  description = "Opens an incident for each alert posted to the edr-alert webhook",
  triggers = { { kind = "webhook", options = { name = "edr-alert", mode = "sync" } } },
  run = function(ctx)
    if ctx.trigger.incident then
      return comment_checklist(ctx)  -- run by an automation rule on an incident
    end
    return open_incident(ctx)
  end,
}
