"""What entering a stage means for a deal, shared by creating, editing, moving and a stage's removal: the
stage's required fields (a lost stage also requires a lost reason), the deal's state and closing time, and the
stage history (the stay in the old stage ends, one in the new stage begins)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.actors import person
from atrium.core.errors import ValidationFailed
from atrium.sales.models import Deal, DealStageHistory, RequiredField, Stage, StageKind


def check_stage_entry(stage: Stage, values: dict[str, Any], contact_count: int) -> None:
    """``values``: the deal's amount, expected_close and lost_reason as they will be; each missing one is
    named beside its field."""
    errors: dict[str, list[str]] = {}
    needs = {
        RequiredField.AMOUNT: ("amount", values.get("amount") is not None),
        RequiredField.EXPECTED_CLOSE: ("expected_close", values.get("expected_close") is not None),
        RequiredField.CONTACTS: ("contacts", contact_count > 0),
    }
    for required in stage.required_fields or []:
        field, present = needs.get(required, (None, True))
        if field and not present:
            errors[field] = [
                _("The stage “%(stage)s” needs this: fill it in to enter it.") % {"stage": stage.name}
            ]
    if stage.kind == StageKind.LOST and not values.get("lost_reason"):
        errors["lost_reason"] = [_("Choose why the deal was lost.")]
    if errors:
        raise ValidationFailed(errors)


def stage_of_pipeline(pipeline_id: int, stage: Any, field: str = "stage") -> Stage:
    """A stage (or its id) of this pipeline; a stage of another pipeline, or none, is refused."""
    try:
        pk = int(stage.pk if isinstance(stage, Stage) else stage)
    except (TypeError, ValueError):
        raise ValidationFailed({field: [_("Choose a stage.")]}) from None
    found = Stage.objects.filter(pk=pk).select_related("pipeline").first()
    if found is None:
        raise ValidationFailed({field: [_("Choose a stage.")]})
    if found.pipeline_id != pipeline_id:
        raise ValidationFailed({field: [_("This stage belongs to another pipeline.")]})
    return found


def closing_values(stage: Stage, now: Any, current: Deal | None = None) -> dict[str, Any]:
    """The deal's state, closing time and lost reason once it is in ``stage``."""
    values: dict[str, Any] = {"state": stage.kind}
    if stage.kind == StageKind.OPEN:
        values["closed_at"] = None
    elif current is None or current.state != stage.kind or current.closed_at is None:
        values["closed_at"] = now
    if stage.kind != StageKind.LOST:
        values["lost_reason"] = ""
    return values


def record_stay(deal: Deal, stage: Stage, actor: Any, now: Any) -> None:
    """The deal's stay in its previous stage ends now and one in ``stage`` begins."""
    DealStageHistory.objects.filter(deal=deal, left_at__isnull=True).update(left_at=now)
    DealStageHistory.objects.create(
        deal=deal, stage=stage, stage_name=stage.name, entered_at=now, actor=person(actor)
    )


def now() -> Any:
    return timezone.now()
