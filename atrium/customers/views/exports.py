"""Exporting a customer list (customers, contacts, leads, pool) as CSV or Excel: the list's filters from the
query string, ``columns=`` for the chosen columns; logged in the operation log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase
from django.utils import timezone

from atrium.accounts.services.exports import export_logged
from atrium.core.errors import ValidationFailed
from atrium.core.exports import stream_csv, write_xlsx
from atrium.customers.exports import KIND_OF_LIST
from atrium.customers.exports import list_export as list_export_rows
from atrium.customers.filters import parse_list_query


@login_required
def list_export(request: HttpRequest, list_key: str, format: str) -> HttpResponseBase:
    try:
        query = parse_list_query(list_key, request.GET)
        export = list_export_rows(request.user, query, request.GET.get("columns", ""))
    except ValidationFailed as exc:
        return HttpResponseBadRequest(
            " ".join([m for msgs in exc.fields.values() for m in msgs]) or exc.message
        )
    filters = {**query.to_params(), "list": list_key, "columns": ",".join(export.columns)}
    export_logged(
        actor=request.user, kind=KIND_OF_LIST[list_key], filters=filters, format=format, count=export.count
    )
    filename = f"{list_key}-{timezone.localdate():%Y%m%d}.{format}"
    if format == "csv":
        return stream_csv(export.rows, export.header, filename)
    return write_xlsx(export.rows, export.header, filename, sheet_title=list_key)
