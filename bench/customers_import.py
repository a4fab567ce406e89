"""End-to-end import of a generated customer CSV with Chinese headers: ``atrium import customers FILE --as admin``.

The file (100,000 rows by default, GBK by default) holds realistic customers whose names and phones exist
neither in the file nor in the database, so every row is imported: the command reads, maps the Chinese headers,
validates every row (fields, owner, duplicates in the file and against the database), then writes in batches with
log rows and search index entries (on PostgreSQL by COPY, sent from a second thread while the next batch is
checked). It runs against a COPY of the seeded benchmark database (PostgreSQL: a
database created from it as a template; SQLite: a copy of the file), which is thrown away afterwards, under
``/usr/bin/time -v`` for the peak RSS. Goals: ≥ 6,000 rows/s on PostgreSQL, ≥ 1,000 rows/s on SQLite, peak
RSS < 500 MB. Writes bench/results/customers_import.json.
Run: ``.venv/bin/python bench/customers_import.py [--rows 100000] [--encoding gbk|utf-8-sig] [--engine …]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench_site import PYTHON, ROOT, Site, machine_facts, temporary_var_dir
from customer_rows import LEVELS, SOURCES, STYLES, TAGS, customer_fields
from customer_site import PG_URL, SQLITE_PATH, bench_database_urls, dataset, write_engine_results

GOAL = {"postgresql": 6000, "sqlite": 1000, "peak_rss_mb_max": 500}
HEADER = [
    "客户名称",
    "简称",
    "所属行业",
    "客户来源",
    "级别",
    "地区",
    "详细地址",
    "联系电话",
    "邮箱",
    "标签",
    "备注",
    "负责人",
]
OWNERS = ["sales1", "sales2", *(f"rep{n:04d}" for n in range(1, 21))]


def write_csv(path: Path, rows: int, encoding: str, seed: int = 99) -> None:
    """Names carry a unit / branch in brackets and phones use the 162 range, both absent from the seeded data,
    so no row is a duplicate."""
    rng = random.Random(seed)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            fields = customer_fields(rng)
            if fields["type"] == "person":
                name = f"{fields['name']}（{n // 1000 + 1}栋{n % 1000 + 101}室）"
            else:
                name = f"{fields['name']}（{fields['region'][3:]}第{n + 1}分部）"
            tags = "、".join(rng.sample(TAGS, rng.choice((0, 1, 2))))
            writer.writerow([
                name, fields["short_name"], fields["industry"], rng.choice(SOURCES), rng.choice(LEVELS),
                fields["region"], fields["address"], f"162{n:08d}", fields["email"], tags,
                fields["notes"].replace("㎡", "平方米") + f"，{rng.choice(STYLES)}", rng.choice(OWNERS),
            ])  # fmt: skip


@contextmanager
def database_copy(engine: str, var_dir: Path):
    """A throw-away copy of the seeded benchmark database."""
    if engine == "sqlite":
        with sqlite3.connect(SQLITE_PATH) as source:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target = var_dir / "import-copy.sqlite3"
        shutil.copyfile(SQLITE_PATH, target)
        yield f"sqlite:///{target}"
        return
    import psycopg

    name = f"{PG_URL.rpartition('/')[2]}_import"
    admin_url = PG_URL.rpartition("/")[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{PG_URL.rpartition("/")[2]}"')
        try:
            yield f"{PG_URL.rpartition('/')[0]}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_import(site: Site, path: Path) -> dict:
    atrium = Path(PYTHON).parent / "atrium"
    command = ["/usr/bin/time", "-v", str(atrium), "import", "customers", str(path), "--as", "admin"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=site.env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    # "imported N, updated M, invalid K" (or the same in Chinese: 已导入 N 条，已更新 M 条，有误 K 条)
    summary = re.match(
        r"\D*(\d+)\D+(\d+)\D+(\d+)", result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""
    )
    if result.returncode != 0 or not summary:
        raise RuntimeError(
            f"the import failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    imported = int(summary.group(1))
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", result.stderr))
    return {
        "cpu_seconds": round(cpu, 1),
        "exit_code": result.returncode,
        "summary": result.stdout.strip().splitlines()[0],
        "seconds": round(seconds, 1),
        "rows_per_s": round(imported / seconds),
        "peak_rss_mb": round(int(peak.group(1)) / 1024, 1) if peak else None,
    }


def run_engine(engine: str, args: argparse.Namespace, csv_path: Path) -> dict:
    with temporary_var_dir(f"import-{engine}") as var_dir, database_copy(engine, var_dir) as url:
        site = Site(var_dir, url)
        before = dataset(site)
        figures = run_import(site, csv_path)
        after = dataset(site)
    run = {
        "engine": engine,
        "dataset_before": before,
        "customers_added": after["customers"] - before["customers"],
        "file": {
            "rows": args.rows,
            "encoding": args.encoding,
            "bytes": csv_path.stat().st_size,
            "header": HEADER,
        },
        **figures,
    }
    run["meets_goal"] = (
        run["rows_per_s"] >= GOAL[engine] and (run["peak_rss_mb"] or 0) < GOAL["peak_rss_mb_max"]
    )
    print(
        f"{engine:<10} {figures['summary']}  {figures['seconds']} s  {figures['rows_per_s']:,} rows/s  "
        f"peak RSS {figures['peak_rss_mb']} MB  ({'ok' if run['meets_goal'] else 'MISSES the goal'})",
        flush=True,
    )
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--encoding", default="gbk", choices=["gbk", "utf-8-sig", "utf-8"])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"], help="Default both.")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        print("/usr/bin/time is missing (Debian: apt-get install -y time).", file=sys.stderr)
        return 2
    facts = machine_facts()
    engines = [engine for engine, _url in bench_database_urls(args.engine or ["postgresql", "sqlite"])]
    if not engines:
        return 2
    with temporary_var_dir("import-file") as folder:
        csv_path = folder / f"customers-{args.rows}.csv"
        write_csv(csv_path, args.rows, args.encoding)
        results = [run_engine(engine, args, csv_path) for engine in engines]
    for item in results:
        item["command"] = " ".join([".venv/bin/python", "bench/customers_import.py", *sys.argv[1:]])
        item["measured_command"] = "/usr/bin/time -v .venv/bin/atrium import customers FILE --as admin"
        item["machine"] = facts
    header = {"benchmark": "atrium import customers FILE --as admin (CSV with Chinese headers), end to end",
              "goal": GOAL}  # fmt: skip
    print(f"wrote {write_engine_results('customers_import.json', header, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
