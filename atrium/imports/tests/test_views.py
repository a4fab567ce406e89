"""Import pages: upload, mapping, preview, run, report, and who may see a job."""

from __future__ import annotations

import os

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils._os import safe_join

from atrium.customers.models import Customer
from atrium.imports.models import ImportJob
from atrium.imports.tests.conftest import csv_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, rows, name="客户.csv", encoding="gbk"):
    upload = SimpleUploadedFile(name, csv_bytes(rows, encoding), content_type="text/csv")
    return client.post(reverse("imports:new") + "?kind=customers", {"file": upload, "kind": "customers"})


ROWS = [["名称", "手机", "说明"], ["甲公司", "13800138020", "x"], ["乙公司", "12", "y"]]


def test_upload_shows_mapping_and_preview(client_as):
    client = client_as("sales1")
    response = _upload(client, ROWS)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:job", args=[job.pk])
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and "甲公司" in html and 'value="name" selected' in html
    assert job.mapping == {"0": "name", "1": "phone", "2": "notes"}


def test_run_all_or_nothing_then_skip_invalid_and_download_report(client_as, on_commit):
    client = client_as("sales1")
    job_url = _upload(client, ROWS).url
    form = {"col_0": "name", "col_1": "phone", "col_2": "notes", "action": "run"}
    with on_commit(execute=True):
        client.post(job_url, form)
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.invalid == 1 and Customer.objects.count() == 0
    report = client.get(reverse("imports:report", args=[job.pk]))
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert report.status_code == 200 and "3," in body
    _upload(client, ROWS)
    second = ImportJob.objects.latest("id")
    with on_commit(execute=True):
        client.post(reverse("imports:job", args=[second.pk]), {**form, "skip_invalid": "1"})
    second.refresh_from_db()
    assert (second.status, second.imported, second.invalid) == ("done", 1, 1)


class RemoteLikeStorage(InMemoryStorage):
    """Django's in-memory storage, without local paths for its files as S3 and other remote storages."""

    def _relative_path(self, name):
        return os.path.relpath(safe_join(self.location, name), self.location)

    def path(self, name):
        raise NotImplementedError("this storage keeps no local files")


def test_imports_work_with_a_storage_that_has_no_local_files(client_as, settings, on_commit):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RemoteLikeStorage"}}
    client = client_as("sales1")
    job_url = _upload(client, ROWS).url
    assert "甲公司" in client.get(job_url).content.decode()  # the preview reads a copy
    with on_commit(execute=True):
        client.post(job_url, {"col_0": "name", "col_1": "phone", "col_2": "notes", "action": "run"})
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.report.name.startswith("imports/reports/")
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert "3," in b"".join(report.streaming_content).decode("utf-8-sig")


def test_mapping_change_and_missing_name_column(client_as):
    client = client_as("sales1")
    job_url = _upload(client, ROWS).url
    response = client.post(job_url, {"col_0": "", "col_1": "phone", "action": "preview"})
    assert (
        response.status_code == 400 and "required" in response.content.decode().lower()
    ) or "必填" in response.content.decode()
    response = client.post(job_url, {"col_0": "notes", "col_2": "name", "action": "preview"})
    assert response.status_code == 200
    assert ImportJob.objects.get().mapping == {"0": "notes", "2": "name"}


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary"])
def test_bad_upload_shows_the_message(client_as, content):
    upload = SimpleUploadedFile("a.csv", content)
    response = client_as("sales1").post(reverse("imports:new"), {"file": upload, "kind": "customers"})
    assert response.status_code == 400 and ImportJob.objects.count() == 0


def test_oversize_upload_refused(client_as, settings):
    settings.ATRIUM_IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("a.csv", b"name\n" + b"x\n" * 5000)
    response = client_as("sales1").post(reverse("imports:new"), {"file": upload, "kind": "customers"})
    assert response.status_code == 400 and ImportJob.objects.count() == 0


def test_other_peoples_jobs_are_404_and_admin_sees_them(client_as):
    _upload(client_as("sales1"), ROWS)
    job = ImportJob.objects.get()
    for who in ("sales2", "manager", "outsider"):
        assert client_as(who).get(reverse("imports:job", args=[job.pk])).status_code == 404
        assert client_as(who).get(reverse("imports:progress", args=[job.pk])).status_code == 404
    assert client_as("admin").get(reverse("imports:job", args=[job.pk])).status_code == 200
    assert "客户.csv" not in client_as("sales2").get(reverse("imports:mine")).content.decode()
    assert "客户.csv" in client_as("sales1").get(reverse("imports:mine")).content.decode()


def test_outsider_may_not_import(client_as):
    assert client_as("outsider").get(reverse("imports:new") + "?kind=customers").status_code == 403
    assert client_as("pm").get(reverse("imports:new") + "?kind=leads").status_code == 403


def test_every_job_runs_in_the_worker_after_commit(client_as, personas, on_commit):
    """Even a small file is not imported on the web thread: the request only queues it."""
    from atrium.imports import services

    client = client_as("sales1")
    job_url = _upload(client, [["客户名称"]] + [[f"客户{i}"] for i in range(30)]).url
    job = ImportJob.objects.get()
    with on_commit(execute=False) as callbacks:
        services.import_job_start(actor=personas.sales1, job=job)
    job.refresh_from_db()
    assert job.status == "queued" and Customer.objects.count() == 0 and len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == "done" and job.imported == 30
    assert client.get(job_url).status_code == 200


def test_a_role_may_grant_viewing_import_jobs_by_scope(client_as, personas):
    from atrium.accounts.models import Role, RoleGrant
    from atrium.core.kinds import Scope

    _upload(client_as("sales1"), ROWS)
    job = ImportJob.objects.get()
    url = reverse("imports:job", args=[job.pk])
    assert client_as("manager").get(url).status_code == 404
    role = Role.objects.create(name="导入审查")
    RoleGrant.objects.create(role=role, kind="import_job", action="view", scope=Scope.ALL)
    personas.manager.roles.add(role)
    assert client_as("manager").get(url).status_code == 200


def test_the_preview_marks_each_bad_row_and_cell_with_its_reason_before_import(client_as, personas):
    Customer.objects.create(name="钱女士", phone="13800138099", owner=personas.sales2)
    rows = [
        ["名称", "手机", "说明"],
        ["甲公司", "13800138020", "好"],
        ["乙公司", "12", "电话太短"],
        ["", "13800138021", "没有名称"],
        ["钱女士", "13800138022", "同名：提示"],
    ]
    client = client_as("sales1")
    html = client.get(_upload(client, rows).url).content.decode()
    assert html.count('data-testid="preview-row"') == 4 and html.count('data-bad="1"') == 2
    assert html.count('data-testid="bad-cell"') == 2
    row_of = {line: html.split(f"<td>{line}</td>")[1].split("</tr>")[0] for line in (2, 3, 4, 5)}
    assert "bad-cell" not in row_of[2] and "✓" in row_of[2]
    assert 'class="cell-bad"' in row_of[3] and "手机" in row_of[3]
    assert "必填" in row_of[4] or "required" in row_of[4]
    assert "bad-cell" not in row_of[5] and "cell-hint" in row_of[5]
    assert Customer.objects.count() == 1  # the preview writes nothing


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["customers", "contacts", "leads"])
def test_the_template_has_the_chinese_headers_and_maps_back_to_every_field(
    client_as, write_file, file_format, kind
):
    from atrium.imports.mapping import suggest_mapping
    from atrium.imports.readers import open_table
    from atrium.imports.registry import get_import_spec

    response = client_as("admin").get(reverse("imports:template") + f"?kind={kind}&format={file_format}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    path = write_file(f"t.{file_format}", response.content)
    table = open_table(path, path.name)
    assert list(table.rows()) == []  # only the header
    spec = get_import_spec(kind)
    assert table.header[0].endswith("*") and any("名称" in h or "姓名" in h for h in table.header)
    assert sorted(suggest_mapping(spec, table.header).values()) == sorted(f.key for f in spec.fields)


def test_the_template_needs_the_import_right(client_as):
    assert client_as("outsider").get(reverse("imports:template") + "?kind=customers").status_code == 403
    assert client_as("sales1").get(reverse("imports:template") + "?kind=nothing").status_code == 404


def test_an_unknown_industry_is_mapped_to_a_listed_one_in_the_mapping_step(client_as, on_commit):
    rows = [["名称", "行业"], ["甲公司", "餐饮美食"], ["乙公司", "餐饮美食"], ["丙公司", "住宅家装"]]
    client = client_as("sales1")
    job_url = _upload(client, rows).url
    html = client.get(job_url).content.decode()
    assert 'data-testid="unknown-values"' in html and "餐饮美食" in html
    assert "__add__" not in html  # a sales rep may not add to the list
    form = {"col_0": "name", "col_1": "industry", "unknown_0_field": "industry", "unknown_0_raw": "餐饮美食"}
    with on_commit(execute=True):
        client.post(job_url, {**form, "unknown_0": "酒店餐饮", "action": "run"})
    job = ImportJob.objects.get()
    assert (job.status, job.imported) == ("done", 3)
    assert Customer.objects.filter(industry="酒店餐饮").count() == 2


def test_an_admin_adds_an_unknown_value_to_the_list_through_the_options_service(client_as, on_commit):
    from atrium.core.models import OperationLog
    from atrium.fields.models import ChoiceOption

    client = client_as("admin")
    job_url = _upload(client, [["名称", "行业"], ["甲公司", "餐饮美食"]]).url
    assert "__add__" in client.get(job_url).content.decode()
    form = {"col_0": "name", "col_1": "industry", "unknown_0_field": "industry", "unknown_0_raw": "餐饮美食"}
    with on_commit(execute=True):
        client.post(job_url, {**form, "unknown_0": "__add__", "action": "run"})
    assert ChoiceOption.objects.filter(list="industry", value="餐饮美食", retired_at=None).exists()
    assert OperationLog.objects.filter(kind="customer_settings", action="create").exists()
    assert Customer.objects.get().industry == "餐饮美食"


def test_a_sales_rep_cannot_add_to_the_list_by_forging_the_form(client_as):
    from atrium.fields.models import ChoiceOption

    client = client_as("sales1")
    job_url = _upload(client, [["名称", "行业"], ["甲公司", "餐饮美食"]]).url
    form = {"col_0": "name", "col_1": "industry", "unknown_0_field": "industry", "unknown_0_raw": "餐饮美食"}
    response = client.post(job_url, {**form, "unknown_0": "__add__", "action": "preview"})
    assert response.status_code in (400, 403)  # refused with a message on the page
    assert not ChoiceOption.objects.filter(value="餐饮美食").exists()


def test_an_unknown_value_far_into_the_file_is_found_by_the_worker_and_offered(client_as, on_commit):
    """The page reads only the first rows; the worker reads the whole file for the values not in the list,
    so the one on line 1,201 is offered too, and mapping it imports its row."""
    rows = [["名称", "行业"]] + [[f"客户{i}", "酒店餐饮"] for i in range(1, 1501)]
    rows[1200][1] = "宠物医疗"
    client = client_as("sales1")
    with on_commit(execute=False) as scans:
        job_url = _upload(client, rows).url
    html = client.get(job_url).content.decode()
    assert 'data-testid="unknown-scanning"' in html and "宠物医疗" not in html  # beyond the page's part
    assert len(scans) == 1
    scans[0]()  # the worker's scan of the whole file
    html = client.get(job_url).content.decode()
    assert 'data-testid="unknown-scanning"' not in html and "宠物医疗" in html
    form = {"col_0": "name", "col_1": "industry", "unknown_0_field": "industry", "unknown_0_raw": "宠物医疗"}
    with on_commit(execute=True):
        client.post(job_url, {**form, "unknown_0": "酒店餐饮", "action": "run"})
    job = ImportJob.objects.get()
    assert (job.status, job.imported, job.invalid) == ("done", 1500, 0)
    assert Customer.objects.get(name="客户1200").industry == "酒店餐饮"


def test_at_most_200_unknown_values_are_offered_and_the_rest_come_once_those_are_mapped(client_as, on_commit):
    rows = [["名称", "行业"]] + [[f"客户{i}", f"行业{i}"] for i in range(250)]
    client = client_as("sales1")
    with on_commit(execute=True):
        job_url = _upload(client, rows).url
    html = client.get(job_url).content.decode()
    assert 'name="unknown_199_field"' in html and 'name="unknown_200_field"' not in html
    assert "行业：还有 50 个未列出的值" in html  # the page is in Chinese
    form = {"col_0": "name", "col_1": "industry", "action": "preview"}
    for index in range(200):
        form |= {f"unknown_{index}_field": "industry", f"unknown_{index}_raw": f"行业{index}"}
        form[f"unknown_{index}"] = "酒店餐饮"
    with on_commit(execute=True):
        client.post(job_url, form)
    html = client.get(job_url).content.decode()
    assert 'value="行业249"' in html and "未列出的值" not in html  # the 50 left are offered now
    form = {"col_0": "name", "col_1": "industry", "action": "run"}
    for index in range(200, 250):
        form |= {f"unknown_{index - 200}_field": "industry", f"unknown_{index - 200}_raw": f"行业{index}"}
        form[f"unknown_{index - 200}"] = "酒店餐饮"
    with on_commit(execute=True):
        client.post(job_url, form)
    job = ImportJob.objects.get()
    assert (job.status, job.imported) == ("done", 250)
