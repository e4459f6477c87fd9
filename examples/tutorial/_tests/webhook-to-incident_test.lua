-- Tests of ../webhook-to-incident.lua, step 3 of docs/tutorial.md:
-- `tocsin playbook test examples/tutorial/webhook-to-incident.lua` (docs/playbook-tests.md).
-- snippet:start fixtures
local function webhook(body)
  return { method = "POST", path = "/api/v1/webhooks/edr-alert", webhook = "edr-alert", body = body }
end

local alert = {
  title = "Credential dumping on ws-0042",
  severity = "High",
  host = "ws-0042",
  description = "lsass.exe memory read by an unsigned binary",
}

local created = { name = "0f8c2d4e-6a1b-4c3d-9e8f-7a6b5c4d3e2f", incidentNumber = 7 }
-- snippet:end

return {
  -- snippet:start first-case
  ["opens an incident and answers 201 with its number"] = {
    trigger = webhook(alert),
    actions = { ["incidents.create"] = created },
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.create", {
        title = alert.title, severity = "High", description = alert.description, labels = { "webhook" },
      })
      expect.eq(run.result, { status = 201, body = { incidentNumber = 7, name = created.name } })
      expect.logged("incident 7 opened for 'Credential dumping on ws-0042'", "info")
    end,
  },
  -- snippet:end

  ["defaults the severity to Medium and describes the host"] = {
    trigger = webhook({ title = "Odd service installed", host = "srv-db-1" }),
    actions = { ["incidents.create"] = created },
    expect = function()
      expect.called("incidents.create", { severity = "Medium", description = "Reported by srv-db-1." })
    end,
  },

  ["refuses an alert without a title"] = {
    trigger = webhook({ severity = "High" }),
    expect = function(run)
      expect.status("succeeded")
      expect.not_called("incidents.create")
      expect.eq(run.result.status, 400)
      expect.eq(run.result.body.error.message, "'title' must be a non-empty string")
      expect.logged("refused a webhook call", "warn")
    end,
  },

  ["refuses an unknown severity"] = {
    trigger = webhook({ title = "x", severity = "Critical" }),
    expect = function(run)
      expect.eq(run.result.status, 400)
      expect.contains(run.result.body.error.message, "'severity' must be one of")
    end,
  },

  ["refuses a body that is not a JSON object"] = {
    trigger = webhook("just text"),
    expect = function(run)
      expect.eq(run.result.status, 400)
      expect.eq(run.result.body.error.message, "the body must be a JSON object")
    end,
  },

  ["refuses a host that is not a string"] = {
    trigger = webhook({ title = "x", host = 42 }),
    expect = function(run)
      expect.eq(run.result.body.error.message, "'host' must be a string")
    end,
  },

  ["passes on a value the store refuses as 400"] = {
    trigger = webhook(alert),
    actions = { ["incidents.create"] = stub.error("invalid_argument", "title is too long", "title") },
    expect = function(run)
      expect.eq(run.result, { status = 400, body = { error = { code = "BadRequest", message = "title is too long" } } })
    end,
  },

  ["answers 503 when the store stays unavailable"] = {
    trigger = webhook(alert),
    actions = { ["incidents.create"] = stub.error("unavailable", "store is busy") },
    expect = function(run)
      expect.eq(run.result.status, 503)
      expect.eq(run.result.body.error.code, "ServiceUnavailable")
    end,
  },

  ["opens a real incident on a temporary store"] = {
    store = "temporary",
    trigger = webhook(alert),
    expect = function(run)
      expect.status("succeeded")
      expect.eq(run.result.status, 201)
      local stored = tocsin.incidents.get{ incident = run.result.body.name }
      expect.eq(stored.incidentNumber, run.result.body.incidentNumber)
      expect.eq(stored.title, alert.title)
      expect.like(stored.labels, { { labelName = "webhook" } })
    end,
  },

  -- snippet:start rule-case
  ["comments the checklist when an automation rule runs it on an incident"] = {
    trigger_kind = "incident",
    trigger = { incident = created, automationRule = { name = "triage-webhook-incidents" } },
    actions = { ["incidents.add_comment"] = { name = "comment-1" } },
    expect = function(run)
      expect.status("succeeded")
      local call = expect.called("incidents.add_comment", { incident = created.name })
      expect.contains(call.input.message, "First response:")
      expect.not_called("incidents.create")
      expect.eq(run.result, { checklist = created.name })
    end,
  },
  -- snippet:end

  ["fails the run when the checklist cannot be commented"] = {
    trigger_kind = "incident",
    trigger = { incident = created },
    actions = { ["incidents.add_comment"] = stub.error("not_found", "no such incident") },
    expect = function(run)
      expect.status("failed")
      expect.contains(run.error, "could not comment on incident " .. created.name .. ": no such incident")
    end,
  },
}
