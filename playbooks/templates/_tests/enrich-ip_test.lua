-- Tests of ../enrich-ip.lua (docs/playbook-tests.md).
local incident = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 12 }
local function ip(address) return { id = address, kind = "Ip", properties = { address = address } } end

return {
  ["labels and comments the findings of every IP"] = {
    trigger = { incident = incident },
    params = { url = "https://intel.example/ip/{ip}", label_fields = "country, threat" },
    actions = {
      ["entities.get"] = { ip("203.0.113.7"), ip("198.51.100.1"), ip("203.0.113.7") },
      ["http.get"] = function(input)
        if input.url:find("203.0.113.7", 1, true) then
          return { status = 200, json = { country = "NL", threat = "scanner", asn = 64500, tags = { "x" } } }
        end
        return { status = 200, json = { country = "DE" } }
      end,
      ["incidents.add_labels"] = { name = incident.name },
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.status("succeeded")
      expect.call_count("http.get", 2)
      expect.called("http.get", { url = "https://intel.example/ip/203.0.113.7", timeout_ms = 5000 })
      expect.called("incidents.add_labels", { labels = { "country:NL", "threat:scanner", "country:DE" } })
      local c = expect.called("incidents.add_comment", { incident = incident.name })
      expect.contains(c.input.message, "- 203.0.113.7: asn=64500, country=NL, threat=scanner")
      expect.contains(c.input.message, "- 198.51.100.1: country=DE")
      expect.eq(run.result, { enriched = 2, failed = 0, labels = { "country:NL", "threat:scanner", "country:DE" } })
    end,
  },

  ["names the IPs it could not enrich: timeout, non-200, not JSON"] = {
    trigger = { incident = incident },
    actions = {
      ["entities.get"] = { ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3"), ip("192.0.2.4") },
      ["http.get"] = function(input)
        if input.url:find("192.0.2.1", 1, true) then return nil, { code = "timeout", message = "no answer within 5000 ms" } end
        if input.url:find("192.0.2.2", 1, true) then return { status = 503, body = "busy" } end
        if input.url:find("192.0.2.3", 1, true) then return { status = 200, body = "<html>" } end
        return { status = 200, json = { country = "FR" } }
      end,
      ["incidents.add_labels"] = { name = incident.name },
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.status("succeeded")
      local c = expect.called("incidents.add_comment")
      expect.contains(c.input.message, "- 192.0.2.4: country=FR")
      expect.contains(c.input.message, "Could not enrich: 192.0.2.1 (timeout: no answer within 5000 ms); 192.0.2.2 (HTTP 503); 192.0.2.3 (the answer is not a JSON object)")
      expect.eq(run.result.failed, 3)
      expect.eq(run.result.enriched, 1)
    end,
  },

  ["does nothing for an incident without IPs"] = {
    trigger = { incident = incident },
    actions = { ["entities.get"] = {} },
    expect = function(run)
      expect.not_called("http.get")
      expect.eq(run.result, { enriched = 0, failed = 0 })
    end,
  },

  ["uses the configured http instance"] = {
    trigger = { incident = incident },
    params = { http_instance = "intel", url = "/ip/{ip}", label_fields = "" },
    actions = {
      ["entities.get"] = { ip("203.0.113.9") },
      ["http:intel.get"] = { status = 200, json = { risk = 10 } },
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.called("http.get", { url = "/ip/203.0.113.9" })
      expect.not_called("incidents.add_labels")
      expect.eq(run.result.enriched, 1)
    end,
  },
}
