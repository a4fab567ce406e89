"""Services of contacts, leads and follow-ups: convert once, follow-up times, reminders sent once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.core.errors import Conflict, ServiceError, ValidationFailed
from atrium.core.models import OperationLog
from atrium.customers.models import Contact, Customer, FollowUp, Lead
from atrium.customers.services import (
    contact_create,
    customer_create,
    followup_create,
    followup_update,
    followups_send_due_reminders,
    lead_convert,
    lead_create,
)
from atrium.fields.choice_services import choice_option_add, choice_option_update
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_lead_converts_once_into_customer_and_primary_contact(personas):
    lead = lead_create(
        actor=personas.sales1, data={"name": "周先生", "phone": "13700137000", "source": "展会"}
    )
    followup_create(actor=personas.sales1, data={"lead": lead.pk, "content": "初次电话"})
    customer, contact = lead_convert(actor=personas.sales1, lead=lead.pk)
    lead.refresh_from_db()
    assert (lead.status, lead.converted_customer, lead.converted_contact) == ("converted", customer, contact)
    assert customer.name == "周先生" and customer.type == "person" and customer.source == "展会"
    assert contact.is_primary and contact.mobile == "13700137000"
    assert customer.followups.count() == 1
    lead.refresh_from_db()
    assert customer.last_followup_at == lead.last_followup_at is not None  # its follow-up's time came along
    assert OperationLog.objects.filter(kind="customer", object_id=str(customer.pk), action="create").exists()
    with pytest.raises(ServiceError) as caught:
        lead_convert(actor=personas.sales1, lead=lead.pk)
    assert caught.value.code == "already_converted"
    assert Customer.objects.count() == 1 and Contact.objects.count() == 1


def test_unknown_industry_and_bad_contact_fields_are_refused(personas):
    with pytest.raises(ValidationFailed) as caught:
        customer_create(actor=personas.sales1, data={"name": "某公司", "industry": "未知行业"})
    assert "industry" in caught.value.fields
    customer = customer_create(actor=personas.sales1, data={"name": "某公司"})
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    with pytest.raises(ValidationFailed) as bad:
        contact_create(actor=personas.sales1, data={"customer": customer.pk, "name": "", "birthday": future})
    assert set(bad.value.fields) == {"name", "birthday"}


def test_followup_times_are_checked_and_update_the_subject(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "华府"})
    contact = contact_create(actor=personas.sales1, data={"customer": customer.pk, "name": "李先生"})
    now = timezone.now()
    with pytest.raises(ValidationFailed) as far:
        followup_create(
            actor=personas.sales1,
            data={"customer": customer.pk, "content": "x", "happened_at": now + datetime.timedelta(days=400)},
        )
    assert "happened_at" in far.value.fields
    with pytest.raises(ValidationFailed) as before:
        followup_create(
            actor=personas.sales1,
            data={
                "customer": customer.pk,
                "content": "x",
                "happened_at": now,
                "next_at": now - datetime.timedelta(hours=1),
            },
        )
    assert "next_at" in before.value.fields
    next_at = now + datetime.timedelta(days=3)
    followup = followup_create(
        actor=personas.sales1,
        data={
            "contact": contact.pk,
            "content": "现场勘测",
            "type": "site_survey",
            "happened_at": now,
            "next_at": next_at,
        },
    )
    assert followup.customer == customer
    customer.refresh_from_db()
    contact.refresh_from_db()
    assert customer.last_followup_at == now and customer.next_followup_at == next_at
    assert contact.last_followup_at == now
    with pytest.raises(Conflict):
        followup_update(actor=personas.sales1, followup=followup.pk, data={"content": "y"}, version=5)
    assert FollowUp.objects.count() == 1


def test_reminders_are_sent_once_to_the_owner(personas, django_capture_on_commit_callbacks):
    customer = customer_create(actor=personas.sales1, data={"name": "华府"})
    now = timezone.now()
    followup = followup_create(
        actor=personas.manager,
        data={
            "customer": customer.pk,
            "content": "量房",
            "happened_at": now,
            "next_at": now + datetime.timedelta(hours=1),
            "next_action": "出方案",
        },
    )
    assert followups_send_due_reminders(now=now) == 0
    later = now + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_send_due_reminders(now=later) == 1
    assert followups_send_due_reminders(now=later) == 0
    (notice,) = Notification.objects.filter(kind="customers.followup_reminder")
    assert notice.recipient == personas.sales1 and "出方案" in notice.title
    followup.refresh_from_db()
    assert followup.reminder_sent_at == later


def test_reminder_of_a_lead_without_owner_goes_to_the_author(personas, django_capture_on_commit_callbacks):
    lead = lead_create(actor=personas.admin, data={"name": "无主线索", "owner": None})
    now = timezone.now()
    followup_create(
        actor=personas.admin,
        data={
            "lead": lead.pk,
            "content": "电话",
            "happened_at": now,
            "next_at": now + datetime.timedelta(minutes=5),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):  # the reminder is delivered from the outbox
        assert followups_send_due_reminders(now=now + datetime.timedelta(minutes=6)) == 1
    assert Notification.objects.get(kind="customers.followup_reminder").recipient == personas.admin
    assert Lead.objects.get(pk=lead.pk).status == "following"


def test_renaming_an_option_updates_records(personas):
    option = choice_option_add(actor=personas.admin, list_key="industry", label="精装房")
    customer = customer_create(actor=personas.sales1, data={"name": "某", "industry": "精装房"})
    choice_option_update(actor=personas.admin, option=option, data={"label": "精装修"})
    customer.refresh_from_db()
    assert customer.industry == "精装修"
    with pytest.raises(ValidationFailed):
        choice_option_add(actor=personas.admin, list_key="industry", label="精装修")


def test_reminders_and_transfers_are_written_in_the_recipients_language(
    personas, django_capture_on_commit_callbacks
):
    from atrium.customers.services import customers_transfer

    personas.sales1.language = "en"
    personas.sales1.save(update_fields=["language"])
    customer = customer_create(actor=personas.sales2, data={"name": "华府"})
    now = timezone.now()
    followup_create(
        actor=personas.sales2,
        data={
            "customer": customer.pk,
            "content": "量房",
            "happened_at": now,
            "next_at": now + datetime.timedelta(minutes=1),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        customers_transfer(actor=personas.manager, ids=[customer.pk], to_user=personas.sales1)
    with django_capture_on_commit_callbacks(execute=True):
        followups_send_due_reminders(now=now + datetime.timedelta(minutes=2))
    titles = set(Notification.objects.filter(recipient=personas.sales1).values_list("title", flat=True))
    # The transfer notice names the customer (it once said only "1 customer").
    assert titles == {"Follow up with 华府", "王经理 transferred the customer 华府 to you"}


def test_every_kind_stands_on_the_shared_record_bases(personas):
    """Customers, contacts, leads and follow-ups keep custom-field values, a version, created/updated times and
    (owned kinds) who created them, declared once in core.record_models; the write path fills in the creator."""
    from atrium.core.record_models import OwnedRecord, VersionedRecord

    assert all(issubclass(model, OwnedRecord) for model in (Customer, Lead, FollowUp))
    assert issubclass(Contact, VersionedRecord) and not issubclass(Contact, OwnedRecord)
    customer = customer_create(actor=personas.sales1, data={"name": "基类测试客户", "phone": "13900001111"})
    followup = followup_create(actor=personas.sales1, data={"customer": customer.pk, "content": "量房"})
    followup.refresh_from_db()
    assert (followup.created_by, followup.owner, followup.custom, followup.version) == (
        personas.sales1,
        personas.sales1,
        {},
        1,
    )
    assert customer.created_by == personas.sales1
    created = followup.updated_at
    followup_update(actor=personas.sales1, followup=followup.pk, data={"content": "量房后报价"}, version=1)
    followup.refresh_from_db()
    assert followup.version == 2 and followup.updated_at > created
    assert personas.sales1.customers.filter(pk=customer.pk).exists()  # the reverse name each kind had
