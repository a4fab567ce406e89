"""Record pages of customers, contacts, leads and follow-ups, and the customer settings page: who sees what
(404 out of scope, 403 read-only), errors beside the fields with nothing saved, stale versions, duplicate
warnings, follow-ups, lead conversion, pool actions, merge and the timeline's pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from atrium.core.search import reindex
from atrium.customers.models import (
    Contact,
    Customer,
    CustomerCollaborator,
    FollowUp,
    Lead,
    LeadStatus,
    PoolSettings,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def field_errors(response, name: str) -> str:
    """The text of the error list beside one field of the form on the page."""
    html = response.content.decode()
    match = re.search(
        rf'data-field="{name}">(.*?)(?=<div class="field|</div>\s*<input|</div>\s*<div class="form)',
        html,
        re.S,
    )
    assert match, f"no field {name} on the page"
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", "", errors.group(1)) if errors else ""


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def make_customer(owner, name: str = "华景家园", **fields) -> Customer:
    return Customer.objects.create(name=name, owner=owner, owned_since=timezone.now(), **fields)


def customer_form(**overrides) -> dict:
    return {
        "name": "锦绣花园王女士",
        "type": "person",
        "industry": "住宅家装",
        "source": "转介绍",
        "level": "A",
        "status": "potential",
        "phone": "13912345678",
        "email": "wang@example.com",
        "tags": "老房翻新、三居室",
        **overrides,
    }


def detail(customer: Customer) -> str:
    return reverse("customers:detail", args=[customer.pk])


# Detail and who sees it ---------------------------------------------------------------------------------


def test_detail_is_seen_by_owner_and_manager_not_by_others(client_as, personas):
    customer = make_customer(personas.sales1, phone="13911112222")
    Contact.objects.create(customer=customer, name="王先生", mobile="13911113333", is_primary=True)
    owner_page = client_as("sales1").get(detail(customer))
    html = owner_page.content.decode()
    assert owner_page.status_code == 200
    assert "华景家园" in html and "王先生" in html and "李明" in html
    assert 'data-testid="edit"' in html and 'data-testid="release"' in html and "记录跟进" in html
    assert "现场勘测" in html and "电话" in html  # the follow-up types of the "log follow-up" form
    assert 'data-testid="transfer"' not in html  # a sales rep has no assign right
    manager_page = client_as("manager").get(detail(customer))
    assert manager_page.status_code == 200 and 'data-testid="transfer"' in manager_page.content.decode()
    assert client_as("sales2").get(detail(customer)).status_code == 404
    assert client_as("outsider").get(detail(customer)).status_code == 404
    assert client_as("sales1").get(reverse("customers:detail", args=[999999])).status_code == 404


def test_edit_is_refused_to_a_collaborator_and_a_pool_viewer(client_as, personas):
    owned = make_customer(personas.sales1)
    CustomerCollaborator.objects.create(customer=owned, user=personas.sales2)
    pooled = make_customer(None, name="公海客户")
    sales2 = client_as("sales2")
    assert sales2.get(detail(owned)).status_code == 200  # a collaborator sees it
    assert 'data-testid="edit"' not in sales2.get(detail(owned)).content.decode()
    assert sales2.get(reverse("customers:customer_edit", args=[owned.pk])).status_code == 403
    posted = sales2.post(
        reverse("customers:customer_edit", args=[owned.pk]), customer_form(name="改名", version=owned.version)
    )
    assert posted.status_code == 403
    pool_page = sales2.get(detail(pooled)).content.decode()
    assert 'data-testid="claim"' in pool_page and 'data-testid="edit"' not in pool_page
    assert sales2.get(reverse("customers:customer_edit", args=[pooled.pk])).status_code == 403
    owned.refresh_from_db()
    assert owned.name == "华景家园"
    assert client_as("outsider").get(reverse("customers:customer_edit", args=[owned.pk])).status_code == 404


# Create and edit ---------------------------------------------------------------------------------------


def test_creating_a_customer_redirects_to_it(client_as, personas):
    response = client_as("sales1").post(reverse("customers:customer_new"), customer_form())
    customer = Customer.objects.get(name="锦绣花园王女士")
    assert response.status_code == 302 and response.url == detail(customer)
    assert customer.owner == personas.sales1 and customer.tags == ["老房翻新", "三居室"]
    assert customer.industry == "住宅家装" and customer.phone == "13912345678"


def test_new_customer_form_offers_the_option_lists(client_as, personas):
    html = client_as("sales1").get(reverse("customers:customer_new")).content.decode()
    assert '<option value="别墅豪宅">' in html and '<option value="展会">' in html
    assert client_as("outsider").get(reverse("customers:customer_new")).status_code == 403


def test_bad_fields_are_shown_beside_them_and_nothing_is_saved(client_as, personas):
    bad = customer_form(phone="12345", email="not-an-email", industry="造船")
    response = client_as("sales1").post(reverse("customers:customer_new"), bad)
    assert response.status_code == 400
    assert "有效的电话号码" in field_errors(response, "phone")
    assert "有效的" in field_errors(response, "email")
    assert "造船" in field_errors(response, "industry")
    assert field_errors(response, "name") == ""
    assert 'value="12345"' in response.content.decode()  # the input is kept
    assert not Customer.objects.exists()


def test_htmx_create_answers_the_form_fragment_with_errors(client_as, personas):
    response = client_as("sales1").post(reverse("customers:customer_new"), customer_form(name=""), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Form-Status"] == "400"
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert "必填" in field_errors(response, "name")
    done = client_as("sales1").post(reverse("customers:customer_new"), customer_form(), **HTMX)
    assert done["HX-Redirect"] == detail(Customer.objects.get())


def test_edit_saves_with_the_version_read(client_as, personas):
    customer = make_customer(personas.sales1)
    url = reverse("customers:customer_edit", args=[customer.pk])
    form_page = client_as("sales1").get(url).content.decode()
    assert f'name="version" value="{customer.version}"' in form_page
    fragment = client_as("sales1").get(url, **HTMX).content.decode()  # swapped into the detail page
    assert fragment.lstrip().startswith('<form id="customer-form"') and 'name="version"' in fragment
    response = client_as("sales1").post(url, customer_form(name="华景家园二期", version=customer.version))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.name == "华景家园二期" and customer.version == 2
    timeline = client_as("sales1").get(reverse("customers:customer_timeline", args=[customer.pk]))
    lines = text_of(timeline)
    assert "名称 华景家园 → 华景家园二期" in lines and "标签 — → 老房翻新、三居室" in lines
    assert "类型 公司 → 个人" in lines


def test_a_stale_save_is_refused_and_keeps_the_input(client_as, personas):
    customer = make_customer(personas.sales1)
    url = reverse("customers:customer_edit", args=[customer.pk])
    Customer.objects.filter(pk=customer.pk).update(name="别人改的名字", version=2)
    response = client_as("sales1").post(url, customer_form(name="我的修改", version=1))
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="stale"' in html and "其他人" in html and 'data-testid="reload"' in html
    assert 'value="我的修改"' in html
    customer.refresh_from_db()
    assert customer.name == "别人改的名字" and customer.version == 2


def test_duplicate_out_of_scope_says_only_who_owns_it(client_as, personas):
    make_customer(personas.sales2, name="锦绣花园王女士")
    response = client_as("sales1").post(reverse("customers:customer_new"), customer_form(phone=""))
    text = text_of(response)
    assert response.status_code == 400 and 'data-testid="duplicates"' in response.content.decode()
    assert "已存在，负责人：张华" in text and "仍然创建" in text
    assert reverse("customers:detail", args=[Customer.objects.get().pk]) not in response.content.decode()
    assert Customer.objects.count() == 1
    forced = client_as("sales1").post(
        reverse("customers:customer_new"), {**customer_form(phone=""), "force": "1"}
    )
    assert forced.status_code == 302 and Customer.objects.count() == 2


def test_an_edit_to_an_existing_name_warns_and_saves_anyway_when_asked(client_as, personas):
    make_customer(personas.sales1, name="另一个名字", phone="13912345678")
    customer = make_customer(personas.sales1, name="华景家园", phone="13800000001")
    url = reverse("customers:customer_edit", args=[customer.pk])
    response = client_as("sales1").post(url, customer_form(name="另一个名字", phone="13800000001", version=1))
    text = text_of(response)
    assert response.status_code == 400 and "名称相同" in text and "仍然保存" in text
    assert Customer.objects.get(pk=customer.pk).name == "华景家园"
    forced = client_as("sales1").post(
        url, {**customer_form(name="另一个名字", phone="13800000001", version=1), "force": "1"}
    )
    assert forced.status_code == 302 and Customer.objects.get(pk=customer.pk).name == "另一个名字"


def test_duplicate_in_scope_links_to_the_match(client_as, personas):
    mine = make_customer(personas.sales1, name="另一个名字", phone="13912345678")
    response = client_as("sales1").post(reverse("customers:customer_new"), customer_form())
    html = response.content.decode()
    assert f'href="{detail(mine)}"' in html and "另一个名字" in html and "电话相同" in html


# Contacts and leads ------------------------------------------------------------------------------------


def test_contact_is_added_shown_and_edited(client_as, personas):
    customer = make_customer(personas.sales1)
    sales1 = client_as("sales1")
    new_url = reverse("customers:contact_new") + f"?customer={customer.pk}"
    assert sales1.get(new_url).status_code == 200
    bad = sales1.post(
        reverse("customers:contact_new"), {"customer": customer.pk, "name": "王先生", "mobile": "123"}
    )
    assert (
        bad.status_code == 400
        and "有效的电话号码" in field_errors(bad, "mobile")
        and not Contact.objects.exists()
    )
    added = sales1.post(
        reverse("customers:contact_new"), {"customer": customer.pk, "name": "王先生", "mobile": "13911113333"}
    )
    contact = Contact.objects.get()
    assert added.status_code == 302 and added.url == detail(customer)
    page = sales1.get(reverse("customers:contact_detail", args=[contact.pk]))
    assert (
        page.status_code == 200 and "王先生" in page.content.decode() and "华景家园" in page.content.decode()
    )
    assert client_as("sales2").get(reverse("customers:contact_detail", args=[contact.pk])).status_code == 404
    assert client_as("sales2").get(new_url).status_code == 404
    edit_url = reverse("customers:contact_edit", args=[contact.pk])
    stale = sales1.post(edit_url, {"name": "王总", "version": contact.version + 1})
    assert stale.status_code == 409 and Contact.objects.get().name == "王先生"
    saved = sales1.post(edit_url, {"name": "王总", "mobile": "13911113333", "version": contact.version})
    assert saved.status_code == 302 and Contact.objects.get().name == "王总"


def test_lead_create_convert_and_convert_twice(client_as, personas):
    sales1 = client_as("sales1")
    bad = sales1.post(reverse("customers:lead_new"), {"name": "赵先生", "email": "bad", "status": "new"})
    assert bad.status_code == 400 and field_errors(bad, "email") and not Lead.objects.exists()
    created = sales1.post(
        reverse("customers:lead_new"),
        {
            "name": "赵先生",
            "company": "滨江壹号赵宅",
            "phone": "13712345678",
            "source": "展会",
            "status": "new",
        },
    )
    lead = Lead.objects.get()
    assert created.status_code == 302 and created.url == reverse("customers:lead_detail", args=[lead.pk])
    page = sales1.get(created.url).content.decode()
    assert 'data-testid="convert"' in page
    assert client_as("sales2").get(created.url).status_code == 404
    converted = sales1.post(reverse("customers:lead_convert", args=[lead.pk]))
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.converted_customer and lead.converted_contact
    assert converted.status_code == 302 and converted.url == detail(lead.converted_customer)
    after = sales1.get(reverse("customers:lead_detail", args=[lead.pk])).content.decode()
    assert 'data-testid="convert"' not in after and 'data-testid="converted-customer"' in after
    again = sales1.post(reverse("customers:lead_convert", args=[lead.pk]), follow=True)
    # The service's message (Chinese once the services catalog part translates it).
    assert re.search(r"already been converted|已.{0,2}转化", text_of(again))
    assert 'class="message error' in again.content.decode()
    assert Customer.objects.count() == 1 and Contact.objects.count() == 1


# Follow-ups --------------------------------------------------------------------------------------------


def test_logging_a_followup_updates_the_customer_times(client_as, personas):
    customer = make_customer(personas.sales1)
    now = timezone.localtime()
    happened = (now - datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    next_at = (now + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    response = client_as("sales1").post(
        reverse("customers:followup_new"),
        {
            "customer": customer.pk,
            "type": "site_survey",
            "happened_at": happened.strftime("%Y-%m-%dT%H:%M"),
            "content": "现场量房，客厅 35㎡",
            "outcome": "客户满意",
            "next_at": next_at.strftime("%Y-%m-%dT%H:%M"),
            "next_action": "出设计方案",
        },
    )
    assert response.status_code == 302 and response.url == detail(customer)
    followup = FollowUp.objects.get()
    assert followup.owner == personas.sales1 and followup.type == "site_survey"
    customer.refresh_from_db()
    assert customer.last_followup_at == happened and customer.next_followup_at == next_at
    page = client_as("sales1").get(detail(customer)).content.decode()
    assert "现场量房" in page and "出设计方案" in page


def test_a_followup_more_than_a_year_ahead_is_refused_beside_the_field(client_as, personas):
    customer = make_customer(personas.sales1)
    far = (timezone.localtime() + datetime.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M")
    response = client_as("sales1").post(
        reverse("customers:followup_new"),
        {"customer": customer.pk, "type": "call", "content": "电话", "next_at": far},
    )
    assert response.status_code == 400 and re.search(r"a year|一年", field_errors(response, "next_at"))
    htmx = client_as("sales1").post(
        reverse("customers:followup_new"), {"customer": customer.pk, "type": "call", "content": ""}, **HTMX
    )
    assert htmx.status_code == 200 and htmx["X-Form-Status"] == "400" and field_errors(htmx, "content")
    assert not FollowUp.objects.exists()
    out_of_scope = client_as("sales2").post(
        reverse("customers:followup_new"), {"customer": customer.pk, "type": "call", "content": "电话"}
    )
    assert out_of_scope.status_code == 404 and not FollowUp.objects.exists()


# Timeline ----------------------------------------------------------------------------------------------


def test_timeline_pages_newest_first(client_as, personas):
    customer = make_customer(personas.sales1)
    start = timezone.now() - datetime.timedelta(days=60)
    for number in range(25):
        FollowUp.objects.create(
            customer=customer,
            owner=personas.sales1,
            content=f"第{number:02d}次沟通",
            happened_at=start + datetime.timedelta(days=number),
        )
    url = reverse("customers:customer_timeline", args=[customer.pk])
    first = client_as("sales1").get(url).content.decode()
    assert first.index("第24次沟通") < first.index("第23次沟通") and "第04次沟通" not in first
    cursor = re.search(r'href="[^"]*\?cursor=([^"]+)"', first).group(1)
    second = client_as("sales1").get(f"{url}?cursor={cursor}", **HTMX).content.decode()
    assert "第04次沟通" in second and "第00次沟通" in second and "第24次沟通" not in second
    assert 'data-testid="timeline-more"' not in second
    assert client_as("sales2").get(url).status_code == 404


# Pool, transfer, merge ---------------------------------------------------------------------------------


def test_claim_and_release(client_as, personas):
    pooled = make_customer(None, name="公海客户")
    sales1 = client_as("sales1")
    claimed = sales1.post(reverse("customers:customer_claim", args=[pooled.pk]))
    pooled.refresh_from_db()
    assert claimed.status_code == 302 and pooled.owner == personas.sales1
    again = client_as("sales2").post(reverse("customers:customer_claim", args=[pooled.pk]))
    assert again.status_code == 404  # no longer in the pool, so out of sales2's sight
    assert (
        client_as("sales2").post(reverse("customers:customer_release", args=[pooled.pk])).status_code == 404
    )
    released = sales1.post(reverse("customers:customer_release", args=[pooled.pk]), follow=True)
    pooled.refresh_from_db()
    assert pooled.owner is None and "公海" in text_of(released)
    assert sales1.get(reverse("customers:customer_claim", args=[pooled.pk])).status_code == 405


def test_claim_beyond_the_limit_says_why(client_as, personas):
    rules = PoolSettings.current()
    rules.claim_limit = 1
    rules.save()
    make_customer(personas.sales1, name="已有客户")
    pooled = make_customer(None, name="公海客户")
    response = client_as("sales1").post(reverse("customers:customer_claim", args=[pooled.pk]), follow=True)
    pooled.refresh_from_db()
    assert (
        pooled.owner is None
        and "1" in text_of(response)
        and 'class="message error' in response.content.decode()
    )


def test_transfer_needs_the_assign_right(client_as, personas):
    customer = make_customer(personas.sales1)
    url = reverse("customers:customer_transfer", args=[customer.pk])
    assert client_as("sales1").get(url).status_code == 403
    assert client_as("sales2").get(url).status_code == 404
    page = client_as("manager").get(url)
    assert page.status_code == 200 and "张华" in page.content.decode()
    assert "陈工" not in page.content.decode()  # 工程部 is outside the manager's assign scope
    bad = client_as("manager").post(url, {"to_user": "abc"})
    assert bad.status_code == 400 and field_errors(bad, "to_user")
    done = client_as("manager").post(url, {"to_user": personas.sales2.pk})
    customer.refresh_from_db()
    assert done.status_code == 302 and customer.owner == personas.sales2


def test_merge_pick_confirm_and_refusals(client_as, personas):
    keep = make_customer(personas.sales1, name="华景家园")
    other = make_customer(personas.sales1, name="华景家园（重复）")
    Contact.objects.create(customer=other, name="重复联系人")
    theirs = make_customer(personas.sales2, name="华景家园张华的")
    reindex("customer", [keep.pk, other.pk, theirs.pk])
    url = reverse("customers:customer_merge", args=[keep.pk])
    sales1 = client_as("sales1")
    found = sales1.get(url, {"q": "华景"}).content.decode()
    assert f'data-candidate="{other.pk}"' in found and f'data-candidate="{theirs.pk}"' not in found
    assert f'data-candidate="{keep.pk}"' not in found
    by_number = sales1.get(url, {"q": str(other.pk)}).content.decode()
    assert f'data-candidate="{other.pk}"' in by_number
    confirm = sales1.get(url, {"other": other.pk}).content.decode()
    assert 'data-testid="merge-confirm"' in confirm and "华景家园（重复）" in confirm
    assert sales1.get(url, {"other": theirs.pk}).status_code == 404
    itself = sales1.post(url, {"other": keep.pk})
    assert itself.status_code == 400 and 'data-testid="merge-error"' in itself.content.decode()
    assert re.search(r"itself|自身|自己", text_of(itself))
    merged = sales1.post(url, {"other": other.pk})
    other.refresh_from_db()
    assert merged.status_code == 302 and other.is_archived and other.merged_into_id == keep.pk
    assert Contact.objects.get(name="重复联系人").customer_id == keep.pk
    assert client_as("sales2").get(url).status_code == 404
    assert client_as("outsider").post(url, {"other": other.pk}).status_code == 404


# Settings ----------------------------------------------------------------------------------------------


def test_settings_page_rights(client_as, personas):
    url = reverse("customers:settings")
    admin_page = client_as("admin").get(url)
    assert admin_page.status_code == 200
    assert reverse("fields:choice_lists") in admin_page.content.decode()  # the lists moved to 选项列表
    manager_page = client_as("manager").get(url)  # may view the pool rules, not change them
    assert manager_page.status_code == 200 and 'name="claim_limit"' not in manager_page.content.decode()
    refused = client_as("manager").post(url, {"op": "pool", "claim_limit": "5", "version": 1})
    assert refused.status_code == 403
    for persona in ("sales1", "outsider"):
        assert client_as(persona).get(url).status_code == 403


def test_settings_pool_rules(client_as, personas):
    url = reverse("customers:settings")
    admin = client_as("admin")
    rules = PoolSettings.current()
    bad = admin.post(
        url, {"op": "pool", "claim_limit": "0", "return_after_days": "", "version": rules.version}
    )
    assert bad.status_code == 400 and field_errors(bad, "claim_limit")
    saved = admin.post(
        url, {"op": "pool", "claim_limit": "80", "return_after_days": "30", "version": rules.version}
    )
    rules.refresh_from_db()
    assert saved.status_code == 302 and rules.claim_limit == 80 and rules.return_after_days == 30


def test_customer_settings_are_in_the_admin_menu_only_for_those_who_may_see_them(client_as):
    assert "/settings/customers/" in client_as("admin").get("/").content.decode()
    assert "/settings/customers/" not in client_as("sales1").get("/").content.decode()


def test_timeline_names_linked_people_and_leaves_out_empty_fields(client_as, personas):
    from atrium.customers.services import customer_create, customers_transfer

    customer = customer_create(actor=personas.sales1, data={"name": "星河湾", "phone": "13900001111"})
    customers_transfer(actor=personas.manager, ids=[customer.pk], to_user=personas.sales2)
    lines = text_of(client_as("manager").get(reverse("customers:customer_timeline", args=[customer.pk])))
    assert "负责人 李明 → 张华" in lines
    assert "名称 星河湾" in lines and "— → 星河湾" not in lines  # a new record's values, not changes
    assert "网站" not in lines  # created empty: not worth a line
