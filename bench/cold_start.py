"""Cold start: seconds from launching to the first 200 from /healthz, two ways.

- ``make run`` on an already-installed checkout with the demo company already there: its setup checks,
  ``migrate`` (nothing to do), ``demo --if-empty`` and ``atrium serve`` (web + worker), as a newcomer starts it;
- the bare server, ``python -m uvicorn atrium.asgi:application`` (default loop and parser, production settings).

The site is migrated (and seeded, for ``make run``) once beforehand; each run polls /healthz every 10 ms, then
stops the process group. Writes bench/results/cold_start.json.
Run: ``.venv/bin/python bench/cold_start.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

from bench_site import (
    ROOT,
    Site,
    free_port,
    machine_facts,
    stop,
    temporary_var_dir,
    wait_healthy,
    write_result,
)


def one_make_run(site: Site) -> float:
    port = free_port()
    env = {**site.env, "HOST": "127.0.0.1", "PORT": str(port)}
    launched = time.perf_counter()
    with site.server_log.open("ab") as log:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    try:
        wait_healthy(port, make, log=site.server_log, timeout=120)
        return time.perf_counter() - launched
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C, as a person stops it
        try:
            make.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()


def _summary(seconds: list[float]) -> dict:
    return {
        "runs_s": [round(s, 3) for s in seconds],
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
    }


def one_start(site: Site) -> float:
    port = free_port()
    launched = time.perf_counter()
    server = site.start_server(port, fast=False)
    try:
        wait_healthy(port, server, log=site.server_log)
        return time.perf_counter() - launched
    finally:
        stop(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="Number of starts (default 5); the median is kept."
    )
    args = parser.parse_args()
    facts = machine_facts()
    with temporary_var_dir("cold") as var_dir:
        site = Site(var_dir)
        site.prepare(demo=True)
        one_make_run(site)  # warms the file cache and bytecode; not counted
        make_run = _summary([one_make_run(site) for _ in range(args.runs)])
        one_start(site)
        server = _summary([one_start(site) for _ in range(args.runs)])
    result = {
        "benchmark": "launch → first 200 from /healthz (SQLite, demo company present)",
        "machine": facts,
        "make_run": {"command": "make run (installed checkout)", **make_run},
        "server": {"command": " ".join(site.server_command(0, fast=False)[:-3]), **server},
    }
    print(f"make run:   median {make_run['median_s']} s over {args.runs} runs {make_run['runs_s']}")
    print(f"server:     median {server['median_s']} s over {args.runs} runs {server['runs_s']}")
    print(f"wrote {write_result('cold_start.json', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
