"""The person's own account page: show and edit name, phone, e-mail and language, with checks and the log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from atrium.accounts.models import User
from atrium.accounts.services.profile import user_set_own_language, user_update_own_profile
from atrium.core.errors import Conflict, ValidationFailed
from atrium.core.models import OperationLog


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests here switch the thread's language to English; later tests expect the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _form(user: User, **changes) -> dict:
    values = {
        "display_name": user.display_name,
        "phone": user.phone,
        "email": user.email,
        "language": user.language,
        "version": user.version,
    }
    return {**values, **changes}


def test_profile_page_shows_own_details_and_security_links(client_as, personas):
    page = client_as("sales1").get("/me/").content.decode()
    assert "李明" in page and "sales1@zhucheng.example" in page and "销售一部" in page
    assert 'href="/accounts/password/change/"' in page and "修改密码" in page
    assert 'href="/accounts/2fa/"' in page and "双重验证" in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/me/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_person_edits_own_profile_and_it_is_logged(client_as, personas):
    client = client_as("sales1")
    response = client.post(
        "/me/",
        _form(personas.sales1, display_name="李明明", phone="139 1234 5678", email="liming@zhucheng.example"),
    )
    assert response.status_code == 302
    user = User.objects.get(pk=personas.sales1.pk)
    assert (user.display_name, user.phone, user.email) == ("李明明", "13912345678", "liming@zhucheng.example")
    assert user.version == personas.sales1.version + 1
    row = OperationLog.objects.get(action="update", object_id=str(user.pk))
    assert row.actor == user and row.changes["display_name"] == ["李明", "李明明"]
    assert "个人资料已保存" in client.get("/me/").content.decode()


def test_bad_phone_and_taken_email_are_shown_beside_the_fields(client_as, personas):
    client = client_as("sales1")
    response = client.post("/me/", _form(personas.sales1, phone="12345", email="sales2@zhucheng.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "该邮箱已被其他用户使用" in page
    assert "12345" in page  # what the person typed stays in the form
    user = User.objects.get(pk=personas.sales1.pk)
    assert user.phone == personas.sales1.phone and user.email == personas.sales1.email
    assert not OperationLog.objects.filter(action="update").exists()


def test_malformed_email_is_refused(personas):
    with pytest.raises(ValidationFailed) as caught:
        user_update_own_profile(
            actor=personas.sales1, display_name="李明", phone="", email="not-an-address", language=""
        )
    assert set(caught.value.fields) == {"email"}


def test_unknown_language_is_refused(personas):
    with pytest.raises(ValidationFailed) as caught:
        user_update_own_profile(
            actor=personas.sales1,
            display_name="李明",
            phone="",
            email="sales1@zhucheng.example",
            language="xx",
        )
    assert set(caught.value.fields) == {"language"}


def test_stale_version_is_a_conflict(client_as, personas):
    client = client_as("sales1")
    stale = _form(personas.sales1, display_name="第一次")
    assert client.post("/me/", stale).status_code == 302
    response = client.post("/me/", {**stale, "display_name": "第二次"})
    assert response.status_code == 409
    assert User.objects.get(pk=personas.sales1.pk).display_name == "第一次"
    with pytest.raises(Conflict):
        user_update_own_profile(
            actor=personas.sales1, display_name="x", phone="", email="", language="", version=1_000
        )


def test_changing_email_forgets_the_old_address_for_sign_in(client, client_as, personas):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=personas.sales1, email="sales1@zhucheng.example", verified=True, primary=True
    )
    client_as("sales1").post("/me/", _form(personas.sales1, email="new@zhucheng.example"))
    assert not EmailAddress.objects.filter(email__iexact="sales1@zhucheng.example").exists()
    old = client.post("/accounts/login/", {"login": "sales1@zhucheng.example", "password": "atrium-demo"})
    assert old.status_code == 200
    new = client.post("/accounts/login/", {"login": "new@zhucheng.example", "password": "atrium-demo"})
    assert new.status_code == 302


def test_chosen_language_is_used_on_every_page(client_as, personas):
    client = client_as("sales1")
    assert "我的账号" in client.get("/me/").content.decode()
    client.post("/me/", _form(personas.sales1, language="en"))
    page = client.get("/me/").content.decode()
    assert "My account" in page and "我的账号" not in page
    other_device = client_as("sales1")
    assert "My account" in other_device.get("/me/").content.decode()


def test_switching_language_in_the_header_becomes_the_preference(client_as, personas):
    client = client_as("sales1")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/me/"})
    assert response.status_code == 302
    assert User.objects.get(pk=personas.sales1.pk).language == "en"
    assert "My account" in client_as("sales1").get("/me/").content.decode()


def test_setting_the_same_language_writes_nothing(personas):
    user_set_own_language(actor=personas.sales1, language="")
    assert not OperationLog.objects.filter(action="update").exists()


def test_allauths_address_page_cannot_add_addresses(client_as, personas):
    from allauth.account.models import EmailAddress

    client = client_as("sales1")
    response = client.post("/accounts/email/", {"action_add": "1", "email": "second@zhucheng.example"})
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert not EmailAddress.objects.filter(email__iexact="second@zhucheng.example").exists()
    assert client.get("/accounts/email/")["Location"] == "/me/"
