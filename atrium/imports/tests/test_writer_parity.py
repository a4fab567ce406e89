"""Parity: the same input through the service (customer_create, contact_create, lead_create) and through an
import gives the same rows, the same log rows (fields and values) and the same search index entries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from atrium.core.models import OperationLog
from atrium.core.search.registry import index_table
from atrium.customers.models import Contact, Customer, CustomerTag, Lead
from atrium.customers.services.contacts import contact_create
from atrium.customers.services.customers import customer_create
from atrium.customers.services.leads import lead_create
from atrium.imports.engine import run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

IGNORED = {"id", "created_at", "updated_at", "owned_since"}


def _imported(actor: Any, kind: str, header: list[str], row: list[str], write_file) -> int:
    path = write_file("p.csv", csv_bytes([header, row]))
    table = open_table(path, "p.csv")
    spec = get_import_spec(kind)
    assert spec is not None
    outcome = run_import(actor=actor, spec=spec, table=table, mapping=suggest_mapping(spec, table.header))
    assert (outcome.imported, outcome.invalid) == (1, 0), outcome.problems
    return 1


def _row(record: Any) -> dict[str, Any]:
    values = model_to_dict(record, fields=[f.name for f in record._meta.concrete_fields])
    return {key: value for key, value in values.items() if key not in IGNORED and key != "name"}


def _logged(kind: str, pk: int) -> tuple[str, dict]:
    entry = OperationLog.objects.get(kind=kind, action="create", object_id=str(pk))
    return entry.object_repr.replace("乙", "甲"), entry.changes


def _indexed(kind: str, pk: int) -> str:
    """The entry's body with the second record's distinguishing character undone — in the text and in the
    pinyin readings stored after the text (乙 reads yi, 甲 jia)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {index_table(kind)} WHERE id = %s", [pk])
        text, _, readings = cursor.fetchone()[0].partition("\x1f")
    readings = re.sub(r"(?<![a-z])yi(?=-)", "jia", readings)
    return text.replace("乙", "甲") + ("\x1f" + readings if readings else "")


def _normalised(logged: tuple[str, dict]) -> tuple[str, str]:
    """The log row's name and its filled fields with their values, the second record's distinguishing
    characters undone. (The service logs a new record as {field: value}, empty ones included, the import as
    {field: [None, value]} for the filled ones: the shared write path is to settle one format; the fields
    and values must agree whatever the format.)"""
    import json

    name, changes = logged
    values = {
        key: value[1] if isinstance(value, list) and len(value) == 2 and value[0] is None else value
        for key, value in changes.items()
    }
    filled = {key: value for key, value in values.items() if value not in ("", None, [], False)}
    return name, json.dumps(filled, ensure_ascii=False, sort_keys=True).replace("乙", "甲")


@pytest.mark.parametrize(
    ("kind", "model", "service", "header", "cells", "data"),
    [
        (
            "customers",
            Customer,
            customer_create,
            ["客户名称", "简称", "类型", "级别", "地区", "详细地址", "电话", "邮箱", "标签", "备注"],
            ["甲装饰公司", "甲装", "company", "A", "北京", "朝阳区1号", "13800138111", "a@example.com", "全包、急", "老客户"],
            {
                "name": "甲装饰公司", "short_name": "甲装", "type": "company", "level": "A", "region": "北京",
                "address": "朝阳区1号", "phone": "13800138111", "email": "a@example.com", "tags": ["全包", "急"],
                "notes": "老客户",
            },
        ),
        (
            "leads",
            Lead,
            lead_create,
            ["姓名", "公司", "电话", "邮箱", "地址", "备注"],
            ["甲先生", "甲公司", "13800138222", "b@example.com", "海淀区2号", "想装修"],
            {"name": "甲先生", "company": "甲公司", "phone": "13800138222", "email": "b@example.com",
             "address": "海淀区2号", "notes": "想装修"},
        ),
    ],
)  # fmt: skip
def test_service_and_import_write_the_same(personas, write_file, kind, model, service, header, cells, data):
    actor = personas.sales1
    by_service = service(actor=actor, data=data)
    other_cells = [cell.replace("甲", "乙") if i == 0 else cell for i, cell in enumerate(cells)]
    other_cells = [
        c.replace("13800138111", "13800138112").replace("13800138222", "13800138223") for c in other_cells
    ]
    _imported(actor, kind, header, other_cells, write_file)
    by_import = model.objects.exclude(pk=by_service.pk).get()
    service_row, import_row = _row(by_service), _row(by_import)
    service_row.pop("phone"), import_row.pop("phone")
    assert import_row == service_row
    spec_kind = get_import_spec(kind).kind
    service_log, import_log = _logged(spec_kind, by_service.pk), _logged(spec_kind, by_import.pk)
    for logged in (service_log, import_log):
        logged[1].pop("phone", None) if isinstance(logged[1], dict) else None
    assert _normalised(import_log) == _normalised(service_log)
    assert _indexed(spec_kind, by_import.pk).replace("13800138112", "13800138111").replace(
        "13800138223", "13800138222"
    ) == _indexed(spec_kind, by_service.pk)
    if model is Customer:
        assert sorted(CustomerTag.objects.filter(customer=by_import).values_list("tag", flat=True)) == [
            "全包",
            "急",
        ]


def test_contact_service_and_import_write_the_same(personas, write_file):
    actor = personas.sales1
    customer = customer_create(actor=actor, data={"name": "丙公司"})
    data = {"customer": customer.pk, "name": "甲女士", "title": "经理", "mobile": "13800138333",
            "email": "c@example.com", "wechat": "wx1", "notes": "决策人"}  # fmt: skip
    by_service = contact_create(actor=actor, data=data)
    header = ["客户名称", "联系人", "职务", "手机", "邮箱", "微信", "备注"]
    _imported(  # another mobile: the same mobile at the same customer would be the same contact
        actor,
        "contacts",
        header,
        ["丙公司", "乙女士", "经理", "13800138334", "c@example.com", "wx1", "决策人"],
        write_file,
    )
    by_import = Contact.objects.exclude(pk=by_service.pk).get()
    assert {**_row(by_import), "mobile": "13800138333"} == _row(by_service)
    imported_log, service_log = _logged("contact", by_import.pk), _logged("contact", by_service.pk)
    assert [part.replace("13800138334", "13800138333") for part in _normalised(imported_log)] == list(
        _normalised(service_log)
    )
    indexed = _indexed("contact", by_import.pk).replace("13800138334", "13800138333")
    assert indexed == _indexed("contact", by_service.pk)
