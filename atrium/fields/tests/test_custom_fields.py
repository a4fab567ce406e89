"""Custom fields: definitions through the API (admin only), values on customers through the shared write path —
typed, required on create and edit, unique, per-role read-only and hidden, audited per field in labels — and the
retire / restore / delete and type-change flows."""

from __future__ import annotations

import json

import pytest

from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog
from atrium.customers.models import Customer
from atrium.customers.services import customer_create
from atrium.fields.models import FieldDefinition
from atrium.fields.services import field_create, field_retire, field_update

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def budget(personas):
    return field_create(
        actor=personas.admin, kind="customer", data={"label": "预算", "field_type": "money", "required": True}
    )


@pytest.fixture
def style(personas):
    return field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "装修风格", "field_type": "select", "options": ["现代简约", "新中式", "北欧"]},
    )


def test_the_admin_adds_fields_by_api_and_keys_come_from_pinyin(api_as):
    api = api_as("admin")
    made = send(
        api,
        "post",
        "/api/v1/fields",
        {"kind": "customer", "label": "预算", "type": "money", "required": True},
    )
    assert made.status_code == 201, made.content
    assert made.json()["key"] == "yusuan" and made.json()["type"] == "money"
    select = send(
        api,
        "post",
        "/api/v1/fields",
        {"kind": "customer", "label": "装修风格", "type": "select", "options": ["现代简约", "新中式"]},
    ).json()
    assert [o["label"] for o in select["options"]] == ["现代简约", "新中式"]
    listed = api.get("/api/v1/fields", {"kind": "customer"}).json()
    assert [f["key"] for f in listed] == ["yusuan", "zhuangxiufengge"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "customer", "label": "", "type": "text"}, "label"),
        ({"kind": "customer", "label": "风格", "type": "select", "options": []}, "options"),
        ({"kind": "customer", "label": "风格", "type": "select", "options": ["A", "a"]}, "options"),
        ({"kind": "customer", "label": "编号", "type": "text", "key": "Bad Key"}, "key"),
        ({"kind": "customer", "label": "名称", "type": "text", "key": "name"}, "key"),
        ({"kind": "customer", "label": "编号", "type": "blob"}, "field_type"),
        ({"kind": "customer", "label": "面积", "type": "number", "decimal_places": 9}, "decimal_places"),
        ({"kind": "customer", "label": "面积", "type": "number", "default": "很大"}, "default"),
    ],
)
def test_bad_definitions_are_refused_beside_the_field(api_as, body, field):
    response = send(api_as("admin"), "post", "/api/v1/fields", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not FieldDefinition.objects.exists()


def test_a_duplicate_label_or_key_is_refused(api_as, budget):
    api = api_as("admin")
    assert (
        "label"
        in send(api, "post", "/api/v1/fields", {"kind": "customer", "label": "预算", "type": "text"}).json()[
            "fields"
        ]
    )
    again = send(
        api, "post", "/api/v1/fields", {"kind": "customer", "label": "预算2", "type": "text", "key": "yusuan"}
    )
    assert "key" in again.json()["fields"]


def test_only_admins_manage_fields(api_as, budget):
    sales = api_as("sales1")
    assert (
        send(sales, "post", "/api/v1/fields", {"kind": "customer", "label": "X", "type": "text"}).status_code
        == 403
    )
    assert sales.get("/api/v1/fields", {"kind": "customer"}).status_code == 403
    assert (
        send(sales, "patch", f"/api/v1/fields/{budget.pk}", {"version": 1, "label": "Y"}).status_code == 404
    )
    assert api_as("manager").get("/api/v1/fields", {"kind": "customer"}).status_code == 200


def test_values_are_typed_required_and_logged_in_labels(api_as, personas, budget, style):
    api = api_as("sales1")
    for body in ({"name": "筑城装饰", "custom": {}}, {"name": "筑城装饰"}):
        missing = send(api, "post", "/api/v1/customers", body)
        assert missing.status_code == 400 and "custom.yusuan" in missing.json()["fields"]
    wrong = send(
        api,
        "post",
        "/api/v1/customers",
        {"name": "筑城装饰", "custom": {"yusuan": "很多", "zhuangxiufengge": "哥特"}},
    )
    assert set(wrong.json()["fields"]) == {"custom.yusuan", "custom.zhuangxiufengge"}
    assert not Customer.objects.exists()
    made = send(
        api,
        "post",
        "/api/v1/customers",
        {"name": "筑城装饰", "custom": {"yusuan": "¥350,000.5", "zhuangxiufengge": "新中式"}},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["custom"] == {"yusuan": 350000.5, "zhuangxiufengge": style.options[1]["value"]}
    edit = send(api, "patch", f"/api/v1/customers/{body['id']}", {"version": 1, "custom": {"yusuan": 400000}})
    assert edit.status_code == 200 and edit.json()["custom"]["yusuan"] == 400000
    row = OperationLog.objects.filter(kind="customer", action="update").latest("id")
    assert row.changes == {"custom.yusuan": [350000.5, 400000]}
    lines = change_lines_of([row], personas.admin)[row.pk]
    text = json.dumps(
        [vars(line) if hasattr(line, "__dict__") else line for line in lines], ensure_ascii=False, default=str
    )
    assert "预算" in text and "¥350,000.50" in text and "¥400,000.00" in text and "custom." not in text


def test_an_edit_must_fill_a_field_made_required_later(api_as, personas):
    customer = customer_create(actor=personas.sales1, data={"name": "老客户"})
    area = field_create(
        actor=personas.admin, kind="customer", data={"label": "房屋面积", "field_type": "number"}
    )
    field_update(actor=personas.admin, field=area, data={"required": True}, version=area.version)
    api = api_as("sales1")
    assert api.get(f"/api/v1/customers/{customer.pk}").status_code == 200  # stored records stay valid
    refused = send(api, "patch", f"/api/v1/customers/{customer.pk}", {"version": 1, "custom": {}})
    assert "custom.fangwumianji" in refused.json()["fields"]


def test_unique_values(api_as, personas):
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "客户编号", "field_type": "text", "unique": True},
    )
    api = api_as("sales1")
    assert (
        send(
            api, "post", "/api/v1/customers", {"name": "甲", "custom": {"kehubianhao": "KH-001"}}
        ).status_code
        == 201
    )
    second = send(api, "post", "/api/v1/customers", {"name": "乙", "custom": {"kehubianhao": "KH-001"}})
    assert second.status_code == 400 and "custom.kehubianhao" in second.json()["fields"]


def test_read_only_and_hidden_fields_per_role(api_as, personas):
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "信用额度", "field_type": "money", "visibility": {"sales_rep": "readonly"}},
    )
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "内部评级", "field_type": "text", "visibility": {"sales_rep": "hidden"}},
    )
    customer = customer_create(
        actor=personas.admin,
        data={"name": "甲", "owner": personas.sales1.pk, "custom": {"xinyongedu": 5, "neibupingji": "A"}},
    )
    api = api_as("sales1")
    assert api.get(f"/api/v1/customers/{customer.pk}").json()["custom"] == {"xinyongedu": 5}
    refused = send(
        api, "patch", f"/api/v1/customers/{customer.pk}", {"version": 1, "custom": {"xinyongedu": 9}}
    )
    assert refused.status_code == 403 and "信用额度" in refused.json()["message"]
    hidden = send(
        api, "patch", f"/api/v1/customers/{customer.pk}", {"version": 1, "custom": {"neibupingji": "B"}}
    )
    assert hidden.status_code == 400
    assert Customer.objects.get(pk=customer.pk).custom == {"xinyongedu": 5, "neibupingji": "A"}


def test_retire_hides_and_keeps_values_restore_brings_them_back_delete_removes(api_as, personas, style):
    customer = customer_create(
        actor=personas.sales1, data={"name": "甲", "custom": {"zhuangxiufengge": "北欧"}}
    )
    api = api_as("sales1")
    retired = field_retire(actor=personas.admin, field=style, version=style.version)
    assert api.get(f"/api/v1/customers/{customer.pk}").json()["custom"] == {}
    assert Customer.objects.get(pk=customer.pk).custom == {"zhuangxiufengge": "beiou"}
    admin = api_as("admin")
    restored = send(admin, "post", f"/api/v1/fields/{style.pk}/restore", {"version": retired.version}).json()
    assert api.get(f"/api/v1/customers/{customer.pk}").json()["custom"] == {"zhuangxiufengge": "beiou"}
    live = send(admin, "post", f"/api/v1/fields/{style.pk}/delete", {"confirm": "装修风格"})
    assert live.status_code == 400  # only a retired field can be deleted
    send(admin, "post", f"/api/v1/fields/{style.pk}/retire", {"version": restored["version"]})
    wrong = send(admin, "post", f"/api/v1/fields/{style.pk}/delete", {"confirm": "装修"})
    assert wrong.status_code == 400 and "confirm" in wrong.json()["fields"]
    gone = send(admin, "post", f"/api/v1/fields/{style.pk}/delete", {"confirm": "装修风格"})
    assert gone.json() == {"values_removed": 1}
    assert Customer.objects.get(pk=customer.pk).custom == {}


def test_a_type_change_that_conflicts_names_the_records(api_as, personas):
    note = field_create(
        actor=personas.admin, kind="customer", data={"label": "备注编号", "field_type": "text"}
    )
    customer_create(actor=personas.sales1, data={"name": "甲", "custom": {"beizhubianhao": "12"}})
    customer_create(actor=personas.sales1, data={"name": "乙", "custom": {"beizhubianhao": "十二"}})
    refused = send(
        api_as("admin"), "patch", f"/api/v1/fields/{note.pk}", {"version": note.version, "type": "number"}
    )
    assert refused.status_code == 400
    assert (
        "1" in refused.json()["fields"]["field_type"][0] and "乙" in refused.json()["fields"]["field_type"][0]
    )
    assert FieldDefinition.objects.get(pk=note.pk).field_type == "text"


def test_a_stale_definition_edit_is_refused(api_as, budget):
    api = api_as("admin")
    assert (
        send(api, "patch", f"/api/v1/fields/{budget.pk}", {"version": 1, "label": "总预算"}).status_code
        == 200
    )
    assert (
        send(api, "patch", f"/api/v1/fields/{budget.pk}", {"version": 1, "label": "预算额"}).status_code
        == 409
    )


def test_a_surface_that_offers_no_custom_fields_is_not_blocked_by_a_required_one(personas, budget):
    """A conversion or a bulk move sends no custom values (None): defaults apply, nothing is required of it."""
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "来源渠道", "field_type": "text", "default": "门店"},
    )
    customer = customer_create(actor=personas.sales1, data={"name": "转化客户"})
    assert customer.custom == {"laiyuanqudao": "门店"}
