-- Template: close a new incident as benign when every IP address it names is on a watchlist
-- (e.g. the organisation's authorised scanners), with a comment saying which watchlist and which
-- addresses. An incident with no IP, or with one IP not on the list, is left alone.
-- Needs the watchlist (alias `watchlist`, searched by the IP column):
--   PUT …/watchlists/known-scanners {properties: {displayName, provider, itemsSearchKey = "ip",
--   rawContent = "ip,owner\n198.51.100.10,Qualys\n", contentType = "text/csv"}}
return {
  name = "close-with-reason-on-watchlist",
  version = "1.0.0",
  description = "Closes incidents whose IP addresses are all on a watchlist",
  triggers = { "incident" },
  params = {
    watchlist = { type = "string", default = "known-scanners", description = "watchlist alias; its search key holds IP addresses" },
    classification = { type = "choice", choices = { "BenignPositive", "FalsePositive", "TruePositive", "Undetermined" }, default = "BenignPositive", description = "classification to close with" },
    reason = { type = "choice", choices = { "SuspiciousButExpected", "SuspiciousActivity", "IncorrectAlertLogic", "InaccurateData", "none" }, default = "SuspiciousButExpected", description = "classification reason (none for Undetermined)" },
  },
  run = function(ctx)
    local p, incident = ctx.params, ctx.trigger.incident
    local ips, err = tocsin.entities.get{ incident = incident.name, kind = "ips" }
    if not ips then
      ctx.log.error("cannot read the IPs of incident " .. incident.name .. ": " .. err.message)
      return { closed = false, error = err.code }
    end
    local values, seen = {}, {}
    for _, e in ipairs(ips) do
      local address = e.properties.address or e.properties.friendlyName
      if address and not seen[address] then
        seen[address] = true
        values[#values + 1] = address
      end
    end
    if #values == 0 then
      return { closed = false, reason = "no IP address" }
    end
    local listed, lerr = tocsin.watchlists.contains{ watchlist = p.watchlist, values = values }
    if not listed then
      ctx.log.error("watchlist '" .. p.watchlist .. "' cannot be read: " .. lerr.message)
      return { closed = false, error = lerr.code }
    end
    if not listed.all then
      ctx.log.info("incident " .. tostring(incident.incidentNumber) .. " kept open: "
        .. table.concat(listed.missing, ", ") .. " not on watchlist '" .. p.watchlist .. "'")
      return { closed = false, missing = listed.missing }
    end
    local comment = "Closed: every IP address of this incident (" .. table.concat(values, ", ")
      .. ") is on the watchlist '" .. p.watchlist .. "'."
    local closed, cerr = tocsin.incidents.close{
      incident = incident.name,
      classification = p.classification,
      reason = p.reason ~= "none" and p.reason or nil,
      comment = comment,
    }
    if not closed then
      ctx.log.error("cannot close incident " .. tostring(incident.incidentNumber) .. ": " .. cerr.message)
      return { closed = false, error = cerr.code }
    end
    tocsin.incidents.add_comment{ incident = incident.name, message = comment }
    return { closed = true, ips = values }
  end,
}
