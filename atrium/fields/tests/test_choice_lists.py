"""The choice lists (选项列表): services (add, rename with the records following, reorder, retire and restore,
merge), the rights, and the surfaces that offer the lists' options (pages and API: test_choice_list_pages)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.models import OperationLog
from atrium.core.search import search_filter
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import CustomerForm
from atrium.customers.models import Customer, CustomerTag, Lead
from atrium.customers.services import customer_create, customer_update, followup_create, lead_create
from atrium.fields.choice_lists import choice_list, choice_lists
from atrium.fields.choice_options import active_choices, label_of, options_of
from atrium.fields.choice_services import (
    choice_option_add,
    choice_option_move,
    choice_option_update,
    choice_options_merge,
    choice_options_reorder,
)
from atrium.fields.models import ChoiceOption


def option(list_key: str, label: str) -> ChoiceOption:
    return ChoiceOption.objects.get(list=list_key, label=label)


# The registry and the seeded lists -------------------------------------------------------------------------


def test_the_lists_are_registered_with_the_records_that_use_them(db):
    keys = [item.key for item in choice_lists()]
    assert keys == ["industry", "source", "level", "tags", "followup_type", "lost_reason"]
    assert [(u.model, u.field) for u in choice_list("source").uses] == [
        ("customers.Customer", "source"),
        ("customers.Lead", "source"),
        ("sales.Deal", "source"),  # a later app's records join the list (sales/choice_lists.py)
    ]
    assert choice_list("tags").multi and choice_list("level").keyed and choice_list("followup_type").keyed
    assert [(u.model, u.field) for u in choice_list("lost_reason").uses] == [("sales.Deal", "lost_reason")]


def test_the_migration_seeds_levels_and_follow_up_types_with_their_stored_values(db):
    assert [(o.value, o.label) for o in options_of("level")] == [("A", "A"), ("B", "B"), ("C", "C")]
    types = {o.value: o.label for o in options_of("followup_type")}
    assert types["call"] == "电话" and types["site_survey"] == "现场勘测" and types["email"] == "邮件"
    assert "住宅家装" in {o.label for o in options_of("industry")}
    assert "价格太高" in {o.label for o in options_of("lost_reason")}


# Add ---------------------------------------------------------------------------------------------------------


def test_adding_an_option(personas):
    added = choice_option_add(actor=personas.admin, list_key="industry", label="  精装  房 ")
    assert (added.value, added.label) == ("精装 房", "精装 房")
    assert added.position > option("industry", "其他").position  # at the end
    keyed = choice_option_add(actor=personas.admin, list_key="followup_type", label="抖音私信")
    assert keyed.value == "douyinsixin" and keyed.label == "抖音私信"  # a stable ASCII code
    row = OperationLog.objects.filter(kind="customer_settings", action="create").latest("id")
    assert row.changes["list"] == [None, "followup_type"] and row.changes["value"] == [None, "抖音私信"]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "请填写选项名称。"),
        ("   ", "请填写选项名称。"),
        ("住宅家装", "此列表已有名为“住宅家装”的选项。"),
        ("x" * 65, "64"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_saved(personas, label, message):
    before = ChoiceOption.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        choice_option_add(actor=personas.admin, list_key="industry", label=label)
    assert message in caught.value.fields["label"][0]
    assert ChoiceOption.objects.count() == before


def test_a_tag_has_at_most_fifty_characters_and_no_comma(personas):
    with pytest.raises(ValidationFailed):
        choice_option_add(actor=personas.admin, list_key="tags", label="x" * 51)
    with pytest.raises(ValidationFailed) as caught:
        choice_option_add(actor=personas.admin, list_key="tags", label="甲,乙")
    assert caught.value.fields["label"] == ["标签不能包含逗号。"]


def test_only_who_may_edit_the_customer_settings_manages_the_lists(personas):
    for who in ("sales1", "manager"):  # the manager may view the customer settings, not edit them
        with pytest.raises(Forbidden):
            choice_option_add(actor=personas[who], list_key="industry", label="新行业")
        with pytest.raises(Forbidden):
            choice_option_update(
                actor=personas[who], option=option("industry", "其他"), data={"label": "别的"}
            )
    with pytest.raises(ValidationFailed):
        choice_option_add(actor=personas.admin, list_key="nonsense", label="x")


# Rename -------------------------------------------------------------------------------------------------------


def test_renaming_moves_the_records_of_every_use_and_logs_how_many(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "甲", "source": "展会"})
    lead = lead_create(actor=personas.sales1, data={"name": "乙", "source": "展会"})
    version = customer.version
    renamed = choice_option_update(
        actor=personas.admin, option=option("source", "展会"), data={"label": "展会活动"}
    )
    assert (renamed.value, renamed.label, renamed.version) == ("展会活动", "展会活动", 2)
    customer.refresh_from_db()
    assert customer.source == "展会活动" and customer.version == version + 1
    assert Lead.objects.get(pk=lead.pk).source == "展会活动"
    row = OperationLog.objects.filter(kind="customer_settings", action="update").latest("id")
    assert row.changes["value"] == ["展会", "展会活动"] and row.changes["records"] == [None, 2]


def test_renaming_a_keyed_option_keeps_the_stored_code_and_shows_the_new_name(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "甲", "level": "A"})
    choice_option_update(actor=personas.admin, option=option("level", "A"), data={"label": "A 重点"})
    customer.refresh_from_db()
    assert customer.level == "A" and customer.get_level_display() == "A 重点"


def test_a_stale_version_is_refused_with_409_and_nothing_changes(personas):
    other = option("industry", "其他")
    choice_option_update(actor=personas.admin, option=other, data={"label": "其它"}, version=1)
    with pytest.raises(Conflict):
        choice_option_update(actor=personas.admin, option=other, data={"label": "别的"}, version=1)
    assert option("industry", "其它").version == 2


def test_renaming_a_tag_retags_customers_and_their_search_entries(personas):
    both = customer_create(actor=personas.sales1, data={"name": "甲", "tags": ["重点", "老客户"]})
    one = customer_create(actor=personas.sales1, data={"name": "乙", "tags": ["重点"]})
    assert option("tags", "重点")  # a typed tag joins the list
    choice_option_update(actor=personas.admin, option=option("tags", "重点"), data={"label": "重点客户"})
    assert Customer.objects.get(pk=both.pk).tags == ["重点客户", "老客户"]
    assert set(CustomerTag.objects.filter(tag="重点客户").values_list("customer_id", flat=True)) == {
        both.pk,
        one.pk,
    }
    assert not CustomerTag.objects.filter(tag="重点").exists()
    assert set(Customer.objects.filter(search_filter("customer", "重点客户"))) == {both, one}


# Retire, restore, order ---------------------------------------------------------------------------------------


def test_a_retired_option_is_not_offered_but_records_keep_and_show_it(personas):
    customer = customer_create(
        actor=personas.sales1, data={"name": "甲", "industry": "工业厂房", "level": "C"}
    )
    choice_option_update(actor=personas.admin, option=option("industry", "工业厂房"), data={"retired": True})
    choice_option_update(actor=personas.admin, option=option("level", "C"), data={"retired": True})
    assert "工业厂房" not in dict(active_choices("industry"))
    assert "C" not in dict(CustomerForm().offer().fields["level"].widget.choices)
    editing = CustomerForm(initial={"level": "C", "industry": "工业厂房"}).offer()
    assert "C" in dict(editing.fields["level"].widget.choices)  # the record's own value stays offered
    assert label_of("level", "C") == "C"
    updated = customer_update(
        actor=personas.sales1, customer=customer, data={"region": "上海"}, version=customer.version
    )
    assert updated.industry == "工业厂房" and updated.level == "C"
    with pytest.raises(ValidationFailed) as caught:
        customer_create(actor=personas.sales1, data={"name": "乙", "level": "C"})
    assert "不在列表中" in caught.value.fields["level"][0] or "C" in caught.value.fields["level"][0]
    choice_option_update(actor=personas.admin, option=option("level", "C"), data={"retired": False})
    assert customer_create(actor=personas.sales1, data={"name": "丙", "level": "C"}).level == "C"


def test_reordering_by_moves_by_places_and_by_the_whole_order(personas):
    a, b, c = options_of("level")
    choice_option_move(actor=personas.admin, option=c, direction="up")
    assert [o.value for o in options_of("level")] == ["A", "C", "B"]
    choice_option_update(actor=personas.admin, option=a, data={"position": 2})
    assert [o.value for o in options_of("level")] == ["C", "B", "A"]
    choice_options_reorder(actor=personas.admin, list_key="level", ids=[a.pk, b.pk, c.pk])
    assert [o.value for o in options_of("level")] == ["A", "B", "C"]
    with pytest.raises(ValidationFailed):
        choice_options_reorder(actor=personas.admin, list_key="level", ids=[a.pk, b.pk])
    with pytest.raises(ValidationFailed):
        choice_option_update(actor=personas.admin, option=a, data={"position": 9})
    with pytest.raises(ValidationFailed):
        choice_option_move(actor=personas.admin, option=a, direction="sideways")


# Merge --------------------------------------------------------------------------------------------------------


def test_merging_moves_the_records_to_the_survivor_in_one_logged_operation(personas):
    customers = [
        customer_create(actor=personas.sales1, data={"name": f"客{n}", "source": "老客户"}) for n in range(3)
    ]
    lead = lead_create(actor=personas.sales1, data={"name": "线", "source": "老客户"})
    source, target = option("source", "老客户"), option("source", "转介绍")
    survivor, moved = choice_options_merge(actor=personas.admin, source=source, target=target)
    assert survivor.pk == target.pk and moved == 4
    assert not ChoiceOption.objects.filter(pk=source.pk).exists()
    assert {c.source for c in Customer.objects.filter(pk__in=[c.pk for c in customers])} == {"转介绍"}
    assert Lead.objects.get(pk=lead.pk).source == "转介绍"
    row = OperationLog.objects.get(kind="customer_settings", action="merge")
    assert row.changes == {"merged": ["老客户", "转介绍"], "records": [None, 4]}


def test_merging_tags_keeps_one_tag_per_customer(personas):
    both = customer_create(actor=personas.sales1, data={"name": "甲", "tags": ["VIP", "大客户"]})
    choice_options_merge(actor=personas.admin, source=option("tags", "VIP"), target=option("tags", "大客户"))
    assert Customer.objects.get(pk=both.pk).tags == ["大客户"]
    assert list(CustomerTag.objects.filter(customer=both).values_list("tag", flat=True)) == ["大客户"]


def test_merging_follow_up_types(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "甲"})
    followup = followup_create(
        actor=personas.sales1, data={"customer": customer.pk, "type": "meeting", "content": "开会"}
    )
    choice_options_merge(
        actor=personas.admin, source=option("followup_type", "会议"), target=option("followup_type", "拜访")
    )
    followup.refresh_from_db()
    assert followup.type == "visit" and followup.get_type_display() == "拜访"


def test_bad_merges_are_refused_and_change_nothing(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "甲", "industry": "其他"})
    other, home = option("industry", "其他"), option("industry", "住宅家装")
    retired = option("industry", "工业厂房")
    choice_option_update(actor=personas.admin, option=retired, data={"retired": True})
    cases = [
        (other, other, "选项不能并入自身。"),
        (other, retired, "“工业厂房”已停用：请先恢复，再将其他选项并入。"),
        (other, 999999, "请选择同一列表中的选项作为并入目标。"),
        (other, option("source", "其他"), "请选择同一列表中的选项作为并入目标。"),
        (other, None, "请选择要并入的选项。"),
    ]
    for source, target, message in cases:
        with pytest.raises(ValidationFailed) as caught:
            choice_options_merge(actor=personas.admin, source=source, target=target)
        assert caught.value.fields["target"] == [message]
    with pytest.raises(Forbidden):
        choice_options_merge(actor=personas.sales1, source=other, target=home)
    assert (
        Customer.objects.get(pk=customer.pk).industry == "其他"
        and ChoiceOption.objects.filter(pk=other.pk).exists()
    )
    assert not OperationLog.objects.filter(action="merge").exists()


# Surfaces that offer the lists --------------------------------------------------------------------------------


def test_forms_offer_new_and_hide_retired_follow_up_types(personas):
    choice_option_add(actor=personas.admin, list_key="followup_type", label="抖音私信")
    choice_option_update(actor=personas.admin, option=option("followup_type", "邮件"), data={"retired": True})
    offered = dict(FollowUpForm().fields["type"].widget.choices)
    assert offered["douyinsixin"] == "抖音私信" and "email" not in offered
    customer = customer_create(actor=personas.sales1, data={"name": "甲"})
    made = followup_create(
        actor=personas.sales1, data={"customer": customer.pk, "type": "douyinsixin", "content": "私信沟通"}
    )
    assert made.get_type_display() == "抖音私信"
    with pytest.raises(ValidationFailed):
        followup_create(
            actor=personas.sales1, data={"customer": customer.pk, "type": "email", "content": "x"}
        )


def test_the_follow_up_default_is_the_first_active_type_when_call_is_retired(personas):
    choice_option_update(actor=personas.admin, option=option("followup_type", "电话"), data={"retired": True})
    customer = customer_create(actor=personas.sales1, data={"name": "甲"})
    made = followup_create(actor=personas.sales1, data={"customer": customer.pk, "content": "无类型"})
    assert made.type == "visit"
    assert FollowUpForm(initial={"type": "call"}).initial["type"] == "visit"


def test_the_customer_list_filters_by_a_new_level_and_shows_its_name(client_as, personas):
    d = choice_option_add(actor=personas.admin, list_key="level", label="D 潜在")
    customer_create(actor=personas.sales1, data={"name": "低级别客户", "level": d.value})
    page = client_as("sales1").get(reverse("customers:list"), {"level": d.value, "columns": "name,level"})
    html = page.content.decode()
    assert page.status_code == 200 and "低级别客户" in html and "D 潜在" in html
    assert client_as("sales1").get(reverse("customers:list"), {"level": "Z"}).status_code == 400


def test_a_list_filtered_by_a_retired_level_still_shows_it_chosen(client_as, personas):
    customer_create(actor=personas.sales1, data={"name": "老级别客户", "level": "C"})
    customer_create(actor=personas.sales1, data={"name": "甲级客户", "level": "A"})
    choice_option_update(actor=personas.admin, option=option("level", "C"), data={"retired": True})
    page = client_as("sales1").get(reverse("customers:list"), {"level": "C"})
    html = page.content.decode()
    assert page.status_code == 200 and "老级别客户" in html and "甲级客户" not in html
    assert '<option value="C" selected>C（已停用）</option>' in html
    fresh = client_as("sales1").get(reverse("customers:list")).content.decode()
    assert '<option value="C"' not in fresh.split('id="filter-level"')[1].split("</select>")[0]  # not offered
