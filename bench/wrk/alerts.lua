-- Alert bodies for the ingest scenarios. Each alert names a host from a pool of
-- TOCSIN_BENCH_HOSTS (default 5000), so alerts correlate into open incidents, and a fresh IP.
local hosts = tonumber(os.getenv("TOCSIN_BENCH_HOSTS") or "5000")

function alert_json(key)
  -- Arithmetic, not bit operators: wrk embeds LuaJIT (Lua 5.1).
  local a, b, c = math.random(0, 255), math.random(0, 255), math.random(1, 254)
  return '{"systemAlertId": "bench-' .. key .. '", "alertDisplayName": "Encoded PowerShell", ' ..
         '"severity": "High", "productName": "Contoso EDR", "entities": [' ..
         '{"kind": "Host", "hostName": "ws-' .. math.random(1, hosts) .. '"}, ' ..
         '{"kind": "Ip", "address": "10.' .. a .. '.' .. b .. '.' .. c .. '"}]}'
end

ingest_path = "/api/v1/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin" ..
              "/workspaces/default/alerts"
