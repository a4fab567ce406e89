"""GET /api/v1/search and the /search/ page: grouped, scoped per persona, bad parameters answer 400."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atrium.core.search import reindex
from atrium.customers.models import Contact, Customer, Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas):
    mine = Customer.objects.create(name="李明的红星装饰", phone="13811112222", owner=personas.sales1)
    theirs = Customer.objects.create(name="张华的红星建材", phone="13833334444", owner=personas.sales2)
    contact = Contact.objects.create(customer=mine, name="红星联系人", mobile="13955556666")
    lead = Lead.objects.create(name="红星线索", company="红星集团", owner=personas.sales1)
    reindex("customer", [mine.pk, theirs.pk])
    reindex("contact", [contact.pk])
    reindex("lead", [lead.pk])
    return {"mine": mine, "theirs": theirs, "contact": contact, "lead": lead}


def _items(client, **params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_results_are_grouped_by_kind_with_title_subtitle_and_url(api_as, records):
    items = _items(api_as("admin"), q="红星")
    assert [item["kind"] for item in items] == ["customer", "customer", "contact", "lead"]
    first = items[0]
    assert set(first) == {"kind", "id", "title", "subtitle", "url"}
    assert {item["id"] for item in items if item["kind"] == "customer"} == {
        records["mine"].pk,
        records["theirs"].pk,
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sales1", {("customer", "mine"), ("contact", "contact"), ("lead", "lead")}),
        ("sales2", {("customer", "theirs")}),
        ("manager", {("customer", "mine"), ("customer", "theirs"), ("contact", "contact"), ("lead", "lead")}),
        ("outsider", set()),
    ],  # the client (external) gets 404 from search: atrium/web/tests/test_homes.py
)
def test_each_persona_finds_only_what_they_may_see(api_as, records, persona, expected):
    found = {(item["kind"], item["id"]) for item in _items(api_as(persona), q="红星")}
    assert found == {(kind, records[key].pk) for kind, key in expected}


def test_kinds_and_limit_narrow_the_answer(api_as, records):
    items = _items(api_as("admin"), q="红星", kinds="lead,customer", limit="1")
    assert [item["kind"] for item in items] == ["customer", "lead"]


def test_exact_and_prefix_name_matches_come_first(api_as, personas):
    later = Customer.objects.create(name="某某红星公司", owner=personas.sales1)
    exact = Customer.objects.create(name="红星", owner=personas.sales1)
    newest = Customer.objects.create(name="远方红星", owner=personas.sales1)
    prefix = Customer.objects.create(name="红星装饰", owner=personas.sales1)
    reindex("customer", [later.pk, exact.pk, newest.pk, prefix.pk])
    ids = [item["id"] for item in _items(api_as("sales1"), q="红星", kinds="customer")]
    assert ids == [exact.pk, prefix.pk, newest.pk, later.pk]


def test_empty_or_punctuation_query_answers_no_items(api_as, records):
    assert _items(api_as("admin")) == []
    assert _items(api_as("admin"), q="  ") == []
    assert _items(api_as("admin"), q='"*') == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x", "kinds": "customer,spaceship"}, "kinds"),
        ({"q": "x", "limit": "abc"}, "limit"),
        ({"q": "x", "limit": "0"}, "limit"),
        ({"q": "x", "limit": "51"}, "limit"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(api_as, params, field):
    response = api_as("admin").get("/api/v1/search", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]


def test_anonymous_caller_is_refused(client, db):
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 401


def test_page_shows_grouped_results_scoped_to_the_user(client_as, records):
    response = client_as("sales1").get(reverse("search"), {"q": "红星"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "李明的红星装饰" in html
    assert "张华的红星建材" not in html
    assert "红星联系人" in html and "红星线索" in html


def test_page_without_results_and_with_bad_parameters(client_as, records):
    client = client_as("outsider")
    assert "红星" in client.get(reverse("search"), {"q": "红星"}).content.decode()
    response = client.get(reverse("search"), {"q": "红星", "limit": "x"})
    assert response.status_code == 400
    assert client.get(reverse("search")).status_code == 200


def test_page_needs_sign_in(client, db):
    response = client.get(reverse("search"), {"q": "x"})
    assert response.status_code == 302


def test_search_box_is_in_the_shell(client_as, personas):
    html = client_as("sales1").get("/").content.decode()
    assert 'data-testid="global-search"' in html
    assert f'action="{reverse("search")}"' in html
