"""Actions posted from the list pages: bulk actions on the ticked rows (transfer, add a tag, release to the
pool, delete after a confirmation step, claim from the pool) and saving or deleting a saved view.

Each action calls one service and answers with the list: an HTMX post re-renders the list fragment with the
message; a plain post redirects back to the list (the message follows in the session) or, when refused,
re-renders the list page with the message and the refusal's status (nothing was changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from atrium.core.errors import ServiceError, ValidationFailed
from atrium.customers import services
from atrium.customers.views.list_screen import LISTS, saved_view_params
from atrium.customers.views.lists import render_list, wants_fragment

MAX_SELECTED = 500
BULK_LIST_KEYS = ("customers", "pool")


def _return_params(request: HttpRequest) -> QueryDict:
    """The list's query string the action came from (re-encoded, so it can only ever point at the list)."""
    return QueryDict(request.POST.get("next", "")[:4000])


def _list_key(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    key = request.POST.get("list_key", "")
    return key if key in allowed else allowed[0]


def _selected_ids(request: HttpRequest) -> list[int]:
    ids = sorted({int(value) for value in request.POST.getlist("ids") if value.isdigit()})
    if not ids:
        raise ValidationFailed(
            {"ids": [_("Select at least one row first.")]}, _("Select at least one row first.")
        )
    if len(ids) > MAX_SELECTED:
        raise ValidationFailed({"ids": [_("Select at most %(max)d rows.") % {"max": MAX_SELECTED}]})
    return ids


def _answer(
    request: HttpRequest, list_key: str, error: ServiceError | None = None, params: QueryDict | None = None
) -> HttpResponse:
    params = _return_params(request) if params is None else params
    if error is not None:
        messages.error(request, _fields_text(error))
    if wants_fragment(request):
        return render_list(request, list_key, params)
    if error is not None:
        return render_list(request, list_key, params, status=error.status)
    url = reverse(LISTS[list_key].url_name)
    query = params.urlencode(safe=",")
    return redirect(f"{url}?{query}" if query else url)


def _fields_text(error: ServiceError) -> str:
    details = [message for messages_ in error.fields.values() for message in messages_]
    if details and error.message not in details:
        return " ".join([error.message, *details]) if len(details) > 1 else details[0]
    return error.message


def _number(done: Any) -> int:
    """What a bulk service answered (a number, or the records it changed) as a number."""
    return done if isinstance(done, int) else len(done)


# Bulk actions ----------------------------------------------------------------------------------------------


def _transfer(request: HttpRequest, ids: list[int]) -> str:
    to_user = request.POST.get("to_user", "")
    if not to_user.isdigit():
        raise ValidationFailed({"to_user": [_("Choose the person to transfer to.")]})
    count = _number(services.customers_transfer(actor=request.user, ids=ids, to_user=int(to_user)))
    return ngettext("%(count)d customer was transferred.", "%(count)d customers were transferred.", count) % {
        "count": count
    }


def _tag(request: HttpRequest, ids: list[int]) -> str:
    tags = [tag for tag in _split_tags(request.POST.get("add_tag", "")) if tag]
    if not tags:
        raise ValidationFailed({"add_tag": [_("Enter the tag to add.")]})
    count = _number(services.customers_add_tags(actor=request.user, ids=ids, tags=tags))
    return ngettext(
        "The tag was added to %(count)d customer.", "The tag was added to %(count)d customers.", count
    ) % {"count": count}


def _split_tags(text: str) -> list[str]:
    for separator in "，;；、":
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",")]


def _release(request: HttpRequest, ids: list[int]) -> str:
    count = _number(services.customers_release(actor=request.user, ids=ids))
    return ngettext(
        "%(count)d customer was released to the pool.",
        "%(count)d customers were released to the pool.",
        count,
    ) % {"count": count}


def _delete(request: HttpRequest, ids: list[int]) -> str:
    count = _number(services.customers_bulk_delete(actor=request.user, ids=ids))
    return ngettext("%(count)d customer was deleted.", "%(count)d customers were deleted.", count) % {
        "count": count
    }


def _claim(request: HttpRequest, ids: list[int]) -> str:
    count = len(services.customers_claim(actor=request.user, ids=ids))
    return ngettext(
        "You claimed %(count)d customer from the pool.",
        "You claimed %(count)d customers from the pool.",
        count,
    ) % {"count": count}


BULK_ACTIONS: dict[str, dict[str, Callable[[HttpRequest, list[int]], str]]] = {
    "customers": {"transfer": _transfer, "tag": _tag, "release": _release, "delete": _delete},
    "pool": {"claim": _claim},
}


def _confirm_delete(request: HttpRequest, list_key: str, ids: list[int]) -> HttpResponse:
    context = {
        "ids": ids,
        "count": len(ids),
        "list_key": list_key,
        "next": _return_params(request).urlencode(),
        "cancel_url": f"{reverse(LISTS[list_key].url_name)}?{_return_params(request).urlencode()}",
        "spec": LISTS[list_key],
        "fragment": wants_fragment(request),
    }
    template = (
        "customers/lists/_confirm_delete.html"
        if context["fragment"]
        else "customers/lists/confirm_delete.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    list_key = _list_key(request, BULK_LIST_KEYS)
    claim_one = request.POST.get("claim", "")
    action = "claim" if claim_one.isdigit() else request.POST.get("action", "")
    try:
        handler = BULK_ACTIONS[list_key].get(action)
        if handler is None:
            raise ValidationFailed({"action": [_("Choose an action.")]}, _("Choose an action."))
        ids = [int(claim_one)] if claim_one.isdigit() else _selected_ids(request)
        if action == "delete" and request.POST.get("confirm") != "yes":
            return _confirm_delete(request, list_key, ids)
        messages.success(request, handler(request, ids))
    except ServiceError as exc:
        return _answer(request, list_key, exc)
    return _answer(request, list_key)


# Saved views -----------------------------------------------------------------------------------------------


@login_required
@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    list_key = _list_key(request, tuple(LISTS))
    try:
        view = services.saved_view_save(
            actor=request.user,
            list_key=list_key,
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
            columns=[c for c in request.POST.get("columns", "").split(",") if c],
            is_shared=request.POST.get("is_shared") == "on",
        )
    except ServiceError as exc:
        return _answer(request, list_key, exc)
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return _answer(request, list_key, params=saved_view_params(view))


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    list_key = _list_key(request, tuple(LISTS))
    try:
        services.saved_view_delete(actor=request.user, view=view_id)
    except ServiceError as exc:
        return _answer(request, list_key, exc)
    messages.success(request, _("The saved view was deleted."))
    return _answer(request, list_key)
