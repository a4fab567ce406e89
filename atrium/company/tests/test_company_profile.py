"""公司信息: admins edit the one company profile (versioned, audited in words, images through the storage API and
checked by content); the header shows its short name and logo; ``company_profile()`` is cached and dropped on
save; notification e-mails are signed with the legal name; bad input is refused beside its field, nothing half
saved."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from atrium.company.demo import DEMO_PROFILE, png, seed_company_profile
from atrium.company.models import CompanyProfile
from atrium.company.selectors import company_profile
from atrium.company.services import company_profile_update
from atrium.company.validation import IMAGE_MAX_BYTES, credit_code_check_char
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog
from atrium.notifications.services import notify

pytestmark = pytest.mark.django_db
PNG = png(8, lambda x, y: (255, 0, 0, 255))
GOOD = {
    "legal_name": "筑城装饰工程有限公司",
    "short_name": "筑城装饰",
    "address": "北京市朝阳区建国路88号",
    "phone": "010 6588 1234",
    "tax_id": "91350100m000100y43",
    "bank_name": "招商银行北京朝阳支行",
    "bank_account": "1109 1234 5610 801",
}


def _png(name="logo.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


def _post(client, **fields):
    data = {**GOOD, "version": CompanyProfile.current().version, **fields}
    return client.post(reverse("company:settings"), data)


def test_the_credit_code_check_character_follows_the_national_standard():
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert credit_code_check_char("91110105MA01XC8Q7") == "L"


def test_an_admin_saves_the_profile_with_a_logo_and_a_seal(client_as, personas, media):
    response = _post(client_as("admin"), logo=_png(), seal=_png("seal.png"))
    assert response.status_code == 302 and response["Location"] == reverse("company:settings")
    profile = CompanyProfile.current()
    assert (profile.legal_name, profile.phone, profile.tax_id, profile.bank_account) == (
        "筑城装饰工程有限公司",
        "010-65881234",
        "91350100M000100Y43",
        "110912345610801",
    )
    assert profile.version == 2 and profile.logo_type == profile.seal_type == "image/png"
    assert (media / profile.logo.name).read_bytes() == PNG and "logo.png" not in profile.logo.name
    logo = client_as("sales1").get(reverse("company:logo"))  # everyone's header shows it
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == PNG
    assert client_as("admin").get(reverse("company:seal")).status_code == 200
    assert client_as("sales1").get(reverse("company:seal")).status_code == 403


def test_the_change_is_logged_by_labels_with_old_and_new_values(client_as, personas, media):
    _post(client_as("admin"), logo=_png())
    row = OperationLog.objects.get(kind="company_profile")
    assert row.action == "update" and row.changes["legal_name"] == ["", "筑城装饰工程有限公司"]
    with translation.override("zh-hans"):
        text = " ".join(str(line) for line in change_lines_of([row], personas.admin)[row.pk])
    assert "公司全称" in text and "统一社会信用代码" in text and "标志" in text and "有图片" in text
    assert "legal_name" not in text and "company/" not in text


def test_replacing_and_removing_images_deletes_the_old_files_after_commit(
    client_as, media, django_capture_on_commit_callbacks
):
    admin = client_as("admin")
    _post(admin, logo=_png())
    first = CompanyProfile.current().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        _post(admin, logo=_png("new.png", PNG + b"\x00"))
    second = CompanyProfile.current().logo.name
    assert second != first and not (media / first).exists() and (media / second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _post(admin, remove_logo="on")
    profile = CompanyProfile.current()
    assert not profile.logo and profile.logo_type == "" and not (media / second).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"legal_name": "   "}, "legal_name", "请填写公司全称"),
        ({"legal_name": "筑" * 201}, "legal_name", "最多 200 个字符"),
        ({"tax_id": "9135010"}, "tax_id", "应为 18 位"),
        ({"tax_id": "91350100M000100Y4I"}, "tax_id", "不含 I、O、S、V、Z"),
        ({"tax_id": "91350100M000100Y44"}, "tax_id", "校验不通过"),
        ({"phone": "12345"}, "phone", "有效"),
        ({"bank_account": "6222-abc"}, "bank_account", "8 到 32 位数字"),
        ({"logo": SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image")}, "logo", "标志不是图片"),
        ({"seal": SimpleUploadedFile("seal.txt", b"just text")}, "seal", "印章图片不是图片"),
        ({"logo": SimpleUploadedFile("huge.png", PNG + b"\x00" * IMAGE_MAX_BYTES)}, "logo", "太大"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(client_as, media, fields, field, message):
    admin = client_as("admin")
    _post(admin)  # a first, good profile
    before = CompanyProfile.current()
    logged = OperationLog.objects.count()
    response = _post(admin, **{**fields, "short_name": "改了", "logo": fields.get("logo") or _png()})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-field="{field}"' in html and message in html
    after = CompanyProfile.current()
    assert (after.version, after.short_name, bool(after.logo)) == (before.version, "筑城装饰", False)
    assert OperationLog.objects.count() == logged
    assert not any(media.rglob("logo-*")) if media.exists() else True


def test_a_stale_version_is_409_and_changes_nothing(client_as, media):
    admin = client_as("admin")
    _post(admin)
    response = _post(admin, version=1, short_name="旧页面的修改")
    assert response.status_code == 409 and "有其他人修改了公司信息" in response.content.decode()
    assert CompanyProfile.current().short_name == "筑城装饰"


def test_the_service_refuses_people_without_the_right_and_stale_versions(personas, media):
    with pytest.raises(Forbidden):
        company_profile_update(actor=personas.sales1, data=GOOD, version=1)
    with pytest.raises(ValidationFailed) as refused:
        company_profile_update(actor=personas.admin, data={**GOOD, "legal_name": ""}, version=1)
    assert set(refused.value.fields) == {"legal_name"}
    company_profile_update(actor=personas.admin, data=GOOD, version=1)
    with pytest.raises(Conflict):
        company_profile_update(actor=personas.admin, data=GOOD, version=1)


def test_who_may_open_the_page(client_as, personas):
    assert client_as("admin").get(reverse("company:settings")).status_code == 200
    assert client_as("sales1").get(reverse("company:settings")).status_code == 403
    assert client_as("sales1").post(reverse("company:settings"), GOOD).status_code == 403
    settings_page = client_as("admin").get(reverse("settings")).content.decode()
    assert "公司信息" in settings_page and reverse("company:settings") in settings_page


def test_the_header_shows_the_short_name_and_logo_else_the_product(
    client_as, personas, media, django_capture_on_commit_callbacks
):
    home = client_as("sales1").get(reverse("home")).content.decode()
    assert "Atrium</a>" in home and reverse("company:logo") not in home
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_as("admin"), logo=_png())
    home = client_as("sales1").get(reverse("home")).content.decode()
    assert "筑城装饰</a>" in home and reverse("company:logo") in home


def test_the_selector_is_cached_and_dropped_on_save(personas, media, django_capture_on_commit_callbacks):
    assert company_profile().display_name == "Atrium"
    with django_capture_on_commit_callbacks(execute=True):
        company_profile_update(actor=personas.admin, data=GOOD, version=1)
    info = company_profile()
    assert (info.legal_name, info.display_name, info.has_logo) == ("筑城装饰工程有限公司", "筑城装饰", False)
    with CaptureQueriesContext(connection) as queries:
        assert company_profile().tax_id == "91350100M000100Y43"
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        company_profile_update(actor=personas.admin, data={**GOOD, "short_name": ""}, version=2)
    assert company_profile().display_name == "筑城装饰工程有限公司"


def test_notification_emails_are_signed_with_the_legal_name(
    personas, media, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        company_profile_update(actor=personas.admin, data=GOOD, version=1)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.sales1], kind="account", title="您的密码已修改")
    message = mail.outbox[-1]
    assert "筑城装饰工程有限公司" in message.body
    assert "筑城装饰工程有限公司" in message.alternatives[0][0]


def test_the_demo_fills_the_demo_company_once(personas, media):
    seed_company_profile()
    profile = CompanyProfile.current()
    assert profile.legal_name == "筑城装饰工程有限公司" == DEMO_PROFILE["legal_name"]
    assert profile.tax_id == "91110105MA01XC8Q7L" and profile.logo and profile.seal
    seed_company_profile()
    assert CompanyProfile.current().version == profile.version
