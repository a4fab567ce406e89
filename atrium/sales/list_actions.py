"""The bulk actions of the deals list: transfer and delete, each one service; the services decide who may do
what (403 / 404, nothing changed)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from atrium.core.access import can, people_reached, scope_of
from atrium.core.errors import ValidationFailed
from atrium.lists.specs import BulkAction, BulkInput
from atrium.sales import services


def _transfer(actor: Any, ids: list[int], data: QueryDict) -> str:
    to_user = data.get("to_user", "")
    if not to_user.isdigit():
        raise ValidationFailed({"to_user": [_("Choose the person to transfer to.")]})
    count = len(services.deals_transfer(actor=actor, ids=ids, to_user=int(to_user)))
    return ngettext("%(count)d deal was transferred.", "%(count)d deals were transferred.", count) % {
        "count": count
    }


def _delete(actor: Any, ids: list[int], data: QueryDict) -> str:
    count = services.deals_delete(actor=actor, ids=ids)
    return ngettext("%(count)d deal was deleted.", "%(count)d deals were deleted.", count) % {"count": count}


def _delete_question(count: int) -> str:
    return ngettext(
        "Delete the selected deal? This cannot be undone.",
        "Delete the %(counter)s selected deals? This cannot be undone.",
        count,
    ) % {"counter": count}


def _transfer_choices(user: Any) -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in people_reached(user, scope_of(user, "deal", "assign"))]


DEAL_ACTIONS = [
    BulkAction(
        key="transfer",
        label=gettext_lazy("Transfer"),
        run=_transfer,
        allowed=lambda user: can(user, "deal", "assign"),
        input=BulkInput("to_user", gettext_lazy("Transfer to"), kind="select", choices=_transfer_choices),
    ),
    BulkAction(
        key="delete",
        label=gettext_lazy("Delete"),
        run=_delete,
        allowed=lambda user: can(user, "deal", "delete"),
        confirm=_delete_question,
        confirm_title=gettext_lazy("Delete deals"),
        style="danger",
    ),
]
