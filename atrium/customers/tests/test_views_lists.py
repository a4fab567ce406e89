"""The list pages of customers, contacts, leads and the pool, as each persona: scope (sales1 never sees
sales2's records), filters, sort, columns, bad filter values, saved views, bulk actions (transfer, tag,
release, delete with confirmation, claim with the limit), cursor pages, HTMX fragments and query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from atrium.customers.models import Contact, Customer, CustomerTag, Lead, PoolSettings
from atrium.lists.models import SavedView
from atrium.lists.specs import get_list

pytestmark = pytest.mark.django_db

LIST_URLS = {
    "customers": "customers:list",
    "contacts": "customers:contacts",
    "leads": "customers:leads",
    "pool": "customers:pool",
}
HTMX = {"HX-Request": "true"}


def make_customer(owner, name: str, *, tags=(), **fields) -> Customer:
    customer = Customer.objects.create(owner=owner, name=name, tags=list(tags), **fields)
    CustomerTag.objects.bulk_create([CustomerTag(customer=customer, tag=tag) for tag in tags])
    return customer


@pytest.fixture
def book(personas):
    """Two customers of sales1, one of sales2, two in the pool, a contact and a lead each."""
    records = {
        "s1_a": make_customer(personas.sales1, "东方家园装饰", industry="住宅家装", level="A", tags=["重点"]),
        "s1_b": make_customer(personas.sales1, "北辰办公空间", industry="办公空间", level="B"),
        "s2_a": make_customer(personas.sales2, "南山别墅项目", industry="别墅豪宅", level="A", tags=["重点"]),
        "pool_a": make_customer(None, "西湖酒店改造", industry="酒店餐饮", previous_owner=personas.sales2),
        "pool_b": make_customer(None, "星河商场翻新", industry="商业零售"),
    }
    records["s1_contact"] = Contact.objects.create(customer=records["s1_a"], name="李先生东方")
    records["s2_contact"] = Contact.objects.create(customer=records["s2_a"], name="王女士南山")
    records["s1_lead"] = Lead.objects.create(owner=personas.sales1, name="陈线索一")
    records["s2_lead"] = Lead.objects.create(owner=personas.sales2, name="赵线索二")
    return records


def rows(response) -> list[str]:
    """The record ids shown in the list, in order."""
    return re.findall(r'<tr data-record="(\d+)"', response.content.decode())


def ids(*records) -> list[str]:
    return [str(record.pk) for record in records]


def field_errors(response, name: str) -> str:
    html = response.content.decode()
    match = re.search(rf'data-field="{name}">(.*?)</div>', html, re.S)
    assert match, f"no filter field {name}"
    errors = re.search(r'<ul class="errorlist">(.*?)</ul>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", "", errors.group(1)) if errors else ""


# Who sees which list -------------------------------------------------------------------------------------


@pytest.mark.parametrize("list_key", list(LIST_URLS))
@pytest.mark.parametrize("who", ["admin", "manager", "sales1", "sales2"])
def test_sales_people_and_admins_open_every_list(client_as, book, list_key, who):
    response = client_as(who).get(reverse(LIST_URLS[list_key]))
    assert response.status_code == 200
    assert 'id="list-screen"' in response.content.decode()


@pytest.mark.parametrize("list_key", list(LIST_URLS))
def test_outsider_is_refused_every_list_and_sees_no_menu(client_as, book, list_key):
    response = client_as("outsider").get(reverse(LIST_URLS[list_key]))
    assert response.status_code == 403
    home = client_as("outsider").get("/").content.decode()
    assert f'data-nav="{list_key}"' not in home


def test_menu_shows_the_lists_to_sales_people(client_as, book):
    home = client_as("sales1").get("/").content.decode()
    for key in LIST_URLS:
        assert f'data-nav="{key}"' in home
    assert "客户" in home and "公海" in home


def test_sales1_never_sees_sales2_records_and_the_manager_sees_both(client_as, book):
    sales1 = client_as("sales1")
    assert sorted(rows(sales1.get(reverse("customers:list")))) == sorted(ids(book["s1_a"], book["s1_b"]))
    assert rows(sales1.get(reverse("customers:contacts"))) == ids(book["s1_contact"])
    assert rows(sales1.get(reverse("customers:leads"))) == ids(book["s1_lead"])
    html = sales1.get(reverse("customers:list")).content.decode()
    assert "南山别墅项目" not in html
    manager = client_as("manager")
    assert sorted(rows(manager.get(reverse("customers:list")))) == sorted(
        ids(book["s1_a"], book["s1_b"], book["s2_a"])
    )
    assert sorted(rows(manager.get(reverse("customers:leads")))) == sorted(
        ids(book["s1_lead"], book["s2_lead"])
    )


def test_pool_lists_only_customers_without_owner(client_as, book):
    response = client_as("sales1").get(reverse("customers:pool"))
    assert sorted(rows(response)) == sorted(ids(book["pool_a"], book["pool_b"]))
    html = response.content.decode()
    assert "张华" in html  # previous owner column
    assert 'data-testid="claim-one"' in html


def test_empty_lists_speak_chinese(client_as, personas):
    html = client_as("sales1").get(reverse("customers:list")).content.decode()
    assert 'data-testid="empty-list"' in html and "还没有客户" in html
    filtered = client_as("sales1").get(reverse("customers:list"), {"industry": "住宅家装"}).content.decode()
    assert "没有符合筛选条件的客户" in filtered


# Filters, sort, columns ---------------------------------------------------------------------------------


def test_filter_by_industry_level_and_tag(client_as, book):
    admin = client_as("admin")
    url = reverse("customers:list")
    assert rows(admin.get(url, {"industry": "办公空间"})) == ids(book["s1_b"])
    assert sorted(rows(admin.get(url, {"level": "A"}))) == sorted(ids(book["s1_a"], book["s2_a"]))
    assert sorted(rows(admin.get(url, {"tag": "重点"}))) == sorted(ids(book["s1_a"], book["s2_a"]))
    assert rows(client_as("sales1").get(url, {"tag": "重点"})) == ids(book["s1_a"])
    assert rows(admin.get(reverse("customers:pool"), {"industry": "酒店餐饮"})) == ids(book["pool_a"])


def test_filter_by_owner_is_offered_to_the_manager(client_as, book, personas):
    manager = client_as("manager")
    response = manager.get(reverse("customers:list"), {"owner": personas.sales2.pk})
    assert rows(response) == ids(book["s2_a"])
    assert 'name="owner"' in response.content.decode()
    assert 'name="owner"' not in client_as("sales1").get(reverse("customers:list")).content.decode()


def test_sort_by_name_both_ways_from_the_header_links(client_as, book):
    admin = client_as("admin")
    url = reverse("customers:list")
    ascending = rows(admin.get(url, {"sort": "name"}))
    descending = rows(admin.get(url, {"sort": "-name"}))
    assert ascending == list(reversed(descending)) and len(ascending) == 3
    names = {str(c.pk): c.name for c in Customer.objects.all()}
    assert [names[pk] for pk in ascending] == sorted(names[pk] for pk in ascending)
    html = admin.get(url, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-name" in html


def test_column_chooser_is_kept_in_the_query_string(client_as, book):
    response = client_as("admin").get(reverse("customers:list"), {"columns": "phone,tags,bogus"})
    headers = re.findall(r'<th data-column="(\w+)"', response.content.decode())
    assert headers == ["name", "phone", "tags"]
    assert "columns=name,phone,tags" in response.content.decode()  # sort links keep the columns
    repeated = client_as("admin").get(reverse("customers:list") + "?columns=owner&columns=level")
    assert re.findall(r'<th data-column="(\w+)"', repeated.content.decode()) == ["name", "level", "owner"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"created_from": "2024-13-45"}, "created"),
        ({"created_from": "2000-01-02", "created_to": "2000-01-01"}, "created"),
        ({"followup_to": "31/12/2024"}, "followup"),
        ({"owner": "abc"}, "owner"),
        ({"level": "Z"}, "level"),
        ({"status": "nonsense"}, "status"),
        ({"department": "999999"}, "department"),  # names no department (deleted meanwhile)
    ],
)
def test_bad_filter_values_are_shown_beside_the_field(client_as, book, params, field):
    response = client_as("admin").get(reverse("customers:list"), params)
    assert response.status_code == 400
    assert field_errors(response, field)
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert len(rows(response)) == 3  # the list still shows, without the bad filter


def test_bad_sort_and_cursor_are_reported_not_500(client_as, book):
    admin = client_as("admin")
    bad_sort = admin.get(reverse("customers:list"), {"sort": "password"})
    with override("zh-hans"):
        message = gettext("This list cannot be sorted by this column.")
    assert bad_sort.status_code == 400 and message in bad_sort.content.decode()
    bad_cursor = admin.get(reverse("customers:contacts"), {"cursor": "!!not-a-cursor"})
    assert bad_cursor.status_code == 400 and len(rows(bad_cursor)) == 2
    fragment = admin.get(reverse("customers:list"), {"created_to": "yesterday"}, headers=HTMX)
    assert fragment.status_code == 200 and field_errors(fragment, "created")


# HTMX and pages ------------------------------------------------------------------------------------------


def test_htmx_gets_only_the_list_fragment(client_as, book):
    response = client_as("admin").get(reverse("customers:list"), {"industry": "办公空间"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="list-screen"') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    assert (
        response["HX-Push-Url"]
        == reverse("customers:list") + "?industry=%E5%8A%9E%E5%85%AC%E7%A9%BA%E9%97%B4"
    )
    restore = client_as("admin").get(
        reverse("customers:list"), headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_cursor_pages_and_count_label(client_as, personas):
    Customer.objects.bulk_create([Customer(owner=personas.sales1, name=f"客户{n:03d}") for n in range(55)])
    sales1 = client_as("sales1")
    first = sales1.get(reverse("customers:list"))
    html = first.content.decode()
    assert len(rows(first)) == 50 and "共 55 条" in html and "下一页" in html
    next_url = re.search(r'data-testid="next-page"', html) and re.search(r'href="([^"]*cursor=[^"]+)"', html)
    second = sales1.get(next_url.group(1).replace("&amp;", "&"))
    assert len(rows(second)) == 5 and not set(rows(second)) & set(rows(first))
    assert "上一页" in second.content.decode()


def test_count_label_caps_at_a_thousand(client_as, personas):
    Customer.objects.bulk_create([Customer(owner=None, name=f"公海{n}") for n in range(1001)])
    html = client_as("admin").get(reverse("customers:pool")).content.decode()
    assert "共 1,000+ 条" in html


def test_buttons_follow_the_rights(client_as, book):
    admin = client_as("admin").get(reverse("customers:list"), {"industry": "办公空间"}).content.decode()
    assert 'data-testid="bulk-transfer"' in admin and 'data-testid="bulk-delete"' in admin
    export = reverse("customers:list_export", kwargs={"list_key": "customers", "format": "xlsx"})
    assert f'href="{export}?industry=' in admin  # the export keeps the current filters
    assert f'href="{reverse("imports:new")}?kind=customers"' in admin
    assert f'href="{reverse("customers:customer_new")}"' in admin
    leads = client_as("sales1").get(reverse("customers:leads")).content.decode()
    assert "?kind=leads" in leads and reverse("customers:lead_new") in leads
    sales1 = client_as("sales1").get(reverse("customers:list")).content.decode()
    assert 'data-testid="bulk-transfer"' not in sales1 and 'data-testid="bulk-release"' in sales1
    pool = client_as("sales1").get(reverse("customers:pool")).content.decode()
    assert 'data-testid="bulk-claim"' in pool and 'data-testid="bulk-delete"' not in pool
    # The pool's export follows the pool's browse right (plus the export right on customers, any scope).
    assert 'data-testid="export-csv"' in pool
    assert 'data-testid="export-csv"' in client_as("admin").get(reverse("customers:pool")).content.decode()


# Saved views ---------------------------------------------------------------------------------------------


def save_view(client, name: str, *, shared=False, query="industry=办公空间", columns="name,phone"):
    data = {"list_key": "customers", "name": name, "query": query, "columns": columns, "next": ""}
    if shared:
        data["is_shared"] = "on"
    return client.post(reverse("customers:saved_view_save"), data)


def test_saved_views_mine_shared_and_other_peoples(client_as, book, personas):
    sales1, sales2 = client_as("sales1"), client_as("sales2")
    response = save_view(sales1, "我的办公客户")
    mine = SavedView.objects.get(name="我的办公客户")
    assert response.status_code == 302 and f"view={mine.pk}" in response.url
    shown = sales1.get(response.url)
    assert rows(shown) == ids(book["s1_b"])
    assert re.findall(r'<th data-column="(\w+)"', shown.content.decode()) == ["name", "phone"]
    save_view(sales2, "张华共享", shared=True, query="level=A")
    save_view(sales2, "张华私有")
    page = sales1.get(reverse("customers:list")).content.decode()
    assert "我的办公客户" in page and "张华共享" in page and "张华私有" not in page
    theirs = SavedView.objects.get(name="张华共享")
    assert reverse("customers:saved_view_delete", args=[theirs.pk]) not in page
    assert reverse("customers:saved_view_delete", args=[mine.pk]) in page
    refused = sales1.post(reverse("customers:saved_view_delete", args=[theirs.pk]), {"list_key": "customers"})
    assert refused.status_code in (403, 404) and SavedView.objects.filter(pk=theirs.pk).exists()
    deleted = sales1.post(reverse("customers:saved_view_delete", args=[mine.pk]), {"list_key": "customers"})
    assert deleted.status_code == 302 and not SavedView.objects.filter(pk=mine.pk).exists()


def test_saving_a_view_without_a_name_says_so(client_as, book):
    response = save_view(client_as("sales1"), "   ")
    assert response.status_code == 400 and not SavedView.objects.exists()
    assert 'class="message error"' in response.content.decode()


# Bulk actions --------------------------------------------------------------------------------------------


def bulk(client, action: str, records, *, list_key="customers", htmx=False, **extra):
    data = {
        "list_key": list_key,
        "action": action,
        "ids": [r.pk for r in records],
        "next": "sort=name",
        **extra,
    }
    return client.post(reverse("customers:bulk"), data, headers=HTMX if htmx else {})


def test_manager_transfers_customers_from_sales1_to_sales2(client_as, book, personas):
    manager = client_as("manager")
    response = bulk(manager, "transfer", [book["s1_a"], book["s1_b"]], to_user=personas.sales2.pk)
    assert response.status_code == 302 and response.url == reverse("customers:list") + "?sort=name"
    assert set(Customer.objects.filter(owner=personas.sales2).values_list("name", flat=True)) == {
        "东方家园装饰",
        "北辰办公空间",
        "南山别墅项目",
    }
    followed = manager.get(response.url).content.decode()
    assert "已转移 2 位客户" in followed


def test_bulk_transfer_with_htmx_rerenders_the_list_with_the_message(client_as, book, personas):
    response = bulk(client_as("manager"), "transfer", [book["s1_a"]], htmx=True, to_user=personas.sales2.pk)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="list-screen"')
    assert "已转移 1 位客户" in html
    missing = bulk(client_as("manager"), "transfer", [book["s1_b"]], htmx=True)
    assert "请选择" in missing.content.decode()
    assert Customer.objects.get(pk=book["s1_b"].pk).owner == personas.sales1


def test_sales1_may_not_transfer(client_as, book, personas):
    response = bulk(client_as("sales1"), "transfer", [book["s1_a"]], to_user=personas.sales2.pk)
    assert response.status_code == 403
    assert 'class="message error"' in response.content.decode()
    assert Customer.objects.get(pk=book["s1_a"].pk).owner == personas.sales1


def test_bulk_on_someone_elses_customer_changes_nothing(client_as, book, personas):
    response = bulk(client_as("sales1"), "release", [book["s1_a"], book["s2_a"]])
    assert response.status_code == 404
    assert Customer.objects.filter(owner__isnull=True).count() == 2


def test_bulk_without_selection_is_a_message(client_as, book):
    response = bulk(client_as("sales1"), "release", [])
    assert response.status_code == 400 and "请至少选择一行" in response.content.decode()


def test_bulk_delete_asks_for_confirmation_first(client_as, book):
    admin = client_as("admin")
    asked = bulk(admin, "delete", [book["s1_a"], book["s2_a"]])
    html = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm-delete"' in html
    assert Customer.objects.filter(pk=book["s1_a"].pk).exists()
    done = bulk(admin, "delete", [book["s1_a"], book["s2_a"]], confirm="yes")
    assert done.status_code == 302
    assert not Customer.objects.filter(pk__in=[book["s1_a"].pk, book["s2_a"].pk]).exists()


def test_bulk_add_tag(client_as, book):
    bulk(client_as("sales1"), "tag", [book["s1_a"], book["s1_b"]], add_tag="续约，老客户")
    assert Customer.objects.get(pk=book["s1_b"].pk).tags == ["续约", "老客户"]
    tagged = client_as("sales1").get(reverse("customers:list"), {"tag": "续约"})
    assert sorted(rows(tagged)) == sorted(ids(book["s1_a"], book["s1_b"]))


def test_sales1_releases_a_customer_to_the_pool(client_as, book, personas):
    response = bulk(client_as("sales1"), "release", [book["s1_b"]])
    assert response.status_code == 302
    released = Customer.objects.get(pk=book["s1_b"].pk)
    assert released.owner is None and released.previous_owner == personas.sales1
    assert str(released.pk) in rows(client_as("sales2").get(reverse("customers:pool")))


def test_claim_one_and_many_from_the_pool(client_as, book, personas):
    sales1 = client_as("sales1")
    one = sales1.post(reverse("customers:bulk"), {"list_key": "pool", "claim": book["pool_a"].pk, "next": ""})
    assert one.status_code == 302 and Customer.objects.get(pk=book["pool_a"].pk).owner == personas.sales1
    extra = make_customer(None, "远洋公寓")
    many = bulk(sales1, "claim", [book["pool_b"], extra], list_key="pool", htmx=True)
    assert "你从公海领取了 2 位客户" in many.content.decode()
    assert Customer.objects.filter(owner=personas.sales1).count() == 5


def test_claim_beyond_the_limit_is_refused_whole_with_how_many_may_be_claimed(client_as, book, personas):
    PoolSettings.objects.update_or_create(pk=1, defaults={"claim_limit": 3})  # sales1 owns 2
    response = bulk(client_as("sales1"), "claim", [book["pool_a"], book["pool_b"]], list_key="pool")
    html = response.content.decode()
    assert response.status_code == 400
    assert "您最多还能领取 1 个客户（个人保有量上限为 3）" in html and 'class="message error"' in html
    assert Customer.objects.filter(owner=personas.sales1).count() == 2
    assert Customer.objects.filter(pk__in=[book["pool_a"].pk, book["pool_b"].pk], owner=None).count() == 2


# Query counts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("list_key", list(LIST_URLS))
def test_lists_render_in_a_constant_number_of_queries(
    client_as, personas, list_key, django_assert_max_num_queries
):
    for number in range(35):
        owner = None if list_key == "pool" else personas.sales1 if number % 2 else personas.sales2
        customer = make_customer(owner, f"客户{number}", tags=["重点"], previous_owner=personas.sales2)
        Contact.objects.create(customer=customer, name=f"联系人{number}")
        Lead.objects.create(owner=owner or personas.sales1, name=f"线索{number}")
    manager = client_as("manager")
    url = reverse(LIST_URLS[list_key])
    columns = ",".join(column.key for column in get_list(list_key).columns)
    manager.get(url)  # warm the session
    # Constant, whatever the row count: session, user, grants, colleagues, collaborations, the page, its
    # count, option lists, saved views and the kind's custom-field definitions — never one per row.
    with django_assert_max_num_queries(16):
        response = manager.get(url, {"columns": columns})
    assert response.status_code == 200 and len(rows(response)) == 35


def test_free_text_finds_chinese_substrings_within_scope(client_as, book):
    from atrium.core.search import reindex

    reindex("customer", [c.pk for c in Customer.objects.all()])
    reindex("contact", [c.pk for c in Contact.objects.all()])
    sales1 = client_as("sales1")
    assert rows(sales1.get(reverse("customers:list"), {"q": "家园"})) == ids(book["s1_a"])
    assert rows(sales1.get(reverse("customers:list"), {"q": "南山"})) == []
    assert rows(client_as("manager").get(reverse("customers:list"), {"q": "南山"})) == ids(book["s2_a"])
    assert rows(sales1.get(reverse("customers:contacts"), {"q": "东方"})) == ids(book["s1_contact"])
    assert rows(sales1.get(reverse("customers:pool"), {"q": "酒"})) == ids(book["pool_a"])


@pytest.mark.parametrize("list_key", list(LIST_URLS))
def test_every_list_page_has_its_heading_and_folds_its_filters_on_a_phone(client_as, book, list_key):
    html = client_as("admin").get(reverse(LIST_URLS[list_key])).content.decode()
    title = {"customers": "客户", "contacts": "联系人", "leads": "线索", "pool": "公海"}[list_key]
    assert re.search(rf'<h1 class="page-title">{title}</h1>', html)
    assert 'data-testid="filters-toggle"' in html and "list-filters card filters-open" not in html
    filtered = client_as("admin").get(reverse(LIST_URLS[list_key]), {"q": "东方"}).content.decode()
    assert "list-filters card filters-open" in filtered  # set filters stay unfolded
