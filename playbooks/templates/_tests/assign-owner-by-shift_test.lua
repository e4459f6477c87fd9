-- Tests of ../assign-owner-by-shift.lua (docs/playbook-tests.md). The clock is the real one, so
-- shifts either cover every moment (all week, or two overnight halves) or none.
local incident = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 12, owner = {} }
local always = { { owner = "alice@contoso.com", days = "Mon-Sun", from = "00:00", to = "24:00" } }

return {
  ["assigns the incident to the analyst on shift"] = {
    trigger = { incident = incident },
    params = { shifts = always, utc_offset_minutes = 0 },
    actions = { ["incidents.assign"] = { name = incident.name } },
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.assign", { incident = incident.name,
        owner = { email = "alice@contoso.com", userPrincipalName = "alice@contoso.com" } })
      expect.eq(run.result, { assigned = true, owner = "alice@contoso.com", fallback = false })
    end,
  },

  ["covers the clock with an overnight shift"] = {
    trigger = { incident = incident },
    params = { shifts = { { owner = "Night desk", days = "Sun-Sat", from = "12:00", to = "12:00" } } },
    actions = { ["incidents.assign"] = { name = incident.name } },
    expect = function(run)
      expect.called("incidents.assign", { owner = { assignedTo = "Night desk" } })
      expect.eq(run.result, { assigned = true, owner = "Night desk", fallback = false })
    end,
  },

  ["leaves the incident unassigned when no shift covers now"] = {
    trigger = { incident = incident },
    params = { shifts = {} },
    expect = function(run)
      expect.not_called("incidents.assign")
      expect.eq(run.result, { assigned = false, reason = "no shift" })
      expect.logged("left unassigned", "warn")
    end,
  },

  ["uses the fallback owner when no shift covers now"] = {
    trigger = { incident = incident },
    params = { shifts = {}, fallback_owner = "soc-lead@contoso.com" },
    actions = { ["incidents.assign"] = { name = incident.name } },
    expect = function(run)
      expect.called("incidents.assign", { owner = { email = "soc-lead@contoso.com" } })
      expect.eq(run.result.fallback, true)
    end,
  },

  ["keeps an owner already set"] = {
    trigger = { incident = { name = incident.name, incidentNumber = 12, owner = { email = "bob@contoso.com" } } },
    params = { shifts = always },
    expect = function(run)
      expect.eq(run.result, { assigned = false, reason = "already owned" })
    end,
  },

  ["fails on a malformed shift table, naming the entry"] = {
    trigger = { incident = incident },
    params = { shifts = { { owner = "x@contoso.com", days = "Mon-Fri", from = "8am", to = "16:00" } } },
    expect = function(run)
      expect.status("failed")
      expect.contains(run.error, "shifts[1].from must be a time HH:MM, not '8am'")
    end,
  },

  ["assigns a real incident on a temporary store"] = {
    store = "temporary",
    setup = function() return tocsin.incidents.create{ title = "Brute force" } end,
    trigger = function(created) return { incident = created } end,
    params = { shifts = { { owner = "alice@contoso.com", days = "Mon-Sun", from = "00:00", to = "24:00" } } },
    expect = function(run)
      local stored = tocsin.incidents.get{ incident = run.setup.name }
      expect.eq(stored.owner.email, "alice@contoso.com")
    end,
  },
}
