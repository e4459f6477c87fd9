-- (3a) PUT a new incident (Sentinel's Incidents_CreateOrUpdate), a fresh GUID each time.
dofile("bench/wrk/common.lua")
dofile("bench/wrk/incidents.lua")
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"

function request()
  sequence = sequence + 1
  local name = string.format("%08x-0000-4000-8000-%012x", thread_id, sequence)
  local body = '{"properties": {"title": "Bench incident ' .. name ..
               '", "severity": "Medium", "status": "New"}}'
  return wrk.format(nil, incidents_base .. "/" .. name .. "?" .. api_version, nil, body)
end
