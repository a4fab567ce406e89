"""The import engine with the customer, contact and lead specs: validation report, modes, updates, scope."""

from __future__ import annotations

import pytest

from atrium.core.errors import Forbidden
from atrium.core.models import OperationLog
from atrium.core.search import search_filter
from atrium.customers.models import Contact, Customer, CustomerTag, Lead
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes, xlsx_bytes


@pytest.fixture
def importing(personas, write_file):
    """importing(rows, as_="sales1", kind="customers", encoding=..., **options) → outcome."""

    def run(
        rows, as_="sales1", kind="customers", encoding="utf-8-sig", xlsx=False, report_path=None, **options
    ):
        name = "f.xlsx" if xlsx else "f.csv"
        path = write_file(name, xlsx_bytes(rows) if xlsx else csv_bytes(rows, encoding))
        table = open_table(path, name)
        spec = get_import_spec(kind)
        return run_import(
            actor=personas[as_],
            spec=spec,
            table=table,
            mapping=suggest_mapping(spec, table.header),
            options=ImportOptions(**options),
            report_path=report_path,
        )

    return run


def test_gbk_file_with_chinese_headers(importing, personas):
    outcome = importing(
        [
            ["客户名称", "联系电话", "所属行业", "客户来源", "详细地址", "负责人", "标签", "备注", "级别"],
            [
                "城南张先生家",
                "138 0013 8001",
                "住宅家装",
                "转介绍",
                "南京市玄武区",
                "李明",
                "老房翻新，二次装修、急",
                "x",
                "a",
            ],
        ],
        encoding="gbk",
    )
    assert (outcome.imported, outcome.invalid) == (1, 0)
    customer = Customer.objects.get()
    assert customer.phone == "13800138001" and customer.owner == personas.sales1 and customer.level == "A"
    assert customer.tags == ["老房翻新", "二次装修", "急"]
    assert set(CustomerTag.objects.values_list("tag", flat=True)) == {"老房翻新", "二次装修", "急"}
    assert OperationLog.objects.filter(action="create", kind="customer", object_id=str(customer.pk)).exists()
    assert OperationLog.objects.filter(action="import", kind="customer", actor=personas.sales1).exists()


def test_xlsx(importing):
    outcome = importing([["name", "phone", "tags"], ["Acme", 13800138002, "a;b"]], xlsx=True)
    assert outcome.imported == 1
    assert Customer.objects.get().tags == ["a", "b"]


BAD = [
    ["客户名称", "电话", "邮箱", "行业", "负责人", "级别"],
    ["好客户", "13800138003", "", "", "", ""],
    ["", "13800138004", "", "", "", ""],
    ["坏电话", "12345", "", "", "", ""],
    ["坏邮箱", "", "not-an-email", "", "", ""],
    ["坏行业", "", "", "卖菜", "", ""],
    ["没人", "", "", "", "nobody", ""],
    ["坏级别", "", "", "", "", "Z"],
    ["好客户", "", "", "", "", ""],
]


def test_all_or_nothing_reports_every_bad_row(importing, tmp_path):
    report = tmp_path / "report.csv"
    outcome = importing(BAD, report_path=report)
    assert Customer.objects.count() == 0 and outcome.imported == 0
    assert outcome.invalid == 6
    lines = {p.line: (p.column, p.reason) for p in outcome.problems}
    assert set(lines) == {3, 4, 5, 6, 7, 8}
    assert lines[3][0] == "客户名称" and lines[4][0] == "电话" and lines[7][0] == "负责人"
    assert [(h.line, "2" in h.reason) for h in outcome.hints] == [(9, True)]  # same name as line 2: a hint
    text = report.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].count(",") == 2 and "坏" not in text.splitlines()[0]
    assert len(text.splitlines()) == 1 + outcome.invalid + len(outcome.hints)


def test_skip_invalid_imports_the_valid_rows(importing):
    outcome = importing(BAD, skip_invalid=True)
    assert (outcome.imported, outcome.invalid) == (2, 6)
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["好客户", "好客户"]


def test_duplicates_against_the_database_by_phone_and_hints_by_name_alone(importing, personas):
    Customer.objects.create(name="已有客户", phone="13800138005", owner=personas.sales2)
    rows = [["客户名称", "电话"], ["已有客户", ""], ["新客户", "13800138005"], ["已有客户", "13800138005"]]
    outcome = importing(rows)
    assert outcome.invalid == 2 and {p.line for p in outcome.problems} == {3, 4}
    assert personas.sales2.name in next(p.reason for p in outcome.problems if p.line == 3)
    assert "已有客户" not in " ".join(p.reason for p in outcome.problems if p.line == 3)
    assert [(h.line, h.column) for h in outcome.hints][:2] == [(2, "客户名称"), (4, "客户名称")]


def test_the_same_name_twice_in_the_file_is_a_hint_the_same_phone_an_error(importing):
    rows = [
        ["客户名称", "电话"],
        ["钱女士", "13800138001"],
        ["钱女士", "13800138002"],
        ["赵先生", "13800138001"],
    ]
    outcome = importing(rows, skip_invalid=True)
    assert (outcome.imported, outcome.invalid) == (2, 1)
    assert [p.line for p in outcome.problems] == [4] and [h.line for h in outcome.hints] == [3]
    assert Customer.objects.filter(name="钱女士").count() == 2


def test_archived_customers_are_not_duplicates(importing, personas):
    Customer.objects.create(name="旧客户", owner=personas.sales1, is_archived=True)
    assert importing([["客户名称"], ["旧客户"]]).imported == 1


def test_update_by_phone(importing, personas):
    mine = Customer.objects.create(name="老名字", phone="13800138006", owner=personas.sales1, tags=["x"])
    outcome = importing(
        [["客户名称", "电话", "标签"], ["新名字", "13800138006", "y，z"], ["另一个", "13800138007", ""]],
        update_by="phone",
    )
    assert (outcome.imported, outcome.updated, outcome.invalid) == (1, 1, 0)
    mine.refresh_from_db()
    assert (mine.name, mine.tags, mine.version) == ("新名字", ["y", "z"], 2)
    assert set(CustomerTag.objects.filter(customer=mine).values_list("tag", flat=True)) == {"y", "z"}
    log = OperationLog.objects.get(action="update", object_id=str(mine.pk))
    assert log.changes["name"] == ["老名字", "新名字"]


def test_update_by_phone_refuses_someone_elses_customer(importing, personas):
    Customer.objects.create(name="他的客户", phone="13800138008", owner=personas.sales2)
    outcome = importing([["客户名称", "电话"], ["他的客户", "13800138008"]], update_by="phone")
    assert outcome.invalid == 1 and outcome.updated == 0
    assert Customer.objects.get().owner == personas.sales2


def test_owner_by_display_name_and_assign_scope(importing, personas):
    assert importing([["客户名称", "负责人"], ["甲", "张华"]]).invalid == 1  # sales1 may not give to sales2
    outcome = importing([["客户名称", "负责人"], ["甲", "张华"], ["乙", "sales1"]], as_="manager")
    assert outcome.imported == 2
    assert Customer.objects.get(name="甲").owner == personas.sales2


def test_importing_needs_the_right(importing):
    with pytest.raises(Forbidden):
        importing([["客户名称"], ["甲"]], as_="pm")


def test_extra_cells_make_the_row_invalid(importing):
    outcome = importing([["客户名称"], ["甲", "surprise"]])
    assert outcome.invalid == 1 and outcome.problems[0].column == ""


def test_batches_across_many_rows(importing):
    rows = [["客户名称", "电话"]] + [[f"客户{i}", f"138{i:08d}"] for i in range(2500)]
    outcome = importing(rows)
    assert outcome.imported == 2500 and Customer.objects.count() == 2500


def test_contacts_by_customer_name(importing, personas):
    Customer.objects.create(name="甲公司", owner=personas.sales1)
    Customer.objects.create(name="乙公司", owner=personas.sales2)
    outcome = importing(
        [
            ["客户名称", "联系人", "手机", "主联系人"],
            ["甲公司", "王总", "13900000001", "是"],
            ["乙公司", "李总", "", ""],
        ],
        kind="contacts",
        skip_invalid=True,
    )
    assert (outcome.imported, outcome.invalid) == (1, 1)
    contact = Contact.objects.get()
    assert contact.is_primary is True and contact.created_at is not None
    assert list(Contact.objects.filter(search_filter("contact", "王总"))) == [contact]  # indexed on import
    assert OperationLog.objects.filter(kind="contact", object_id=str(contact.pk), action="create").exists()


def test_leads_with_duplicate_phone_in_file(importing):
    outcome = importing(
        [["姓名", "电话", "状态"], ["甲", "13700000001", "新线索"], ["乙", "13700000001", "new"]],
        kind="leads",
        skip_invalid=True,
    )
    assert (outcome.imported, outcome.invalid) == (1, 1)
    lead = Lead.objects.get()
    assert lead.status == "new" and lead.name == "甲"
    assert list(Lead.objects.filter(search_filter("lead", "0001"))) == [lead]


def test_a_bad_row_after_written_batches_leaves_nothing_behind(importing):
    """All or nothing in one pass: the first batches are written, then row 2,500 is invalid — everything the
    import wrote (records, their log rows, search entries) is rolled back and every bad row is reported."""
    from django.db import connection

    from atrium.core.models import OperationLog
    from atrium.core.search.registry import index_table

    rows = [["客户名称", "电话"], *[[f"批量客户{i}", f"1380013{i:04d}"] for i in range(3000)]]
    rows[2500][1] = "12"
    rows[2900][1] = "34"
    outcome = importing(rows)
    assert (outcome.imported, outcome.invalid, outcome.total) == (0, 2, 3000)
    assert [p.line for p in outcome.problems] == [2501, 2901]
    assert Customer.objects.count() == 0 and not OperationLog.objects.filter(kind="customer").exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {index_table('customer')}")
        assert cursor.fetchone()[0] == 0


def test_a_contact_with_the_same_name_at_the_customer_is_a_hint_the_same_mobile_or_phone_an_error(
    importing, personas
):
    """As for customers: two 王总 at one company may be two people (a hint, both imported); the same mobile
    or phone at the same customer is the same person (a duplicate, nothing imported)."""
    customer = Customer.objects.create(name="甲公司", owner=personas.sales1)
    other = Customer.objects.create(name="乙公司", owner=personas.sales1)
    Contact.objects.create(customer=customer, name="王总", mobile="13900000001", phone="025-88880001")
    header = ["客户名称", "联系人", "手机", "电话"]
    outcome = importing(
        [
            header,
            ["甲公司", "王总", "13900000002", ""],
            ["甲公司", "王总", "", ""],
            ["乙公司", "王总", "", ""],
        ],
        kind="contacts",
    )
    assert (outcome.imported, outcome.invalid, outcome.problems) == (3, 0, [])
    assert [(h.line, h.column) for h in outcome.hints] == [(2, "联系人"), (3, "联系人"), (3, "联系人")]
    assert Contact.objects.filter(customer=customer, name="王总").count() == 3
    assert Contact.objects.filter(customer=other).count() == 1

    outcome = importing(
        [
            header,
            ["甲公司", "李总", "13900000001", ""],  # the mobile of the 王总 in the database
            ["甲公司", "赵总", "", "025-8888-0001"],  # the phone of the 王总 in the database
            ["乙公司", "钱总", "13900000009", ""],
            ["乙公司", "孙总", "139 0000 0009", ""],  # the same mobile as line 4
            ["丙公司", "周总", "13900000001", ""],
        ],
        kind="contacts",
    )
    assert (outcome.imported, outcome.invalid) == (0, 4)
    assert [(p.line, p.column) for p in outcome.problems] == [
        (2, "手机"),
        (3, "电话"),
        (5, "手机"),
        (6, "客户名称"),
    ]
    assert "Same contact as line 4." in outcome.problems[2].reason
    assert Contact.objects.count() == 4  # all or nothing: 钱总 was not kept either
