-- (2a) Alert ingest in batches of TOCSIN_BENCH_BATCH (default 100): one store transaction per
-- batch; each new alert then goes through correlation / creation rules (asynchronously).
dofile("bench/wrk/common.lua")
dofile("bench/wrk/alerts.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local batch = tonumber(os.getenv("TOCSIN_BENCH_BATCH") or "100")

function request()
  local items = {}
  for i = 1, batch do
    items[i] = alert_json(next_key())
  end
  return wrk.format(nil, ingest_path, nil, '{"alerts": [' .. table.concat(items, ", ") .. ']}')
end
