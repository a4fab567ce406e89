"""Operation-log rows at chosen times, written the way imports write them (``core.bulk_insert``)."""

from __future__ import annotations

import datetime
from typing import Any

from atrium.core.bulk_insert import append_rows
from atrium.core.models import OperationLog

FIELDS = ["created_at", "actor", "actor_name", "ip", "action", "kind", "object_id", "changes"]


def log_rows(
    person: Any,
    action: str,
    at: datetime.datetime,
    count: int = 1,
    *,
    kind: str = "customer",
    ip: str | None = None,
    changes: dict | None = None,
    first_id: int = 1,
) -> None:
    append_rows(
        OperationLog,
        FIELDS,
        [
            (
                at + datetime.timedelta(seconds=i),
                person.pk,
                person.username,
                ip,
                action,
                kind,
                str(first_id + i),
                changes or {},
            )
            for i in range(count)
        ],
    )
