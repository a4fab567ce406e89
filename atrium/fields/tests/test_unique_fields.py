"""Unique custom fields (客户编号): refused on the write path when another record holds the value (its own value
is fine on edit), in imports against the database and earlier lines of the file (an update keeps its own value),
across kinds independently, and marking a field unique is refused while records share a value."""

from __future__ import annotations

import pytest

from atrium.core.errors import ValidationFailed
from atrium.customers.models import Customer
from atrium.customers.services import customer_create, customer_update, lead_create
from atrium.fields.services import field_create, field_update
from atrium.fields.uniqueness import shared_values
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def number_field(personas):
    return field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "客户编号", "field_type": "text", "unique": True},
    )


def test_write_path_refuses_a_taken_value_and_keeps_nothing(personas, number_field):
    first = customer_create(actor=personas.sales1, data={"name": "甲", "custom": {"kehubianhao": "KH-001"}})
    with pytest.raises(ValidationFailed) as refused:
        customer_create(actor=personas.sales2, data={"name": "乙", "custom": {"kehubianhao": "KH-001"}})
    assert refused.value.fields == {"custom.kehubianhao": ["已有其他记录使用了这个客户编号。"]}
    assert not Customer.objects.filter(name="乙").exists()
    # Its own value on an edit is not a clash; another record's is.
    customer_update(
        actor=personas.sales1,
        customer=first,
        data={"name": "甲公司", "custom": {"kehubianhao": "KH-001"}},
        version=first.version,
    )
    second = customer_create(actor=personas.sales1, data={"name": "丙", "custom": {"kehubianhao": "KH-002"}})
    with pytest.raises(ValidationFailed):
        customer_update(
            actor=personas.sales1,
            customer=second,
            data={"name": "丙", "custom": {"kehubianhao": "KH-001"}},
            version=second.version,
        )
    second.refresh_from_db()
    assert second.custom == {"kehubianhao": "KH-002"}


def test_an_empty_value_is_never_a_clash(personas, number_field):
    customer_create(actor=personas.sales1, data={"name": "甲", "custom": {}})
    customer_create(actor=personas.sales1, data={"name": "乙", "custom": {"kehubianhao": ""}})
    assert Customer.objects.count() == 2


def test_imports_check_the_database_and_the_file(personas, number_field, tmp_path):
    existing = customer_create(
        actor=personas.sales1,
        data={"name": "老客户", "phone": "13800138000", "custom": {"kehubianhao": "KH-9"}},
    )

    def run(rows, **options):
        path = tmp_path / "f.csv"
        path.write_bytes(csv_bytes(rows, "utf-8-sig"))
        table = open_table(path, "f.csv")
        spec = get_import_spec("customers")
        return run_import(
            actor=personas.sales1,
            spec=spec,
            table=table,
            mapping=suggest_mapping(spec, table.header),
            options=ImportOptions(**options),
        )

    outcome = run(
        [
            ["客户名称", "客户编号"],
            ["新客户一", "KH-1"],
            ["新客户二", "KH-1"],
            ["新客户三", "KH-9"],
            ["新客户四", "KH-4"],
        ],
        skip_invalid=True,
    )
    assert (outcome.imported, outcome.invalid) == (2, 2)
    problems = dict(_problems(outcome))
    assert problems[3] == ["与第 2 行的客户编号重复。"]
    assert problems[4] == ["已有其他记录使用了这个客户编号。"]
    assert set(Customer.objects.values_list("custom__kehubianhao", flat=True)) == {"KH-9", "KH-1", "KH-4"}
    # An update by phone keeps the record's own number: not a clash.
    outcome = run([["客户名称", "电话", "客户编号"], ["老客户", "13800138000", "KH-9"]], update_by="phone")
    assert outcome.updated == 1
    existing.refresh_from_db()
    assert existing.custom == {"kehubianhao": "KH-9"}


def _problems(outcome):
    lines: dict[int, list[str]] = {}
    for problem in outcome.problems:
        lines.setdefault(problem.line, []).append(problem.reason)
    return lines.items()


def test_marking_unique_is_refused_while_records_share_a_value(personas):
    field = field_create(
        actor=personas.admin, kind="customer", data={"label": "合同号", "field_type": "text"}
    )
    for name in ("甲", "乙", "丙"):
        customer_create(actor=personas.sales1, data={"name": name, "custom": {"hetonghao": "HT-1"}})
    customer_create(actor=personas.sales1, data={"name": "丁", "custom": {"hetonghao": "HT-2"}})
    assert shared_values(field) == (1, ["HT-1"])
    with pytest.raises(ValidationFailed) as refused:
        field_update(actor=personas.admin, field=field, data={"unique": True}, version=field.version)
    assert refused.value.fields == {"unique": ["有 1 个值被多条记录共用：HT-1。"]}
    field.refresh_from_db()
    assert field.unique is False
    Customer.objects.filter(name__in=("乙", "丙")).update(custom={"hetonghao": "HT-3"})
    Customer.objects.filter(name="丙").update(custom={"hetonghao": "HT-4"})
    updated = field_update(actor=personas.admin, field=field, data={"unique": True}, version=field.version)
    assert updated.unique is True


def test_the_same_value_in_another_kind_is_not_a_clash(personas, number_field):
    field_create(
        actor=personas.admin, kind="lead", data={"label": "客户编号", "field_type": "text", "unique": True}
    )
    customer_create(actor=personas.sales1, data={"name": "甲", "custom": {"kehubianhao": "KH-1"}})
    lead = lead_create(actor=personas.sales1, data={"name": "周先生", "custom": {"kehubianhao": "KH-1"}})
    assert lead.custom == {"kehubianhao": "KH-1"}
