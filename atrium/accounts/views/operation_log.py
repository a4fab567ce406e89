"""The operation log page (操作日志) and its CSV / Excel exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from atrium.accounts.selectors.operation_log import (
    OperationLogFilters,
    operation_log_export,
    operation_log_screen,
    parse_operation_log_filters,
)
from atrium.accounts.services.exports import operation_log_export_logged
from atrium.core.errors import ValidationFailed
from atrium.core.exports import stream_csv, write_xlsx


def _filters(request: HttpRequest) -> tuple[OperationLogFilters, dict[str, list[str]]]:
    try:
        return parse_operation_log_filters(request.GET), {}
    except ValidationFailed as exc:
        return OperationLogFilters(), exc.fields


@login_required
def operation_log(request: HttpRequest) -> HttpResponse:
    filters, errors = _filters(request)
    try:
        screen = operation_log_screen(request.user, filters, request.GET.get("cursor") or None)
    except ValidationFailed as exc:  # a cursor that does not belong to this list: start again
        screen, errors = operation_log_screen(request.user, filters, None), exc.fields
    context = {"screen": screen, "filters": filters, "errors": errors}
    return render(request, "accounts/operation_log.html", context)


@login_required
def operation_log_export_file(request: HttpRequest, format: str) -> HttpResponseBase:
    try:
        filters = parse_operation_log_filters(request.GET)
    except ValidationFailed as exc:
        return HttpResponseBadRequest(exc.message)
    export = operation_log_export(request.user, filters)
    operation_log_export_logged(
        actor=request.user, filters=filters.as_query(), format=format, count=export.count
    )
    filename = f"operation-log-{timezone.localdate():%Y%m%d}.{format}"
    if format == "csv":
        return stream_csv(export.rows, export.header, filename)
    return write_xlsx(export.rows, export.header, filename, sheet_title="operation log")
