"""The home page's "follow-ups due today": the person's own customers and open leads due by the end of today,
overdue first; nobody else's, nothing later, nothing for people without the right; constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.customers.models import Customer, Lead
from atrium.customers.selectors.agenda import end_of_today, followups_due
from atrium.customers.services import customer_create, lead_create

pytestmark = pytest.mark.django_db


def due(record, at: datetime.datetime):
    type(record).objects.filter(pk=record.pk).update(next_followup_at=at)


@pytest.fixture
def agenda(personas):
    now = timezone.now()
    records = {
        "late": customer_create(actor=personas.sales1, data={"name": "逾期的客户"}, force=True),
        "tonight": customer_create(actor=personas.sales1, data={"name": "今晚的客户"}, force=True),
        "tomorrow": customer_create(actor=personas.sales1, data={"name": "明天的客户"}, force=True),
        "theirs": customer_create(actor=personas.sales2, data={"name": "张华的客户"}, force=True),
        "lead": lead_create(actor=personas.sales1, data={"name": "上午的线索"}),
        "converted": lead_create(actor=personas.sales1, data={"name": "已转化的线索"}),
    }
    due(records["late"], now - datetime.timedelta(days=2))
    due(records["tonight"], end_of_today(now) - datetime.timedelta(minutes=1))
    due(records["tomorrow"], end_of_today(now) + datetime.timedelta(minutes=1))
    due(records["theirs"], now - datetime.timedelta(hours=1))
    due(records["lead"], now - datetime.timedelta(hours=1))
    due(records["converted"], now - datetime.timedelta(hours=1))
    Lead.objects.filter(pk=records["converted"].pk).update(status="converted")
    return records


def test_a_rep_sees_their_own_due_records_overdue_first(personas, agenda):
    items = followups_due(personas.sales1)
    assert [(i.kind, i.name, i.overdue) for i in items] == [
        ("customer", "逾期的客户", True),
        ("lead", "上午的线索", True),
        ("customer", "今晚的客户", False),
    ]


def test_nobody_else_sees_them_and_archived_or_out_of_scope_ones_drop_out(personas, agenda):
    assert [i.name for i in followups_due(personas.sales2)] == ["张华的客户"]
    assert followups_due(personas.manager) == []  # the manager's own agenda, not the team's
    assert followups_due(personas.outsider) == []
    Customer.objects.filter(pk=agenda["late"].pk).update(is_archived=True)
    assert "逾期的客户" not in [i.name for i in followups_due(personas.sales1)]


def test_the_home_page_shows_the_panel_to_those_who_may_see_customers(client_as, personas, agenda):
    page = client_as("sales1").get("/").content.decode()
    assert 'data-testid="followups-due"' in page and "今日待跟进" in page
    assert "逾期的客户" in page and "已逾期" in page and "明天的客户" not in page and "张华的客户" not in page
    assert f'href="/customers/{agenda["late"].pk}/"' in page and f'href="/leads/{agenda["lead"].pk}/"' in page
    outsider = client_as("outsider").get("/").content.decode()
    assert 'data-testid="followups-due"' not in outsider
    project_manager = client_as("pm").get("/")  # no right on customers or leads: no panel, and no error
    assert project_manager.status_code == 200
    assert 'data-testid="followups-due"' not in project_manager.content.decode()


def test_the_panel_costs_the_same_queries_however_many_are_due(
    client_as, personas, django_assert_max_num_queries
):
    client = client_as("sales1")
    client.get("/")
    for n in range(15):
        record = customer_create(actor=personas.sales1, data={"name": f"到期客户{n}"}, force=True)
        due(record, timezone.now() - datetime.timedelta(hours=n + 1))
    with django_assert_max_num_queries(12):
        page = client.get("/").content.decode()
    assert page.count('class="due-item') == 10
