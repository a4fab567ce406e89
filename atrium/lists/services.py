"""Writes of the list engine: saved views (a person's named filters, sort and columns of a list, kept for
them or shared) and the log row of each export."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from atrium.core.audit import audit
from atrium.core.errors import Forbidden, NotFound, ValidationFailed
from atrium.core.models import OperationLog
from atrium.lists.models import SavedView
from atrium.lists.query import ListQuery, parse_list_query
from atrium.lists.specs import get_list

EXPORT_FORMATS = ("csv", "xlsx")


def _query_string(list_key: str, query: Any, viewer: Any) -> str:
    if isinstance(query, ListQuery):
        params: Mapping[str, Any] = query.to_params()
    elif isinstance(query, str):
        params = dict(parse_qsl(query.lstrip("?")))
    else:
        params = dict(query or {})
    cleaned = parse_list_query(list_key, params, viewer=viewer)  # refuses bad filters
    return urlencode(cleaned.to_params())


def _columns(list_key: str, columns: Any, viewer: Any) -> list[str]:
    spec = get_list(list_key)
    assert spec is not None
    known = [column.key for column in spec.all_columns(viewer)]
    chosen = [str(c) for c in (columns or [])]
    if any(c not in known for c in chosen):
        raise ValidationFailed({"columns": [_("Unknown column.")]})
    return list(dict.fromkeys(chosen))


def saved_view_save(
    *, actor: Any, list_key: str, name: Any, query: Any, columns: Any = None, is_shared: bool = False
) -> SavedView:
    """Save (create, or overwrite the actor's view of the same name) the filters and columns of a list."""
    spec = get_list(list_key)
    if spec is None:
        raise ValidationFailed({"list_key": [_("Unknown list.")]})
    spec.require_open(actor)
    text = "" if name is None else str(name).strip()
    if not text:
        raise ValidationFailed({"name": [_("This field is required.")]})
    if len(text) > 60:
        raise ValidationFailed({"name": [_("At most %(max)d characters.") % {"max": 60}]})
    values = {
        "query": _query_string(list_key, query, actor),
        "columns": _columns(list_key, columns, actor),
        "is_shared": bool(is_shared),
    }
    with transaction.atomic():
        view, created = SavedView.objects.update_or_create(
            owner=actor, list_key=list_key, name=text, defaults=values
        )
        audit(
            actor=actor,
            action="create" if created else "update",
            record=view,
            kind="saved_view",
            changes=values,
        )
    return view


def saved_view_delete(*, actor: Any, view: SavedView | int) -> None:
    """Only the owner deletes a view; others' shared views answer 403, the rest 404."""
    pk = view.pk if isinstance(view, Model) else view
    with transaction.atomic():
        record = SavedView.objects.select_for_update().filter(pk=pk).first()
        if record is None or (record.owner_id != actor.pk and not record.is_shared):
            raise NotFound()
        if record.owner_id != actor.pk:
            raise Forbidden(_("Only the person who saved this view can delete it."))
        audit(actor=actor, action="delete", record=record, kind="saved_view")
        record.delete()


@transaction.atomic
def list_export_logged(
    *, actor: Any, kind: str, filters: Mapping[str, Any], format: str, count: int
) -> OperationLog:
    """Record that ``actor`` exported ``count`` rows of ``kind`` with these filters, as CSV or Excel."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    return audit(
        actor=actor,
        action=OperationLog.Action.EXPORT,
        kind=kind,
        changes={"format": format, "count": count, "filters": dict(filters)},
        summary=_("Exported %(count)d rows (%(format)s)") % {"count": count, "format": format.upper()},
    )
