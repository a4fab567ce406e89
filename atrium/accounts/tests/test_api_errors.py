"""How the API answers bad input and bad credentials: one JSON error format, 4xx never 500, in the caller's
language (Chinese by default, English with ``Accept-Language: en``)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from atrium.accounts.models import ApiToken
from atrium.accounts.services import token_create, token_revoke
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
TOKENS = "/api/v1/tokens"
EN = {"accept-language": "en"}
ZH = {"accept-language": "zh-hans"}


def assert_error(response, status: int, code: str, message: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"] == message
    return body


@pytest.fixture
def raw_token(personas) -> str:
    return token_create(actor=personas.sales1, name="errors")[1]


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


# --- credentials ----------------------------------------------------------------------------------------------


def test_me_with_token(raw_token, personas):
    response = bearer(raw_token).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "sales1"
    assert ApiToken.objects.get(name="errors").last_used_at is not None


def test_me_with_session(client_as):
    response = client_as("manager").get(ME)
    assert response.status_code == 200
    assert response.json()["department"]["name"] == "销售部"


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "请先登录，或提供有效的 API 令牌。"),
        (ZH, "请先登录，或提供有效的 API 令牌。"),
        (EN, "Sign in or send a valid API token."),
    ],
)
def test_no_credentials_is_401_json_in_the_callers_language(client, headers, message):
    assert_error(client.get(ME, headers=headers), 401, "unauthenticated", message)


@pytest.mark.parametrize("raw", ["atr_nothing_here", "garbage", "atr_", "atr_abc"])
def test_made_up_tokens_are_401(raw, personas):
    assert_error(bearer(raw).get(ME), 401, "unauthenticated", "请先登录，或提供有效的 API 令牌。")


def test_tampered_token_is_401(raw_token):
    assert_error(
        bearer(raw_token[:-2] + "xx").get(ME), 401, "unauthenticated", "请先登录，或提供有效的 API 令牌。"
    )


def test_expired_token_is_401(raw_token):
    ApiToken.objects.filter(name="errors").update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert_error(
        bearer(raw_token).get(ME, headers=EN), 401, "unauthenticated", "Sign in or send a valid API token."
    )


def test_revoked_token_is_401(raw_token, personas):
    token_revoke(actor=personas.sales1, token_id=ApiToken.objects.get(name="errors").pk)
    assert_error(bearer(raw_token).get(ME), 401, "unauthenticated", "请先登录，或提供有效的 API 令牌。")


def test_token_of_a_deactivated_user_is_401(raw_token, personas):
    personas.sales1.is_active = False
    personas.sales1.save()
    assert_error(bearer(raw_token).get(ME), 401, "unauthenticated", "请先登录，或提供有效的 API 令牌。")


def test_session_of_a_deactivated_user_is_401(personas):
    client = Client()
    client.force_login(personas.sales1)
    personas.sales1.is_active = False
    personas.sales1.save()
    assert client.get(ME).status_code == 401


# --- CSRF -----------------------------------------------------------------------------------------------------


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (ZH, "CSRF 令牌缺失或错误，请刷新页面后重试。"),
        (EN, "The CSRF token is missing or wrong. Reload the page and try again."),
    ],
)
def test_session_post_without_csrf_is_403(personas, headers, message):
    client = csrf_client(personas.sales1)
    response = client.post(TOKENS, {"name": "x"}, content_type="application/json", headers=headers)
    assert_error(response, 403, "csrf_failed", message)
    assert not ApiToken.objects.exists()


def test_session_post_with_csrf_works(personas):
    client = csrf_client(personas.sales1)
    client.get("/me/tokens/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        TOKENS, {"name": "x"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201


def test_token_post_needs_no_csrf(raw_token):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw_token}"})
    assert client.post(TOKENS, {"name": "x"}, content_type="application/json").status_code == 201


def test_anonymous_post_is_401_not_a_csrf_error(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(TOKENS, {"name": "x"}, content_type="application/json")
    assert_error(response, 401, "unauthenticated", "请先登录，或提供有效的 API 令牌。")


# --- bodies ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "请求内容不是有效的 JSON。"), (EN, "The request body is not valid JSON.")],
)
@pytest.mark.parametrize("body", [b'{"name": ', b"not json", b"\xff\xfe\x00"])
def test_malformed_json_is_400_not_500(raw_token, headers, message, body):
    response = bearer(raw_token).post(TOKENS, body, content_type="application/json", headers=headers)
    assert_error(response, 400, "malformed", message)
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("body", ["[1, 2]", '"a string"', "null", "42"])
def test_json_of_the_wrong_shape_is_a_client_error(raw_token, body):
    response = bearer(raw_token).post(TOKENS, body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"code", "message", "fields"}
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "message", "field_message"),
    [({}, "请修正以下错误。", "未知字段。"), (EN, "Please correct the errors below.", "Unknown field.")],
)
def test_unknown_field_is_422_naming_the_field(raw_token, headers, message, field_message):
    body = {"name": "x", "colour": "red"}
    response = bearer(raw_token).post(TOKENS, body, content_type="application/json", headers=headers)
    fields = assert_error(response, 422, "invalid", message)["fields"]
    assert fields == {"colour": [field_message]}
    assert ApiToken.objects.count() == 1


def test_missing_and_mistyped_fields_are_422_per_field(raw_token):
    response = bearer(raw_token).post(TOKENS, {"expires_at": "tomorrow"}, content_type="application/json")
    fields = assert_error(response, 422, "invalid", "请修正以下错误。")["fields"]
    assert fields["name"] == ["此项为必填项。"]
    assert fields["expires_at"] == ["请输入有效的日期时间（ISO 8601 格式）。"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
@pytest.mark.parametrize(
    ("headers", "message"), [({}, "请求内容过大。"), (EN, "The request body is too large.")]
)
def test_body_over_the_limit_is_413(raw_token, headers, message):
    body = '{"name": "' + "x" * 2000 + '"}'
    response = bearer(raw_token).post(TOKENS, body, content_type="application/json", headers=headers)
    assert_error(response, 413, "too_large", message)
    assert ApiToken.objects.count() == 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_body_under_the_limit_is_accepted(raw_token):
    response = bearer(raw_token).post(TOKENS, {"name": "x" * 50}, content_type="application/json")
    assert response.status_code == 201


# --- other errors ---------------------------------------------------------------------------------------------


def test_service_errors_are_in_the_callers_language(raw_token):
    client = bearer(raw_token)
    response = client.delete(f"{TOKENS}/999999", headers=EN)
    assert_error(response, 404, "not_found", "Not found.")
    response = client.delete(f"{TOKENS}/999999")
    assert_error(response, 404, "not_found", "未找到。")


def test_forbidden_is_403_in_both_languages(personas):
    client = bearer(token_create(actor=personas.sales1, name="x")[1])
    assert_error(client.get("/api/v1/operation-log"), 403, "forbidden", "您没有执行此操作的权限。")
    assert_error(
        client.get("/api/v1/operation-log", headers=EN),
        403,
        "forbidden",
        "You do not have permission to do this.",
    )


def test_bad_cursor_is_400_in_both_languages(personas):
    client = bearer(token_create(actor=personas.admin, name="x")[1])
    body = assert_error(client.get("/api/v1/operation-log?cursor=%%%"), 400, "invalid", "请修正以下错误。")
    assert body["fields"] == {"cursor": ["该分页游标对此列表无效。"]}
    body = assert_error(
        client.get("/api/v1/operation-log?cursor=abc", headers=EN),
        400,
        "invalid",
        "Please correct the errors below.",
    )
    assert body["fields"] == {"cursor": ["This cursor is not valid for this list."]}


def test_refused_requests_write_nothing_to_the_log(client, personas):
    before = OperationLog.objects.count()
    client.post(TOKENS, {"name": "x"}, content_type="application/json")
    bearer("atr_bad_token").post(TOKENS, b"{", content_type="application/json")
    assert OperationLog.objects.count() == before


def test_unsupported_method_is_405_json_with_allowed_methods(raw_token):
    response = bearer(raw_token).put(ME, {}, content_type="application/json", headers=EN)
    body = assert_error(response, 405, "method_not_allowed", "This method is not allowed here.")
    assert "GET" in body["fields"]["allowed"]
    assert "GET" in response["Allow"]


def test_token_calls_speak_the_users_saved_language(personas):
    personas.sales1.language = "en"
    personas.sales1.save(update_fields=["language"])
    client = bearer(token_create(actor=personas.sales1, name="lang")[1])
    assert_error(client.delete(f"{TOKENS}/999999", headers=ZH), 404, "not_found", "Not found.")
    personas.sales1.language = "zh-hans"
    personas.sales1.save(update_fields=["language"])
    assert_error(client.delete(f"{TOKENS}/999999", headers=EN), 404, "not_found", "未找到。")
