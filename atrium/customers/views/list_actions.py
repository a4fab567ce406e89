"""The bulk actions of the customers list and the pool: each calls one service and answers the message to
show. The list engine (``atrium.lists.views.bulk``) picks the action, the ticked rows and the confirmation;
the services decide who may do what (403 / 404, nothing changed)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from atrium.core.access import can, people_reached, scope_of
from atrium.core.errors import ValidationFailed
from atrium.customers import services
from atrium.lists.specs import BulkAction, BulkInput


def _number(done: Any) -> int:
    """What a bulk service answered (a number, or the records it changed) as a number."""
    return done if isinstance(done, int) else len(done)


def _transfer(actor: Any, ids: list[int], data: QueryDict) -> str:
    to_user = data.get("to_user", "")
    if not to_user.isdigit():
        raise ValidationFailed({"to_user": [_("Choose the person to transfer to.")]})
    count = _number(services.customers_transfer(actor=actor, ids=ids, to_user=int(to_user)))
    return ngettext("%(count)d customer was transferred.", "%(count)d customers were transferred.", count) % {
        "count": count
    }


def split_tags(text: str) -> list[str]:
    for separator in "，;；、":
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _tag(actor: Any, ids: list[int], data: QueryDict) -> str:
    tags = split_tags(data.get("add_tag", ""))
    if not tags:
        raise ValidationFailed({"add_tag": [_("Enter the tag to add.")]})
    count = _number(services.customers_add_tags(actor=actor, ids=ids, tags=tags))
    return ngettext(
        "The tag was added to %(count)d customer.", "The tag was added to %(count)d customers.", count
    ) % {"count": count}


def _release(actor: Any, ids: list[int], data: QueryDict) -> str:
    count = _number(services.customers_release(actor=actor, ids=ids))
    return ngettext(
        "%(count)d customer was released to the pool.",
        "%(count)d customers were released to the pool.",
        count,
    ) % {"count": count}


def _delete(actor: Any, ids: list[int], data: QueryDict) -> str:
    count = _number(services.customers_bulk_delete(actor=actor, ids=ids))
    return ngettext("%(count)d customer was deleted.", "%(count)d customers were deleted.", count) % {
        "count": count
    }


def _claim(actor: Any, ids: list[int], data: QueryDict) -> str:
    count = len(services.customers_claim(actor=actor, ids=ids))
    return ngettext(
        "You claimed %(count)d customer from the pool.",
        "You claimed %(count)d customers from the pool.",
        count,
    ) % {"count": count}


def _delete_question(count: int) -> str:
    return ngettext(
        "Delete the selected customer? This cannot be undone.",
        "Delete the %(counter)s selected customers? This cannot be undone.",
        count,
    ) % {"counter": count}


def transfer_choices(user: Any) -> list[tuple[str, str]]:
    """Whom this person may hand customers to (the rule the transfer service checks)."""
    return [(str(p.pk), p.name) for p in people_reached(user, scope_of(user, "customer", "assign"))]


def _may(kind: str, action: str):
    return lambda user: can(user, kind, action)


CUSTOMER_ACTIONS = [
    BulkAction(
        key="transfer",
        label=gettext_lazy("Transfer"),
        run=_transfer,
        allowed=_may("customer", "assign"),
        input=BulkInput("to_user", gettext_lazy("Transfer to"), kind="select", choices=transfer_choices),
    ),
    BulkAction(
        key="tag",
        label=gettext_lazy("Add tag"),
        run=_tag,
        allowed=_may("customer", "edit"),
        input=BulkInput("add_tag", gettext_lazy("Tag")),
    ),
    BulkAction(
        key="release", label=gettext_lazy("Release to pool"), run=_release, allowed=_may("customer", "edit")
    ),
    BulkAction(
        key="delete",
        label=gettext_lazy("Delete"),
        run=_delete,
        allowed=_may("customer", "delete"),
        confirm=_delete_question,
        confirm_title=gettext_lazy("Delete customers"),
        style="danger",
    ),
]

POOL_ACTIONS = [
    BulkAction(
        key="claim",
        label=gettext_lazy("Claim"),
        run=_claim,
        allowed=_may("customer_pool", "assign"),
        style="primary",
        per_row=True,
    ),
]
