"""Searchable custom text fields in global search: a value finds its record (any Chinese fragment, a phone by its
digits), only for people who may see the record; marking the field unsearchable or retiring it takes the values
out of the index (the worker reindexes the holders), restoring puts them back; imports index them as they write;
a field hidden from some role cannot be made searchable."""

from __future__ import annotations

import pytest

from atrium.core.errors import ValidationFailed
from atrium.core.search import search_everything
from atrium.customers.services import customer_create
from atrium.fields.services import field_create, field_restore, field_retire, field_update
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _found(user, text):
    return {hit.title for hit in search_everything(user, text, kinds=["customer"])}


@pytest.fixture
def estate(personas):
    return field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "小区名称", "field_type": "text", "searchable": True},
    )


def test_a_searchable_value_finds_its_record_for_those_who_see_it(personas, estate):
    customer_create(
        actor=personas.sales1, data={"name": "张先生家", "custom": {"xiaoqumingcheng": "翠湖天地"}}
    )
    assert _found(personas.sales1, "翠湖") == {"张先生家"}
    assert _found(personas.sales1, "湖") == {"张先生家"}
    assert _found(personas.admin, "翠湖天地") == {"张先生家"}
    assert _found(personas.sales2, "翠湖") == set()  # another rep's customer
    assert _found(personas.outsider, "翠湖") == set()


def test_a_phone_field_is_found_by_its_digits(personas):
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "业主电话", "field_type": "phone", "searchable": True},
    )
    customer_create(
        actor=personas.sales1, data={"name": "李女士家", "custom": {"yezhudianhua": "021-6688 1234"}}
    )
    assert _found(personas.sales1, "66881234") == {"李女士家"}


def test_unmarking_retiring_and_restoring_follow_in_the_index(
    personas, estate, django_capture_on_commit_callbacks
):
    customer_create(
        actor=personas.sales1, data={"name": "张先生家", "custom": {"xiaoqumingcheng": "翠湖天地"}}
    )
    not_searchable = field_create(
        actor=personas.admin, kind="customer", data={"label": "备用地址", "field_type": "text"}
    )
    customer_create(actor=personas.sales1, data={"name": "王先生家", "custom": {"beiyongdizhi": "滨江花园"}})
    assert _found(personas.sales1, "滨江") == set()
    with django_capture_on_commit_callbacks(execute=True):
        field_update(
            actor=personas.admin,
            field=not_searchable,
            data={"searchable": True},
            version=not_searchable.version,
        )
    assert _found(personas.sales1, "滨江") == {"王先生家"}
    with django_capture_on_commit_callbacks(execute=True):
        estate = field_update(actor=personas.admin, field=estate, data={"searchable": False}, version=1)
    assert _found(personas.sales1, "翠湖") == set()
    with django_capture_on_commit_callbacks(execute=True):
        estate = field_update(actor=personas.admin, field=estate, data={"searchable": True}, version=2)
    assert _found(personas.sales1, "翠湖") == {"张先生家"}
    with django_capture_on_commit_callbacks(execute=True):
        estate = field_retire(actor=personas.admin, field=estate, version=3)
    assert _found(personas.sales1, "翠湖") == set()
    with django_capture_on_commit_callbacks(execute=True):
        field_restore(actor=personas.admin, field=estate, version=4)
    assert _found(personas.sales1, "翠湖") == {"张先生家"}


def test_imported_values_are_searchable(personas, estate, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes([["客户名称", "小区名称"], ["周先生家", "金桥新村"]], "utf-8-sig"))
    table = open_table(path, "f.csv")
    spec = get_import_spec("customers")
    outcome = run_import(
        actor=personas.sales1,
        spec=spec,
        table=table,
        mapping=suggest_mapping(spec, table.header),
        options=ImportOptions(),
    )
    assert outcome.imported == 1
    assert _found(personas.sales1, "金桥") == {"周先生家"}


def test_a_field_hidden_from_a_role_cannot_be_searchable(personas, estate):
    with pytest.raises(ValidationFailed) as refused:
        field_update(
            actor=personas.admin, field=estate, data={"visibility": {"sales_rep": "hidden"}}, version=1
        )
    assert refused.value.fields == {"searchable": ["对部分角色隐藏的字段不能参与搜索。"]}
    with pytest.raises(ValidationFailed):
        field_create(
            actor=personas.admin,
            kind="customer",
            data={
                "label": "内部备注",
                "field_type": "text",
                "searchable": True,
                "visibility": {"sales_rep": "hidden"},
            },
        )
    # Read-only is fine: the value is shown to that role anyway.
    field_update(
        actor=personas.admin, field=estate, data={"visibility": {"sales_rep": "readonly"}}, version=1
    )
