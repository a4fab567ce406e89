"""Streaming export of ≥ 100,000 rows: ``GET /customers/export.csv`` (and /contacts/export.csv) as admin.

One uvicorn process (production settings) on the seeded database; the script reads the CSV as it streams and
samples the server's resident memory (/proc/PID/status VmRSS) every 50 ms: a streamed export keeps it flat
(peak minus the level before the request stays small whatever the row count). PostgreSQL (1M customers):
the customers list filtered to level A (~110,000 rows) and unfiltered contacts as far as they go; SQLite (100k):
every owned customer (~80,000) and every contact (100,000). Writes bench/results/customers_export.json.
Run: ``.venv/bin/python bench/customers_export.py [--engine postgresql --engine sqlite]``.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from bench_site import machine_facts
from customer_site import Browser, bench_database_urls, dataset, rss_mb, served, write_engine_results

CASES = {
    "postgresql": [("customers", "level=A"), ("contacts", "")],
    "sqlite": [("customers", ""), ("contacts", "")],
}
CHUNK = 256 * 1024


class MemoryWatch(threading.Thread):
    """Samples a process's RSS every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.samples.append(value)
            time.sleep(self.interval)


def export(browser: Browser, server_pid: int, list_key: str, query: str) -> dict:
    path = f"/{list_key}/export.csv" + (f"?{query}" if query else "")
    baseline = rss_mb(server_pid)
    watch = MemoryWatch(server_pid)
    received = lines = 0
    progress = []  # (MB received, server RSS) about every 4 MB
    started = time.perf_counter()
    first_byte = None
    watch.start()
    try:
        with browser.open_stream(path) as response:
            status = response.status
            while chunk := response.read(CHUNK):
                first_byte = first_byte or time.perf_counter() - started
                received += len(chunk)
                lines += chunk.count(b"\n")
                if received // (4 * 2**20) > len(progress):
                    progress.append((round(received / 2**20, 1), rss_mb(server_pid)))
    finally:
        watch.done.set()
        watch.join()
    seconds = time.perf_counter() - started
    rows = max(0, lines - 1)
    peak = max(watch.samples) if watch.samples else None
    return {
        "path": path,
        "status": status,
        "rows": rows,
        "megabytes": round(received / 2**20, 1),
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "first_byte_ms": round((first_byte or 0) * 1000, 1),
        "server_rss_before_mb": baseline,
        "server_rss_peak_mb": peak,
        "server_rss_growth_mb": round(peak - baseline, 1)
        if peak is not None and baseline is not None
        else None,
        "rss_samples": len(watch.samples),
        "received_mb_vs_server_rss_mb": progress,
    }


def run_engine(engine: str, url: str) -> dict:
    with served(engine, url) as (site, base, server):
        size = dataset(site)
        browser = Browser(base)
        browser.sign_in("admin")
        runs = []
        for list_key, query in CASES[engine]:
            run = {"engine": engine, **export(browser, server.pid, list_key, query)}
            runs.append(run)
            print(
                f"{engine:<10} {run['path']:<34} {run['rows']:>9,} rows  {run['megabytes']:>7} MB  "
                f"{run['seconds']:>6} s  {run['rows_per_s']:>7,} rows/s  server RSS {run['server_rss_before_mb']} → "
                f"peak {run['server_rss_peak_mb']} MB",
                flush=True,
            )
        errors = site.server_errors()
    return {"engine": engine, "dataset": size, "server_error_lines": len(errors),
            "first_server_errors": errors[:3], "runs": runs}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"], help="Default both.")
    args = parser.parse_args()
    facts = machine_facts()
    engines = args.engine or ["postgresql", "sqlite"]
    results = [run_engine(engine, url) for engine, url in bench_database_urls(engines)]
    if not results:
        return 2
    for item in results:
        item["command"] = " ".join([".venv/bin/python", "bench/customers_export.py", *sys.argv[1:]])
        item["machine"] = facts
    header = {"benchmark": "streamed CSV export of a customer list as admin, server RSS sampled during the stream",
              "goal": "flat server memory while streaming (growth independent of the row count)"}  # fmt: skip
    print(f"wrote {write_engine_results('customers_export.json', header, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
