"""My imports (我的导入) on the list engine: one's own jobs only, whoever asks (sales reps, a manager, an
admin who may see everyone's jobs elsewhere); filters by status, kind and upload day; bad values and unknown
parameters named; no export; a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atrium.imports.models import ImportJob

pytestmark = pytest.mark.django_db

PAGE = reverse("imports:mine")


def job(
    person, name: str, kind: str = "customers", status: str = ImportJob.Status.DONE, **fields
) -> ImportJob:
    return ImportJob.objects.create(
        created_by=person, kind=kind, original_name=name, file=f"imports/{name}", status=status, **fields
    )


@pytest.fixture
def jobs(personas):
    return {
        "sales1": job(personas.sales1, "李明的客户.csv", imported=12, updated=3, invalid=1),
        "sales1_leads": job(personas.sales1, "李明的线索.xlsx", kind="leads", status=ImportJob.Status.FAILED),
        "sales2": job(personas.sales2, "张华的客户.csv"),
        "manager": job(personas.manager, "王经理的客户.csv"),
        "admin": job(personas.admin, "管理员的联系人.csv", kind="contacts"),
    }


def files(response) -> set[str]:
    return {row.record.original_name for row in response.context["screen"].rows}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("sales1", {"李明的客户.csv", "李明的线索.xlsx"}),
        ("sales2", {"张华的客户.csv"}),
        ("manager", {"王经理的客户.csv"}),
        ("admin", {"管理员的联系人.csv"}),  # may open anyone's job, but "my imports" lists their own
    ],
)
def test_each_person_lists_only_their_own_jobs(client_as, jobs, who, expected):
    response = client_as(who).get(PAGE)
    assert response.status_code == 200
    assert files(response) == expected
    html = response.content.decode()
    assert all(name not in html for name in {j.original_name for j in jobs.values()} - expected)


@pytest.mark.parametrize("who", ["outsider", "client"])
def test_people_who_may_import_nothing_and_imported_nothing_are_refused_the_page(client_as, jobs, who):
    assert client_as(who).get(PAGE).status_code == 403


def test_a_person_whose_import_right_went_still_reads_their_jobs(client_as, jobs, personas):
    from atrium.accounts.models import RoleGrant

    assert RoleGrant.objects.filter(role__code="sales_rep", action="import").delete()[0] > 0
    response = client_as("sales1").get(PAGE)
    assert response.status_code == 200 and files(response) == {"李明的客户.csv", "李明的线索.xlsx"}


def test_columns_read_as_labels_and_link_to_the_job(client_as, jobs):
    html = client_as("sales1").get(PAGE).content.decode()
    assert f'<a href="{reverse("imports:job", args=[jobs["sales1"].pk])}">李明的客户.csv</a>' in html
    assert '<td data-column="kind">客户</td>' in html and '<td data-column="kind">线索</td>' in html
    assert '<td data-column="status">失败</td>' in html and '<td data-column="imported">12</td>' in html


def test_newest_first(client_as, personas):
    made = [job(personas.sales1, f"第{n}批.csv").pk for n in range(3)]
    rows = client_as("sales1").get(PAGE).context["screen"].rows
    assert [row.record.pk for row in rows] == sorted(made, reverse=True)


def test_filters_by_status_kind_and_upload_day(client_as, personas, jobs):
    client = client_as("sales1")
    assert files(client.get(PAGE, {"status": "failed"})) == {"李明的线索.xlsx"}
    assert files(client.get(PAGE, {"kind": "customers"})) == {"李明的客户.csv"}
    assert files(client.get(PAGE, {"kind": "customers", "status": "failed"})) == set()
    today = timezone.localdate()
    assert len(files(client.get(PAGE, {"uploaded_from": today.isoformat()}))) == 2
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert files(client.get(PAGE, {"uploaded_to": yesterday})) == set()
    assert (
        files(client_as("sales2").get(PAGE, {"status": "failed"})) == set()
    )  # sales1's failed job stays theirs


def test_a_bad_filter_value_is_shown_and_an_unknown_parameter_named(client_as, jobs):
    response = client_as("sales1").get(PAGE, {"status": "exploded", "uploaded_from": "tomorrow"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请选择有效的值" in html and "请输入有效日期" in html  # the page speaks the person's language
    assert len(files(response)) == 2  # the list still shows, without the bad filters
    response = client_as("sales1").get(PAGE, {"stauts": "done"})
    assert response.status_code == 200 and 'data-testid="ignored-params"' in response.content.decode()
    assert "stauts" in response.content.decode()


def test_import_jobs_are_not_exported(client_as, jobs):
    url = reverse("lists:export", kwargs={"list_key": "import_jobs", "format": "csv"})
    assert client_as("sales1").get(url).status_code == 403
    assert client_as("admin").get(url).status_code == 403
    assert 'data-testid="export-csv"' not in client_as("sales1").get(PAGE).content.decode()


def test_anyone_signed_in_may_save_a_view_of_their_imports(client_as, jobs):
    from atrium.lists.models import SavedView

    response = client_as("sales1").post(
        reverse("lists:saved_view_save"),
        {"list_key": "import_jobs", "name": "失败的", "query": "status=failed"},
    )
    assert response.status_code == 302
    assert SavedView.objects.get(list_key="import_jobs").query == "status=failed"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_reads_in_a_bounded_number_of_queries(client_as, personas, django_assert_max_num_queries):
    for n in range(5):
        job(personas.sales1, f"第{n}批.csv")
    client = client_as("sales1")
    client.get(PAGE)
    with django_assert_max_num_queries(12) as few:
        assert client.get(PAGE).status_code == 200
    for n in range(5, 40):
        job(personas.sales1, f"第{n}批.csv", kind="leads")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(PAGE).context["screen"].rows) == 40
