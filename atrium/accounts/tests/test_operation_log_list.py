"""The operation log on the list engine: its filters (bad values and unknown parameters on the page, the API
and the export), who sees which rows, how the record column and notification preferences read, and the
number of queries of its page."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from atrium.core.audit import audit
from atrium.core.models import OperationLog
from atrium.customers.notices import FOLLOWUP_REMINDER
from atrium.customers.services import customer_create, customer_delete
from atrium.notifications.services import preferences_set

pytestmark = pytest.mark.django_db

PAGE = "/settings/operation-log/"
EXPORT = PAGE + "export.csv"
API = "/api/v1/operation-log"
PEOPLE = ("admin", "manager", "sales1", "sales2", "pm")


@pytest.fixture
def rows(personas):
    return {
        name: audit(
            actor=personas[name], action="update", kind="memo", object_id=200 + i, summary=f"row of {name}"
        )
        for i, name in enumerate(PEOPLE)
    }


def shown(response) -> set[str]:
    html = response.content.decode()
    return {name for name in PEOPLE if f">row of {name}<" in html}


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    stamp, *rows = csv.reader(io.StringIO(text))
    assert stamp[0].startswith("导出人：")  # who exported, when: above the header
    return rows


# Who sees which rows -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", set(PEOPLE)),
        ("manager", {"manager", "sales1", "sales2"}),  # 销售部 and the teams below it
        ("pm", {"pm"}),  # own rows only
    ],
)
def test_each_persona_sees_only_the_rows_in_scope_on_page_and_api(client_as, api_as, rows, who, expected):
    assert shown(client_as(who).get(PAGE)) == expected
    items = api_as(who).get(API, {"limit": 200}).json()["items"]
    assert {
        item["summary"].removeprefix("row of ") for item in items if "row of" in item["summary"]
    } == expected


@pytest.mark.parametrize("who", ["sales1", "sales2"])
def test_sales_reps_have_no_log(client_as, api_as, rows, who):
    assert client_as(who).get(PAGE).status_code == 403
    assert api_as(who).get(API).status_code == 403


def test_filtering_on_someone_out_of_scope_shows_nothing_of_theirs(client_as, personas, rows):
    manager = client_as("manager")
    assert shown(manager.get(PAGE, {"person": personas.admin.pk})) == set()
    assert shown(manager.get(PAGE, {"person": personas.sales2.pk})) == {"sales2"}


def test_the_person_filter_offers_the_people_in_scope_including_those_who_left(client_as, personas, rows):
    personas.sales2.is_active = False
    personas.sales2.save(update_fields=["is_active"])
    html = client_as("manager").get(PAGE).content.decode()
    assert f'<option value="{personas.sales2.pk}">张华 (sales2)</option>' in html
    assert f'<option value="{personas.pm.pk}">' not in html  # 工程部 is not the manager's
    own = client_as("pm").get(PAGE).content.decode()
    assert 'name="person"' not in own  # an own scope has nobody else to choose


# Filters -----------------------------------------------------------------------------------------------------


def test_text_kind_action_and_period_filters(client_as, personas, rows):
    audit(actor=personas.admin, action="delete", kind="api_token", object_repr="报表同步", summary="令牌撤销")
    client = client_as("admin")
    assert shown(client.get(PAGE, {"q": "row of sales"})) == {"sales1", "sales2"}
    html = client.get(PAGE, {"q": "报表"}).content.decode()
    assert "令牌撤销" in html and "row of" not in html
    assert shown(client.get(PAGE, {"kind": "api_token"})) == set()
    assert shown(client.get(PAGE, {"kind": "memo", "action": "update"})) == set(PEOPLE)
    today = timezone.localdate().isoformat()
    assert shown(client.get(PAGE, {"date_from": today, "date_to": today})) == set(PEOPLE)
    assert shown(client.get(PAGE, {"date_to": "2000-01-01"})) == set()


def test_a_bad_filter_value_reads_clearly_on_the_page_and_is_refused_by_api_and_export(
    client_as, api_as, rows
):
    page = client_as("admin").get(PAGE, {"action": "nonsense", "date_to": "yesterday"})
    html = page.content.decode()
    assert page.status_code == 400 and "请从列表中选择操作类型" in html and "请输入有效日期" in html
    assert shown(page) == set(PEOPLE)  # the list still shows, without the bad filters
    api = api_as("admin").get(API, {"action": "nonsense"})
    assert api.status_code == 400 and set(api.json()["fields"]) == {"action"}
    export = client_as("admin").get(EXPORT, {"person": "someone"})
    assert export.status_code == 400 and "person" in export.content.decode()
    assert not OperationLog.objects.filter(action="export").exists()


def test_an_unknown_parameter_is_named_ignored_on_the_page_and_refused_by_api_and_export(
    client_as, api_as, rows
):
    page = client_as("admin").get(PAGE, {"persn": "3"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="ignored-params"' in html and "persn" in html
    api = api_as("admin").get(API, {"persn": "3"})
    assert api.status_code == 400 and set(api.json()["fields"]) == {"persn"}
    export = client_as("admin").get(EXPORT, {"persn": "3"})
    assert export.status_code == 400 and "persn" in export.content.decode()
    assert not OperationLog.objects.filter(action="export").exists()


def test_the_export_keeps_the_filters_and_the_scope(client_as, personas, rows):
    from atrium.accounts.tests.test_operation_log import grant_export
    from atrium.core.kinds import Scope

    grant_export("sales_manager", Scope.DEPARTMENT)
    table = read_csv(client_as("manager").get(EXPORT, {"q": "row of"}))
    assert {row[-1] for row in table[1:]} == {"row of manager", "row of sales1", "row of sales2"}
    assert OperationLog.objects.filter(action="export").latest("id").changes["count"] == 3


# The two defects ---------------------------------------------------------------------------------------------


def test_the_record_reads_by_its_name_never_its_id_and_a_deleted_one_by_its_last_name(client_as, personas):
    customer = customer_create(actor=personas.sales1, data={"name": "华景家园", "phone": "13912345678"})
    customer_delete(actor=personas.sales1, customer=customer.pk)
    response = client_as("admin").get(PAGE, {"kind": "customer"})
    html = response.content.decode()
    records = [row.cells for row in response.context["screen"].rows]
    texts = {cell.text for cells in records for cell in cells if cell.key == "record"}
    assert texts == {"华景家园"}
    assert html.count('<td data-column="record">华景家园</td>') == 2  # created, then deleted
    assert f"(#{customer.pk})" not in html
    table = read_csv(client_as("admin").get(EXPORT, {"kind": "customer"}))
    assert {row[5] for row in table[1:]} == {"华景家园"}


def test_notification_preferences_read_by_the_kinds_chinese_labels(client_as, personas):
    preferences_set(
        actor=personas.admin, prefs={FOLLOWUP_REMINDER: {"email": False}, "account": {"in_app": False}}
    )
    html = client_as("admin").get(PAGE, {"kind": "notification_preference"}).content.decode()
    assert '<span class="muted">跟进提醒</span>：站内、邮件 → 站内' in html
    assert '<span class="muted">账号与安全</span>：站内、邮件 → 邮件' in html
    assert '<td data-column="kind">通知设置</td>' in html
    assert FOLLOWUP_REMINDER not in html and "notification_preference<" not in html
    table = read_csv(client_as("admin").get(EXPORT, {"kind": "notification_preference"}))
    assert "跟进提醒：站内、邮件 → 站内" in table[1][6] and table[1][4] == "通知设置"


# Queries -----------------------------------------------------------------------------------------------------


def test_the_page_reads_in_a_bounded_number_of_queries(client_as, personas, django_assert_max_num_queries):
    def make(start: int) -> None:
        for n in range(start, start + 20):
            audit(
                actor=personas.sales1,
                action="update",
                record=personas.sales2,
                changes={"phone": [str(n), "1"]},
            )
            audit(
                actor=personas.manager,
                action="create",
                kind="memo",
                object_repr=f"备忘 {n}",
                changes={"owner": n},
            )

    make(0)
    client = client_as("admin")
    client.get(PAGE)
    with django_assert_max_num_queries(14) as few:
        assert client.get(PAGE).status_code == 200
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(PAGE).context["screen"].rows) == 50
