"""A 50-line quote version as a PDF (goal: < 1 s), and the page of that quote, on each database.

Each engine runs in its own process on its own scratch database (SQLite in a temporary var dir; PostgreSQL a
database created and dropped by the script): ``migrate``, the demo people and company profile, a customer, a
deal and a quote of 50 lines (catalogue products and free items) written through the services. Then, as the
deal's owner through Django's test ``Client`` (middleware, access layer, view, WeasyPrint with the CJK font):
``GET /quotes/<id>/v1.pdf`` 12 times (the first two as warm-up) and ``GET /quotes/<id>/`` 30 times; p50/p95/max.
Writes bench/results/quote_pdf.json.
Run: ``.venv/bin/python bench/quote_pdf.py [--engine postgresql --engine sqlite]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench_site import PYTHON, ROOT, machine_facts, postgres_database, temporary_var_dir, write_result

LINES = 50
GOAL_MS = 1000


def _timed(call, runs: int, warm: int) -> dict:
    samples = []
    for index in range(runs + warm):
        started = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if index >= warm:
            samples.append(elapsed)
    samples.sort()

    def rank(share: float) -> float:
        return round(samples[min(len(samples) - 1, max(0, round(share * len(samples)) - 1))], 1)

    return {"runs": runs, "p50_ms": rank(0.5), "p95_ms": rank(0.95), "max_ms": round(samples[-1], 1)}


def child() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from atrium.accounts.demo import seed_people
    from atrium.company.demo import seed_company_profile
    from atrium.customers.services import customer_create
    from atrium.sales.models import Pipeline
    from atrium.sales.services import deal_create
    from atrium.sales.services.quotes import product_create, quote_create

    people = seed_people()
    seed_company_profile()
    sales1, admin = people["sales1"], people["admin"]
    products = [
        product_create(
            actor=admin, data={"name": f"主材{n:02d}", "unit": "㎡", "unit_price": "89.5", "tax_rate": "13"}
        )
        for n in range(20)
    ]
    customer = customer_create(actor=sales1, data={"name": "华景家园张先生"})
    pipeline = Pipeline.objects.order_by("pk").first()
    deal = deal_create(
        actor=sales1, data={"title": "全屋装修", "customer": customer.pk, "pipeline": pipeline.pk}
    )
    lines = [
        {"product": products[n % 20].pk, "quantity": str(10 + n)}
        if n % 2
        else {
            "description": f"施工项目{n:02d}：墙面找平与基层处理",
            "unit": "项",
            "quantity": "1",
            "unit_price": "3500",
            "tax_rate": "9",
        }
        for n in range(LINES)
    ]
    quote = quote_create(
        actor=sales1,
        deal=deal,
        data={
            "title": "全屋装修报价",
            "lines": lines,
            "terms": "付款方式：开工 30%，水电验收 40%，竣工 25%，质保 5%。",
        },
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(sales1)
    pdf = _timed(lambda: client.get(f"/quotes/{quote.pk}/v1.pdf"), runs=10, warm=2)
    size = len(client.get(f"/quotes/{quote.pk}/v1.pdf").content)
    page = _timed(lambda: client.get(f"/quotes/{quote.pk}/"), runs=30, warm=3)
    return {
        "lines": LINES,
        "pdf": {**pdf, "bytes": size, "goal_ms": GOAL_MS, "met": pdf["p95_ms"] < GOAL_MS},
        "quote_page": page,
    }


def run_engine(engine: str) -> dict | None:
    with temporary_var_dir(f"quote-pdf-{engine}") as var_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        env.update(DJANGO_SETTINGS_MODULE="atrium.settings", ATRIUM_VAR_DIR=str(var_dir))
        if engine == "postgresql":
            with postgres_database("atrium_bench_quote_pdf") as url:
                if url is None:
                    return None
                env["ATRIUM_DATABASE_URL"] = url
                return _spawn(env)
        return _spawn(env)


def _spawn(env: dict) -> dict:
    command = [PYTHON, str(ROOT / "bench" / "quote_pdf.py"), "--child"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the quote PDF benchmark failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child()))
        return
    command = " ".join([".venv/bin/python", "bench/quote_pdf.py", *sys.argv[1:]])
    results = {"command": command, "machine": machine_facts(), "engines": {}}
    for engine in args.engine or ["postgresql", "sqlite"]:
        print(f"{engine}: a {LINES}-line quote …", flush=True)
        outcome = run_engine(engine)
        if outcome is not None:
            results["engines"][engine] = outcome
            print(f"{engine}: {json.dumps(outcome)}", flush=True)
    path = write_result("quote_pdf.json", results)
    print(f"written {path}")


if __name__ == "__main__":
    main()
