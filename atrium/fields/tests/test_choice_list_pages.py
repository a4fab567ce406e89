"""Choice lists on their pages and through the API: who may see and change them, the forms of each step, bad
input refused with nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atrium.core.errors import ValidationFailed
from atrium.customers.models import Customer, FollowUp
from atrium.customers.services import customer_create, customer_update
from atrium.fields.choice_options import options_of
from atrium.fields.choice_services import (
    choice_option_update,
)
from atrium.fields.models import ChoiceOption


def option(list_key: str, label: str) -> ChoiceOption:
    return ChoiceOption.objects.get(list=list_key, label=label)


# Pages --------------------------------------------------------------------------------------------------------


def test_the_lists_page_counts_options_and_opens_to_who_may_view_customer_settings(client_as, personas):
    choice_option_update(actor=personas.admin, option=option("industry", "其他"), data={"retired": True})
    page = client_as("admin").get(reverse("fields:choice_lists"))
    html = page.content.decode()
    assert page.status_code == 200 and "客户级别" in html and "跟进方式" in html and "输单原因" in html
    assert client_as("manager").get(reverse("fields:choice_lists")).status_code == 200
    for who in ("sales1", "outsider"):
        assert client_as(who).get(reverse("fields:choice_lists")).status_code == 403
    settings_page = client_as("admin").get(reverse("settings")).content.decode()
    assert reverse("fields:choice_lists") in settings_page


def test_the_list_page_adds_renames_moves_retires_and_restores(client_as, personas):
    url = reverse("fields:choice_list", args=["industry"])
    admin = client_as("admin")
    assert admin.post(url, {"op": "add", "label": "展厅门店"}).status_code == 302
    added = option("industry", "展厅门店")
    clash = admin.post(url, {"op": "add", "label": "展厅门店"})
    assert clash.status_code == 400 and "此列表已有名为“展厅门店”的选项。" in clash.content.decode()
    empty = admin.post(url, {"op": "rename", "option": added.pk, "label": "", "version": 1})
    assert empty.status_code == 400 and "请填写选项名称。" in empty.content.decode()
    stale = admin.post(url, {"op": "rename", "option": added.pk, "label": "门店", "version": 7})
    assert stale.status_code == 409 and option("industry", "展厅门店")
    assert (
        admin.post(url, {"op": "rename", "option": added.pk, "label": "门店", "version": 1}).status_code
        == 302
    )
    assert admin.post(url, {"op": "move", "option": added.pk, "direction": "up"}).status_code == 302
    names = [o.label for o in options_of("industry")]
    assert names.index("门店") == len(names) - 2
    assert admin.post(url, {"op": "retire", "option": added.pk}).status_code == 302
    assert option("industry", "门店").is_retired
    assert admin.post(url, {"op": "restore", "option": added.pk}).status_code == 302
    assert not option("industry", "门店").is_retired
    assert admin.post(url, {"op": "bogus"}).status_code == 400
    assert admin.post(url, {"op": "retire", "option": "abc"}).status_code == 404
    other_list = option("source", "其他")  # an option of another list is not this list's
    assert admin.post(url, {"op": "retire", "option": other_list.pk}).status_code == 404
    assert admin.get(reverse("fields:choice_list", args=["nonsense"])).status_code == 404


def test_the_list_page_refuses_changes_to_who_may_only_view(client_as, personas):
    url = reverse("fields:choice_list", args=["industry"])
    page = client_as("manager").get(url)
    assert page.status_code == 200 and 'data-testid="option-rename"' not in page.content.decode()
    assert client_as("manager").post(url, {"op": "add", "label": "新"}).status_code == 403
    assert client_as("sales1").get(url).status_code == 403
    assert not ChoiceOption.objects.filter(label="新").exists()


def test_the_merge_page_shows_how_many_records_move_before_merging(client_as, personas):
    for n in range(2):
        customer_create(actor=personas.sales1, data={"name": f"客{n}", "industry": "酒店餐饮"})
    source, target = option("industry", "酒店餐饮"), option("industry", "商业零售")
    url = reverse("fields:choice_merge", args=["industry"])
    admin = client_as("admin")
    preview = admin.get(url, {"source": source.pk, "target": target.pk})
    html = preview.content.decode()
    assert preview.status_code == 200 and "2 条使用“酒店餐饮”的记录将改为“商业零售”。" in html
    assert Customer.objects.filter(industry="酒店餐饮").count() == 2  # nothing moved yet
    itself = admin.get(url, {"source": source.pk, "target": source.pk})
    assert itself.status_code == 400 and "选项不能并入自身。" in itself.content.decode()
    unknown = admin.post(url, {"source": source.pk, "target": 999999, "confirm": "1"})
    assert unknown.status_code == 400 and Customer.objects.filter(industry="酒店餐饮").count() == 2
    done = admin.post(
        url, {"source": source.pk, "target": target.pk, "confirm": "1", "version": source.version}
    )
    assert done.status_code == 302
    assert Customer.objects.filter(industry="商业零售").count() == 2
    assert not ChoiceOption.objects.filter(pk=source.pk).exists()
    assert client_as("manager").get(url).status_code == 403


# API ----------------------------------------------------------------------------------------------------------


def test_the_api_reads_lists_for_staff_only(api_as, personas):
    listed = api_as("sales1").get("/api/v1/choice-lists")
    assert listed.status_code == 200
    lists = {item["key"]: item for item in listed.json()}
    assert lists["followup_type"]["keyed"] and not lists["followup_type"]["may_edit"]
    assert {"value": "call", "label": "电话"}.items() <= lists["followup_type"]["options"][0].items()
    one = api_as("admin").get("/api/v1/choice-lists/tags")
    assert one.status_code == 200 and one.json()["multi"] and one.json()["may_edit"]
    assert api_as("sales1").get("/api/v1/choice-lists/nonsense").status_code == 404
    assert api_as("client").get("/api/v1/choice-lists").status_code == 404
    assert api_as("client").get("/api/v1/choice-lists/industry").status_code == 404


def test_the_api_writes_for_admins_with_versions(api_as, personas):
    admin = api_as("admin")
    assert (
        api_as("sales1")
        .post("/api/v1/choice-lists/industry/options", {"label": "新"}, content_type="application/json")
        .status_code
        == 403
    )
    created = admin.post(
        "/api/v1/choice-lists/industry/options", {"label": "新零售"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["value"] == "新零售"
    bad = admin.post("/api/v1/choice-lists/industry/options", {"label": " "}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["fields"]["label"] == ["请填写选项名称。"]
    pk = created.json()["id"]
    url = f"/api/v1/choice-lists/industry/options/{pk}"
    renamed = admin.patch(
        url, {"version": 1, "label": "新零售业", "position": 0}, content_type="application/json"
    )
    assert (
        renamed.status_code == 200
        and renamed.json()["label"] == "新零售业"
        and renamed.json()["position"] == 0
    )
    stale = admin.patch(url, {"version": 1, "retired": True}, content_type="application/json")
    assert stale.status_code == 409 and not option("industry", "新零售业").is_retired
    retired = admin.patch(url, {"version": 2, "retired": True}, content_type="application/json")
    assert retired.status_code == 200 and retired.json()["retired"]
    assert (
        admin.patch(
            "/api/v1/choice-lists/source/options/" + str(pk), {"version": 3}, content_type="application/json"
        ).status_code
        == 404
    )
    customer_create(actor=personas.sales1, data={"name": "甲", "industry": "其他"})
    merge = {"source": option("industry", "其他").pk, "target": pk}
    refused = admin.post("/api/v1/choice-lists/industry/merge", merge, content_type="application/json")
    assert refused.status_code == 400 and "已停用" in refused.json()["fields"]["target"][0]
    merge["target"] = option("industry", "住宅家装").pk
    merged = admin.post("/api/v1/choice-lists/industry/merge", merge, content_type="application/json")
    assert merged.status_code == 200 and merged.json()["records_moved"] == 1
    assert merged.json()["survivor"]["label"] == "住宅家装"


def test_a_follow_up_made_last_year_still_reads_its_retired_type(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "甲"})
    followup = FollowUp.objects.create(
        customer=customer,
        owner=personas.sales1,
        type="wechat",
        content="旧记录",
        happened_at=timezone.now() - datetime.timedelta(days=300),
    )
    choice_option_update(actor=personas.admin, option=option("followup_type", "微信"), data={"retired": True})
    assert followup.get_type_display() == "微信"


def test_the_help_centre_describes_the_choice_lists(client_as):
    found = client_as("admin").get(reverse("help:index"), {"q": "选项列表 合并"}).context["found"]
    assert [item.page.topic.key for item in found][:1] == ["settings"]
    page = client_as("admin").get(reverse("fields:choice_lists")).content.decode()
    assert reverse("help:topic", args=["settings"]) in page  # the page's 帮助 link


def test_the_list_page_takes_a_whole_order_from_a_drag(client_as, personas):
    url = reverse("fields:choice_list", args=["level"])
    a, b, c = options_of("level")
    admin = client_as("admin")
    assert admin.post(url, {"op": "reorder", "ids": f"{c.pk},{a.pk},{b.pk}"}).status_code == 302
    assert [o.value for o in options_of("level")] == ["C", "A", "B"]
    short = admin.post(url, {"op": "reorder", "ids": f"{c.pk},{a.pk}"})
    assert short.status_code == 400 and "请将列表中的每个选项各给出一次。" in short.content.decode()
    assert admin.post(url, {"op": "reorder", "ids": "x,y"}).status_code == 400
    assert [o.value for o in options_of("level")] == ["C", "A", "B"]


def test_the_seeding_migration_keeps_every_value_records_already_store(personas):
    import importlib

    from django.apps import apps

    customer = customer_create(actor=personas.sales1, data={"name": "甲", "tags": ["老朋友", "VIP"]})
    Customer.objects.filter(pk=customer.pk).update(level="S")  # a value stored outside the fixed choices
    FollowUp.objects.create(
        customer=customer, owner=personas.sales1, type="sms", content="短信", happened_at=timezone.now()
    )
    ChoiceOption.objects.all().delete()
    migration = importlib.import_module("atrium.customers.migrations.0013_choice_lists_in_one_place")
    migration.seed_lists(
        apps, [("industry", "家装", True), ("industry", "旧行业", False), ("source", "展会", True)]
    )
    assert [(o.value, o.is_retired) for o in options_of("industry")] == [("家装", False), ("旧行业", True)]
    assert [o.value for o in options_of("level")] == ["A", "B", "C", "S"]
    assert [o.value for o in options_of("followup_type")][-1] == "sms"
    assert sorted(o.label for o in options_of("tags")) == ["VIP", "老朋友"]
    assert len(options_of("lost_reason")) == 6


def test_a_retired_tag_is_refused_on_new_input_but_kept_where_it_is(personas):
    kept = customer_create(actor=personas.sales1, data={"name": "甲", "tags": ["冷淡"]})
    choice_option_update(actor=personas.admin, option=option("tags", "冷淡"), data={"retired": True})
    with pytest.raises(ValidationFailed) as caught:
        customer_create(actor=personas.sales1, data={"name": "乙", "tags": ["冷淡", "新客"]})
    assert caught.value.fields["tags"] == ["标签“冷淡”已停用，请换用其他标签。"]
    updated = customer_update(
        actor=personas.sales1, customer=kept, data={"tags": ["冷淡", "回访"]}, version=kept.version
    )
    assert updated.tags == ["冷淡", "回访"]


def test_the_bulk_tag_action_refuses_a_retired_tag_and_new_tags_join_the_list(personas):
    from atrium.customers.services import customers_add_tags

    customer = customer_create(actor=personas.sales1, data={"name": "甲"})
    assert customers_add_tags(actor=personas.sales1, ids=[customer.pk], tags=["展会认识"]) == 1
    choice_option_update(actor=personas.admin, option=option("tags", "展会认识"), data={"retired": True})
    with pytest.raises(ValidationFailed):
        customers_add_tags(actor=personas.sales1, ids=[customer.pk], tags=["展会认识"])
