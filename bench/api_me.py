"""Throughput and latency of ``GET /api/v1/me`` with a personal token, on ONE uvicorn process.

For each engine (SQLite; PostgreSQL when reachable): a fresh site with the demo company, a token for sales1,
one server process with production settings, a warm-up, then wrk at a fixed concurrency. Writes
bench/results/api_me.json. Run: ``.venv/bin/python bench/api_me.py [--duration 20] [--connections 20]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench_site import (
    Site,
    cpu_seconds,
    free_port,
    http_get,
    machine_facts,
    postgres_database,
    stop,
    temporary_var_dir,
    wait_healthy,
    write_result,
)

LUA = Path(__file__).resolve().parent / "wrk_report.lua"
GOAL = {"requests_per_s_min": 400, "p95_ms_max": 50}


def wrk(url: str, token: str, *, connections: int, seconds: int, threads: int) -> dict:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={LUA}",
        f"--header=Authorization: Bearer {token}",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise RuntimeError(f"wrk printed no report:\n{result.stdout}\n{result.stderr}")


def measure(site: Site, args: argparse.Namespace) -> dict:
    if args.web_threads:
        site.env["ATRIUM_WEB_THREADS"] = str(args.web_threads)
    site.prepare(demo=True)
    token = site.token_for("sales1")
    port = free_port()
    server = site.start_server(port)
    try:
        wait_healthy(port, server, log=site.server_log)
        url = f"http://127.0.0.1:{port}/api/v1/me"
        status, body = http_get(url, {"Authorization": f"Bearer {token}"})
        if status != 200 or json.loads(body)["username"] != "sales1":
            raise RuntimeError(f"/api/v1/me answered {status}: {body[:300]!r}")
        wrk(url, token, connections=args.connections, seconds=args.warmup, threads=args.threads)
        cpu_before = cpu_seconds(server.pid)
        report = wrk(url, token, connections=args.connections, seconds=args.duration, threads=args.threads)
        cpu_after = cpu_seconds(server.pid)
    finally:
        stop(server)
    latency = report["latency_ms"]
    server_errors = site.server_errors()
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None and report["requests"]:
        cpu_ms = round((cpu_after - cpu_before) * 1000 / report["requests"], 2)
    return {
        "engine": site.engine,
        "requests_per_s": report["requests_per_s"],
        "p50_ms": latency["p50"],
        "p95_ms": latency["p95"],
        "p99_ms": latency["p99"],
        "errors": report["non_2xx"] + sum(report["socket_errors"].values()),
        "server_cpu_ms_per_request": cpu_ms,
        "meets_goal": report["requests_per_s"] >= GOAL["requests_per_s_min"]
        and latency["p95"] < GOAL["p95_ms_max"],
        "server_error_lines": len(server_errors),
        "first_server_errors": server_errors[:3],
        "wrk": report,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="Seconds measured (default 20).")
    parser.add_argument("--warmup", type=int, default=3, help="Seconds of warm-up first (default 3).")
    parser.add_argument("--connections", type=int, default=20, help="Concurrent connections (default 20).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
    parser.add_argument("--no-postgres", action="store_true", help="Only SQLite.")
    parser.add_argument(
        "--web-threads", type=int, help="ATRIUM_WEB_THREADS of the server (default: its own)."
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk).", file=sys.stderr)
        return 2

    facts = machine_facts()
    runs = []
    with temporary_var_dir("sqlite") as var_dir:
        runs.append(measure(Site(var_dir), args))
        print(_line(runs[-1]))
    if not args.no_postgres:
        with temporary_var_dir("postgresql") as var_dir, postgres_database("atrium_bench") as url:
            if url:
                runs.append(measure(Site(var_dir, url), args))
                print(_line(runs[-1]))

    result = {
        "benchmark": "GET /api/v1/me with a personal token (sales1), one uvicorn process (uvloop, httptools)",
        "machine": facts,
        "load": {
            "tool": "wrk",
            "connections": args.connections,
            "threads": args.threads,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
        },
        "goal": GOAL,
        "runs": runs,
    }
    print(f"wrote {write_result('api_me.json', result)}")
    return 0


def _line(run: dict) -> str:
    verdict = "meets the goal" if run["meets_goal"] else "MISSES the goal"
    return (
        f"{run['engine']:<10} {run['requests_per_s']:8.1f} req/s  p50 {run['p50_ms']:.1f} ms  "
        f"p95 {run['p95_ms']:.1f} ms  p99 {run['p99_ms']:.1f} ms  errors {run['errors']}  "
        f"server CPU {run['server_cpu_ms_per_request']} ms/request  ({verdict})"
    )


if __name__ == "__main__":
    sys.exit(main())
