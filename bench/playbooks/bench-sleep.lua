-- Benchmark: 10,000 runs suspended at once. Each run waits on a timer (util.sleep) and ends;
-- bench/load.py starts them through POST /api/v1/playbooks/bench-sleep/runs.
return {
  name = "bench-sleep",
  version = "1.0.0",
  description = "Benchmark: a run that waits ms milliseconds on a timer, then ends",
  triggers = { "manual" },
  params = { ms = { type = "integer", default = 60000 } },
  run = function(ctx)
    tocsin.util.sleep{ ms = ctx.params.ms }
    return { slept = ctx.params.ms }
  end,
}
