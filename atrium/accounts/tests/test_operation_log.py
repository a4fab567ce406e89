"""The operation log page, exports and API: scope per persona, filters, pages, safe exports, append-only."""

from __future__ import annotations

import csv
import datetime
import io
from unittest import mock

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atrium.accounts.models import Role, RoleGrant
from atrium.core.audit import audit
from atrium.core.kinds import Scope
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db

PAGE = "/settings/operation-log/"
API = "/api/v1/operation-log"


@pytest.fixture
def rows(personas):
    """One recognisable row per person (summary "row of <name>")."""
    return {
        name: audit(
            actor=personas[name], action="update", kind="memo", object_id=100 + i, summary=f"row of {name}"
        )
        for i, name in enumerate(("admin", "manager", "sales1", "sales2", "pm"))
    }


def summaries(entries) -> set[str]:
    return {e["summary"] if isinstance(e, dict) else e.summary for e in entries if "row of" in str(e)}


def page_summaries(response) -> set[str]:
    return {
        s
        for s in ("admin", "manager", "sales1", "sales2", "pm")
        if f"row of {s}<" in response.content.decode()
    }


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    stamp, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    assert stamp[0].startswith("导出人：")  # who exported, when: above the header
    return rows


def grant_export(role_code: str, scope: Scope) -> None:
    RoleGrant.objects.update_or_create(
        role=Role.objects.get(code=role_code),
        kind="operation_log",
        action="export",
        defaults={"scope": scope},
    )


# --- page -----------------------------------------------------------------------------------------------------


def test_manager_sees_rows_of_their_department_tree_only(client_as, rows):
    response = client_as("manager").get(PAGE)
    assert response.status_code == 200
    assert page_summaries(response) == {"manager", "sales1", "sales2"}
    assert "操作日志" in response.content.decode()


def test_admin_sees_every_row(client_as, rows):
    assert page_summaries(client_as("admin").get(PAGE)) == {"admin", "manager", "sales1", "sales2", "pm"}


def test_own_scope_sees_only_own_rows(client_as, rows):
    assert page_summaries(client_as("pm").get(PAGE)) == {"pm"}


@pytest.mark.parametrize("who", ["sales1", "outsider", "client"])
def test_people_without_the_grant_get_403_on_page_export_and_api(client_as, api_as, rows, who):
    client = client_as(who)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "export.csv").status_code == 403
    assert client.get(PAGE + "export.xlsx").status_code == 403
    response = api_as(who).get(API)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_signed_out_visitor_is_sent_to_sign_in(client, rows):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_menu_entry_only_for_people_who_may_view(client_as, rows):
    assert 'data-nav="operation_log"' in client_as("admin").get("/me/").content.decode()
    assert 'data-nav="operation_log"' not in client_as("sales1").get("/me/").content.decode()


def test_page_shows_changes_as_old_to_new_and_labels_in_chinese(client_as, personas):
    audit(
        actor=personas.admin, action="update", kind="api_token", object_id=7, changes={"name": ["旧", "新"]}
    )
    html = client_as("admin").get(PAGE).content.decode()
    assert '<span class="muted">名称</span>：旧 → 新' in html
    assert '<span class="tag">修改</span>' in html and '<td data-column="kind">API 令牌</td>' in html


def test_page_in_english(client_as, personas):
    audit(actor=personas.admin, action="update", record=personas.sales1, changes={"phone": ["138", "139"]})
    html = client_as("admin").get(PAGE, headers={"accept-language": "en"}).content.decode()
    assert "Operation log" in html and '<span class="tag">Update</span>' in html and "操作日志" not in html


def test_filters_by_person_action_kind_and_record(client_as, personas, rows):
    client = client_as("admin")
    assert page_summaries(client.get(PAGE, {"person": personas.sales2.pk})) == {"sales2"}
    assert page_summaries(client.get(PAGE, {"record": "102"})) == {"sales1"}
    assert page_summaries(client.get(PAGE, {"kind": "memo", "action": "update"})) == set(rows)
    assert page_summaries(client.get(PAGE, {"action": "delete"})) == set()


def test_bad_filters_are_shown_beside_the_fields(client_as, rows):
    response = client_as("admin").get(PAGE, {"date_from": "2024-13-01", "action": "nonsense"})
    assert response.status_code == 400  # the list engine's page: shown with the messages, answered 400
    html = response.content.decode()
    assert "请输入有效日期" in html and "请从列表中选择操作类型" in html


def test_period_is_read_in_shanghai_time(client_as, personas):
    # 2024-05-01 17:30 UTC is 2024-05-02 01:30 in Asia/Shanghai
    moment = datetime.datetime(2024, 5, 1, 17, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        audit(actor=personas.admin, action="other", summary="row of admin")
    client = client_as("admin")
    assert page_summaries(client.get(PAGE, {"date_from": "2024-05-02", "date_to": "2024-05-02"})) == {"admin"}
    assert page_summaries(client.get(PAGE, {"date_to": "2024-05-01"})) == set()
    assert page_summaries(client.get(PAGE, {"date_from": "2024-05-03"})) == set()


def test_pages_follow_the_cursor_without_gaps_or_repeats(client_as, personas, django_assert_max_num_queries):
    made = [audit(actor=personas.sales1, action="other", summary=f"n{i}").pk for i in range(57)]
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        first = client.get(PAGE, {"person": personas.sales1.pk})
    ids = [r.record.pk for r in first.context["screen"].rows]
    assert len(ids) == 50
    cursor = first.context["screen"].page.next_cursor
    assert cursor and "下一页" in first.content.decode()
    second = client.get(PAGE, {"person": personas.sales1.pk, "cursor": cursor})
    more = [r.record.pk for r in second.context["screen"].rows]
    assert ids + more == sorted(made, reverse=True)
    assert second.context["screen"].page.next_cursor is None


def test_a_foreign_cursor_is_an_error_message_not_a_crash(client_as, rows):
    response = client_as("admin").get(PAGE, {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert "游标" in response.content.decode()


# --- exports --------------------------------------------------------------------------------------------------


def test_csv_export_is_utf8_with_bom_neutralises_formulas_and_is_logged(client_as, personas):
    audit(actor=personas.sales1, action="update", kind="memo", object_repr='=HYPERLINK("x")', summary="evil")
    response = client_as("admin").get(PAGE + "export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    table = read_csv(response)
    assert table[0][:4] == ["操作时间", "操作人", "IP 地址", "操作类型"]
    evil = next(row for row in table if row[-1] == "evil")
    assert evil[5].startswith("'=HYPERLINK")
    assert evil[3] == "修改"
    logged = OperationLog.objects.filter(action="export", kind="operation_log").latest("id")
    assert logged.actor == personas.admin
    assert logged.changes["format"] == "csv"
    assert logged.changes["count"] == len(table) - 1


def test_export_contains_only_rows_in_the_exporters_scope(client_as, personas, rows):
    grant_export("sales_manager", Scope.DEPARTMENT)
    table = read_csv(client_as("manager").get(PAGE + "export.csv"))
    people = {row[-1] for row in table[1:] if row[-1].startswith("row of")}
    assert people == {"row of manager", "row of sales1", "row of sales2"}


def test_export_needs_the_export_grant_even_with_view(client_as, rows):
    client = client_as("manager")
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE + "export.csv").status_code == 403
    assert 'data-testid="export-csv"' not in client.get(PAGE).content.decode()
    assert not OperationLog.objects.filter(action="export").exists()


def test_export_applies_the_filters_and_logs_them(client_as, personas, rows):
    table = read_csv(client_as("admin").get(PAGE + "export.csv", {"person": personas.pm.pk}))
    assert [row[-1] for row in table[1:]] == ["row of pm"]
    logged = OperationLog.objects.filter(action="export").latest("id")
    assert logged.changes["filters"]["person"] == str(personas.pm.pk)
    assert logged.changes["filters"]["list"] == "operation_log"
    assert logged.changes["count"] == 1


def test_export_with_bad_filters_is_refused(client_as, rows):
    assert client_as("admin").get(PAGE + "export.csv", {"date_to": "yesterday"}).status_code == 400
    assert not OperationLog.objects.filter(action="export").exists()


def test_xlsx_export(client_as, personas):
    audit(actor=personas.sales1, action="update", kind="memo", object_repr="+cmd|calc", summary="evil")
    response = client_as("admin").get(PAGE + "export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0].startswith("导出人：") and values[1][0] == "操作时间"
    evil = next(row for row in values if row[-1] == "evil")
    assert evil[5] == "'+cmd|calc"
    assert OperationLog.objects.filter(action="export").latest("id").changes["format"] == "xlsx"


# --- API ------------------------------------------------------------------------------------------------------


def test_api_lists_rows_in_scope_with_cursor(api_as, personas, rows):
    api = api_as("manager")
    body = api.get(API, {"limit": 2}).json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    seen, cursor = [], None
    while True:
        body = api.get(API, {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert summaries(seen) == {"row of manager", "row of sales1", "row of sales2"}
    assert [e["id"] for e in seen] == sorted((e["id"] for e in seen), reverse=True)


def test_api_admin_sees_all_and_filters(api_as, personas, rows):
    api = api_as("admin")
    assert summaries(api.get(API).json()["items"]) == {f"row of {n}" for n in rows}
    only_pm = api.get(API, {"person": personas.pm.pk, "kind": "memo"}).json()["items"]
    assert [e["summary"] for e in only_pm] == ["row of pm"]
    assert only_pm[0]["actor_name"] == "pm"


def test_api_bad_filters_and_cursor_are_client_errors(api_as, rows):
    api = api_as("admin")
    response = api.get(API, {"date_from": "soon"})
    assert response.status_code == 400
    assert "date_from" in response.json()["fields"]
    response = api.get(API, {"cursor": "garbage"})
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]
    assert api.get(API, {"limit": 1000}).status_code == 422


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_has_no_write_endpoints(api_as, rows, method):
    response = getattr(api_as("admin"), method)(API, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert OperationLog.objects.filter(summary__startswith="row of").count() == 5


def test_lists_never_count_the_table(api_as, client_as, rows):
    api = api_as("admin")
    with CaptureQueriesContext(connection) as queries:
        assert client_as("admin").get(PAGE).status_code == 200
    assert not [
        q for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "operationlog" in q["sql"]
    ]
    with CaptureQueriesContext(connection) as queries:
        assert api.get(API).status_code == 200
    assert not [
        q for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "operationlog" in q["sql"]
    ]


def test_time_is_stored_in_utc_and_shown_in_shanghai(client_as, personas):
    moment = datetime.datetime(2024, 5, 1, 17, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        audit(actor=personas.admin, action="other", summary="row of admin")
    assert "2024-05-02 01:30:00" in client_as("admin").get(PAGE).content.decode()
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_page_answers_url_name(client_as, rows):
    assert reverse("accounts:operation_log") == PAGE
    assert reverse("accounts:operation_log_export", args=["xlsx"]) == PAGE + "export.xlsx"
