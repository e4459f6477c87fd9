-- (2b) Alert ingest, one alert per request.
dofile("bench/wrk/common.lua")
dofile("bench/wrk/alerts.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  return wrk.format(nil, ingest_path, nil, alert_json(next_key()))
end
