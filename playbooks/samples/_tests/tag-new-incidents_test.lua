-- Tests of ../tag-new-incidents.lua. Run them with `tocsin playbook test playbooks`
-- (docs/playbook-tests.md). Each case stubs the actions the playbook calls, or runs it on a
-- temporary store with the real plugins.
local incident = {
  name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b",
  incidentNumber = 12,
  title = "Brute force on vpn-gw",
}

return {
  -- snippet:start first-case
  ["labels the new incident with tocsin-seen"] = {
    trigger = { incident = incident },             -- ctx.trigger
    actions = {                                    -- stubs, by action name
      ["incidents.add_labels"] = function(input)
        return { name = input.incident, incidentNumber = 12 }
      end,
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.add_labels", { incident = incident.name, labels = { "tocsin-seen" } })
      expect.call_count("incidents.add_labels", 1)
      expect.eq(run.result, { labelled = true, incident = incident.name })
      expect.logged("labelled incident 12", "info")
    end,
  },
  -- snippet:end

  ["adds the label given as a parameter"] = {
    trigger = { incident = incident },
    params = { label = "triage" },
    actions = { ["incidents.add_labels"] = { incidentNumber = 12 } },
    expect = function()
      expect.called("incidents.add_labels", { labels = { "triage" } })
    end,
  },

  ["reports an incident it cannot label"] = {
    trigger = { incident = incident },
    actions = {
      ["incidents.add_labels"] = stub.error("not_found", "incident '" .. incident.name .. "' was not found"),
    },
    expect = function(run)
      expect.status("succeeded")
      expect.eq(run.result, { labelled = false, error = "not_found" })
      expect.logged("could not label incident " .. incident.name, "error")
    end,
  },

  ["labels a real incident on a temporary store"] = {
    store = "temporary",
    setup = function()
      return tocsin.incidents.create{ title = "Phishing from payroll look-alike", severity = "High" }
    end,
    trigger = function(created) return { incident = created } end,
    expect = function(run)
      expect.status("succeeded")
      local stored = tocsin.incidents.get{ incident = run.setup.name }
      expect.like(stored.labels, { { labelName = "tocsin-seen" } })
    end,
  },
}
