"""Acknowledging alerts (operation_alert edit right): the admin has looked; the alert stays in the list,
marked with who acknowledged it and when. All or none, audited per alert."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.alerts.models import Alert
from atrium.alerts.selectors import KIND
from atrium.core.access import require
from atrium.core.audit import audit_records
from atrium.core.writes import records_for_action


def alerts_acknowledge(*, actor: Any, ids: Iterable[Any]) -> int:
    """Acknowledge the open ones among ``ids``; returns how many changed (already acknowledged: unchanged)."""
    require(actor, KIND, "edit")
    now = timezone.now()
    with transaction.atomic():
        rows = records_for_action(
            actor,
            KIND,
            ids,
            "edit",
            not_found=_("Some of these alerts do not exist."),
            forbidden=_("You may not acknowledge %(count)d of these alerts."),
        )
        open_rows = [alert for alert in rows if alert.status == Alert.Status.OPEN]
        if not open_rows:
            return 0
        Alert.objects.filter(pk__in=[a.pk for a in open_rows]).update(
            status=Alert.Status.ACKNOWLEDGED,
            acknowledged_by=actor,
            acknowledged_at=now,
            version=F("version") + 1,
        )
        audit_records(
            actor=actor,
            action="update",
            kind=KIND,
            records=(
                (a.pk, str(a), {"status": Alert.Status.OPEN}, {"status": Alert.Status.ACKNOWLEDGED})
                for a in open_rows
            ),
            summary=_("Alert acknowledged"),
        )
    return len(open_rows)
