-- Shared by the scenario scripts (each starts with dofile of this file). Environment:
--   TOCSIN_BENCH_TOKEN        bearer token sent with every request (empty: none)
--   TOCSIN_WRK_RATE           requests/s for the whole run, 0 = as fast as possible (closed loop)
--   TOCSIN_WRK_CONNECTIONS    the -c given to wrk, to spread TOCSIN_WRK_RATE over connections
-- Every thread counts answers that are not 2xx; done() prints one TOCSIN_RESULT JSON line that
-- bench/report.py reads.

local token = os.getenv("TOCSIN_BENCH_TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

non2xx = 0
reported = 0

-- Threads would otherwise draw the same "random" hosts in step.
function init(args)
  math.randomseed(os.time() + 7919 * (thread_id or 0))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if reported < 3 then
      reported = reported + 1
      io.stderr:write("wrk: answer " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

-- Pacing for the fixed-rate point: each connection waits about connections/rate seconds before
-- each request; the jitter (0.5 to 1.5 of the period) keeps connections from sending in step.
local rate = tonumber(os.getenv("TOCSIN_WRK_RATE") or "0") or 0
if rate > 0 then
  local connections = tonumber(os.getenv("TOCSIN_WRK_CONNECTIONS") or "1") or 1
  local period_ms = 1000 * connections / rate
  function delay()
    return math.floor(period_ms * (0.5 + math.random()) + 0.5)
  end
end

-- A per-thread sequence for unique names: "<thread>-<n>".
sequence = 0
function next_key()
  sequence = sequence + 1
  return thread_id .. "-" .. sequence
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'TOCSIN_RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, bad, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
