"""The matrix's writes: what the form, the API and an import store for each type, and what the operation log
reads."""

from __future__ import annotations

import json

import pytest

from atrium.core.errors import ValidationFailed
from atrium.core.models import OperationLog
from atrium.customers.models import Customer
from atrium.fields.models import FieldDefinition, FieldType
from atrium.fields.search_index import TEXT_TYPES
from atrium.fields.tests.type_matrix.cases import BY_TYPE, CASES, MATCH, OTHER, SEARCHED, ids
from atrium.fields.tests.type_matrix.support import cell, define_field, field_block, read_log, send
from atrium.fields.values import value_text

pytestmark = pytest.mark.django_db


def test_the_matrix_has_a_row_for_every_type():
    assert set(BY_TYPE) == set(FieldType.values)
    assert {c.type for c in SEARCHED} == set(TEXT_TYPES)  # every type global search takes is searched here


@pytest.mark.parametrize("case", [c for c in CASES if not c.search], ids=ids)
def test_only_text_like_types_can_be_searchable(personas, case):
    with pytest.raises(ValidationFailed) as refused:
        define_field(personas, case, searchable=True)
    assert "只有文本" in " ".join(refused.value.fields["searchable"])
    assert not FieldDefinition.objects.exists()


# 1. the record form -----------------------------------------------------------------------------------------

NEW = {"name": MATCH, "type": "company", "status": "potential"}


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_form(client_as, personas, resolve, case):
    definition = define_field(personas, case)
    page = client_as("sales1")
    assert f'name="{case.param}"' in page.get("/customers/new/").content.decode()
    bad = case.bad if case.bad_form is None else case.bad_form
    refused = page.post("/customers/new/", {**NEW, case.param: resolve(bad)})
    assert refused.status_code == 400
    assert (case.form_error or case.error) in field_block(refused.content.decode(), case.param)
    assert not Customer.objects.exists()
    made = page.post("/customers/new/", {**NEW, case.param: resolve(case.form)})
    assert made.status_code == 302, made.content.decode()[:2000]
    customer = Customer.objects.get()
    assert customer.custom == {case.key: resolve(case.stored)}
    shown = page.get(f"/customers/{customer.pk}/").content.decode()
    assert definition.label in shown
    if case.type != FieldType.LONG_TEXT:  # a long text's line break reads as one in the page
        assert case.text in shown


# 2. the API -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_api(api_as, personas, resolve, case):
    definition = define_field(personas, case)
    if case.type not in (FieldType.PERSON, FieldType.DEPARTMENT):  # those read by names: export, audit
        assert value_text(definition, resolve(case.stored)) == case.text
    api = api_as("sales1")
    refused = send(api, "post", "/api/v1/customers", {"name": MATCH, "custom": {case.key: resolve(case.bad)}})
    assert refused.status_code == 400, refused.content
    fields = refused.json()["fields"]
    assert case.param in fields and case.error in " ".join(fields[case.param])
    assert not Customer.objects.exists()
    made = send(api, "post", "/api/v1/customers", {"name": MATCH, "custom": {case.key: resolve(case.api)}})
    assert made.status_code == 201, made.content
    assert made.json()["custom"] == {case.key: resolve(case.stored)}
    read = api.get(f"/api/v1/customers/{made.json()['id']}").json()
    assert read["custom"] == {case.key: resolve(case.stored)}
    assert Customer.objects.get().custom == {case.key: resolve(case.stored)}


# 5. import --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_import(importing, personas, resolve, case):
    define_field(personas, case)
    outcome, mapping = importing(
        [["客户名称", case.label], [MATCH, case.imported], [OTHER, cell(resolve(case.bad))]]
    )
    assert case.param in mapping.values()
    assert (outcome.imported, outcome.invalid) == (1, 1)
    assert Customer.objects.get().custom == {case.key: resolve(case.stored)}
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (3, case.label)
    assert case.error in problem.reason


# 8. audit ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_audit(api_as, personas, resolve, case):
    define_field(personas, case)
    api = api_as("sales1")
    made = send(api, "post", "/api/v1/customers", {"name": MATCH, "custom": {case.key: resolve(case.api)}})
    assert made.status_code == 201, made.content
    created = OperationLog.objects.filter(kind="customer", action="create").latest("id")
    stored, other = resolve(case.stored), resolve(case.other)
    assert created.changes[case.param] in (stored, [None, stored])
    text = read_log(created, personas.admin)
    assert case.label in text and json.dumps(case.text, ensure_ascii=False)[1:-1] in text
    assert "custom." not in text
    edit = send(
        api, "patch", f"/api/v1/customers/{made.json()['id']}", {"version": 1, "custom": {case.key: other}}
    )
    assert edit.status_code == 200, edit.content
    updated = OperationLog.objects.filter(kind="customer", action="update").latest("id")
    other_stored = Customer.objects.get().custom[case.key]
    assert updated.changes == {case.param: [stored, other_stored]}
    text = read_log(updated, personas.admin)
    assert case.label in text and case.other_text in text and "custom." not in text
    assert json.dumps(case.text, ensure_ascii=False)[1:-1] in text
