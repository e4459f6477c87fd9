-- Tests of ../enrich-from-alert.lua. Run them with `tocsin playbook test playbooks`
-- (docs/playbook-tests.md).
local alert = { name = "8d3f2c1b-0a9e-4d8c-b7a6-5f4e3d2c1b0a", alertDisplayName = "Impossible travel" }

local entities = {
  { id = "e1", kind = "Account", properties = { friendlyName = "alice" } },
  { id = "e2", kind = "Ip", properties = { friendlyName = "203.0.113.7" } },
}

return {
  ["comments the alert's entities on its incident"] = {
    trigger = { alert = alert },
    actions = {
      ["entities.get"] = entities,
      ["alerts.get_incidents"] = { { name = "inc-1" } },
      ["incidents.add_comment"] = function(input)
        return { name = "comment-1", message = input.message }
      end,
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("entities.get", { alert = alert.name })
      local comment = expect.called("incidents.add_comment", { incident = "inc-1" })
      expect.contains(comment.input.message, "Entities of alert 'Impossible travel' (2):")
      expect.contains(comment.input.message, "- Account: alice")
      expect.contains(comment.input.message, "- Ip: 203.0.113.7")
      expect.not_called("util.sleep")
      expect.eq(run.result, { commented = 1, entities = 2 })
    end,
  },

  ["waits for the alert to join an incident"] = {
    trigger = { alert = alert },
    params = { wait_ms = 1 },
    actions = {
      ["entities.get"] = entities,
      -- Not related yet on the first two checks.
      ["alerts.get_incidents"] = stub.sequence({}, {}, { { name = "inc-1" }, { name = "inc-2" } }),
      ["util.sleep"] = stub.real,
      ["incidents.add_comment"] = { name = "comment-1" },
    },
    expect = function(run)
      expect.call_count("alerts.get_incidents", 3)
      expect.call_count("util.sleep", 2)
      expect.called("incidents.add_comment", { incident = "inc-2" })
      expect.eq(run.result.commented, 2)
    end,
  },

  ["stops when the alert's entities cannot be read"] = {
    trigger = { alert = alert },
    actions = { ["entities.get"] = stub.error("not_found", "alert was not found") },
    expect = function(run)
      expect.status("succeeded")
      expect.eq(run.result, { commented = 0, error = "not_found" })
      expect.not_called("incidents.add_comment")
    end,
  },

  ["warns about a comment that fails, after the engine's retries"] = {
    trigger = { alert = alert },
    actions = {
      ["entities.get"] = entities,
      ["alerts.get_incidents"] = { { name = "inc-1" } },
      ["incidents.add_comment"] = stub.error("unavailable", "store is busy"),
    },
    expect = function(run)
      expect.status("succeeded")
      local call = expect.called("incidents.add_comment")
      expect.eq(call.attempts, 3, "incidents.add_comment is retried up to 3 times")
      expect.eq(call.error.code, "unavailable")
      expect.logged("comment on inc-1 failed: store is busy", "warn")
    end,
  },

  ["comments on the incident of a real alert"] = {
    store = "temporary",
    setup = function()
      local created, err = tocsin.alerts.create{
        title = "Impossible travel",
        severity = "High",
        entities = { { kind = "Account", properties = { accountName = "alice", friendlyName = "alice" } } },
      }
      assert(created, err and err.message)
      return created
    end,
    trigger = function(created) return { alert = created.alert } end,
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.add_comment", { incident = run.setup.incident.name })
      expect.eq(run.result, { commented = 1, entities = 1 })
    end,
  },
}
