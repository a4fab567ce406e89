"""Custom fields in imports: their label (or English label, or key) is a header synonym; cells are cleaned by the
field's type; a required one must be filled; a bad value refuses the row naming the field; a field the person may
only read refuses any value; updates merge into the record's values; the log keeps them by field."""

from __future__ import annotations

import pytest

from atrium.core.models import OperationLog
from atrium.customers.models import Contact, Customer, Lead
from atrium.customers.services import customer_create
from atrium.fields.services import field_create
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(personas):
    admin = personas.admin
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "预算", "label_en": "Budget", "field_type": "money", "required": True},
    )
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "装修风格", "field_type": "select", "options": ["现代简约", "新中式"]},
    )
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "信用额度", "field_type": "number", "visibility": {"sales_rep": "readonly"}},
    )


@pytest.fixture
def importing(personas, tmp_path):
    def run(rows, as_="sales1", **options):
        path = tmp_path / "f.csv"
        path.write_bytes(csv_bytes(rows, "utf-8-sig"))
        table = open_table(path, "f.csv")
        spec = get_import_spec("customers")
        mapping = suggest_mapping(spec, table.header)
        return run_import(
            actor=personas[as_], spec=spec, table=table, mapping=mapping, options=ImportOptions(**options)
        ), mapping

    return run


def test_custom_columns_map_clean_and_write(importing, fields):
    outcome, mapping = importing(
        [
            ["客户名称", "Budget", "装修风格"],
            ["城南张先生家", "¥350,000", "新中式"],
            ["城北李女士家", "12万", "北欧"],
            ["城西王先生家", "", "现代简约"],
        ],
        skip_invalid=True,
    )
    assert set(mapping.values()) == {"name", "custom.yusuan", "custom.zhuangxiufengge"}
    assert (outcome.imported, outcome.invalid) == (1, 2)
    customer = Customer.objects.get()
    assert customer.custom == {"yusuan": 350000, "zhuangxiufengge": "xinzhongshi"}
    row = OperationLog.objects.get(kind="customer", action="create")
    assert row.changes["custom.yusuan"] in (350000, [None, 350000])


def test_a_read_only_field_refuses_values_and_updates_merge(importing, fields, personas):
    outcome, _mapping = importing(
        [["客户名称", "预算", "信用额度"], ["城南张先生家", "100000", "5"]], skip_invalid=True
    )
    assert (outcome.imported, outcome.invalid) == (0, 1)
    existing = customer_create(
        actor=personas.sales1,
        data={"name": "老客户", "phone": "13800138000", "custom": {"yusuan": 1, "zhuangxiufengge": "新中式"}},
    )
    outcome, _mapping = importing(
        [["客户名称", "电话", "预算"], ["老客户", "13800138000", "200000"]], update_by="phone"
    )
    assert outcome.updated == 1
    existing.refresh_from_db()
    assert existing.custom == {"yusuan": 200000, "zhuangxiufengge": "xinzhongshi"}


def test_contacts_and_leads_import_their_custom_fields(personas, tmp_path):
    field_create(
        actor=personas.admin,
        kind="lead",
        data={"label": "意向面积", "field_type": "number", "required": True},
    )
    field_create(actor=personas.admin, kind="contact", data={"label": "生日提醒", "field_type": "boolean"})
    customer_create(actor=personas.sales1, data={"name": "筑城装饰"})
    for kind, rows in (
        ("leads", [["姓名", "意向面积"], ["周先生", "120"], ["吴女士", ""]]),
        ("contacts", [["客户名称", "姓名", "生日提醒"], ["筑城装饰", "赵经理", "是"]]),
    ):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(csv_bytes(rows, "utf-8-sig"))
        table = open_table(path, path.name)
        spec = get_import_spec(kind)
        outcome = run_import(
            actor=personas.sales1,
            spec=spec,
            table=table,
            mapping=suggest_mapping(spec, table.header),
            options=ImportOptions(skip_invalid=True),
        )
        assert outcome.imported == 1, kind
    assert Lead.objects.get().custom == {"yixiangmianji": 120}
    assert Contact.objects.get().custom == {"shengritixing": True}


def test_a_person_column_is_looked_up_once_per_name_and_an_unknown_name_fails_each_row(importing, personas):
    field_create(actor=personas.admin, kind="customer", data={"label": "设计师", "field_type": "person"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [["客户名称", "设计师"], *([f"城东第{n}户", "pm"] for n in range(30))]
    rows += [["城东无名户", "nobody"], ["城东又一户", "nobody"]]
    with CaptureQueriesContext(connection) as queries:
        outcome, _mapping = importing(rows, skip_invalid=True)
    assert (outcome.imported, outcome.invalid) == (30, 2)
    assert {c.custom["shejishi"] for c in Customer.objects.all()} == {personas.pm.pk}
    staff_lookups = [q for q in queries if "accounts_user" in q["sql"] and "username" in q["sql"]]
    assert len(staff_lookups) <= 4  # pm and nobody, not one per line (owner lookups aside)
    problems = [(p.line, p.column, p.reason) for p in outcome.problems]
    assert problems == [(32, "设计师", "请选择一位在职员工。"), (33, "设计师", "请选择一位在职员工。")]


def test_a_person_column_takes_the_name_the_export_writes(importing, personas):
    """An export writes a person field as the person's name (陈工): the same file imports again, as the owner
    column does; a name two people share asks for the username."""
    from atrium.accounts.models import User

    field_create(actor=personas.admin, kind="customer", data={"label": "设计师", "field_type": "person"})
    twin = User.objects.create_user(username="pm2", display_name="陈工", password="x")
    twin.roles.set(personas.pm.roles.all())
    outcome, _mapping = importing(
        [["客户名称", "设计师"], ["城东甲户", "刘师傅"], ["城东乙户", "member"], ["城东丙户", "陈工"]],
        skip_invalid=True,
    )
    assert (outcome.imported, outcome.invalid) == (2, 1)
    assert {c.custom["shejishi"] for c in Customer.objects.all()} == {personas.member.pk}
    problems = [(p.line, p.column, p.reason) for p in outcome.problems]
    assert problems == [(4, "设计师", "有多人名为“陈工”，请填写用户名。")]
