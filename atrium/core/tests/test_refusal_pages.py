"""Refusals are styled pages in the app's shell, in the person's language: 403, 404 and 400 on every HTML page,
unknown URLs and Django's own refusals included; HTMX gets the fragment; the API keeps its JSON errors; a
refusal is logged as one line, without a traceback; a crash is a page, never a traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atrium.core.refusal_pages import server_error
from atrium.customers.models import Customer, CustomerCollaborator

pytestmark = pytest.mark.django_db


@pytest.fixture
def of_sales2(personas) -> Customer:
    return Customer.objects.create(name="华景家园", owner=personas.sales2, owned_since=timezone.now())


def assert_shell_page(response, status: int, *texts: str) -> None:
    body = response.content.decode()
    assert response.status_code == status, body[:500]
    assert f'data-status="{status}"' in body
    assert 'class="shell"' in body  # the app's shell: navigation, search, user menu
    for text in texts:
        assert text in body, body
    assert "Traceback" not in body


def test_a_customer_of_sales2_is_not_found_for_sales1(client_as, of_sales2):
    response = client_as("sales1").get(reverse("customers:detail", args=[of_sales2.pk]))
    assert_shell_page(response, 404, "未找到", "该页面或记录不存在，或您无权查看。", "返回首页")


def test_a_collaborator_may_see_but_not_edit_a_customer_of_sales2(client_as, personas, of_sales2):
    CustomerCollaborator.objects.create(customer=of_sales2, user=personas.sales1)
    response = client_as("sales1").get(reverse("customers:customer_edit", args=[of_sales2.pk]))
    assert_shell_page(response, 403, "无权访问", "您没有执行此操作的权限。")


def test_a_request_django_refuses_is_a_400_page(client_as):
    too_many_fields = {f"field{n}": "x" for n in range(1200)}
    response = client_as("sales1").post(reverse("customers:customer_new"), too_many_fields)
    assert_shell_page(response, 400, "请求无法处理", "请求无效，请返回后重试。")


def test_an_unknown_url_is_the_styled_404_page(client_as):
    assert_shell_page(client_as("sales1").get("/no-such-page/"), 404, "未找到")
    signed_out = Client().get("/no-such-page/")
    assert signed_out.status_code == 404 and "未找到" in signed_out.content.decode()
    assert 'class="auth-card"' in signed_out.content.decode()


def test_the_operation_log_refuses_sales1_with_the_styled_403_page(client_as):
    assert_shell_page(client_as("sales1").get(reverse("accounts:operation_log")), 403, "无权访问")


def test_htmx_gets_the_fragment_aimed_at_the_content(client_as, of_sales2):
    response = client_as("sales1").get(
        reverse("customers:detail", args=[of_sales2.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#content" and response["HX-Reswap"] == "innerHTML"
    assert 'data-status="404"' in body and "<html" not in body and 'class="shell"' not in body


def test_english_when_the_person_chose_english(client_as, personas, of_sales2):
    personas.sales1.language = "en"
    personas.sales1.save(update_fields=["language"])
    response = client_as("sales1").get(reverse("customers:detail", args=[of_sales2.pk]))
    assert_shell_page(
        response, 404, "Not found", "This page or record does not exist or is not visible to you."
    )
    assert_shell_page(client_as("sales1").get("/no-such-page/"), 404, "Not found")


def test_api_paths_keep_their_json_errors(api_as, of_sales2):
    response = api_as("sales1").get(f"/api/v1/customers/{of_sales2.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    unknown = api_as("sales1").get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_a_refusal_is_logged_as_one_line_without_a_traceback(client_as, of_sales2, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client_as("sales1").get(reverse("accounts:operation_log"))
        client_as("sales1").get(reverse("customers:detail", args=[of_sales2.pk]))
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.status_code for r in records] == [403, 404]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in records)


def test_a_crash_is_a_page_not_a_traceback(rf):
    response = server_error(rf.get("/customers/"))
    body = response.content.decode()
    assert response.status_code == 500 and "出错了" in body and "Traceback" not in body
    api = server_error(rf.get("/api/v1/customers"))
    assert api.status_code == 500 and api["Content-Type"].startswith("application/json")
