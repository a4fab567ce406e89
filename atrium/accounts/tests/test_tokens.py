"""Personal API tokens: the page, the API and the ``token`` command."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from atrium.accounts.models import ApiToken
from atrium.accounts.services import token_create
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db

PAGE = "/me/tokens/"


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def works(raw: str) -> bool:
    return bearer(raw).get("/api/v1/me").status_code == 200


# --- page -----------------------------------------------------------------------------------------------------


def test_page_lists_only_my_tokens(client_as, personas):
    token_create(actor=personas.sales1, name="我的脚本")
    token_create(actor=personas.sales2, name="别人的脚本")
    html = client_as("sales1").get(PAGE).content.decode()
    assert "我的脚本" in html and "别人的脚本" not in html
    assert "有效" in html and "永不过期" in html


def test_signed_out_visitor_is_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.post("/me/tokens/new", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_create_shows_the_token_once_and_it_works(client_as, personas):
    client = client_as("sales1")
    response = client.post("/me/tokens/new", {"name": "ERP 同步"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("atr_") and raw in response.content.decode()
    assert "请立即复制" in response.content.decode()
    assert works(raw)
    assert raw not in client.get(PAGE).content.decode()
    token = ApiToken.objects.get(user=personas.sales1, name="ERP 同步")
    assert raw not in token.secret_hash
    assert OperationLog.objects.filter(kind="api_token", action="create", object_id=str(token.pk)).exists()


def test_expiry_date_means_until_the_end_of_that_day_in_shanghai(client_as, personas):
    client_as("sales1").post("/me/tokens/new", {"name": "临时", "expires_on": "2099-03-01"})
    token = ApiToken.objects.get(name="临时")
    assert token.expires_at == datetime.datetime(2099, 3, 1, 16, 0, tzinfo=datetime.UTC)  # 3/2 00:00 +08:00


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "请为令牌命名"),
        ({"name": "x", "expires_on": "2020-01-01"}, "过期时间必须晚于当前时间"),
        ({"name": "x", "expires_on": "next week"}, "请输入有效日期"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_creates_nothing(client_as, data, message):
    response = client_as("sales1").post("/me/tokens/new", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_bad_input_in_english(client_as):
    response = client_as("sales1").post("/me/tokens/new", {"name": ""}, headers={"accept-language": "en"})
    assert "Give the token a name" in response.content.decode()


def test_revoke_stops_the_token(client_as, personas):
    token, raw = token_create(actor=personas.sales1, name="old")
    response = client_as("sales1").post(f"/me/tokens/{token.pk}/revoke", follow=True)
    assert response.status_code == 200
    assert "令牌“old”已撤销" in response.content.decode()
    assert "已撤销" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not works(raw)
    assert OperationLog.objects.filter(kind="api_token", action="delete", object_id=str(token.pk)).exists()


def test_revoke_needs_post_and_csrf(personas):
    token, raw = token_create(actor=personas.sales1, name="keep")
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.sales1)
    assert client.get(f"/me/tokens/{token.pk}/revoke").status_code == 405
    assert client.post(f"/me/tokens/{token.pk}/revoke").status_code == 403
    assert works(raw)


def test_cannot_revoke_someone_elses_token(client_as, personas):
    token, raw = token_create(actor=personas.sales2, name="theirs")
    assert client_as("sales1").post(f"/me/tokens/{token.pk}/revoke").status_code == 404
    assert client_as("admin").post(f"/me/tokens/{token.pk}/revoke").status_code == 404
    assert works(raw)


# --- API ------------------------------------------------------------------------------------------------------


def test_api_lists_my_tokens(api_as, personas):
    token_create(actor=personas.sales2, name="theirs")
    body = api_as("sales1").get("/api/v1/tokens").json()
    assert [t["name"] for t in body] == ["test"]  # the one api_as made
    assert "token" not in body[0] and "secret_hash" not in body[0]


def test_api_create_returns_the_token_once(api_as, personas):
    api = api_as("sales1")
    response = api.post("/api/v1/tokens", {"name": "CI"}, content_type="application/json")
    assert response.status_code == 201
    raw = response.json()["token"]
    assert works(raw)
    listed = api.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"test", "CI"}
    assert raw not in json.dumps(listed)


def test_api_create_reads_times_without_zone_in_shanghai_time(api_as):
    response = api_as("sales1").post(
        "/api/v1/tokens", {"name": "tz", "expires_at": "2099-01-01T08:00:00"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert ApiToken.objects.get(name="tz").expires_at == datetime.datetime(
        2099, 1, 1, 0, 0, tzinfo=datetime.UTC
    )


def test_api_create_refuses_bad_input_with_field_messages(api_as):
    api = api_as("sales1")
    response = api.post("/api/v1/tokens", {"name": " "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"]["name"] == ["请为令牌命名，例如将使用它的程序名称。"]
    past = {"name": "x", "expires_at": "2001-01-01T00:00:00Z"}
    response = api.post("/api/v1/tokens", past, content_type="application/json")
    assert response.status_code == 400
    assert "expires_at" in response.json()["fields"]
    assert ApiToken.objects.count() == 1


def test_api_revoke(api_as, personas):
    token, raw = token_create(actor=personas.sales1, name="to revoke")
    api = api_as("sales1")
    assert api.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert not works(raw)
    assert api.get("/api/v1/me").status_code == 200  # the token used for the call is untouched


def test_api_revoke_someone_elses_token_is_404(api_as, personas):
    token, raw = token_create(actor=personas.sales2, name="theirs")
    response = api_as("sales1").delete(f"/api/v1/tokens/{token.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。", "fields": {}}
    assert works(raw)


def test_outsider_manages_own_tokens_only(api_as, personas):
    api = api_as("outsider")
    assert [t["name"] for t in api.get("/api/v1/tokens").json()] == ["test"]


# --- command --------------------------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_command_create_prints_the_token_on_its_last_line(personas):
    output = run("create", "pm", "--name", "备份脚本")
    raw = output.strip().splitlines()[-1]
    assert raw.startswith("atr_") and " " not in raw
    assert works(raw)
    assert ApiToken.objects.get(user=personas.pm).name == "备份脚本"


def test_command_list_and_revoke(personas):
    raw = run("create", "pm").strip().splitlines()[-1]
    token = ApiToken.objects.get(user=personas.pm)
    listing = run("list", "pm")
    assert f"{token.pk}\tcli\t{token.prefix}" in listing and "active" in listing
    assert "revoked" in run("revoke", str(token.pk))
    assert not works(raw)
    assert "revoked" in run("list", "pm")


def test_command_unknown_user_or_token_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="No user with the username 'nobody'"):
        run("create", "nobody")
    with pytest.raises(CommandError, match="No token with the id 999999"):
        run("revoke", "999999")
    with pytest.raises(CommandError, match="not a date"):
        run("create", "pm", "--expires", "soon")
    assert not ApiToken.objects.exists()


def test_command_refuses_deactivated_user(personas):
    personas.pm.is_active = False
    personas.pm.save()
    with pytest.raises(CommandError, match="deactivated"):
        run("create", "pm")
