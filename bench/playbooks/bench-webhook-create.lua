-- Benchmark scenario (1): an EDR webhook that becomes an incident. Validates the payload,
-- creates the incident (one durable store write) and answers 201 with it, or 400 naming the
-- bad field. Bound to POST /api/v1/webhooks/bench-create with the default api-token auth.
local severities = { Informational = true, Low = true, Medium = true, High = true }

return {
  name = "bench-webhook-create",
  version = "1.0.0",
  description = "Benchmark: webhook -> validate -> create incident -> 201 with the incident",
  triggers = { { kind = "webhook", options = { name = "bench-create", mode = "sync",
                                                timeout_ms = 10000 } } },
  run = function(ctx)
    local body = ctx.trigger.body
    if type(body) ~= "table" or type(body.title) ~= "string" or body.title == "" then
      return { status = 400, body = { error = { code = "BadRequest",
                                                message = "'title' must be a non-empty string." } } }
    end
    local severity = body.severity or "Medium"
    if not severities[severity] then
      return { status = 400, body = { error = { code = "BadRequest",
                                                message = "'severity' is not a known severity." } } }
    end
    local incident, err = tocsin.incidents.create{ title = body.title, severity = severity,
                                                   description = body.description }
    if err then
      return { status = 503, body = { error = { code = err.code, message = err.message } } }
    end
    return { status = 201, body = incident }
  end,
}
