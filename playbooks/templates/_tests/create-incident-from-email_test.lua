-- Tests of ../create-incident-from-email.lua (docs/playbook-tests.md).
local function mail(subject, body, extra)
  local m = {
    kind = "email", mailbox = "soc@contoso.com", subject = subject, body = body,
    message_id = "m1@fabrikam.com",
    envelope = { from = "alice@fabrikam.com", to = { "soc@contoso.com" } },
    from = { name = "Alice", address = "alice@fabrikam.com" },
    headers = {},
  }
  for k, v in pairs(extra or {}) do m[k] = v end
  return m
end

local created = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 42 }

return {
  ["fills the fields from labelled lines, ignoring case and spaces"] = {
    trigger = mail("New INCIDENT: odd login", table.concat({
      "Hello SOC,",
      "  incident TITLE:   Odd login on vpn-gw  ",
      "DESCRIPTION: Alice saw a login from Brazil",
      "at 03:00, twice.",
      "severity: high",
      "Status:active",
      "Tag: vpn, travel",
      "tag: brazil",
      "Assign incident to:  bob@contoso.com ",
    }, "\r\n")),
    actions = {
      ["incidents.create"] = created,
      ["incidents.add_comment"] = { name = "c1" },
      ["notify.email"] = { message_id = "r1" },
    },
    expect = function(run)
      expect.status("succeeded")
      local call = expect.called("incidents.create", {
        title = "Odd login on vpn-gw", severity = "High", status = "Active",
        owner = { email = "bob@contoso.com" },
        labels = { "reported-by-email", "vpn", "travel", "brazil" },
      })
      expect.eq(call.input.description, "Alice saw a login from Brazil\nat 03:00, twice.")
      local reply = expect.called("notify.email", { to = "alice@fabrikam.com", subject = "Re: New INCIDENT: odd login" })
      expect.contains(reply.input.text, "incident #42")
      expect.called("incidents.add_comment", { incident = created.name })
      expect.eq(run.result, { created = true, incident = 42, name = created.name, replied = true })
    end,
  },

  ["falls back to the subject and the whole body"] = {
    trigger = mail("Incident report", "Something is wrong with my laptop.\n"),
    actions = {
      ["incidents.create"] = created,
      ["incidents.add_comment"] = { name = "c1" },
      ["notify.email"] = { message_id = "r1" },
    },
    expect = function(run)
      expect.called("incidents.create", {
        title = "Incident report", description = "Something is wrong with my laptop.",
        severity = "Medium", status = "New",
      })
    end,
  },

  ["reports an unknown severity instead of guessing"] = {
    trigger = mail("incident", "Severity: Critical\nStatus: Closed\nAssign incident to: bob"),
    actions = { ["notify.email"] = { message_id = "r1" } },
    expect = function(run)
      expect.status("succeeded")
      expect.not_called("incidents.create")
      local reply = expect.called("notify.email", { to = "alice@fabrikam.com" })
      expect.contains(reply.input.text, "Severity 'Critical' is not one of Informational, Low, Medium, High")
      expect.contains(reply.input.text, "Status 'Closed' is not one of New, Active")
      expect.contains(reply.input.text, "Assign incident to 'bob' is not an e-mail address")
      expect.eq(run.result.created, false)
      expect.eq(#run.result.errors, 3)
    end,
  },

  ["refuses a title the store cannot keep, and cuts a long description"] = {
    trigger = mail("incident", "Incident title: " .. string.rep("x", 300)),
    actions = { ["notify.email"] = { message_id = "r1" } },
    expect = function(run)
      expect.eq(run.result.created, false)
      expect.not_called("incidents.create")
      local reply = expect.called("notify.email")
      expect.contains(reply.input.text, "Incident title is longer than 256 bytes (300)")
    end,
  },

  ["cuts a description longer than the store keeps"] = {
    trigger = mail("incident", string.rep("é", 3000)),
    actions = {
      ["incidents.create"] = created,
      ["incidents.add_comment"] = { name = "c1" },
      ["notify.email"] = { message_id = "r1" },
    },
    expect = function(run)
      local call = expect.called("incidents.create")
      expect.truthy(#call.input.description <= 5000)
      expect.truthy(utf8.len(call.input.description) ~= nil, "cut on a character boundary")
      expect.contains(call.input.description, "[cut: the message has 6000 bytes]")
    end,
  },

  ["replies with the store's reason when the incident is refused"] = {
    trigger = mail("incident", "Incident title: Odd login"),
    actions = {
      ["incidents.create"] = stub.error("unavailable", "store is busy"),
      ["notify.email"] = { message_id = "r1" },
    },
    expect = function(run)
      expect.eq(run.result.created, false)
      local reply = expect.called("notify.email")
      expect.contains(reply.input.text, "could not be turned into an incident: store is busy")
    end,
  },

  ["ignores mail without the keyword, and mail to another mailbox"] = {
    trigger = mail("Lunch on Friday?", "Severity: High"),
    expect = function(run)
      expect.eq(run.result, { skipped = "subject" })
      expect.not_called("incidents.create")
    end,
  },

  ["takes only its mailbox when one is configured"] = {
    trigger = mail("incident", "x"),
    params = { mailbox = "phishing@contoso.com" },
    expect = function(run) expect.eq(run.result, { skipped = "mailbox" }) end,
  },

  ["never replies to automatic mail"] = {
    trigger = mail("Incident: auto reply", "I am out of office", { headers = { ["auto-submitted"] = "auto-replied" } }),
    actions = { ["incidents.create"] = created, ["incidents.add_comment"] = { name = "c1" } },
    expect = function(run)
      expect.not_called("notify.email")
      expect.eq(run.result.replied, false)
    end,
  },

  ["creates a real incident on a temporary store"] = {
    store = "temporary",
    trigger = mail("incident: USB stick", "Incident title: USB stick in the car park\nSeverity: Low\nTag: physical"),
    actions = { ["notify.email"] = { message_id = "r1" } },
    expect = function(run)
      expect.status("succeeded")
      local stored = tocsin.incidents.get{ incident = run.result.name }
      expect.eq(stored.title, "USB stick in the car park")
      expect.eq(stored.severity, "Low")
      expect.like(stored.labels, { { labelName = "reported-by-email" }, { labelName = "physical" } })
    end,
  },
}
