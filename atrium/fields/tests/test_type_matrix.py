"""The field-type × surface matrix: every custom field type (``FieldType``) through every surface a value passes —
the record form, the API, list filters (API and page), sort, import, export, global search and the operation
log. One row of ``CASES`` per type says how a person types a value, what the API sends, what is stored, how it
reads, one refused input with its message, filters that find exactly that record, and whether the type is sorted
and searched; one test per surface runs every row through the real code paths."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from atrium.accounts.models import Department
from atrium.core.errors import ValidationFailed
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog
from atrium.customers.models import Customer
from atrium.customers.services import customer_create
from atrium.fields.models import FieldDefinition, FieldType
from atrium.fields.search_index import TEXT_TYPES
from atrium.fields.services import field_create
from atrium.fields.values import value_text
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db

MATCH = "匹配客户甲"  # the record holding the row's value
OTHER = "对照客户乙"  # the record holding the row's other value
CHOICE_REFUSED = "选择一个有效的选项"  # Django's refusal of a value a form's choice field does not offer


@dataclass(frozen=True)
class Case:
    """One field type. Values may name people and departments as ``{pm}``, ``{member}``, ``{eng}``,
    ``{service}`` (their ids, filled in by ``resolve``)."""

    type: str
    label: str
    form: Any  # what the create form posts (a choice field posts the option value or the id)
    imported: str  # a cell of an import file
    api: Any  # the API's JSON value
    stored: Any  # the value kept in ``custom``
    text: str  # how it reads (``value_text``, the log)
    other: Any  # the other record's value (API form)
    other_text: str
    bad: Any  # refused by the API and the import
    error: str  # a fragment of the refusal
    filters: list[dict[str, str]]  # each finds exactly the MATCH record
    definition: dict[str, Any] = field(default_factory=dict)
    bad_form: Any = None  # refused by the form, when not ``bad``
    form_error: str = ""  # the form's refusal, when not ``error``
    export: str = ""  # the export's cell, when not ``text``
    value_first: bool | None = None  # sorted: does MATCH come first ascending? None: not in the sort matrix
    search: str = ""  # a fragment global search finds MATCH by (searchable types)

    @property
    def key(self) -> str:
        return f"f_{self.type}"

    @property
    def param(self) -> str:
        return f"custom.{self.key}"


CASES = [
    Case(
        type=FieldType.TEXT,
        label="小区名称",
        form="A座翠湖天地",
        imported="A座翠湖天地",
        api="A座翠湖天地",
        stored="A座翠湖天地",
        text="A座翠湖天地",
        other="B座滨江花园",
        other_text="B座滨江花园",
        bad="长" * 201,
        error="最多 200 个字符",
        filters=[{"": "翠湖"}, {"": "a座"}],
        value_first=True,
        search="翠湖",
    ),
    Case(
        type=FieldType.LONG_TEXT,
        label="装修需求",
        form="A：客厅做开放式厨房\n主卧要衣帽间",
        imported="A：客厅做开放式厨房\n主卧要衣帽间",  # a quoted cell keeps its line break
        api="A：客厅做开放式厨房\n主卧要衣帽间",
        stored="A：客厅做开放式厨房\n主卧要衣帽间",
        text="A：客厅做开放式厨房\n主卧要衣帽间",
        other="B：老人房做防滑地面",
        other_text="B：老人房做防滑地面",
        bad="长" * 5001,
        error="最多 5000 个字符",
        filters=[{"": "开放式"}],
        value_first=True,
        search="衣帽间",
    ),
    Case(
        type=FieldType.NUMBER,
        label="房屋面积",
        definition={"decimal_places": 1},
        form="1,120.5",
        imported="1120.5",
        api=1120.5,
        stored=1120.5,
        text="1,120.5",
        export="1120.5",  # numbers are exported as numbers, for the spreadsheet to sum
        other=80,
        other_text="80.0",
        bad="120.55",
        error="最多 1 位小数",
        filters=[{"__gte": "100"}, {"": "1120.5"}, {"__gte": "1000", "__lte": "2000"}],
        value_first=False,
    ),
    Case(
        type=FieldType.MONEY,
        label="预算",
        form="¥350,000",
        imported="350000",
        api=350000,
        stored=350000,
        text="¥350,000.00",
        export="350000",
        other="120000.5",
        other_text="¥120,000.50",
        bad="很多",
        error="请输入数字",
        filters=[{"__gte": "200000"}, {"__gte": "300000", "__lte": "400000"}, {"__in": "350000,1"}],
        value_first=False,
    ),
    Case(
        type=FieldType.PERCENT,
        label="折扣率",
        form="15%",
        imported="15%",
        api=15,
        stored=15,
        text="15%",
        export="15",
        other="30.5",
        other_text="30.5%",
        bad="八折",
        error="请输入数字",
        filters=[{"__lte": "20"}, {"": "15"}],
        value_first=True,
    ),
    Case(
        type=FieldType.DATE,
        label="量房日期",
        form="2026-05-31",
        imported="2026-05-31",
        api="2026-05-31",
        stored="2026-05-31",
        text="2026-05-31",
        other="2026-04-01",
        other_text="2026-04-01",
        bad="明天",
        error="请输入有效日期",
        filters=[{"": "2026-05-31"}, {"__gte": "2026-05-01"}, {"__in": "2026-05-31,2026-01-01"}],
        value_first=False,
    ),
    Case(
        type=FieldType.DATETIME,
        label="预约时间",
        form="2026-05-31T14:30",  # what a datetime-local input posts, in local time
        imported="2026-05-31 14:30",
        api="2026-05-31T14:30:00+08:00",
        stored="2026-05-31T06:30:00Z",
        text="2026-05-31 14:30",
        other="2026-06-01T09:00:00+08:00",
        other_text="2026-06-01 09:00",
        bad="下午三点",
        error="请输入有效的日期和时间",
        # a day is the local day: 2026-06-01 09:00 in Shanghai is 01:00 UTC, still not 05-31
        filters=[{"": "2026-05-31"}, {"__lte": "2026-05-31"}],
        value_first=True,
    ),
    Case(
        type=FieldType.BOOLEAN,
        label="是否精装",
        form="true",
        imported="是",
        api=True,
        stored=True,
        text="是",
        other=False,
        other_text="否",
        bad="也许",
        error="请填写“是”或“否”",
        bad_form="maybe",
        form_error=CHOICE_REFUSED,
        filters=[{"": "1"}, {"": "true"}],
        value_first=False,
    ),
    # A select, a multi select, a person and a department sort by what they store (an option's value, an id),
    # not by what people read: there is no order to promise, so they are not in the sort matrix.
    Case(
        type=FieldType.SELECT,
        label="装修风格",
        definition={"options": ["现代简约", "新中式", "北欧"]},
        form="xinzhongshi",
        imported="新中式",
        api="新中式",
        stored="xinzhongshi",
        text="新中式",
        other="beiou",
        other_text="北欧",
        bad="哥特",
        error="“哥特”不是装修风格的选项",
        form_error=CHOICE_REFUSED,
        filters=[{"": "xinzhongshi"}, {"__in": "xinzhongshi,xiandaijianyue"}],
    ),
    Case(
        type=FieldType.MULTI_SELECT,
        label="改造房间",
        definition={"options": ["客厅", "卧室", "厨房"]},
        form=["chufang", "keting"],
        imported="厨房、客厅",
        api=["厨房", "客厅"],
        stored=["keting", "chufang"],  # in the options' order
        text="客厅、厨房",
        other=["woshi"],
        other_text="卧室",
        bad=["客厅", "阳台"],
        error="“阳台”不是改造房间的选项",
        form_error=CHOICE_REFUSED,
        filters=[{"": "keting"}, {"__in": "chufang,keting"}],
    ),
    Case(
        type=FieldType.PERSON,
        label="设计师",
        form="{pm}",
        imported="陈工",  # the name, as the export writes it
        api="{pm}",
        stored="{pm}",
        text="陈工",
        other="{member}",
        other_text="刘师傅",
        bad=999999,
        error="请选择一位在职员工",
        bad_form="999999",
        form_error=CHOICE_REFUSED,
        filters=[{"": "{pm}"}, {"__in": "{pm},999999"}],
    ),
    Case(
        type=FieldType.DEPARTMENT,
        label="负责部门",
        form="{eng}",
        imported="工程部",
        api="{eng}",
        stored="{eng}",
        text="工程部",
        other="{service}",
        other_text="客服部",
        bad="市场部",
        error="请选择部门",
        bad_form="999999",
        form_error=CHOICE_REFUSED,
        filters=[{"": "{eng}"}, {"__in": "{eng},999999"}],
    ),
    Case(
        type=FieldType.PHONE,
        label="业主电话",
        form="021-6688 1234",
        imported="021 66881234",
        api="(021) 6688-1234",
        stored="021-66881234",
        text="021-66881234",
        other="13800138000",
        other_text="13800138000",
        bad="12345",
        error="请输入有效的电话号码",
        filters=[{"": "6688"}],
        value_first=True,
        search="66881234",
    ),
    Case(
        type=FieldType.EMAIL,
        label="业主邮箱",
        form="Owner@Cuihu.example",
        imported="owner@cuihu.example",
        api="OWNER@cuihu.example",
        stored="owner@cuihu.example",
        text="owner@cuihu.example",
        other="zhang@binjiang.example",
        other_text="zhang@binjiang.example",
        bad="owner-at-cuihu",
        error="请输入有效的邮箱地址",
        filters=[{"": "cuihu"}],
        value_first=True,
        search="cuihu",
    ),
    Case(
        type=FieldType.URL,
        label="案例网址",
        form="cuihu.example/case",
        imported="https://cuihu.example/case",
        api="cuihu.example/case",
        stored="https://cuihu.example/case",
        text="https://cuihu.example/case",
        other="https://zhucheng.example/",
        other_text="https://zhucheng.example/",
        bad="not a web address",
        error="请输入有效网址",
        filters=[{"": "cuihu"}],
        value_first=True,
        search="cuihu",
    ),
]
BY_TYPE = {case.type: case for case in CASES}
SORTED = [case for case in CASES if case.value_first is not None]
SEARCHED = [case for case in CASES if case.search]


def ids(case: Case) -> str:
    return str(case.type)


def test_the_matrix_has_a_row_for_every_type():
    assert set(BY_TYPE) == set(FieldType.values)
    assert {c.type for c in SEARCHED} == set(TEXT_TYPES)  # every type global search takes is searched here


@pytest.mark.parametrize("case", [c for c in CASES if not c.search], ids=ids)
def test_only_text_like_types_can_be_searchable(personas, case):
    with pytest.raises(ValidationFailed) as refused:
        _definition(personas, case, searchable=True)
    assert "只有文本" in " ".join(refused.value.fields["searchable"])
    assert not FieldDefinition.objects.exists()


@pytest.fixture
def places(personas) -> dict[str, int]:
    return {
        "pm": personas.pm.pk,
        "member": personas.member.pk,
        "eng": Department.objects.get(name="工程部").pk,
        "service": Department.objects.get(name="客服部").pk,
    }


@pytest.fixture
def resolve(places):
    """A row's value with ``{pm}`` … replaced: a whole placeholder becomes the id (an int), one inside a text
    the id's digits."""

    def fill(value: Any) -> Any:
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, str) and "{" in value:
            if re.fullmatch(r"\{\w+\}", value):
                return places[value[1:-1]]
            return value.format(**places)
        return value

    return fill


def _definition(personas, case: Case, **flags: Any) -> FieldDefinition:
    return field_create(
        actor=personas.admin,
        kind="customer",
        data={
            "label": case.label,
            "key": case.key,
            "field_type": case.type,
            "searchable": bool(case.search),
            "sortable": case.value_first is not None,
            **case.definition,
            **flags,
        },
    )


@pytest.fixture
def pair(personas, resolve):
    """The row's field and two customers of sales1: MATCH with the value, OTHER with the other value."""

    def make(case: Case) -> tuple[FieldDefinition, Customer, Customer]:
        definition = _definition(personas, case)
        made = [
            customer_create(actor=personas.sales1, data={"name": name, "custom": {case.key: resolve(value)}})
            for name, value in ((MATCH, case.api), (OTHER, case.other))
        ]
        assert made[0].custom == {case.key: resolve(case.stored)}
        return definition, made[0], made[1]

    return make


def send(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def _field_block(html: str, name: str) -> str:
    """The markup of one form field, up to the next field (its input, its errors)."""
    start = html.find(f'data-field="{name}"')
    assert start >= 0, f"no field {name}"
    end = html.find('<div class="field', start)
    return html[start : end if end > 0 else len(html)]


# 1. the record form -----------------------------------------------------------------------------------------

NEW = {"name": MATCH, "type": "company", "status": "potential"}


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_form(client_as, personas, resolve, case):
    definition = _definition(personas, case)
    page = client_as("sales1")
    assert f'name="{case.param}"' in page.get("/customers/new/").content.decode()
    bad = case.bad if case.bad_form is None else case.bad_form
    refused = page.post("/customers/new/", {**NEW, case.param: resolve(bad)})
    assert refused.status_code == 400
    assert (case.form_error or case.error) in _field_block(refused.content.decode(), case.param)
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
    definition = _definition(personas, case)
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


# 3. list filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_list_filter(api_as, client_as, pair, resolve, case):
    pair(case)
    api = api_as("sales1")
    assert sorted(_names(api.get("/api/v1/customers"))) == sorted([MATCH, OTHER])
    for given in case.filters:
        params = {case.param + op: resolve(value) for op, value in given.items()}
        assert _names(api.get("/api/v1/customers", params)) == [MATCH], params
        html = client_as("sales1").get("/customers/", params)
        assert html.status_code == 200, params
        assert MATCH in html.content.decode() and OTHER not in html.content.decode(), params


# A text-like filter takes any text (it is a "contains"); the others refuse a value of another type.
BAD_FILTERS = {
    FieldType.NUMBER: {"": "很大"},
    FieldType.MONEY: {"__gte": "很多"},
    FieldType.PERCENT: {"__lte": "八折"},
    FieldType.DATE: {"__gte": "明天"},
    FieldType.DATETIME: {"": "下午三点"},
    FieldType.BOOLEAN: {"": "也许"},
    FieldType.SELECT: {"": "哥特"},
    FieldType.MULTI_SELECT: {"__in": "keting,阳台"},
    FieldType.PERSON: {"": "陈工"},
    FieldType.DEPARTMENT: {"__in": "工程部"},
}


@pytest.mark.parametrize("case", [BY_TYPE[t] for t in BAD_FILTERS], ids=ids)
def test_a_bad_filter_value_is_refused_naming_the_parameter(api_as, personas, case):
    _definition(personas, case)
    [(op, value)] = BAD_FILTERS[case.type].items()
    refused = api_as("sales1").get("/api/v1/customers", {case.param + op: value})
    assert refused.status_code == 400, refused.content
    assert case.param + op in refused.json()["fields"]


# 4. sort ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SORTED, ids=ids)
def test_sort(api_as, pair, case):
    pair(case)
    api = api_as("sales1")
    ascending = [MATCH, OTHER] if case.value_first else [OTHER, MATCH]
    assert _names(api.get("/api/v1/customers", {"sort": case.param})) == ascending
    assert _names(api.get("/api/v1/customers", {"sort": "-" + case.param})) == ascending[::-1]


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_a_field_not_marked_sortable_does_not_sort(api_as, personas, case):
    _definition(personas, case, sortable=False)
    refused = api_as("sales1").get("/api/v1/customers", {"sort": case.param})
    assert refused.status_code == 400, refused.content


# 5. import --------------------------------------------------------------------------------------------------


@pytest.fixture
def importing(personas, tmp_path):
    def run(rows):
        path = tmp_path / "f.csv"
        path.write_bytes(csv_bytes(rows, "utf-8-sig"))
        table = open_table(path, "f.csv")
        spec = get_import_spec("customers")
        mapping = suggest_mapping(spec, table.header)
        outcome = run_import(
            actor=personas.sales1,
            spec=spec,
            table=table,
            mapping=mapping,
            options=ImportOptions(skip_invalid=True),
        )
        return outcome, mapping

    return run


def _cell(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_import(importing, personas, resolve, case):
    _definition(personas, case)
    outcome, mapping = importing(
        [["客户名称", case.label], [MATCH, case.imported], [OTHER, _cell(resolve(case.bad))]]
    )
    assert case.param in mapping.values()
    assert (outcome.imported, outcome.invalid) == (1, 1)
    assert Customer.objects.get().custom == {case.key: resolve(case.stored)}
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (3, case.label)
    assert case.error in problem.reason


# 6. export --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_export(client_as, pair, resolve, case):
    pair(case)
    response = client_as("sales1").get(
        "/lists/customers/export.csv", {"columns": f"name,{case.param}", "sort": "name"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows.index(next(r for r in rows if r and r[-1] == case.label))
    cells = {row[0]: row[1] for row in rows[header + 1 :] if len(row) == 2}
    assert cells[MATCH] == (case.export or case.text)
    assert OTHER in cells
    stored = resolve(case.stored)
    if case.type in (FieldType.SELECT, FieldType.MULTI_SELECT, FieldType.PERSON, FieldType.DEPARTMENT):
        assert _cell(stored) not in cells.values()  # the option's value or the id never reaches the file


# 7. search --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SEARCHED, ids=ids)
def test_search(api_as, pair, case):
    _field, match, _other = pair(case)
    response = api_as("sales1").get("/api/v1/search", {"q": case.search, "kinds": "customer"})
    assert response.status_code == 200, response.content
    found = {item["id"] for item in response.json()["items"] if item["kind"] == "customer"}
    assert found == {match.pk}


# 8. audit ---------------------------------------------------------------------------------------------------


def _read(row, viewer) -> str:
    lines = change_lines_of([row], viewer)[row.pk]
    return json.dumps([vars(line) for line in lines], ensure_ascii=False)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_audit(api_as, personas, resolve, case):
    _definition(personas, case)
    api = api_as("sales1")
    made = send(api, "post", "/api/v1/customers", {"name": MATCH, "custom": {case.key: resolve(case.api)}})
    assert made.status_code == 201, made.content
    created = OperationLog.objects.filter(kind="customer", action="create").latest("id")
    stored, other = resolve(case.stored), resolve(case.other)
    assert created.changes[case.param] in (stored, [None, stored])
    text = _read(created, personas.admin)
    assert case.label in text and json.dumps(case.text, ensure_ascii=False)[1:-1] in text
    assert "custom." not in text
    edit = send(
        api, "patch", f"/api/v1/customers/{made.json()['id']}", {"version": 1, "custom": {case.key: other}}
    )
    assert edit.status_code == 200, edit.content
    updated = OperationLog.objects.filter(kind="customer", action="update").latest("id")
    other_stored = Customer.objects.get().custom[case.key]
    assert updated.changes == {case.param: [stored, other_stored]}
    text = _read(updated, personas.admin)
    assert case.label in text and case.other_text in text and "custom." not in text
    assert json.dumps(case.text, ensure_ascii=False)[1:-1] in text
