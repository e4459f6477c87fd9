-- Template: ask an HTTP enrichment service (a geolocation or threat-intelligence JSON API) about
-- every IP address of a new incident; add labels from chosen answer fields and one comment with
-- the findings. A service that times out, cannot be reached or answers other than 200 with a JSON
-- object does not stop the others: the comment lists the addresses that could not be enriched
-- and why.
-- `url` holds `{ip}` where the address goes; with `http_instance`, a relative url is resolved
-- against that instance's base_url and its headers (e.g. an API key, as secret:NAME) are sent.
return {
  name = "enrich-ip",
  version = "1.0.0",
  description = "Enriches the IP addresses of new incidents from an HTTP service",
  triggers = { "incident" },
  params = {
    url = { type = "string", default = "https://ipinfo.io/{ip}/json", description = "service URL; {ip} is replaced by the address" },
    http_instance = { type = "string", default = "", description = "http plugin instance (base_url, headers); empty: none" },
    label_fields = { type = "string", default = "country", description = "answer fields that become labels FIELD:VALUE, comma-separated; empty: none" },
    timeout_ms = { type = "integer", default = 5000, description = "per-request timeout" },
    max_ips = { type = "integer", default = 20, description = "most addresses looked up per incident" },
  },
  run = function(ctx)
    local p, incident = ctx.params, ctx.trigger.incident
    local ips, err = tocsin.entities.get{ incident = incident.name, kind = "ips" }
    if not ips then
      ctx.log.error("cannot read the IPs of incident " .. incident.name .. ": " .. err.message)
      return { enriched = 0, error = err.code }
    end
    local addresses, seen = {}, {}
    for _, e in ipairs(ips) do
      local a = e.properties.address or e.properties.friendlyName
      if a and not seen[a] and #addresses < p.max_ips then
        seen[a] = true
        addresses[#addresses + 1] = a
      end
    end
    if #addresses == 0 then return { enriched = 0, failed = 0 } end

    local wanted = {}
    for f in p.label_fields:gmatch("[^,%s]+") do wanted[#wanted + 1] = f end
    local function scalar(v)
      local t = type(v)
      return t == "string" or t == "number" or t == "boolean"
    end

    local lines, failures, labels, enriched = {}, {}, {}, 0
    for _, ip in ipairs(addresses) do
      local r, herr = tocsin.http.get{
        _instance = p.http_instance ~= "" and p.http_instance or nil,
        url = (p.url:gsub("{ip}", ip)),
        timeout_ms = p.timeout_ms,
      }
      if not r then
        failures[#failures + 1] = ip .. " (" .. herr.code .. ": " .. herr.message .. ")"
      elseif r.status ~= 200 then
        failures[#failures + 1] = ip .. " (HTTP " .. r.status .. ")"
      elseif type(r.json) ~= "table" then
        failures[#failures + 1] = ip .. " (the answer is not a JSON object)"
      else
        enriched = enriched + 1
        local facts, keys = {}, {}
        for k, v in pairs(r.json) do
          if scalar(v) then keys[#keys + 1] = k end
        end
        table.sort(keys)
        for _, k in ipairs(keys) do facts[#facts + 1] = k .. "=" .. tostring(r.json[k]) end
        lines[#lines + 1] = "- " .. ip .. ": " .. (#facts > 0 and table.concat(facts, ", ") or "no findings")
        for _, f in ipairs(wanted) do
          if scalar(r.json[f]) and tostring(r.json[f]) ~= "" then
            labels[#labels + 1] = f .. ":" .. tostring(r.json[f])
          end
        end
      end
    end

    local message = "IP enrichment of " .. #addresses .. " address(es):"
    if #lines > 0 then message = message .. "\n" .. table.concat(lines, "\n") end
    if #failures > 0 then
      message = message .. "\nCould not enrich: " .. table.concat(failures, "; ")
    end
    if #labels > 0 then
      local _, lerr = tocsin.incidents.add_labels{ incident = incident.name, labels = labels }
      if lerr then ctx.log.warn("labels not added: " .. lerr.message) end
    end
    local _, cerr = tocsin.incidents.add_comment{ incident = incident.name, message = message:sub(1, 30000) }
    if cerr then ctx.log.error("comment not added: " .. cerr.message) end
    return { enriched = enriched, failed = #failures, labels = labels }
  end,
}
