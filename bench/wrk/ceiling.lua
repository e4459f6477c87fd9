-- (4) The raw ceiling: GET /healthz answers a fixed body without touching the store or checking
-- a token; what the HTTP stack alone sustains on this machine.
dofile("bench/wrk/common.lua")
wrk.headers["Authorization"] = nil
wrk.method = "GET"
wrk.path = "/healthz"
