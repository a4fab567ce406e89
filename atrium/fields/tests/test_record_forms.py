"""Custom fields on the HTML record forms and pages, from the definitions alone: the field beside the built-in ones,
its refusal beside it, the record's values on the edit form and in the page's facts, read-only fields disabled and
hidden ones absent for the roles they name."""

from __future__ import annotations

import re

import pytest

from atrium.customers.models import Customer
from atrium.customers.services import customer_create
from atrium.fields.services import field_create

pytestmark = pytest.mark.django_db

NEW = {"name": "筑城装饰", "type": "company", "status": "potential"}


@pytest.fixture
def fields(personas):
    admin = personas.admin
    budget = field_create(
        actor=admin, kind="customer", data={"label": "预算", "field_type": "money", "required": True}
    )
    style = field_create(
        actor=admin,
        kind="customer",
        data={"label": "装修风格", "field_type": "select", "options": ["现代简约", "新中式"]},
    )
    secret = field_create(
        actor=admin,
        kind="customer",
        data={"label": "内部评级", "field_type": "text", "visibility": {"sales_rep": "hidden"}},
    )
    return budget, style, secret


def _field_block(html: str, name: str) -> str:
    match = re.search(
        rf'<div class="field[^"]*" data-field="{re.escape(name)}">(.*?)</div>\s*(?=<div class="field|</div>)',
        html,
        re.S,
    )
    assert match, f"no field {name}"
    return match.group(0)


def test_the_new_customer_form_offers_the_fields_and_refuses_beside_them(client_as, fields):
    page = client_as("sales1")
    html = page.get("/customers/new/").content.decode()
    assert 'name="custom.yusuan"' in html and 'name="custom.zhuangxiufengge"' in html
    assert "custom.neibupingji" not in html and "内部评级" not in html  # hidden for sales reps
    refused = page.post("/customers/new/", {**NEW, "custom.yusuan": "很多"})
    assert refused.status_code == 400
    assert "请输入数字" in _field_block(refused.content.decode(), "custom.yusuan")
    assert not Customer.objects.exists()
    empty = page.post("/customers/new/", NEW)
    assert empty.status_code == 400 and "必填" in _field_block(empty.content.decode(), "custom.yusuan")
    made = page.post(
        "/customers/new/", {**NEW, "custom.yusuan": "350000", "custom.zhuangxiufengge": "xiandaijianyue"}
    )
    assert made.status_code == 302
    assert Customer.objects.get().custom == {"yusuan": 350000, "zhuangxiufengge": "xiandaijianyue"}


def test_the_record_page_and_edit_form_show_the_values(client_as, personas, fields):
    customer = customer_create(
        actor=personas.admin,
        data={
            "name": "甲",
            "owner": personas.sales1.pk,
            "custom": {"yusuan": 1200.5, "zhuangxiufengge": "新中式", "neibupingji": "A"},
        },
    )
    page = client_as("sales1")
    html = page.get(f"/customers/{customer.pk}/").content.decode()
    assert "<dt>预算</dt>" in html and "¥1,200.50" in html and "新中式" in html
    assert "内部评级" not in html
    edit = page.get(f"/customers/{customer.pk}/edit/").content.decode()
    assert 'value="1200.5"' in _field_block(edit, "custom.yusuan")
    assert (
        "selected" in _field_block(edit, "custom.zhuangxiufengge").split("新中式")[0].rsplit("<option", 1)[1]
    )
    saved = page.post(
        f"/customers/{customer.pk}/edit/",
        {
            **NEW,
            "name": "甲",
            "version": customer.version,
            "custom.yusuan": "1300",
            "custom.zhuangxiufengge": "",
        },
    )
    assert saved.status_code == 302
    # The hidden field kept its value; the cleared select is gone.
    assert Customer.objects.get(pk=customer.pk).custom == {"yusuan": 1300, "neibupingji": "A"}
    admin_html = client_as("admin").get(f"/customers/{customer.pk}/").content.decode()
    assert "内部评级" in admin_html


def test_person_and_yes_no_fields_read_in_words(client_as, personas):
    field_create(actor=personas.admin, kind="customer", data={"label": "设计师", "field_type": "person"})
    field_create(actor=personas.admin, kind="customer", data={"label": "已量房", "field_type": "boolean"})
    customer = customer_create(
        actor=personas.sales1,
        data={"name": "乙", "custom": {"shejishi": personas.sales2.pk, "yiliangfang": "是"}},
    )
    html = client_as("sales1").get(f"/customers/{customer.pk}/").content.decode()
    assert '<dt>设计师</dt><dd data-testid="custom-fact">张华</dd>' in html
    assert '<dt>已量房</dt><dd data-testid="custom-fact">是</dd>' in html


def test_a_followups_custom_fields_show_on_the_timeline_and_list(
    client_as, personas, django_assert_max_num_queries
):
    """The customer page's follow-ups and the timeline show each follow-up's custom fields in words; a field
    hidden from the viewer's role is absent."""
    from atrium.customers.models import FollowUp
    from atrium.customers.services import followup_create

    field_create(
        actor=personas.admin,
        kind="followup",
        data={"label": "量房面积", "field_type": "number", "decimal_places": 1},
    )
    field_create(actor=personas.admin, kind="followup", data={"label": "陪同设计师", "field_type": "person"})
    field_create(
        actor=personas.admin,
        kind="followup",
        data={"label": "内部备注", "field_type": "text", "visibility": {"sales_rep": "hidden"}},
    )
    customer = customer_create(actor=personas.sales1, data={"name": "城南张先生家"})
    for area in (88, 120.5, 96):
        followup_create(
            actor=personas.sales1,
            data={
                "customer": customer.pk,
                "type": "site_survey",
                "content": "上门量房",
                "custom": {"liangfangmianji": area, "peitongshejishi": personas.pm.pk},
            },
        )
    as_sales = client_as("sales1")
    page = as_sales.get(f"/customers/{customer.pk}/").content.decode()
    for text in ("量房面积", "120.5", "陪同设计师", personas.pm.name):
        assert text in page
    assert "内部备注" not in page and "报价要快" not in page
    timeline = as_sales.get(f"/customers/{customer.pk}/timeline/").content.decode()
    assert timeline.count('data-testid="followup-custom"') == 6  # 3 follow-ups × the 2 fields sales1 sees
    assert "报价要快" not in timeline
    FollowUp.objects.update(custom={"liangfangmianji": 96, "neibubeizhu": "报价要快"})
    as_admin = client_as("admin")
    assert "报价要快" in as_admin.get(f"/customers/{customer.pk}/timeline/").content.decode()
