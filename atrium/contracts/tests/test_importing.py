"""Importing payments through the import engine: a real GBK file with Chinese headers, contracts by number among
those the importer sees, oldest instalments first across rows of the same contract, more than is due refused
without an overpayment note, and all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from atrium.contracts.models import Payment
from atrium.core.models import OperationLog
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db
HEADER = ["合同编号", "回款金额", "回款日期", "收款方式", "流水号", "备注", "超额收款说明"]


@pytest.fixture
def importing(personas, tmp_path):
    def run(rows, as_="sales1", **options):
        path = tmp_path / "payments.csv"
        path.write_bytes(csv_bytes(rows, "gbk"))
        table = open_table(path, "payments.csv")
        spec = get_import_spec("payments")
        assert spec is not None
        with translation.override("zh-hans"):
            return run_import(
                actor=personas[as_],
                spec=spec,
                table=table,
                mapping=suggest_mapping(spec, table.header),
                options=ImportOptions(**options),
            )

    return run


def test_a_bank_statement_is_allocated_oldest_first_across_its_rows(importing, personas, signed):
    number = signed["sales1"].number
    rows = [
        HEADER,
        [number, "20000", "2026-11-02", "银行转账", "B001", "", ""],
        [number, "￥15,000", "2026/11/20", "微信", "W002", "业主转账", ""],
    ]
    outcome = importing(rows)
    assert (outcome.imported, outcome.invalid, outcome.problems) == (2, 0, [])
    first, second, *_rest = signed["sales1"].instalments.order_by("position")
    assert first.received == Decimal("30000.00") and second.received == Decimal("5000.00")
    contract = signed["sales1"]
    contract.refresh_from_db()
    assert contract.received == Decimal("35000.00")
    wechat = Payment.objects.get(reference="W002")
    assert wechat.method == "wechat" and wechat.created_by == personas.sales1
    assert sorted(wechat.allocations.values_list("amount", flat=True)) == [
        Decimal("5000.00"),
        Decimal("10000.00"),
    ]
    assert OperationLog.objects.filter(kind="payment", action="create").count() == 2


def test_bad_rows_are_each_reported_and_nothing_is_imported(importing, signed):
    mine, theirs = signed["sales1"].number, signed["sales2"].number
    rows = [
        HEADER,
        [mine, "1000", "2026-11-02", "", "", "", ""],
        [theirs, "1000", "2026-11-02", "", "", "", ""],
        ["HT-0000-00000", "1000", "2026-11-02", "", "", "", ""],
        [mine, "-3", "2026-11-02", "", "", "", ""],
        [mine, "1000", "2099-01-01", "", "", "", ""],
        [mine, "1000", "2026-11-02", "信用卡", "", "", ""],
        [mine, "99500", "2026-11-02", "", "", "", ""],
    ]
    outcome = importing(rows)
    assert outcome.imported == 0 and outcome.invalid == 6
    assert not Payment.objects.exists()
    problems = {p.line: (p.column, p.reason) for p in outcome.problems}
    assert problems[3][0] == "合同编号" and "您可以查看的合同" in problems[3][1]
    assert problems[4][0] == "合同编号"
    assert problems[5][0] == "回款金额" and problems[6][0] == "回款日期" and problems[7][0] == "收款方式"
    assert problems[8] == (
        "回款金额",
        f"合同 {mine} 只剩 ¥99,000.00 待收：超出部分须在该行填写超额收款说明。",
    )


def test_skip_invalid_imports_the_good_rows_and_an_overpayment_with_its_note(importing, signed):
    mine = signed["sales1"].number
    rows = [
        HEADER,
        [mine, "100500", "2026-11-02", "现金", "", "", "业主多付押金"],
        ["HT-0000-00000", "1000", "2026-11-02", "", "", "", ""],
    ]
    outcome = importing(rows, skip_invalid=True)
    assert (outcome.imported, outcome.invalid) == (1, 1)
    contract = signed["sales1"]
    contract.refresh_from_db()
    assert contract.received == Decimal("100500.00") and contract.outstanding == 0
