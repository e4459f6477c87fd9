-- Tests of ../close-duplicate-incident.lua (docs/playbook-tests.md).
local target = { name = "inc-target", incidentNumber = 20, status = "Active" }
local alert = { name = "a-1", alertDisplayName = "Impossible travel" }
local related = { event = "alertRelated", incident = target, alert = alert, relation = "r1" }
local function inc(name, number, status, count)
  return { name = name, incidentNumber = number, status = status, additionalData = { alertsCount = count } }
end
-- Relations as relations.list returns them: the alert joined the target at 10:00:05 (relation r1)
-- and every other incident at `other_time`.
local function relations_at(other_time)
  return function(input)
    if input.incident == "inc-target" then
      return { { name = "r1", incident = "inc-target", alert = "a-1", createdTimeUtc = "2026-03-09T10:00:05Z" } }
    end
    return { { name = "r0", incident = input.incident, alert = "a-1", createdTimeUtc = other_time } }
  end
end
local earlier = relations_at("2026-03-09T10:00:04.750Z")

return {
  ["closes the incident the alert was the only one of"] = {
    trigger = related,
    actions = {
      ["alerts.get_incidents"] = { inc("inc-target", 20, "Active", 3), inc("inc-old", 7, "New", 1) },
      ["relations.list"] = earlier,
      ["incidents.close"] = { name = "inc-old" },
      ["incidents.add_comment"] = { name = "c" },
    },
    expect = function(run)
      expect.status("succeeded")
      local close = expect.called("incidents.close", { incident = "inc-old", classification = "Undetermined" })
      expect.eq(close.input.reason, nil)
      expect.contains(close.input.comment, "Duplicate: its only alert, 'Impossible travel' (a-1), is now in incident #20 (inc-target).")
      expect.called("incidents.add_comment", { incident = "inc-old" })
      local c = expect.called("incidents.add_comment", { incident = "inc-target" })
      expect.contains(c.input.message, "Incident #7 (inc-old) was closed as a duplicate of this one")
      expect.eq(run.result, { closed = { 7 } })
    end,
  },

  ["keeps incidents with other alerts, closed ones and the target"] = {
    trigger = related,
    actions = {
      ["alerts.get_incidents"] = { inc("inc-target", 20, "Active", 1), inc("inc-b", 8, "New", 2), inc("inc-c", 9, "Closed", 1) },
      ["relations.list"] = earlier,
    },
    expect = function(run)
      expect.not_called("incidents.close")
      expect.eq(run.result, { closed = {} })
    end,
  },

  ["reports a close the store refuses"] = {
    trigger = related,
    params = { classification = "BenignPositive", reason = "SuspiciousButExpected" },
    actions = {
      ["alerts.get_incidents"] = { inc("inc-old", 7, "New", 1) },
      ["relations.list"] = earlier,
      ["incidents.close"] = stub.error("conflict", "incident changed meanwhile"),
    },
    expect = function(run)
      expect.called("incidents.close", { classification = "BenignPositive", reason = "SuspiciousButExpected" })
      expect.not_called("incidents.add_comment")
      expect.logged("cannot close incident 7: incident changed meanwhile", "error")
      expect.eq(run.result, { closed = {} })
    end,
  },

  ["leaves an incident the alert joined only after this relation"] = {
    -- Events can be handled late: by then the alert may sit, alone, in an incident made later.
    trigger = related,
    actions = {
      ["alerts.get_incidents"] = { inc("inc-target", 20, "Active", 2), inc("inc-new", 21, "New", 1) },
      ["relations.list"] = relations_at("2026-03-09T10:00:05.001Z"),
    },
    expect = function(run)
      expect.status("succeeded")
      expect.not_called("incidents.close")
      expect.eq(run.result, { closed = {} })
    end,
  },

  ["does nothing once the alert has left the target again"] = {
    trigger = related,
    actions = {
      ["alerts.get_incidents"] = { inc("inc-old", 7, "New", 1) },
      ["relations.list"] = function(input)
        if input.incident == "inc-target" then return {} end
        return earlier(input)
      end,
    },
    expect = function(run)
      expect.not_called("incidents.close")
      expect.logged("alert a-1 is no longer in incident #20", "info")
      expect.eq(run.result, { closed = {} })
    end,
  },

  ["closes a real duplicate on a temporary store"] = {
    store = "temporary",
    setup = function()
      local first = tocsin.alerts.create{ title = "Impossible travel", entities = { { kind = "Account", accountName = "ann" } } }
      local target = tocsin.incidents.create{ title = "Ann's account" }
      tocsin.relations.add{ incident = target.name, alert = first.alert.name }
      return { alert = first.alert, old = first.incident, target = tocsin.incidents.get{ incident = target.name } }
    end,
    trigger = function(s) return { event = "alertRelated", incident = s.target, alert = s.alert } end,
    expect = function(run)
      expect.eq(run.result.closed, { run.setup.old.incidentNumber })
      local old = tocsin.incidents.get{ incident = run.setup.old.name }
      expect.eq(old.status, "Closed")
      expect.eq(old.classification, "Undetermined")
    end,
  },
}
