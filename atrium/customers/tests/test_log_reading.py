"""The operation log reads in Chinese: labels, choice labels, names, local times, yes/no, tags, grants."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrium.accounts.models import Role
from atrium.accounts.services import role_set_grants
from atrium.core.audit import audit
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog
from atrium.customers.models import Customer
from atrium.customers.services import contact_create, customer_create, customer_update, followup_create

pytestmark = pytest.mark.django_db

PAGE = "/settings/operation-log/"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def lines_of(row: OperationLog, viewer) -> list[str]:
    return [str(line) for line in change_lines_of([row], viewer)[row.pk]]


def last_row(kind: str, action: str) -> OperationLog:
    return OperationLog.objects.filter(kind=kind, action=action).latest("id")


def new_customer(actor, **data) -> Customer:
    fields = {"name": "锦绣花园王女士", "type": "person", "status": "potential", **data}
    return customer_create(actor=actor, data=fields, force=True)


def test_a_created_customer_with_two_tags_lists_both_tags_not_a_replacement(personas):
    new_customer(personas.sales1, tags=["全包", "二手房翻新"])
    lines = lines_of(last_row("customer", "create"), personas.admin)
    assert "标签：全包、二手房翻新" in lines
    assert not any("→" in line for line in lines)
    assert "负责人：李明" in lines and "类型：个人" in lines


def test_an_edit_reads_in_labels_choice_labels_and_names(personas):
    customer = new_customer(personas.sales1)
    customer_update(
        actor=personas.admin,
        customer=customer,
        data={"status": "interested"},
        version=customer.version,
    )
    lines = lines_of(last_row("customer", "update"), personas.admin)
    assert lines == ["状态：潜在客户 → 有意向"]


def test_a_follow_up_reads_its_local_time_and_type(personas):
    customer = new_customer(personas.sales1)
    at = datetime.datetime(2026, 12, 2, 5, 46, tzinfo=SHANGHAI)  # 2026-12-01 21:46 UTC
    followup_create(
        actor=personas.sales1,
        data={"customer": customer.pk, "type": "wechat", "happened_at": at, "content": "发了报价"},
    )
    row = last_row("followup", "create")
    assert row.object_repr == "微信 2026-12-02"  # named by the local day, not the UTC one
    lines = lines_of(row, personas.admin)
    assert "时间：2026-12-02 05:46" in lines
    assert "类型：微信" in lines and "客户：锦绣花园王女士" in lines
    assert not any(line.startswith("联系人") for line in lines)  # empty fields of a new record are left out
    assert not any("T21:46" in line or "wechat" in line for line in lines)


def test_a_contact_reads_yes_no_and_its_job_title(personas):
    customer = new_customer(personas.sales1)
    contact_create(
        actor=personas.sales1,
        data={"customer": customer.pk, "name": "王工", "title": "项目经理", "is_primary": True},
    )
    lines = lines_of(last_row("contact", "create"), personas.admin)
    assert "职务：项目经理" in lines and "主要联系人：是" in lines
    assert "客户：锦绣花园王女士" in lines


def test_a_linked_record_the_viewer_may_not_see_is_not_named(personas):
    theirs = new_customer(personas.sales2, name="张华的客户")
    row = audit(actor=personas.sales2, action="update", kind="customer", changes={"merged": [theirs.pk, 1]})
    assert lines_of(row, personas.sales1) == ["合并的客户：无权查看的记录 → 无权查看的记录"]
    assert lines_of(row, personas.admin)[0].startswith("合并的客户：张华的客户 → ")


def test_grants_read_as_kind_action_and_scope(personas):
    role = Role.objects.get(code="sales_rep")
    grants = [
        (g.kind, g.action, g.scope) for g in role.grants.all() if (g.kind, g.action) != ("customer", "view")
    ]
    role_set_grants(actor=personas.admin, role_id=role.pk, version=role.version, grants=grants)
    role.refresh_from_db()
    role_set_grants(
        actor=personas.admin,
        role_id=role.pk,
        version=role.version,
        grants=[*grants, ("customer", "view", 3)],
    )
    assert lines_of(last_row("role", "permission"), personas.admin) == ["客户 · 查看：无 → 全部"]


def test_the_page_shows_labels_and_names_in_one_query_per_kind(client_as, personas):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_as("admin").get(PAGE).status_code == 200
        return len(queries)

    new_customer(personas.sales1, name="甲")
    page_queries()  # the first page read fills what the layout caches (the company profile)
    few = page_queries()
    for name, owner in (("乙", personas.sales2), ("丙", personas.manager), ("丁", personas.sales1)):
        new_customer(owner, name=name)
    assert page_queries() == few
    html = client_as("admin").get(PAGE).content.decode()
    assert '<span class="muted">负责人</span>：张华' in html
    assert "owner" not in html and "potential" not in html
