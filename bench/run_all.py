"""Runs every benchmark in bench/ in turn (``make bench``); each writes its JSON under bench/results/.

The customer benchmarks measure the seeded databases of bench/seed_customers.py: the SQLite one (100,000
customers, about a minute) is seeded here when it is missing; the PostgreSQL one (1,000,000 customers, many
minutes) only with ``--seed-postgres`` — without it, and without the database, they measure SQLite alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["api_me.py", "cold_start.py"]
CUSTOMER_BENCHMARKS = [
    "customers_lists.py",
    "customers_search.py",
    "customers_import.py",
    "customers_export.py",
]


def seed_customer_databases(*, postgres: bool) -> list[str]:
    """The seeding commands to run before the customer benchmarks."""
    sys.path.insert(0, str(HERE))
    from customer_site import PG_URL, SQLITE_PATH, bench_database_urls

    commands = []
    if not SQLITE_PATH.exists():
        commands.append(["--customers", "100000", "--database-url", f"sqlite:///{SQLITE_PATH}"])
    if postgres and not any(engine == "postgresql" for engine, _url in bench_database_urls(["postgresql"])):
        commands.append(["--customers", "1000000", "--contacts", "1000000", "--followups", "1000000",
                         "--database-url", PG_URL])  # fmt: skip
    return [[sys.executable, str(HERE / "seed_customers.py"), *args] for args in commands]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed-postgres", action="store_true", help="Seed the 1M PostgreSQL database if missing."
    )
    parser.add_argument("--no-customers", action="store_true", help="Skip the customer benchmarks.")
    args = parser.parse_args()
    failed = []
    steps = [[sys.executable, str(HERE / script)] for script in BENCHMARKS]
    if not args.no_customers:
        steps += seed_customer_databases(postgres=args.seed_postgres)
        steps += [[sys.executable, str(HERE / script)] for script in CUSTOMER_BENCHMARKS]
    for command in steps:
        print(
            f"== {' '.join(Path(part).name if n < 2 else part for n, part in enumerate(command))}", flush=True
        )
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(Path(command[1]).name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
