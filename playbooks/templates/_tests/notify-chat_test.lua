-- Tests of ../notify-chat.lua (docs/playbook-tests.md).
local function incident(severity)
  return { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 12, title = "Ransomware on fs-01",
           description = "Encryption seen", severity = severity, status = "New", owner = {},
           additionalData = { alertProductNames = { "Contoso EDR" } } }
end

return {
  ["posts a High incident to the chat instance"] = {
    trigger = { incident = incident("High") },
    params = { link = "https://soc.example/incidents/{number}" },
    actions = { ["notify:chat.webhook"] = { status = 200 } },
    expect = function(run)
      expect.status("succeeded")
      expect.called("notify.webhook", {
        title = "New High incident #12", text = "Ransomware on fs-01\nEncryption seen", severity = "High",
        fields = { Incident = "#12", Owner = "unassigned", Products = "Contoso EDR" },
        link = "https://soc.example/incidents/12",
      })
      expect.eq(run.result, { posted = true })
    end,
  },

  ["ignores incidents below the threshold"] = {
    trigger = { incident = incident("Medium") },
    expect = function(run)
      expect.not_called("notify.webhook")
      expect.eq(run.result, { posted = false, reason = "severity Medium" })
    end,
  },

  ["comments on the incident when the post fails"] = {
    trigger = { incident = incident("High") },
    actions = {
      ["notify:chat.webhook"] = stub.error("invalid_argument", "webhook answered 404"),
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      local c = expect.called("incidents.add_comment")
      expect.contains(c.input.message, "The chat notification (notify instance 'chat') failed: webhook answered 404")
      expect.eq(run.result, { posted = false, error = "invalid_argument" })
    end,
  },
}
