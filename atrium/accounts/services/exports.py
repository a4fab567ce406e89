"""Exports are operations too: each one leaves a row in the operation log (who, what, which filters, how many)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.core.audit import audit
from atrium.core.models import OperationLog

EXPORT_FORMATS = ("csv", "xlsx")


@transaction.atomic
def export_logged(
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


def operation_log_export_logged(
    *, actor: Any, filters: Mapping[str, Any], format: str, count: int
) -> OperationLog:
    """Record an export of the operation log itself."""
    return export_logged(actor=actor, kind="operation_log", filters=filters, format=format, count=count)
