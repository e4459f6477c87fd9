-- Tests of ../notify-severity-changed.lua (docs/playbook-tests.md).
local incident = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 12, title = "Brute force",
                   severity = "High", status = "Active", owner = { email = "bob@contoso.com", assignedTo = "Bob" } }
local function updated(changes, inc) return { event = "updated", incident = inc or incident, changes = changes } end

return {
  ["mails the owner the old and new severity"] = {
    trigger = updated({ { field = "status", before = "New", after = "Active" },
                        { field = "severity", before = "Low", after = "High" } }),
    actions = { ["notify:mail.email"] = { message_id = "m1" } },
    expect = function(run)
      expect.status("succeeded")
      local call = expect.called("notify.email", { to = "bob@contoso.com", subject = "Incident #12 severity changed: Low → High" })
      expect.contains(call.input.text, "changed severity from Low to High")
      expect.eq(run.result, { notified = true, to = "bob@contoso.com" })
    end,
  },

  ["ignores updates that leave the severity alone"] = {
    trigger = updated({ { field = "status", before = "New", after = "Active" } }),
    expect = function(run)
      expect.not_called("notify.email")
      expect.eq(run.result, { notified = false, reason = "severity unchanged" })
    end,
  },

  ["skips decreases when asked to"] = {
    trigger = updated({ { field = "severity", before = "High", after = "Low" } }),
    params = { only_increase = true },
    expect = function(run) expect.eq(run.result, { notified = false, reason = "severity went down" }) end,
  },

  ["skips incidents without an owner's address"] = {
    trigger = updated({ { field = "severity", before = "Low", after = "High" } },
                      { name = incident.name, incidentNumber = 12, title = "x", owner = { assignedTo = "Bob" } }),
    expect = function(run) expect.eq(run.result, { notified = false, reason = "no owner address" }) end,
  },

  ["comments when the mail cannot be sent"] = {
    trigger = updated({ { field = "severity", before = "Low", after = "Medium" } }),
    actions = {
      ["notify:mail.email"] = stub.error("unavailable", "connection refused"),
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      local c = expect.called("incidents.add_comment")
      expect.contains(c.input.message, "Could not e-mail the owner (bob@contoso.com) about the severity change: connection refused")
      expect.eq(run.result, { notified = false, error = "unavailable" })
    end,
  },
}
