"""A contract's files through its pages: uploaded by who may edit it (stored through the storage API, logged),
downloaded through the access layer, a file of another type or too large refused with nothing stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atrium.contracts.models import ContractFile
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_scan_is_uploaded_downloaded_by_who_sees_the_contract_and_removed(client_as, signed):
    contract = signed["sales1"]
    scan = SimpleUploadedFile("签字版合同.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    answer = client_as("sales1").post(reverse("contracts:file_upload", args=[contract.pk]), {"file": scan})
    assert answer.status_code == 302
    kept = ContractFile.objects.get()
    assert kept.name == "签字版合同.pdf" and kept.content_type == "application/pdf"
    download = client_as("sales1").get(reverse("contracts:file_download", args=[kept.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert client_as("sales2").get(reverse("contracts:file_download", args=[kept.pk])).status_code == 404
    assert client_as("sales2").post(reverse("contracts:file_delete", args=[kept.pk])).status_code == 404
    page = client_as("sales1").get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "签字版合同.pdf" in page
    client_as("sales1").post(reverse("contracts:file_delete", args=[kept.pk]))
    assert not ContractFile.objects.exists()
    logs = OperationLog.objects.filter(kind="contract", object_id=str(contract.pk), changes__has_key="files")
    assert [row.changes["files"] for row in logs.order_by("id")] == [
        ["", "签字版合同.pdf"],
        ["签字版合同.pdf", ""],
    ]


def test_a_file_of_another_type_is_refused_and_nothing_is_stored(client_as, signed):
    url = reverse("contracts:file_upload", args=[signed["sales1"].pk])
    fake = SimpleUploadedFile("合同.docx", b"MZ\x90\x00 not a document", content_type="application/msword")
    response = client_as("sales1").post(url, {"file": fake}, follow=True)
    assert "请上传 PDF" in response.content.decode()
    assert not ContractFile.objects.exists()
    assert client_as("sales2").post(url, {"file": fake}).status_code == 404
