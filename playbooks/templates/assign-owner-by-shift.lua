-- Template: assign each new incident to whoever's shift covers the moment it was created.
-- `shifts` is a list of {owner, days, from, to}: days as "Mon-Fri", "Sat,Sun" or "Mon-Sun"; from
-- and to as "HH:MM" in the shift table's time zone (`utc_offset_minutes`); a shift whose `to` is
-- not after its `from` runs overnight and belongs to the day it starts. The first shift that
-- covers now wins; with none, `fallback_owner` (if any) gets the incident. Incidents that
-- already have an owner are left alone.
local day_index = { sun = 1, mon = 2, tue = 3, wed = 4, thu = 5, fri = 6, sat = 7 }

local function minutes(text, where)
  local h, m = tostring(text or ""):match("^(%d%d?):(%d%d)$")
  h, m = tonumber(h), tonumber(m)
  if not h or h > 24 or m > 59 or (h == 24 and m > 0) then
    error(where .. " must be a time HH:MM, not '" .. tostring(text) .. "'", 0)
  end
  return h * 60 + m
end

-- The set of weekdays (1 = Sunday, as os.date's wday) of "Mon-Fri", "Sat,Sun", "Tue".
local function days_of(text, where)
  local set = {}
  for part in tostring(text or ""):gmatch("[^,]+") do
    local a, b = part:match("^%s*(%a+)%s*%-%s*(%a+)%s*$")
    a, b = a or part:match("^%s*(%a+)%s*$"), b
    local first = a and day_index[a:sub(1, 3):lower()]
    local last = b and day_index[b:sub(1, 3):lower()] or first
    if not first or not last then
      error(where .. " must be days such as \"Mon-Fri\" or \"Sat,Sun\", not '" .. tostring(text) .. "'", 0)
    end
    local d = first
    while true do
      set[d] = true
      if d == last then break end
      d = d % 7 + 1
    end
  end
  if next(set) == nil then error(where .. " names no day", 0) end
  return set
end

-- The shift covering weekday `wday` at minute `now` of the day, or nil.
local function on_shift(shifts, wday, now)
  local yesterday = (wday + 5) % 7 + 1
  for i, s in ipairs(shifts) do
    local where = "shifts[" .. i .. "]"
    if type(s) ~= "table" or type(s.owner) ~= "string" or s.owner == "" then
      error(where .. ".owner must be an e-mail address or a name", 0)
    end
    local days, from, to = days_of(s.days, where .. ".days"), minutes(s.from, where .. ".from"), minutes(s.to, where .. ".to")
    if from < to then
      if days[wday] and now >= from and now < to then return s end
    else -- overnight: the evening of a listed day, or the morning after one
      if (days[wday] and now >= from) or (days[yesterday] and now < to) then return s end
    end
  end
end

return {
  name = "assign-owner-by-shift",
  version = "1.0.0",
  description = "Assigns new incidents to the analyst on shift",
  triggers = { "incident" },
  params = {
    shifts = { type = "table", default = {
      { owner = "early@contoso.com", days = "Mon-Fri", from = "06:00", to = "14:00" },
      { owner = "late@contoso.com", days = "Mon-Fri", from = "14:00", to = "22:00" },
      { owner = "night@contoso.com", days = "Mon-Sun", from = "22:00", to = "06:00" },
      { owner = "weekend@contoso.com", days = "Sat,Sun", from = "06:00", to = "22:00" },
    }, description = "list of {owner, days, from, to}" },
    utc_offset_minutes = { type = "integer", default = 0, description = "time zone of the shift table, minutes east of UTC (e.g. 60 for CET)" },
    fallback_owner = { type = "string", default = "", description = "owner when no shift covers now; empty: leave unassigned" },
  },
  run = function(ctx)
    local p, incident = ctx.params, ctx.trigger.incident
    local current = incident.owner or {}
    if (current.email or "") ~= "" or (current.assignedTo or "") ~= "" then
      return { assigned = false, reason = "already owned" }
    end
    local t = os.date("!*t", os.time() + p.utc_offset_minutes * 60)
    local shift = on_shift(p.shifts, t.wday, t.hour * 60 + t.min)
    local owner = shift and shift.owner or p.fallback_owner
    if owner == "" then
      ctx.log.warn(string.format("no shift covers %s %02d:%02d; incident %s left unassigned",
        os.date("!%a", os.time() + p.utc_offset_minutes * 60), t.hour, t.min, tostring(incident.incidentNumber)))
      return { assigned = false, reason = "no shift" }
    end
    local who = owner:find("@", 1, true) and { email = owner, userPrincipalName = owner, assignedTo = owner }
      or { assignedTo = owner }
    local updated, err = tocsin.incidents.assign{ incident = incident.name, owner = who }
    if not updated then
      ctx.log.error("cannot assign incident " .. tostring(incident.incidentNumber) .. ": " .. err.message)
      return { assigned = false, error = err.code }
    end
    ctx.log.info("incident " .. tostring(incident.incidentNumber) .. " assigned to " .. owner
      .. (shift and "" or " (fallback)"))
    return { assigned = true, owner = owner, fallback = shift == nil }
  end,
}
