-- Tests of ../webhook-to-incident.lua, the version 1.1.0 that step 8 of docs/tutorial.md copies
-- over the running one. What 1.0.0 does is tested in examples/tutorial/_tests; these cases cover
-- what changed: the host the alert names becomes a label.
local function webhook(body)
  return { method = "POST", path = "/api/v1/webhooks/edr-alert", webhook = "edr-alert", body = body }
end

local created = { name = "0f8c2d4e-6a1b-4c3d-9e8f-7a6b5c4d3e2f", incidentNumber = 7 }

return {
  ["labels the incident with the host"] = {
    trigger = webhook({ title = "Credential dumping on ws-0042", severity = "High", host = "ws-0042" }),
    actions = { ["incidents.create"] = created },
    expect = function(run)
      expect.called("incidents.create", { labels = { "webhook", "ws-0042" } })
      expect.eq(run.result.status, 201)
    end,
  },

  ["keeps the webhook label alone for an alert without a host"] = {
    trigger = webhook({ title = "Odd service installed" }),
    actions = { ["incidents.create"] = created },
    expect = function()
      local call = expect.called("incidents.create")
      expect.eq(call.input.labels, { "webhook" })
    end,
  },

  ["still refuses an alert without a title"] = {
    trigger = webhook({ host = "ws-0042" }),
    expect = function(run)
      expect.eq(run.result.status, 400)
      expect.not_called("incidents.create")
    end,
  },

  ["labels a real incident with the host on a temporary store"] = {
    store = "temporary",
    trigger = webhook({ title = "Credential dumping on ws-0042", severity = "High", host = "ws-0042" }),
    expect = function(run)
      local stored = tocsin.incidents.get{ incident = run.result.body.name }
      local names = {}
      for _, label in ipairs(stored.labels) do names[#names + 1] = label.labelName end
      table.sort(names)
      expect.eq(names, { "webhook", "ws-0042" })
    end,
  },
}
