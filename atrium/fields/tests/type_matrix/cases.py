"""The rows of the matrix: one ``Case`` per custom field type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atrium.fields.models import FieldType

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
