"""Importing deals through the import engine: a real file (Chinese headers, GBK or UTF-8, CSV or XLSX), the
customer by name among those the importer can see, pipeline and stage by name, what the stage needs, and all or
nothing."""

from __future__ import annotations

import decimal
import json

import pytest
from django.urls import reverse
from django.utils import translation

from atrium.core.models import OperationLog
from atrium.core.search import search_filter
from atrium.customers.models import Customer
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec, import_specs
from atrium.imports.tests.conftest import csv_bytes, xlsx_bytes
from atrium.sales.models import Deal, DealStageHistory, Pipeline, Stage, StageKind
from atrium.sales.services.deals import deal_create

HEADER = ["商机名称", "客户", "阶段", "金额", "预计成交日期", "来源", "输单原因", "负责人", "备注"]


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def importing(personas, tmp_path):
    """importing(rows, as_="sales1", encoding=..., xlsx=False, **options) → the outcome."""

    def run(rows, as_="sales1", encoding="utf-8-sig", xlsx=False, **options):
        name = "deals.xlsx" if xlsx else "deals.csv"
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows) if xlsx else csv_bytes(rows, encoding))
        table = open_table(path, name)
        spec = get_import_spec("deals")
        assert spec is not None
        return run_import(
            actor=personas[as_],
            spec=spec,
            table=table,
            mapping=suggest_mapping(spec, table.header),
            options=ImportOptions(**options),
        )

    return run


def test_the_deals_spec_is_registered_and_the_list_links_the_import(client_as):
    assert "deals" in [spec.key for spec in import_specs()]
    page = client_as("sales1").get(reverse("sales:deals"))
    assert page.status_code == 200 and "kind=deals" in page.content.decode()


def test_a_gbk_file_with_chinese_headers_creates_deals_in_their_stages(
    importing, personas, customers, stages
):
    rows = [
        HEADER,
        ["华景家园全屋定制", "华景家园张先生", "", "", "2025/6/30", "转介绍", "", "", ""],
        ["华景家园厨房", "华景家园张先生", "报价", "￥128,000", "", "", "", "李明", "急"],
        ["华景家园阳台", "华景家园张先生", "成交", "5000.5", "", "", "", "", ""],
        ["华景家园卫浴", "华景家园张先生", "输单", "", "", "", "价格太高", "", ""],
    ]
    outcome = importing(rows, encoding="gbk")
    assert (outcome.imported, outcome.invalid, outcome.problems) == (4, 0, [])
    deals = {deal.title: deal for deal in Deal.objects.all()}
    first, kitchen, balcony, bath = (deals[row[0]] for row in rows[1:])
    customer = customers["sales1"]
    assert {deal.customer_id for deal in deals.values()} == {customer.pk}
    assert {deal.owner_id for deal in deals.values()} == {personas.sales1.pk}
    assert first.stage == stages["潜在客户"] and first.state == StageKind.OPEN and first.closed_at is None
    assert str(first.expected_close) == "2025-06-30" and first.source == "转介绍"
    assert (kitchen.stage, kitchen.amount, kitchen.notes) == (
        stages["报价"],
        decimal.Decimal("128000.00"),
        "急",
    )
    assert balcony.state == StageKind.WON and balcony.closed_at is not None
    assert (bath.state, bath.lost_reason) == (StageKind.LOST, "价格太高") and bath.closed_at is not None
    assert all(
        deal.stage_entered_at is not None and deal.created_by == personas.sales1 for deal in deals.values()
    )
    history = {row.deal_id: row for row in DealStageHistory.objects.all()}
    assert set(history) == {deal.pk for deal in deals.values()}
    assert history[kitchen.pk].stage_name == "报价" and history[kitchen.pk].left_at is None
    assert history[kitchen.pk].actor == personas.sales1
    assert history[kitchen.pk].entered_at == kitchen.stage_entered_at
    logged = OperationLog.objects.filter(kind="deal", action="create")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(str(d.pk) for d in deals.values())
    kitchen_log = logged.get(object_id=str(kitchen.pk)).changes
    assert kitchen_log["amount"] == [None, "128000.00"] and kitchen_log["stage"] == [None, stages["报价"].pk]
    assert OperationLog.objects.filter(action="import", kind="deal", actor=personas.sales1).exists()
    assert list(Deal.objects.filter(search_filter("deal", "厨房"))) == [kitchen]  # indexed on import


def test_xlsx_with_english_headers_and_a_named_pipeline(importing, customers, stages):
    other = Pipeline.objects.create(name="大客户流程", position=5)
    Stage.objects.create(pipeline=other, name="立项", position=1, kind=StageKind.OPEN)
    rows = [
        ["title", "customer", "pipeline", "stage", "amount"],
        ["A", "华景家园张先生", "大客户流程", "立项", 100],
        ["B", "华景家园张先生", "大客户流程", "", ""],
        ["C", "华景家园张先生", "", "谈判", 80],
    ]
    outcome = importing(rows, xlsx=True)
    assert (outcome.imported, outcome.invalid) == (3, 0), outcome.problems
    placed = {deal.title: (deal.pipeline.name, deal.stage.name) for deal in Deal.objects.all()}
    assert placed == {"A": ("大客户流程", "立项"), "B": ("大客户流程", "立项"), "C": ("销售流程", "谈判")}


def test_bad_rows_are_each_reported_and_nothing_is_imported(importing, personas, customers, stages):
    Customer.objects.create(name="重名客户", owner=personas.sales1)
    Customer.objects.create(name="重名客户", owner=personas.sales1)
    rows = [
        HEADER,
        ["好商机", "华景家园张先生", "", "", "", "", "", "", ""],
        ["没有客户", "不存在的客户", "", "", "", "", "", "", ""],
        ["别人的客户", "锦绣花园钱女士", "", "", "", "", "", "", ""],
        ["没有的阶段", "华景家园张先生", "签约", "", "", "", "", "", ""],
        ["报价没金额", "华景家园张先生", "报价", "", "", "", "", "", ""],
        ["输单没原因", "华景家园张先生", "输单", "", "", "", "", "", ""],
        ["负金额", "华景家园张先生", "", "-5", "", "", "", "", ""],
        ["重名", "重名客户", "", "", "", "", "", "", ""],
        ["", "华景家园张先生", "", "", "", "", "", "", ""],
        ["给别人", "华景家园张先生", "", "", "", "", "", "张华", ""],
    ]
    outcome = importing(rows)
    assert outcome.imported == 0 and outcome.invalid == 9
    assert not Deal.objects.exists() and not DealStageHistory.objects.exists()
    assert not OperationLog.objects.filter(kind="deal").exists()
    problems = {p.line: (p.column, p.reason) for p in outcome.problems}
    assert set(problems) == set(range(3, 12))
    assert problems[3] == ("客户", "No customer “不存在的客户” among the customers you can see.")
    assert problems[4] == ("客户", "No customer “锦绣花园钱女士” among the customers you can see.")
    assert problems[5] == ("阶段", "The pipeline “销售流程” has no stage “签约”.")
    assert problems[6] == ("金额", "The stage “报价” needs this: fill it in to enter it.")
    assert problems[7] == ("输单原因", "Choose why the deal was lost.")
    assert problems[8] == ("金额", "An amount cannot be negative.")
    assert problems[9] == ("客户", "Several customers are called “重名客户”.")
    assert problems[10][0] == "商机名称"
    assert problems[11][0] == "负责人"


def test_the_manager_sees_the_reps_customers_and_skip_invalid_keeps_the_good_rows(importing, customers):
    rows = [HEADER[:2], ["甲", "锦绣花园钱女士"], ["乙", "不存在的客户"]]
    outcome = importing(rows, as_="manager", skip_invalid=True)
    assert (outcome.imported, outcome.invalid) == (1, 1)
    assert Deal.objects.get().customer == customers["sales2"]


def test_a_missing_column_the_stage_needs_is_named(importing, customers, stages):
    outcome = importing([["商机名称", "客户", "阶段"], ["报价商机", "华景家园张先生", "报价"]])
    assert outcome.invalid == 1
    problem = outcome.problems[0]
    assert problem.column == "" and problem.reason.startswith("Amount: ")


def test_a_lost_reason_outside_a_lost_stage_is_left_out_with_a_hint(importing, customers, stages):
    outcome = importing([["商机名称", "客户", "输单原因"], ["甲", "华景家园张先生", "价格太高"]])
    assert (outcome.imported, outcome.invalid) == (1, 0)
    assert [h.column for h in outcome.hints] == ["输单原因"]
    assert Deal.objects.get().lost_reason == ""


def test_a_retired_pipeline_is_refused(importing, customers):
    Pipeline.objects.create(name="旧流程", position=9, is_active=False)
    outcome = importing(
        [["商机名称", "客户", "销售流程"], ["甲", "华景家园张先生", "旧流程"], ["乙", "华景家园张先生", "无"]]
    )
    assert [(p.line, p.column) for p in outcome.problems] == [(2, "销售流程"), (3, "销售流程")]


def test_an_import_writes_what_the_service_writes(importing, personas, customers, stages):
    """Parity with ``deal_create``: the same row and the same logged fields and values."""
    customer = customers["sales1"]
    made = deal_create(
        actor=personas.sales1,
        data={
            "title": "甲",
            "customer": customer.pk,
            "stage": stages["谈判"].pk,
            "pipeline": stages["谈判"].pipeline_id,
            "amount": "300",
            "expected_close": "2025-07-01",
            "source": "转介绍",
            "notes": "n",
        },
    )
    outcome = importing(
        [
            ["商机名称", "客户", "阶段", "金额", "预计成交日期", "来源", "备注"],
            ["乙", "华景家园张先生", "谈判", "300", "2025-07-01", "转介绍", "n"],
        ]
    )
    assert outcome.imported == 1
    imported = Deal.objects.exclude(pk=made.pk).get()
    fields = ["customer_id", "pipeline_id", "stage_id", "state", "amount", "expected_close", "source"]
    fields += ["lost_reason", "notes", "owner_id", "created_by_id", "closed_at", "custom", "version"]
    assert [getattr(imported, f) for f in fields] == [getattr(made, f) for f in fields]

    def logged(deal: Deal) -> str:
        changes = OperationLog.objects.get(kind="deal", action="create", object_id=str(deal.pk)).changes
        values = {k: v[1] if isinstance(v, list) and v[:1] == [None] else v for k, v in changes.items()}
        filled = {k: v for k, v in values.items() if v not in ("", None, [], False) and k != "title"}
        return json.dumps(filled, sort_keys=True)

    assert logged(imported) == logged(made)
    assert DealStageHistory.objects.filter(deal=imported).count() == 1


def test_the_import_pages_offer_deals(client_as):
    client = client_as("sales1")
    assert client.get(reverse("imports:new"), {"kind": "deals"}).status_code == 200
    template = client.get(reverse("imports:template"), {"kind": "deals"})
    header = template.content.decode("utf-8-sig").strip().split(",")
    assert template.status_code == 200 and len(header) == 10  # required ones marked: title, customer
    assert [cell.endswith("*") for cell in header[:3]] == [True, True, False]
    assert client_as("pm").get(reverse("imports:new"), {"kind": "deals"}).status_code == 403
