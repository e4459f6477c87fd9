-- Tests of ../relate-alerts-by-ip.lua (docs/playbook-tests.md).
local alert = { name = "a-new", alertDisplayName = "Port scan" }
local function match(number, count)
  return { incident = "inc-" .. number, incidentNumber = number, alertsCount = count or 1,
           entity = { kind = "Ip", friendlyName = "203.0.113.7" }, sharedWithAlert = "a-old-" .. number }
end

return {
  ["adds the alert to incidents sharing an IP and says why"] = {
    trigger = { alert = alert },
    actions = {
      ["alerts.incidents_sharing_entities"] = { match(3), match(5) },
      ["relations.add"] = function(input) return { name = "r-" .. input.incident, created = true } end,
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("alerts.incidents_sharing_entities", { alert = "a-new", kind = "ips", hours = 24 })
      expect.called("relations.add", { incident = "inc-3", alert = "a-new", sole_alert = "keep" })
      expect.called("relations.add", { incident = "inc-5", alert = "a-new" })
      local c = expect.called("incidents.add_comment", { incident = "inc-3" })
      expect.contains(c.input.message, "Added alert 'Port scan' (a-new) because it shares IP 203.0.113.7 with alert a-old-3")
      expect.eq(run.result, { added = { 3, 5 }, skipped = {} })
    end,
  },

  ["passes over full incidents and reports a refused relation"] = {
    trigger = { alert = alert },
    params = { max_incidents = 3, sole_alert = "close" },
    actions = {
      ["alerts.incidents_sharing_entities"] = { match(1, 150), match(2), match(3), match(4) },
      ["relations.add"] = function(input)
        if input.incident == "inc-2" then return nil, { code = "limit_exceeded", message = "incident inc-2 already holds 150 alerts" } end
        return { name = "r1", created = true, closedIncident = "own" }
      end,
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.call_count("relations.add", 2)
      expect.called("relations.add", { incident = "inc-3", sole_alert = "close" })
      local c = expect.called("incidents.add_comment", { incident = "inc-3" })
      expect.contains(c.input.message, "was closed")
      expect.eq(run.result.added, { 3 })
      expect.like(run.result.skipped, {
        { incident = 1, reason = "incident holds 150 alerts" },
        { incident = 2, reason = "incident inc-2 already holds 150 alerts" },
        { incident = 4, reason = "more than max_incidents (3) matched" },
      })
    end,
  },

  ["stops when the lookup fails"] = {
    trigger = { alert = alert },
    actions = { ["alerts.incidents_sharing_entities"] = stub.error("not_found", "alert 'a-new' was not found") },
    expect = function(run)
      expect.eq(run.result, { added = {}, skipped = {}, error = "not_found" })
      expect.logged("cannot look up incidents for alert a-new", "error")
    end,
  },

  ["relates real alerts on a temporary store"] = {
    store = "temporary",
    setup = function()
      local old = tocsin.alerts.create{ title = "Beacon", correlate = true, entities = { { kind = "Ip", address = "10.9.8.7" } } }.alert
      local incident = tocsin.incidents.create{ title = "Beacon to 10.9.8.7" }
      tocsin.relations.add{ incident = incident.name, alert = old.name }
      local new = tocsin.alerts.create{ title = "Scan", entities = { { kind = "Ip", address = "10.9.8.7" } } }
      return { incident = incident, alert = new.alert, own = new.incident }
    end,
    trigger = function(s) return { alert = s.alert } end,
    expect = function(run)
      expect.eq(run.result.added, { run.setup.incident.incidentNumber })
      local rels = tocsin.relations.list{ incident = run.setup.incident.name }
      expect.eq(#rels, 2)
      local stored = tocsin.incidents.get{ incident = run.setup.incident.name }
      expect.eq(stored.additionalData.commentsCount, 1)
    end,
  },
}
