"""The activity timeline (core.timeline): names the viewer may see only, people by name, the follow-up API's
rule on every surface."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from atrium.customers.models import Customer
from atrium.customers.services import (
    contact_create,
    contact_update,
    customer_create,
    customer_release,
    followup_create,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def timeline(client, customer: Customer) -> str:
    response = client.get(reverse("customers:customer_timeline", args=[customer.pk]))
    assert response.status_code == 200
    return text_of(response)


def new_customer(actor, name: str) -> Customer:
    return customer_create(actor=actor, data={"name": name, "type": "company"}, force=True)


def test_a_contact_moved_from_an_invisible_customer_does_not_name_it(client_as, personas):
    hidden = new_customer(personas.sales2, "张华的秘密客户")
    mine = new_customer(personas.admin, "李明的客户")
    contact = contact_create(actor=personas.admin, data={"customer": hidden.pk, "name": "王工"})
    contact_update(actor=personas.admin, contact=contact, data={"customer": mine.pk}, version=contact.version)
    Customer.objects.filter(pk=mine.pk).update(owner=personas.sales1)
    lines = timeline(client_as("sales1"), mine)
    assert "张华的秘密客户" not in lines
    assert "客户 无权查看的记录 → 李明的客户" in lines
    assert "张华的秘密客户 → 李明的客户" in timeline(client_as("admin"), mine)


def test_the_timeline_names_people_and_a_contacts_job_title(client_as, personas):
    customer = new_customer(personas.sales1, "星河湾")
    contact_create(actor=personas.sales1, data={"customer": customer.pk, "name": "王工", "title": "项目经理"})
    lines = timeline(client_as("sales1"), customer)
    assert "李明 · 新建" in lines and "sales1" not in lines
    assert "职务 项目经理" in lines and "标题" not in lines


def test_a_pool_customer_shows_sales1_only_the_follow_ups_the_api_answers(client_as, api_as, personas):
    customer = new_customer(personas.sales2, "公海里的客户")
    theirs = followup_create(
        actor=personas.sales2, data={"customer": customer.pk, "type": "call", "content": "张华打过电话"}
    )
    customer_release(actor=personas.sales2, customer=customer.pk)
    api = api_as("sales1")
    assert api.get(f"/api/v1/followups/{theirs.pk}").status_code == 404
    listed = api.get("/api/v1/followups", {"customer": customer.pk}).json()["items"]
    assert listed == []
    sales1 = client_as("sales1")
    page = sales1.get(reverse("customers:detail", args=[customer.pk]))
    assert page.status_code == 200 and "张华打过电话" not in page.content.decode()
    assert "张华打过电话" not in timeline(sales1, customer)
    mine = followup_create(
        actor=personas.sales1, data={"customer": customer.pk, "type": "call", "content": "李明回访"}
    )
    assert [f["id"] for f in api.get("/api/v1/followups", {"customer": customer.pk}).json()["items"]] == [
        mine.pk
    ]
    assert "李明回访" in sales1.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "李明回访" in timeline(sales1, customer)
    assert "张华打过电话" in timeline(client_as("admin"), customer)


def test_a_bad_cursor_is_refused_with_a_message(personas):
    from atrium.core.errors import ValidationFailed
    from atrium.customers.selectors import customer_timeline

    customer = new_customer(personas.sales1, "星河湾")
    with pytest.raises(ValidationFailed):
        customer_timeline(personas.sales1, customer, "not-a-cursor")
