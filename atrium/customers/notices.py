"""Notifications of customers, as subscribers of customer events (services emit; they never notify).

Kinds: follow-up reminders (each follow-up's, and the daily count of what is due), returns to the pool, transfers. The events are durable (``core.outbox``): each
notice is delivered by the worker once the change committed, and is not lost if the process dies between.
Titles are written in the recipient's language: the stored text is what their inbox and e-mail show.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from atrium.accounts.models import User
from atrium.core.events import subscribe
from atrium.customers import events  # noqa: F401  (declares the events subscribed to here)
from atrium.customers.models import Customer, FollowUp
from atrium.notifications.email_messages import recipient_language
from atrium.notifications.registry import register_notification_kind
from atrium.notifications.services import notify_in_language

FOLLOWUP_REMINDER = "customers.followup_reminder"
RETURNED_TO_POOL = "customers.returned_to_pool"
TRANSFERRED_TO_YOU = "customers.transferred_to_you"
DAILY_FOLLOWUPS = "customers.daily_followups"

register_notification_kind(FOLLOWUP_REMINDER, gettext_lazy("Follow-up reminders"), default_email=True)
register_notification_kind(RETURNED_TO_POOL, gettext_lazy("Customers returned to the pool"))
register_notification_kind(TRANSFERRED_TO_YOU, gettext_lazy("Customers transferred to you"))
register_notification_kind(DAILY_FOLLOWUPS, gettext_lazy("Daily follow-up reminder"))

NAMED_IN_TITLE = 3  # a transfer of a few customers names them; of more, the first ones and the count


def _link(name: str, pk: int | None, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def remind_of_followup(*, followup_id: int, recipient_id: int, **_delivery: Any) -> None:
    followup = FollowUp.objects.select_related("customer", "lead").filter(pk=followup_id).first()
    if followup is None:
        return
    subject = followup.customer or followup.lead

    def title() -> str:
        text = _("Follow up with %(name)s") % {"name": str(subject)}
        return f"{text}: {followup.next_action}" if followup.next_action else text

    if followup.customer_id:
        link = _link("customers:detail", followup.customer_id, f"/customers/{followup.customer_id}/")
    else:
        link = _link("customers:lead_detail", followup.lead_id or 0, f"/leads/{followup.lead_id}/")
    notify_in_language(recipient_id, FOLLOWUP_REMINDER, title, body=followup.content, link=link, actor=None)


def remind_of_the_day(*, recipient_id: int, day: str, customers: int, leads: int, **_delivery: Any) -> None:
    """The daily reminder: how many of the person's customers and leads are due today (the home page lists them)."""

    def title() -> str:
        return ngettext(
            "%(count)d follow-up due today", "%(count)d follow-ups due today", customers + leads
        ) % {"count": customers + leads}

    def body() -> str:
        return _("Customers: %(customers)d, leads: %(leads)d (overdue ones included).") % {
            "customers": customers,
            "leads": leads,
        }

    recipient = User.objects.filter(pk=recipient_id).first()
    if recipient is None:
        return
    with translation.override(recipient_language(recipient)):
        text = body()
    notify_in_language(recipient_id, DAILY_FOLLOWUPS, title, body=text, link=reverse("home"), actor=None)


def tell_of_transfer(
    *, customer_ids: list[int], actor_id: int | None, to_user_id: int, **_delivery: Any
) -> None:
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    names = list(Customer.objects.filter(pk__in=customer_ids).order_by("pk").values_list("name", flat=True))
    if not names:
        return
    by = str(actor) if actor else ""

    def title() -> str:
        if len(names) == 1:
            return _("%(actor)s transferred the customer %(name)s to you") % {"actor": by, "name": names[0]}
        shown = pgettext("list separator", ", ").join(names[:NAMED_IN_TITLE])
        return ngettext(
            "%(actor)s transferred %(count)d customer to you: %(names)s",
            "%(actor)s transferred %(count)d customers to you: %(names)s",
            len(names),
        ) % {
            "actor": by,
            "count": len(names),
            "names": shown if len(names) <= NAMED_IN_TITLE else shown + "…",
        }

    link = (
        _link("customers:detail", customer_ids[0], f"/customers/{customer_ids[0]}/")
        if len(names) == 1
        else ""
    )
    notify_in_language(to_user_id, TRANSFERRED_TO_YOU, title, link=link, actor=actor)


def tell_of_release(
    *,
    customer_ids: list[int],
    previous_owner_ids: list[int | None],
    actor_id: int | None,
    return_after_days: int | None,
    **_delivery: Any,
) -> None:
    """Each previous owner (other than who released them) learns how many of theirs went to the pool."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    counts: dict[int, int] = defaultdict(int)
    for owner_id in previous_owner_ids:
        if owner_id is not None:
            counts[owner_id] += 1
    for owner_id, count in counts.items():

        def title(count: int = count) -> str:
            if return_after_days is not None:
                return ngettext(
                    "%(count)d of your customers returned to the pool after %(days)d days without follow-up",
                    "%(count)d of your customers returned to the pool after %(days)d days without follow-up",
                    count,
                ) % {"count": count, "days": return_after_days}
            return ngettext(
                "%(count)d of your customers was released to the pool by %(actor)s",
                "%(count)d of your customers were released to the pool by %(actor)s",
                count,
            ) % {"count": count, "actor": str(actor or "")}

        notify_in_language(owner_id, RETURNED_TO_POOL, title, actor=actor)


subscribe("followup.reminder_due", remind_of_followup)
subscribe("followup.daily_due", remind_of_the_day)
subscribe("customer.transferred", tell_of_transfer)
subscribe("customer.released", tell_of_release)
