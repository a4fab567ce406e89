"""Writes on pipelines and their stages (the settings centre's stage editor and the API).

A pipeline and its stages are one kind (``pipeline``): editing a stage is a change of its pipeline in the log
("阶段 报价: 赢率 50% → 60%"). A stage keeps its own ``version`` (409 on a stale edit). A stage that holds deals
is deleted only with a stage to move them to, in one transaction (each deal's move logged and kept in its
stage history); the last open stage of a pipeline stays.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.actors import Actor, AuditVerb, actor_id, person
from atrium.core.audit import audit_records
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import (
    UNCHECKED,
    WriteSpec,
    check_version,
    record_create,
    record_delete,
    record_update,
)
from atrium.sales.models import Deal, DealStageHistory, Pipeline, Stage, StageKind
from atrium.sales.services.stage_entry import closing_values, now, stage_of_pipeline
from atrium.sales.validation import clean_pipeline_fields, clean_stage_fields

PIPELINE_WRITES = WriteSpec(
    kind="pipeline", audited=("name", "is_active", "position", "accepted_quote_stage"), indexed=False
)

# The stages a new pipeline starts with (the renovation trade's usual ones); admins edit them afterwards.
DEFAULT_STAGES: tuple[tuple[str, int, str, str, tuple[str, ...]], ...] = (
    ("潜在客户", 10, StageKind.OPEN, "slate", ()),
    ("初步接触", 20, StageKind.OPEN, "blue", ()),
    ("需求分析", 40, StageKind.OPEN, "teal", ()),
    ("报价", 60, StageKind.OPEN, "amber", ("amount",)),
    ("谈判", 80, StageKind.OPEN, "orange", ("amount",)),
    ("成交", 100, StageKind.WON, "green", ("amount",)),
    ("输单", 0, StageKind.LOST, "red", ()),
)


def _stage_text(stage: Stage) -> str:
    return f"{stage.name}（{stage.get_kind_display()}，{stage.probability}%）"


def pipeline_create(*, actor: Actor, data: dict[str, Any], with_default_stages: bool = True) -> Pipeline:
    """A new pipeline, placed last, starting with the default stages unless told otherwise."""
    require(actor, "pipeline", "edit")
    cleaned = clean_pipeline_fields(data)
    if Pipeline.objects.filter(name=cleaned["name"]).exists():
        raise ValidationFailed({"name": [_("A pipeline with this name exists.")]})
    position = (Pipeline.objects.aggregate(top=Max("position"))["top"] or 0) + 1

    def stages(pipeline: Pipeline) -> None:
        if with_default_stages:
            Stage.objects.bulk_create(
                Stage(
                    pipeline=pipeline,
                    name=name,
                    position=index,
                    probability=probability,
                    kind=kind,
                    color=color,
                    required_fields=list(required),
                )
                for index, (name, probability, kind, color, required) in enumerate(DEFAULT_STAGES, 1)
            )

    return record_create(
        actor=actor,
        spec=PIPELINE_WRITES,
        record=Pipeline(**cleaned, position=position),
        after_save=stages,
        check_access=False,  # the edit right, checked above, is what manages pipelines
    )


def pipeline_update(
    *, actor: Actor, pipeline: Pipeline | int, data: dict[str, Any], version: Any
) -> Pipeline:
    with record_update(actor=actor, spec=PIPELINE_WRITES, record=pipeline, version=version) as change:
        record = change.record
        cleaned = clean_pipeline_fields(data, partial=True)
        name = cleaned.get("name")
        if name and Pipeline.objects.filter(name=name).exclude(pk=record.pk).exists():
            raise ValidationFailed({"name": [_("A pipeline with this name exists.")]})
        if "accepted_quote_stage" in data:
            value = data["accepted_quote_stage"]
            cleaned["accepted_quote_stage"] = (
                None
                if value in (None, "")
                else stage_of_pipeline(record.pk, value, field="accepted_quote_stage")
            )
        stopping = cleaned.get("is_active") is False and record.is_active
        if stopping and not Pipeline.objects.filter(is_active=True).exclude(pk=record.pk).exists():
            raise ValidationFailed({"is_active": [_("Keep at least one pipeline in use.")]})
        change.set(cleaned)
    return record


def pipeline_delete(*, actor: Actor, pipeline: Pipeline | int) -> None:
    """Only a pipeline without deals (else: move them, or stop using the pipeline) and not the last one."""

    def refuse_in_use(record: Pipeline) -> None:
        if Deal.objects.filter(pipeline=record).exists():
            raise ServiceError(
                _("Deals are in this pipeline: move them first, or stop using the pipeline instead."),
                code="pipeline_in_use",
            )
        if not Pipeline.objects.filter(is_active=True).exclude(pk=record.pk).exists():
            raise ServiceError(_("Keep at least one pipeline in use."), code="last_pipeline")

    record_delete(actor=actor, spec=PIPELINE_WRITES, record=pipeline, before_delete=refuse_in_use)


def _pk(record: Any) -> Any:
    return record.pk if isinstance(record, (Pipeline, Stage)) else record


def _pipeline_change(actor: Actor, pipeline_id: Any):
    """A change of the pipeline (locked for editing) that the stage edit is logged as."""
    return record_update(actor=actor, spec=PIPELINE_WRITES, record=pipeline_id, version=UNCHECKED)


def _check_name(pipeline_id: int, name: str | None, stage_id: int | None = None) -> None:
    others = Stage.objects.filter(pipeline_id=pipeline_id, name=name)
    if stage_id is not None:
        others = others.exclude(pk=stage_id)
    if name and others.exists():
        raise ValidationFailed({"name": [_("This pipeline has a stage with this name.")]})


def stage_create(*, actor: Actor, pipeline: Pipeline | int, data: dict[str, Any]) -> Stage:
    """A new stage; open stages go before the pipeline's won and lost ones, closed ones last."""
    cleaned = clean_stage_fields(data)
    with _pipeline_change(actor, _pk(pipeline)) as change:
        record = change.record
        _check_name(record.pk, cleaned["name"])
        stages = list(record.stages.order_by("position", "id"))
        if cleaned.get("kind", StageKind.OPEN) == StageKind.OPEN:
            place = next((i for i, s in enumerate(stages) if s.kind != StageKind.OPEN), len(stages))
        else:
            place = len(stages)
        stage = Stage(pipeline=record, **cleaned)
        stages.insert(place, stage)
        stage.position = place + 1
        stage.save()
        _renumber(stages)
        change.note("stage", "", _stage_text(stage))
        change.summary = _("Stage “%(stage)s” added") % {"stage": stage.name}
    return stage


def _renumber(stages: list[Stage]) -> None:
    for index, stage in enumerate(stages, 1):
        if stage.position != index:
            stage.position = index
    Stage.objects.bulk_update(stages, ["position"])


def stage_update(*, actor: Actor, stage: Stage | int, data: dict[str, Any], version: Any) -> Stage:
    """Edit a stage. A change of its kind (open / won / lost) carries its deals' state along."""
    pk = _pk(stage)
    current = Stage.objects.filter(pk=pk).first()
    if current is None:
        raise ValidationFailed({"stage": [_("Choose a stage.")]})
    cleaned = clean_stage_fields(data, partial=True)
    with _pipeline_change(actor, current.pipeline_id) as change:
        locked = Stage.objects.select_for_update().get(pk=pk)
        check_version(locked, version)
        _check_name(locked.pipeline_id, cleaned.get("name"), locked.pk)
        before = _stage_text(locked)
        old_kind = locked.kind
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if old_kind != locked.kind and old_kind == StageKind.OPEN:
            _keep_an_open_stage(locked)
        locked.version += 1
        locked.save()
        if old_kind != locked.kind:
            _carry_state(locked)
        change.note("stage", before, _stage_text(locked))
        change.summary = _("Stage “%(stage)s” edited") % {"stage": locked.name}
    return locked


def _keep_an_open_stage(stage: Stage) -> None:
    others = Stage.objects.filter(pipeline_id=stage.pipeline_id, kind=StageKind.OPEN).exclude(pk=stage.pk)
    if not others.exists():
        raise ValidationFailed({"kind": [_("A pipeline needs at least one open stage.")]})


def _carry_state(stage: Stage) -> None:
    moment = now()
    values = closing_values(stage, moment)
    values.pop("lost_reason", None)
    Deal.objects.filter(stage=stage).update(**values)


def stages_reorder(*, actor: Actor, pipeline: Pipeline | int, stage_ids: list[Any]) -> list[Stage]:
    """Put the pipeline's stages in this order (every stage of the pipeline, each once)."""
    with _pipeline_change(actor, _pk(pipeline)) as change:
        record = change.record
        stages = {s.pk: s for s in record.stages.select_for_update()}
        try:
            order = [int(pk) for pk in stage_ids]
        except (TypeError, ValueError):
            raise ValidationFailed({"stages": [_("Send every stage of the pipeline once.")]}) from None
        if sorted(order) != sorted(stages) or len(set(order)) != len(order):
            raise ValidationFailed({"stages": [_("Send every stage of the pipeline once.")]})
        before = "、".join(s.name for s in sorted(stages.values(), key=lambda s: (s.position, s.pk)))
        ordered = [stages[pk] for pk in order]
        _renumber(ordered)
        change.note("stages", before, "、".join(s.name for s in ordered))
        change.summary = _("Stages reordered")
    return ordered


def stage_delete(*, actor: Actor, stage: Stage | int, move_to: Any = None) -> int:
    """Delete a stage; its deals (if any) move to ``move_to``, a stage of the same pipeline. The number of
    deals moved."""
    pk = _pk(stage)
    current = Stage.objects.filter(pk=pk).first()
    if current is None:
        raise ValidationFailed({"stage": [_("Choose a stage.")]})
    with transaction.atomic(), _pipeline_change(actor, current.pipeline_id) as change:
        locked = Stage.objects.select_for_update().get(pk=pk)
        if locked.kind == StageKind.OPEN:
            _keep_an_open_stage(locked)
        deal_ids = list(Deal.objects.select_for_update().filter(stage=locked).values_list("pk", flat=True))
        moved = 0
        if deal_ids:
            if move_to in (None, ""):
                raise ValidationFailed(
                    {
                        "move_to": [
                            _("%(count)d deals are in this stage: choose the stage they move to.")
                            % {"count": len(deal_ids)}
                        ]
                    }
                )
            target = stage_of_pipeline(locked.pipeline_id, move_to, field="move_to")
            if target.pk == locked.pk:
                raise ValidationFailed({"move_to": [_("Choose another stage.")]})
            moved = _move_all(actor, locked, target, deal_ids)
        change.note("stage", _stage_text(locked), "")
        change.summary = _("Stage “%(stage)s” deleted") % {"stage": locked.name}
        locked.delete()
        _renumber(list(Stage.objects.filter(pipeline_id=locked.pipeline_id).order_by("position", "id")))
    return moved


def _move_all(actor: Actor, source: Stage, target: Stage, deal_ids: list[int]) -> int:
    """Every deal of ``source`` into ``target``: one UPDATE, their stays closed and opened, one log row each,
    a ``deal.moved`` each."""
    moment = now()
    values = closing_values(target, moment)
    if target.kind == StageKind.LOST:
        values.pop("lost_reason", None)
    Deal.objects.filter(pk__in=deal_ids).update(
        stage=target, stage_entered_at=moment, version=F("version") + 1, **values
    )
    DealStageHistory.objects.filter(deal_id__in=deal_ids, left_at__isnull=True).update(left_at=moment)
    DealStageHistory.objects.bulk_create(
        DealStageHistory(
            deal_id=pk, stage=target, stage_name=target.name, entered_at=moment, actor=person(actor)
        )
        for pk in deal_ids
    )
    titles = dict(Deal.objects.filter(pk__in=deal_ids).values_list("pk", "title"))
    audit_records(
        actor=actor,
        action=AuditVerb.UPDATE,
        kind="deal",
        records=((pk, titles.get(pk, ""), {"stage": source.name}, {"stage": target.name}) for pk in deal_ids),
        summary=_("Stage “%(stage)s” deleted") % {"stage": source.name},
    )
    for pk in deal_ids:
        emit(
            "deal.moved",
            deal_id=pk,
            actor_id=actor_id(actor),
            from_stage_id=source.pk,
            to_stage_id=target.pk,
            state=target.kind,
        )
    emit("deal_board.changed", pipeline_ids=[target.pipeline_id])
    return len(deal_ids)
