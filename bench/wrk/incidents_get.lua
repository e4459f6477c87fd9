-- (3b) GET one incident by name (TOCSIN_BENCH_INCIDENT, created by bench/run.sh).
dofile("bench/wrk/common.lua")
dofile("bench/wrk/incidents.lua")
wrk.method = "GET"
wrk.path = incidents_base .. "/" .. os.getenv("TOCSIN_BENCH_INCIDENT") .. "?" .. api_version
