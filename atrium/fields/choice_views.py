"""The choice lists' settings pages (选项列表): /settings/choice-lists/ (every list with its numbers of options)
and /settings/choice-lists/<list>/ (add, rename, move up or down, retire and restore; merging has its own page,
which shows how many records will move before it is confirmed). Seeing a list needs the view right of the kind
that manages it (customer settings for the lists of customers), changing it the edit right (403 else, before
the input is read). Every form works without script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.core.access import can, require
from atrium.core.errors import Forbidden, NotFound, ServiceError
from atrium.core.form_submit import first_message
from atrium.fields.choice_lists import ChoiceList
from atrium.fields.choice_options import holders, list_for, lists_for, options_of
from atrium.fields.choice_services import (
    choice_option_add,
    choice_option_move,
    choice_option_update,
    choice_options_merge,
    choice_options_reorder,
)
from atrium.fields.models import ChoiceOption

LIST_PAGE = "fields/choice_list.html"


def _list_or_404(user: Any, key: str) -> ChoiceList:
    found = list_for(key)
    if found is None:
        raise NotFound(_("There is no such choice list."))
    require(user, found.kind, "view")
    return found


@login_required
def choice_lists_page(request: HttpRequest) -> HttpResponse:
    summaries = lists_for(request.user)
    if not summaries:
        raise Forbidden()
    return render(request, "fields/choice_lists.html", {"summaries": summaries})


def _option(request: HttpRequest, list_def: ChoiceList, name: str = "option") -> ChoiceOption:
    try:
        pk = int(request.POST.get(name, ""))
    except ValueError:
        raise NotFound(_("There is no such option.")) from None
    option = ChoiceOption.objects.filter(pk=pk, list=list_def.key).first()
    if option is None:
        raise NotFound(_("There is no such option."))
    return option


def _version(request: HttpRequest) -> Any:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _add(request: HttpRequest, list_def: ChoiceList) -> str:
    option = choice_option_add(actor=request.user, list_key=list_def.key, label=request.POST.get("label"))
    return _("“%(name)s” was added.") % {"name": option.label}


def _rename(request: HttpRequest, list_def: ChoiceList) -> str:
    option = _option(request, list_def)
    old = option.label
    renamed = choice_option_update(
        actor=request.user,
        option=option,
        data={"label": request.POST.get("label", "")},
        version=_version(request),
    )
    if renamed.label == old:
        return _("Nothing was changed.")
    if list_def.keyed:
        return _("“%(old)s” is now “%(new)s”.") % {"old": old, "new": renamed.label}
    return _("“%(old)s” is now “%(new)s”; the records that held it follow.") % {
        "old": old,
        "new": renamed.label,
    }


def _retire(request: HttpRequest, list_def: ChoiceList) -> str:
    option = _option(request, list_def)
    choice_option_update(actor=request.user, option=option, data={"retired": True}, version=_version(request))
    return _("“%(name)s” was retired: it is no longer offered, the records that hold it keep it.") % {
        "name": option.label
    }


def _restore(request: HttpRequest, list_def: ChoiceList) -> str:
    option = _option(request, list_def)
    choice_option_update(
        actor=request.user, option=option, data={"retired": False}, version=_version(request)
    )
    return _("“%(name)s” is offered again.") % {"name": option.label}


def _move(request: HttpRequest, list_def: ChoiceList) -> str:
    option = _option(request, list_def)
    choice_option_move(actor=request.user, option=option, direction=request.POST.get("direction", ""))
    return _("The order was saved.")


def _reorder(request: HttpRequest, list_def: ChoiceList) -> str:
    """The whole order at once (a drag on the page): ids separated by commas."""
    ids = [part.strip() for part in request.POST.get("ids", "").split(",") if part.strip()]
    choice_options_reorder(actor=request.user, list_key=list_def.key, ids=ids)
    return _("The order was saved.")


CHANGES: dict[str, Callable[[HttpRequest, ChoiceList], str]] = {
    "add": _add,
    "rename": _rename,
    "retire": _retire,
    "restore": _restore,
    "move": _move,
    "reorder": _reorder,
}


def _list_page(request: HttpRequest, list_def: ChoiceList, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "list": list_def,
        "options": options_of(list_def.key),
        "may_edit": can(request.user, list_def.kind, "edit"),
        "max_length": min(list_def.max_length, 64),
        **extra,
    }
    return render(request, LIST_PAGE, context, status=status)


@login_required
def choice_list_page(request: HttpRequest, choice_list: str) -> HttpResponse:
    list_def = _list_or_404(request.user, choice_list)
    if request.method != "POST":
        return _list_page(request, list_def)
    require(request.user, list_def.kind, "edit")  # the right before the input
    op = request.POST.get("op", "")
    change = CHANGES.get(op)
    if change is None:
        return _list_page(request, list_def, 400, error=_("Unknown change."))
    try:
        message = change(request, list_def)
    except (Forbidden, NotFound):
        raise
    except ServiceError as exc:
        target = request.POST.get("option") or "new"
        return _list_page(
            request, list_def, exc.status, error=first_message(exc), error_op=op, error_target=target
        )
    messages.success(request, message)
    return redirect("fields:choice_list", choice_list=list_def.key)


@login_required
def choice_merge_page(request: HttpRequest, choice_list: str) -> HttpResponse:
    """Pick the option to merge and the one it goes into; the page then says how many records will move, and
    the merge happens when that is confirmed."""
    list_def = _list_or_404(request.user, choice_list)
    require(request.user, list_def.kind, "edit")
    data = request.POST if request.method == "POST" else request.GET
    options = options_of(list_def.key)
    by_pk = {str(o.pk): o for o in options}
    source = by_pk.get(data.get("source", ""))
    target = by_pk.get(data.get("target", ""))
    context: dict[str, Any] = {
        "list": list_def,
        "options": options,
        "targets": [o for o in options if not o.is_retired],
        "source": source,
        "target": target,
    }
    status = 200
    if data.get("source") and source is None:
        context["error"], status = _("Choose an option of this list to merge."), 400
    elif data.get("target") and target is None:
        context["error"], status = _("Choose an option of the same list to merge into."), 400
    elif source is not None and target is not None:
        if source.pk == target.pk:
            context["error"], status = _("An option cannot be merged into itself."), 400
        elif target.is_retired:
            context["error"], status = (
                _("“%(name)s” is retired: restore it before merging into it.") % {"name": target.label},
                400,
            )
        else:
            context["holders"] = holders(list_def, source.value)
            context["moving"] = sum(count for _label, count in context["holders"])
    if request.method == "POST" and data.get("confirm") and status == 200 and source and target:
        try:
            survivor, moved = choice_options_merge(
                actor=request.user, source=source, target=target, version=_version(request)
            )
        except (Forbidden, NotFound):
            raise
        except ServiceError as exc:
            context["error"], status = first_message(exc), exc.status
        else:
            messages.success(
                request,
                _("“%(old)s” was merged into “%(new)s”: %(count)d records moved.")
                % {"old": source.label, "new": survivor.label, "count": moved},
            )
            return redirect(reverse("fields:choice_list", kwargs={"choice_list": list_def.key}))
    return render(request, "fields/choice_merge.html", context, status=status)
