"""The API's users list is the list engine's "users" list: the same filters, sort and cursor as the page,
unknown parameters refused by name, older ``ordering=`` still understood, and each persona's scope."""

from __future__ import annotations

import pytest

from atrium.accounts.models import Department

pytestmark = pytest.mark.django_db
API = "/api/v1/users"


def usernames(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["username"] for item in response.json()["items"]]


def test_sort_and_filters_come_from_the_users_spec(api_as, personas):
    api = api_as("admin")
    newest = usernames(api.get(API, {"sort": "-date_joined", "limit": 1}))
    assert newest == usernames(api.get(API, {"ordering": "-id", "limit": 1})) == ["outsider"]
    assert usernames(api.get(API, {"sort": "-username", "limit": 2})) == ["sales2", "sales1"]
    assert usernames(api.get(API, {"active": "0"})) == []
    sales = Department.objects.get(name="销售部")
    assert set(usernames(api.get(API, {"department": sales.pk, "q": "sales"}))) == {"sales1", "sales2"}


def test_unknown_parameters_and_bad_values_answer_400_by_name(api_as, personas):
    api = api_as("admin")
    response = api.get(API, {"departmnt": "3"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"departmnt"}
    response = api.get(API, {"active": "perhaps", "sort": "email"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"active", "sort"}
    response = api.get(API, {"ordering": "email"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"ordering"}


EVERYONE = {"admin", "manager", "sales1", "sales2", "pm", "member", "client", "outsider"}


@pytest.mark.parametrize("who", ["sales1", "sales2", "manager", "admin"])
def test_staff_list_the_company_directory(api_as, who):
    assert set(usernames(api_as(who).get(API, {"limit": 200}))) == EVERYONE


@pytest.mark.parametrize("who", ["client", "outsider"])
def test_people_without_the_users_grant_get_403(api_as, who):
    response = api_as(who).get(API)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
