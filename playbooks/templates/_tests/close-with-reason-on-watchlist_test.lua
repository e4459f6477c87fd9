-- Tests of ../close-with-reason-on-watchlist.lua (docs/playbook-tests.md). The watchlists plugin
-- is stubbed: these cases check the playbook's decisions, not the watchlist store.
local incident = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 12 }
local ips = {
  { id = "e1", kind = "Ip", properties = { address = "198.51.100.10", friendlyName = "198.51.100.10" } },
  { id = "e2", kind = "Ip", properties = { address = "198.51.100.11", friendlyName = "198.51.100.11" } },
  { id = "e3", kind = "Ip", properties = { address = "198.51.100.10", friendlyName = "198.51.100.10" } },
}

return {
  ["closes when every IP is on the watchlist"] = {
    trigger = { incident = incident },
    actions = {
      ["entities.get"] = ips,
      ["watchlists.contains"] = { all = true, found = {}, missing = {} },
      ["incidents.close"] = { name = incident.name, status = "Closed" },
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("entities.get", { incident = incident.name, kind = "ips" })
      expect.called("watchlists.contains", { watchlist = "known-scanners", values = { "198.51.100.10", "198.51.100.11" } })
      local close = expect.called("incidents.close", { incident = incident.name,
        classification = "BenignPositive", reason = "SuspiciousButExpected" })
      expect.contains(close.input.comment, "(198.51.100.10, 198.51.100.11) is on the watchlist 'known-scanners'")
      expect.called("incidents.add_comment", { incident = incident.name })
      expect.eq(run.result, { closed = true, ips = { "198.51.100.10", "198.51.100.11" } })
    end,
  },

  ["keeps the incident open when one IP is not listed"] = {
    trigger = { incident = incident },
    actions = {
      ["entities.get"] = ips,
      ["watchlists.contains"] = { all = false, found = { "198.51.100.10" }, missing = { "198.51.100.11" } },
    },
    expect = function(run)
      expect.not_called("incidents.close")
      expect.eq(run.result, { closed = false, missing = { "198.51.100.11" } })
    end,
  },

  ["reports a watchlist that does not exist"] = {
    trigger = { incident = incident },
    params = { watchlist = "scanners-typo" },
    actions = {
      ["entities.get"] = ips,
      ["watchlists.contains"] = stub.error("not_found", "watchlist 'scanners-typo' was not found"),
    },
    expect = function(run)
      expect.not_called("incidents.close")
      expect.eq(run.result, { closed = false, error = "not_found" })
      expect.logged("watchlist 'scanners-typo' cannot be read", "error")
    end,
  },

  ["leaves incidents without IP addresses alone"] = {
    trigger = { incident = incident },
    actions = { ["entities.get"] = {} },
    expect = function(run)
      expect.not_called("watchlists.contains")
      expect.eq(run.result, { closed = false, reason = "no IP address" })
    end,
  },

  ["closes as Undetermined without a reason"] = {
    trigger = { incident = incident },
    params = { classification = "Undetermined", reason = "none" },
    actions = {
      ["entities.get"] = { ips[1] },
      ["watchlists.contains"] = { all = true, found = { "198.51.100.10" }, missing = {} },
      ["incidents.close"] = { name = incident.name },
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      local close = expect.called("incidents.close", { classification = "Undetermined" })
      expect.eq(close.input.reason, nil)
    end,
  },
}
