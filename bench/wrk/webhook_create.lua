-- (1) webhook -> playbook -> incident: POST to the bench playbook's synchronous webhook, which
-- validates the payload, creates the incident (a durable store write) and answers 201 with it.
dofile("bench/wrk/common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  local key = next_key()
  local body = '{"title": "Beaconing from ws-' .. key .. '", "severity": "High", ' ..
               '"description": "EDR webhook ' .. key .. '"}'
  return wrk.format(nil, "/api/v1/webhooks/bench-create", nil, body)
end
