#!/usr/bin/env python3
"""The end-to-end load benchmarks of bench/run.sh: starts the real `tocsin serve` (SQLite,
default durability) on an ephemeral loopback port and drives it with wrk and the scripts of
bench/wrk/, then runs the 10,000-suspended-runs benchmark and a short perf profile.

Usage: bench/load.py --tocsin BUILD/src/tocsin --work DIR --out RESULTS.json
        [--duration S] [--connections N] [--threads N] [--suspended N] [--no-profile]

Every figure comes from this run: wrk's own latency histogram, /proc/PID/status VmHWM (reset
before each scenario through /proc/PID/clear_refs), the server's /metrics (store transactions)
and /proc/PID/stat (CPU time)."""

import argparse
import http.client
import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_DIR = ROOT / "bench" / "wrk"
PLAYBOOKS = ROOT / "bench" / "playbooks"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Server:
    """One `tocsin serve` with a fresh data directory and a known Admin token."""

    def __init__(self, tocsin, data_dir, extra_args=()):
        self.token = f"tcn_{uuid.uuid4()}_{secrets.token_hex(32)}"
        self.data_dir = Path(data_dir)
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)
        self.log_path = self.data_dir.parent / (self.data_dir.name + ".log")
        env = dict(os.environ, TOCSIN_BOOTSTRAP_TOKEN=self.token,
                   TOCSIN_PLAYBOOK_DIRS=str(PLAYBOOKS))
        args = [tocsin, "serve", "--listen", "127.0.0.1:0", "--data-dir", str(self.data_dir),
                *extra_args]
        self.log_file = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, env=env, stdout=self.log_file, stderr=subprocess.STDOUT)
        self.port = self._wait_listening()
        self.pid = self.proc.pid

    def _wait_listening(self):
        pattern = re.compile(r"tocsin: listening on http://[^:\s]+:(\d+)")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            m = pattern.search(self.log_path.read_text())
            if m:
                return int(m.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError(f"tocsin serve exited:\n{self.log_path.read_text()}")
            time.sleep(0.05)
        raise RuntimeError(f"tocsin serve did not listen in time:\n{self.log_path.read_text()}")

    def request(self, method, path, body=None, token=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {self.token}"
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers=headers)
        reply = conn.getresponse()
        data = reply.read()
        conn.close()
        return reply.status, data

    def metrics(self):
        status, data = self.request("GET", "/metrics")
        if status != 200:
            raise RuntimeError(f"/metrics answered {status}")
        out = {}
        for line in data.decode().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name, _, value = line.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                pass
        return out

    def reset_peak_rss(self):
        # "5" resets VmHWM to the current RSS (Linux >= 4.0), so each scenario gets its own peak.
        with open(f"/proc/{self.pid}/clear_refs", "w") as f:
            f.write("5")

    def memory(self):
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) * 1024
        return fields

    def cpu_seconds(self):
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        parts = stat[stat.rindex(")") + 2:].split()
        return (int(parts[11]) + int(parts[12])) / CLK_TCK

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def store_writes(metrics):
    count = metrics.get('tocsin_store_transaction_duration_seconds_count{kind="write"}', 0.0)
    total = metrics.get('tocsin_store_transaction_duration_seconds_sum{kind="write"}', 0.0)
    wait = metrics.get("tocsin_store_writer_wait_seconds_sum", 0.0)
    return count, total, wait


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_wrk(server, script, duration, connections, threads, rate=0, env_extra=None):
    env = dict(os.environ, TOCSIN_BENCH_TOKEN=server.token, TOCSIN_WRK_RATE=str(rate),
               TOCSIN_WRK_CONNECTIONS=str(connections), **(env_extra or {}))
    args = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
            "--timeout", "10s", "-s", str(WRK_DIR / script), f"http://127.0.0.1:{server.port}"]
    server.reset_peak_rss()
    before_metrics = store_writes(server.metrics())
    before_cpu = server.cpu_seconds()
    before_wrk_cpu = children_cpu()
    started = time.monotonic()
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"wrk {script} failed:\n{done.stdout}\n{done.stderr}")
    m = re.search(r"TOCSIN_RESULT (\{.*\})", done.stdout)
    if not m:
        raise RuntimeError(f"wrk {script}: no result line:\n{done.stdout}\n{done.stderr}")
    result = json.loads(m.group(1))
    after_metrics = store_writes(server.metrics())
    memory = server.memory()
    seconds = result["duration_us"] / 1e6
    writes = after_metrics[0] - before_metrics[0]
    result.update({
        "script": script,
        "connections": connections,
        "threads": threads,
        "target_rate": rate,
        "rps": result["requests"] / seconds,
        "peak_rss": memory["VmHWM"],
        "server_cpu_cores": (server.cpu_seconds() - before_cpu) / elapsed,
        "wrk_cpu_cores": (children_cpu() - before_wrk_cpu) / elapsed,
        "store_writes": writes,
        "store_write_mean_ms": 1000 * (after_metrics[1] - before_metrics[1]) / writes if writes else 0,
        "writer_wait_mean_ms": 1000 * (after_metrics[2] - before_metrics[2]) / writes if writes else 0,
        # Share of the wall time the single SQLite writer spent inside write transactions.
        "writer_busy": (after_metrics[1] - before_metrics[1]) / elapsed,
        "stderr": done.stderr.strip()[:600],
    })
    log(f"{script}{' @' + str(rate) + '/s' if rate else ''}: {result['rps']:.0f} req/s, "
        f"p50 {result['p50_us'] / 1000:.2f} ms, p99 {result['p99_us'] / 1000:.2f} ms, "
        f"non-2xx {result['non2xx']}, peak RSS {result['peak_rss'] / 2**20:.1f} MiB")
    return result


def wait_store_quiet(server, quiet=2.0, limit=300):
    """Waits until the store's write count stops moving (the alert pipeline has routed every
    ingested alert); returns the monotonic time of the last write seen."""
    last_count = store_writes(server.metrics())[0]
    last_change = time.monotonic()
    deadline = last_change + limit
    while time.monotonic() < deadline:
        time.sleep(0.2)
        count = store_writes(server.metrics())[0]
        now = time.monotonic()
        if count != last_count:
            last_count, last_change = count, now
        elif now - last_change >= quiet:
            return last_change
    raise RuntimeError("the store did not go quiet: routing never drained")


def ingest(server, script, duration, connections, threads, alerts_per_request):
    started = time.monotonic()
    result = run_wrk(server, script, duration, connections, threads)
    wrk_end = started + result["duration_us"] / 1e6
    drained = wait_store_quiet(server)
    result["alerts_per_request"] = alerts_per_request
    result["alerts_accepted_per_s"] = result["rps"] * alerts_per_request
    # Accepted alerts over the time until the last routing write: end to end, incidents made.
    routed_seconds = max(drained, wrk_end) - started
    result["alerts_routed_per_s"] = result["requests"] * alerts_per_request / routed_seconds
    result["routing_lag_s"] = max(0.0, drained - wrk_end)
    log(f"{script}: {result['alerts_accepted_per_s']:.0f} alerts/s accepted, "
        f"{result['alerts_routed_per_s']:.0f} alerts/s routed end to end "
        f"(routing finished {result['routing_lag_s']:.1f} s after the load)")
    return result


def profile(server, script, duration, connections, threads, work):
    """perf record (on-CPU samples of the server) while wrk drives `script`."""
    data = Path(work) / "perf.data"
    perf = subprocess.Popen(["perf", "record", "-F", "999", "-p", str(server.pid), "-o", str(data),
                             "--", "sleep", str(duration)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    result = run_wrk(server, script, duration, connections, threads)
    perf.wait()

    def report(sort):
        done = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", sort,
                               "--stdio", "--percent-limit", "0.7"],
                              capture_output=True, text=True)
        rows = []
        for line in done.stdout.splitlines():
            m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
            if m:
                rows.append([float(m.group(1)), " ".join(m.group(2).split())])
        return rows

    return {"wrk": result, "by_dso": report("dso"), "by_symbol": report("dso,sym")}


def suspended_runs(server, count, sleep_ms, clients=8):
    """Starts `count` runs of bench-sleep (each waits sleep_ms on a timer) as fast as the API
    takes them, then waits for all to end. Returns timings, active-run peak and memory."""
    baseline = server.memory()["VmRSS"]
    server.reset_peak_rss()
    path = "/api/v1/playbooks/bench-sleep/runs"
    body = json.dumps({"params": {"ms": sleep_ms}})
    failures = []
    next_index = [0]
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Content-Type": "application/json",
                   "Authorization": f"Bearer {server.token}"}
        while True:
            with lock:
                if next_index[0] >= count:
                    break
                next_index[0] += 1
            conn.request("POST", path, body=body, headers=headers)
            reply = conn.getresponse()
            data = reply.read()
            if reply.status != 202:
                failures.append((reply.status, data[:200]))
        conn.close()

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    submitted = time.monotonic()
    peak_active = 0
    rss_all_suspended = None
    while True:
        m = server.metrics()
        active = int(m.get("tocsin_playbook_runs_active", 0))
        pending = int(m.get("tocsin_run_record_writes_pending", 0))
        if active > peak_active:
            peak_active = active
            rss_all_suspended = server.memory()["VmRSS"]
        if active == 0 and pending == 0:
            break
        if time.monotonic() - started > sleep_ms / 1000 + 600:
            raise RuntimeError("suspended runs did not finish")
        time.sleep(0.2)
    finished = time.monotonic()
    memory = server.memory()
    succeeded = server.metrics().get(
        'tocsin_playbook_runs_total{playbook="bench-sleep",status="succeeded"}', 0)
    result = {
        "runs": count,
        "sleep_ms": sleep_ms,
        "failures": len(failures),
        "first_failures": [f"{s} {d!r}" for s, d in failures[:3]],
        "submit_s": submitted - started,
        "total_s": finished - started,
        # From the first timer's end (first start + sleep) to the last record written.
        "drain_after_timers_s": finished - started - sleep_ms / 1000,
        "peak_active": peak_active,
        "rss_baseline": baseline,
        "rss_all_suspended": rss_all_suspended,
        "peak_rss": memory["VmHWM"],
        "succeeded": succeeded,
    }
    log(f"suspended runs: {peak_active} active at once, peak RSS {memory['VmHWM'] / 2**20:.1f} MiB "
        f"(baseline {baseline / 2**20:.1f} MiB), all {count} done in {result['total_s']:.1f} s")
    return result


def create_incident(server):
    name = str(uuid.uuid4())
    path = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin/providers/"
            "Microsoft.OperationalInsights/workspaces/default/providers/"
            f"Microsoft.SecurityInsights/incidents/{name}?api-version=2025-09-01")
    status, data = server.request("PUT", path, {"properties": {"title": "Bench read target",
                                                               "severity": "High",
                                                               "status": "New"}})
    if status not in (200, 201):
        raise RuntimeError(f"creating the incident to read answered {status}: {data[:300]!r}")
    return name


def with_setting(tocsin, data_dir, setting, scenarios):
    """Runs `scenarios` (name -> function of the server) on a fresh server started with
    `--set SETTING` (on the defaults when SETTING is None), after one warm-up webhook; returns
    their results by name."""
    server = Server(tocsin, data_dir, ["--set", setting] if setting else [])
    try:
        server.request("POST", "/api/v1/webhooks/bench-create", {"title": "warm-up"})
        return {name: run(server) for name, run in scenarios.items()}
    finally:
        server.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tocsin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--suspended", type=int, default=10000)
    p.add_argument("--suspended-sleep-ms", type=int, default=60000)
    p.add_argument("--no-profile", action="store_true")
    a = p.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    d, c, t = a.duration, a.connections, a.threads
    results = {"duration_s": d, "connections": c, "threads": t}

    server = Server(a.tocsin, work / "data")
    try:
        status, _ = server.request("POST", "/api/v1/webhooks/bench-create",
                                   {"title": "warm-up", "severity": "Low"})
        if status != 201:
            raise RuntimeError(f"the bench webhook answered {status}; see {server.log_path}")
        scenarios = {}
        scenarios["ceiling"] = run_wrk(server, "ceiling.lua", d, c, t)
        scenarios["webhook"] = run_wrk(server, "webhook_create.lua", d, c, t)
        # The half-rate point: an open-loop-ish fixed rate (common.lua's delay()), with enough
        # connections that the pacing period per connection stays >= ~20 ms.
        half = max(1, int(scenarios["webhook"]["rps"] / 2))
        half_connections = max(4, min(c, round(half * 0.02)))
        scenarios["webhook_half"] = run_wrk(server, "webhook_create.lua", d, half_connections, t,
                                            rate=half)
        scenarios["ingest_batch"] = ingest(server, "ingest_batch.lua", d, c, t, 100)
        scenarios["ingest_single"] = ingest(server, "ingest_single.lua", d, c, t, 1)
        scenarios["incidents_create"] = run_wrk(server, "incidents_create.lua", d, c, t)
        target = create_incident(server)
        scenarios["incidents_get"] = run_wrk(server, "incidents_get.lua", d, c, t,
                                             env_extra={"TOCSIN_BENCH_INCIDENT": target})
        scenarios["incidents_list"] = run_wrk(server, "incidents_list.lua", d, c, t)
        results["scenarios"] = scenarios
        if not a.no_profile and shutil.which("perf"):
            results["profile"] = profile(server, "webhook_create.lua", d, c, t, work)
        results["store_bytes"] = sum(f.stat().st_size for f in (work / "data").rglob("*")
                                     if f.is_file())
    finally:
        server.stop()

    # What fsync at commit costs end to end: the same scenarios with synchronous=normal.
    results["sync_normal"] = with_setting(a.tocsin, work / "data-normal",
                                          "store.sqlite.synchronous=normal", {
        "ceiling": lambda s: run_wrk(s, "ceiling.lua", d, c, t),
        "webhook": lambda s: run_wrk(s, "webhook_create.lua", d, c, t),
        "ingest_batch": lambda s: ingest(s, "ingest_batch.lua", d, c, t, 100),
    })

    # The settings below are compared with a fresh server on the defaults that runs the same
    # scenarios in the same order: the main server's state (routed alerts, earlier incidents)
    # changes what a scenario costs, single-alert ingest above all.
    def compared(s):
        out = {
            "ceiling": run_wrk(s, "ceiling.lua", d, c, t),
            "webhook": run_wrk(s, "webhook_create.lua", d, c, t),
            "ingest_single": ingest(s, "ingest_single.lua", d, c, t, 1),
            "incidents_create": run_wrk(s, "incidents_create.lua", d, c, t),
        }
        out["incidents_get"] = run_wrk(s, "incidents_get.lua", d, c, t,
                                       env_extra={"TOCSIN_BENCH_INCIDENT": create_incident(s)})
        return out

    results["fresh_default"] = with_setting(a.tocsin, work / "data-fresh", None,
                                            {"all": compared})["all"]
    # What group commit buys: the same writes, one transaction (and one fsync) each.
    results["no_group_commit"] = with_setting(a.tocsin, work / "data-alone",
                                              "store.sqlite.group_commit_max=1",
                                              {"all": compared})["all"]
    # What appending each commit to the WAL in large blocks buys: SQLite's own two writes per page.
    results["no_wal_coalesce"] = with_setting(a.tocsin, work / "data-uncoalesced",
                                              "store.sqlite.coalesce_wal_writes=false",
                                              {"all": compared})["all"]
    # What trusting recently verified tokens buys: a store read and a pool hand-off per request.
    results["no_token_cache"] = with_setting(a.tocsin, work / "data-token-reads",
                                             "auth.token_cache_seconds=0",
                                             {"all": compared})["all"]

    # A fresh server, so the resident memory is the runs' and not the earlier scenarios'.
    sleeper = Server(a.tocsin, work / "data-suspended")
    try:
        results["suspended"] = suspended_runs(sleeper, a.suspended, a.suspended_sleep_ms)
    finally:
        sleeper.stop()

    Path(a.out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
