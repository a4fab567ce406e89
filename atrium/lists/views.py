"""The pages of any list: the list itself (``list_page``), bulk actions on ticked rows, saved views and
exports. An app binds ``list_page`` to its own URL with ``{"list_key": …}``; the rest are shared URLs
(``atrium/lists/urls.py``) that take the list's key from the request.

The views raise the access layer's refusals (Forbidden, NotFound); core.refusal_pages turns them into pages.

A GET renders the whole page; an HTMX request (filter, sort, column choice, next page) gets only the list
screen fragment. Bad filter values are shown beside their field (400 on a full page; the fragment answers
200 with the messages, since HTMX does not swap 4xx answers). A bulk action calls one service and answers
with the list: an HTMX post re-renders the fragment with the message; a plain post redirects back to the
list, or, when refused, re-renders the list page with the message and the refusal's status.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.errors import NotFound, ServiceError, ValidationFailed
from atrium.core.exports import stream_csv, write_xlsx
from atrium.lists import services
from atrium.lists.exports import list_export
from atrium.lists.query import EXPORT_PARAMS, parse_strict
from atrium.lists.screen import build_screen, saved_view_params
from atrium.lists.specs import BulkAction, ListSpec, get_list

MAX_SELECTED = 500


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX swap (but not HTMX restoring a page from history, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_list(request: HttpRequest, list_key: str, params: QueryDict, status: int = 200) -> HttpResponse:
    screen = build_screen(request.user, list_key, params)
    fragment = wants_fragment(request)
    if screen.errors and status == 200 and not fragment:
        status = 400
    template = "lists/_screen.html" if fragment else "lists/page.html"
    response = render(request, template, {"screen": screen, "fragment": fragment}, status=status)
    if fragment and request.method == "GET":
        # The address bar shows the tidy query (no empty fields), which is also what a reload renders.
        response["HX-Push-Url"] = (
            f"{screen.url}?{screen.current_query}" if screen.current_query else screen.url
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def list_page(request: HttpRequest, list_key: str) -> HttpResponse:
    return render_list(request, list_key, request.GET)


# Actions ---------------------------------------------------------------------------------------------------


def _spec_of(request: HttpRequest) -> ListSpec:
    spec = get_list(request.POST.get("list_key", ""))
    if spec is None or not spec.url_name:
        raise NotFound()
    return spec


def _return_params(request: HttpRequest) -> QueryDict:
    """The list's query string the action came from (re-encoded, so it can only ever point at the list)."""
    return QueryDict(request.POST.get("next", "")[:4000])


def _fields_text(error: ServiceError) -> str:
    details = [message for messages_ in error.fields.values() for message in messages_]
    if details and error.message not in details:
        return " ".join([error.message, *details]) if len(details) > 1 else details[0]
    return error.message


def _answer(
    request: HttpRequest, spec: ListSpec, error: ServiceError | None = None, params: QueryDict | None = None
) -> HttpResponse:
    params = _return_params(request) if params is None else params
    if error is not None:
        messages.error(request, _fields_text(error))
    if wants_fragment(request):
        return render_list(request, spec.key, params)
    if error is not None:
        return render_list(request, spec.key, params, status=error.status)
    url = reverse(spec.url_name or "")
    query = params.urlencode(safe=",")
    return redirect(f"{url}?{query}" if query else url)


def _selected_ids(request: HttpRequest) -> list[int]:
    ids = sorted({int(value) for value in request.POST.getlist("ids") if value.isdigit()})
    if not ids:
        raise ValidationFailed(
            {"ids": [_("Select at least one row first.")]}, _("Select at least one row first.")
        )
    if len(ids) > MAX_SELECTED:
        raise ValidationFailed({"ids": [_("Select at most %(max)d rows.") % {"max": MAX_SELECTED}]})
    return ids


def _chosen_action(request: HttpRequest, spec: ListSpec) -> tuple[BulkAction, list[int]]:
    """The action and its rows: a row's own button ("claim:12", or the older "claim=12"), else the bulk
    bar's action on the ticked rows."""
    key, _sep, one = request.POST.get("row_action", "").partition(":")
    for each in spec.bulk_actions:
        legacy = request.POST.get(each.key, "")
        if each.per_row and legacy.isdigit():
            key, one = each.key, legacy
    action = spec.bulk_action(key or request.POST.get("action", ""))
    if action is None:  # whether the person may do it is the service's to say (403, 404)
        raise ValidationFailed({"action": [_("Choose an action.")]}, _("Choose an action."))
    return action, [int(one)] if one.isdigit() else _selected_ids(request)


def _confirm(request: HttpRequest, spec: ListSpec, action: BulkAction, ids: list[int]) -> HttpResponse:
    params = _return_params(request).urlencode()
    context = {
        "ids": ids,
        "action": action,
        "question": action.confirm(len(ids)) if action.confirm else "",
        "next": params,
        "bulk_url": reverse(spec.url_names["bulk"]),
        "cancel_url": f"{reverse(spec.url_name or '')}?{params}",
        "spec": spec,
    }
    template = "lists/_confirm.html" if wants_fragment(request) else "lists/confirm.html"
    return render(request, template, context)


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    spec = _spec_of(request)
    try:
        action, ids = _chosen_action(request, spec)
        if action.confirm and request.POST.get("confirm") != "yes":
            return _confirm(request, spec, action, ids)
        messages.success(request, action.run(request.user, ids, request.POST))
    except ServiceError as exc:
        return _answer(request, spec, exc)
    return _answer(request, spec)


@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    spec = _spec_of(request)
    try:
        view = services.saved_view_save(
            actor=request.user,
            list_key=spec.key,
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
            columns=[c for c in request.POST.get("columns", "").split(",") if c],
            is_shared=request.POST.get("is_shared") == "on",
        )
    except ServiceError as exc:
        return _answer(request, spec, exc)
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return _answer(request, spec, params=saved_view_params(view))


@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    spec = _spec_of(request)
    try:
        services.saved_view_delete(actor=request.user, view=view_id)
    except ServiceError as exc:
        return _answer(request, spec, exc)
    messages.success(request, _("The saved view was deleted."))
    return _answer(request, spec)


@require_GET
def export(request: HttpRequest, list_key: str, format: str) -> HttpResponse:
    """The list as CSV or Excel: its filters from the query string, ``columns=`` for the chosen columns;
    unknown parameters are refused (400); logged in the operation log."""
    spec = get_list(list_key)
    if spec is None:
        raise NotFound()
    try:
        query = parse_strict(list_key, request.GET, EXPORT_PARAMS, viewer=request.user)
        rows = list_export(request.user, query, request.GET.get("columns", ""))
    except ValidationFailed as exc:
        details = [f"{name}: {m}" for name, msgs in exc.fields.items() for m in msgs]
        text = " ".join(details) or exc.message
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    filters = {**query.to_params(), "list": list_key, "columns": ",".join(rows.columns)}
    services.list_export_logged(
        actor=request.user, kind=spec.record_kind, filters=filters, format=format, count=rows.count
    )
    filename = f"{list_key}-{timezone.localdate():%Y%m%d}.{format}"
    if format == "csv":
        return stream_csv(rows.rows, rows.header, filename, stamp=rows.stamp)  # type: ignore[return-value]
    return write_xlsx(rows.rows, rows.header, filename, sheet_title=list_key, stamp=rows.stamp)  # type: ignore[return-value]
