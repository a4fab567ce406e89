"""Event contracts: what each service emits (names and payloads). Webhooks and automation will rely on these;
a change here is a change of the public contract."""

from __future__ import annotations

import datetime

from django.utils import timezone

from atrium.core.events import recorded_events
from atrium.core.models import OperationLog, OutboxMessage
from atrium.customers.models import Customer
from atrium.customers.services import (
    contact_create,
    contact_delete,
    contact_update,
    customer_claim,
    customer_create,
    customer_delete,
    customer_release,
    customer_update,
    customers_merge,
    customers_transfer,
    followup_create,
    followups_send_daily_reminders,
    followups_send_due_reminders,
    lead_convert,
    lead_create,
    lead_update,
    pool_return_stale,
    pool_settings_update,
)


def test_customer_services_emit_their_events(personas):
    admin, sales1, sales2 = personas.admin, personas.sales1, personas.sales2
    with recorded_events() as events:
        customer = customer_create(actor=sales1, data={"name": "华府装饰"})
        customer_update(actor=sales1, customer=customer, data={"level": "A"}, version=1)
        customers_transfer(actor=admin, ids=[customer.pk], to_user=sales2)
        customer_release(actor=sales2, customer=customer)
        customer_claim(actor=sales1, customer=customer)
        other = customer_create(actor=sales1, data={"name": "华府装饰二"})
        customers_merge(actor=admin, keep=customer, merge=other)
        customer_delete(actor=admin, customer=customer)
    assert events == [
        ("customer.created", {"customer_id": customer.pk, "actor_id": sales1.pk}),
        ("customer.updated", {"customer_id": customer.pk, "actor_id": sales1.pk, "changed": ["level"]}),
        (
            "customer.transferred",
            {"customer_ids": [customer.pk], "actor_id": admin.pk, "to_user_id": sales2.pk},
        ),
        (
            "customer.released",
            {
                "customer_ids": [customer.pk],
                "previous_owner_ids": [sales2.pk],
                "actor_id": sales2.pk,
                "return_after_days": None,
            },
        ),
        ("customer.claimed", {"customer_ids": [customer.pk], "actor_id": sales1.pk}),
        ("customer.created", {"customer_id": other.pk, "actor_id": sales1.pk}),
        ("customer.merged", {"customer_id": customer.pk, "merged_id": other.pk, "actor_id": admin.pk}),
        ("customer.deleted", {"customer_id": customer.pk, "actor_id": admin.pk, "name": "华府装饰"}),
    ]
    # Durable: the transfer and the release notices wait in the outbox (delivered after commit).
    assert set(OutboxMessage.objects.values_list("event", flat=True)) == {
        "customer.transferred",
        "customer.released",
    }


def test_pool_actions_are_logged_with_their_own_verbs(personas):
    customer = customer_create(actor=personas.admin, data={"name": "公海客户", "owner": None})
    customer_claim(actor=personas.sales1, customer=customer)
    customer_release(actor=personas.sales1, customer=customer)
    customer_claim(actor=personas.sales1, customer=customer)
    customers_transfer(actor=personas.admin, ids=[customer.pk], to_user=personas.sales2)
    verbs = list(
        OperationLog.objects.filter(kind="customer", object_id=str(customer.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert verbs == ["create", "claim", "release", "claim", "transfer"]
    claim = OperationLog.objects.filter(action="claim").first()
    assert claim is not None and claim.get_action_display() == "领取"


def test_the_nightly_return_is_done_by_a_named_system_process(personas):
    pool_settings_update(actor=personas.admin, claim_limit=500, return_after_days=30, version=1)
    customer = customer_create(actor=personas.sales1, data={"name": "久未跟进"})
    Customer.objects.filter(pk=customer.pk).update(owned_since=timezone.now() - datetime.timedelta(days=40))
    with recorded_events() as events:
        assert pool_return_stale() == 1
    assert events == [
        (
            "customer.released",
            {
                "customer_ids": [customer.pk],
                "previous_owner_ids": [personas.sales1.pk],
                "actor_id": None,
                "return_after_days": 30,
            },
        )
    ]
    row = OperationLog.objects.get(kind="customer", action="release")
    assert row.actor is None and row.actor_name == "系统 · 公海自动回收"


def test_contact_lead_and_followup_services_emit_their_events(personas):
    sales1 = personas.sales1
    customer = customer_create(actor=sales1, data={"name": "某公司"})
    now = timezone.now()
    with recorded_events() as events:
        contact = contact_create(actor=sales1, data={"customer": customer.pk, "name": "王先生"})
        contact_update(actor=sales1, contact=contact, data={"title": "经理"}, version=1)
        contact_delete(actor=sales1, contact=contact)
        lead = lead_create(actor=sales1, data={"name": "钱女士", "phone": "13800000001"})
        lead_update(actor=sales1, lead=lead, data={"notes": "要报价"}, version=1)
        followup = followup_create(
            actor=sales1,
            data={
                "lead": lead.pk,
                "content": "电话",
                "happened_at": now - datetime.timedelta(hours=1),
                "next_at": now,
            },
        )
        new_customer, new_contact = lead_convert(actor=sales1, lead=lead)
        followups_send_due_reminders(now=now + datetime.timedelta(minutes=1))
    me = {"actor_id": sales1.pk}
    assert events == [
        ("contact.created", {"contact_id": contact.pk, **me}),
        ("contact.updated", {"contact_id": contact.pk, **me, "changed": ["title"]}),
        ("contact.deleted", {"contact_id": contact.pk, **me, "name": "王先生"}),
        ("lead.created", {"lead_id": lead.pk, **me}),
        ("lead.updated", {"lead_id": lead.pk, **me, "changed": ["notes"]}),
        ("followup.created", {"followup_id": followup.pk, **me}),
        ("customer.created", {"customer_id": new_customer.pk, **me}),
        ("contact.created", {"contact_id": new_contact.pk, **me}),
        (
            "lead.converted",
            {
                "lead_id": lead.pk,
                **me,
                "customer_id": new_customer.pk,
                "contact_id": new_contact.pk,
                "customer_created": True,
            },
        ),
        ("followup.reminder_due", {"followup_id": followup.pk, "recipient_id": sales1.pk}),
    ]


def test_the_daily_reminder_emits_one_event_per_person_with_something_due(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "今日客户"})
    now = timezone.localtime().replace(hour=23, minute=0)
    Customer.objects.filter(pk=customer.pk).update(next_followup_at=now - datetime.timedelta(hours=1))
    lead = lead_create(actor=personas.sales1, data={"name": "今日线索", "phone": "13800000002"})
    type(lead).objects.filter(pk=lead.pk).update(next_followup_at=now)
    with recorded_events() as events:
        assert followups_send_daily_reminders(now=now) == 1
    assert events == [
        (
            "followup.daily_due",
            {"recipient_id": personas.sales1.pk, "day": now.date().isoformat(), "customers": 1, "leads": 1},
        )
    ]
