"""Cold start: seconds from launching the server command to the first 200 from /healthz.

The site is migrated once beforehand (a cold start does not include migrations); each run starts
``python -m uvicorn atrium.asgi:application`` (default loop and parser, production settings), polls /healthz
every 10 ms, then stops the server. Writes bench/results/cold_start.json.
Run: ``.venv/bin/python bench/cold_start.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench_site import Site, free_port, machine_facts, stop, temporary_var_dir, wait_healthy, write_result


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
        site.prepare(demo=False)
        one_start(site)  # warms the file cache and bytecode; not counted
        seconds = [one_start(site) for _ in range(args.runs)]
    result = {
        "benchmark": "launch 'python -m uvicorn atrium.asgi:application' → first 200 from /healthz (SQLite)",
        "machine": facts,
        "command": site.server_command(0, fast=False)[:-3],
        "runs_s": [round(s, 3) for s in seconds],
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
    }
    print(f"cold start: median {result['median_s']} s over {args.runs} runs {result['runs_s']}")
    print(f"wrote {write_result('cold_start.json', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
