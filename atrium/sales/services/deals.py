"""Writes on deals: create, edit, move to a stage (the kanban's drag, the API's ``move``), transfer, delete.

Every write goes through ``core.writes`` (access 404/403, version 409, audit old/new, search index, the declared
``deal.*`` events); entering a stage checks what the stage needs (``stage_entry``) and keeps the stage history.
Each write also emits ``deal_board.changed`` so the pipeline's open kanbans refresh their totals.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.accounts.models import User
from atrium.core.access import get_visible, require
from atrium.core.actors import Actor, actor_id
from atrium.core.errors import NotFound, ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import (
    WriteSpec,
    check_bulk_ids,
    record_create,
    record_delete,
    record_update,
    records_for_action,
)
from atrium.customers.models import Contact, Customer
from atrium.customers.services.records import active_user, check_assignable, owner_for_new_record
from atrium.sales.models import Deal, Pipeline, Stage, StageKind
from atrium.sales.services.stage_entry import (
    check_stage_entry,
    closing_values,
    now,
    record_stay,
    stage_of_pipeline,
)
from atrium.sales.validation import clean_deal_fields

DEAL_FIELDS = (
    "title",
    "customer",
    "pipeline",
    "stage",
    "amount",
    "expected_close",
    "source",
    "lost_reason",
    "notes",
    "owner",
)
DEAL_WRITES = WriteSpec(kind="deal", audited=DEAL_FIELDS)
MAX_CONTACTS = 20
MAX_COLLABORATORS = 20


def _board_changed(*pipeline_ids: int) -> None:
    emit("deal_board.changed", pipeline_ids=sorted({pk for pk in pipeline_ids if pk}))


def _customer(actor: Actor, value: Any) -> Customer:
    """A customer the actor can see (not merged away)."""
    if value in (None, ""):
        raise ValidationFailed({"customer": [_("Choose the customer.")]})
    try:
        customer: Customer = get_visible(actor, "customer", int(getattr(value, "pk", value)))
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed({"customer": [_("Choose a customer you can see.")]}) from None
    if customer.is_archived:
        raise ValidationFailed({"customer": [_("This customer was merged into another: choose that one.")]})
    return customer


def _pipeline(value: Any) -> Pipeline:
    try:
        pipeline = Pipeline.objects.filter(pk=int(getattr(value, "pk", value))).first()
    except (TypeError, ValueError):
        pipeline = None
    if pipeline is None:
        raise ValidationFailed({"pipeline": [_("Choose a pipeline.")]})
    return pipeline


def _first_open_stage(pipeline: Pipeline) -> Stage:
    stage = pipeline.stages.filter(kind=StageKind.OPEN).order_by("position", "id").first()
    if stage is None:
        raise ValidationFailed({"stage": [_("This pipeline has no open stage yet.")]})
    return stage


def _contact_ids(value: Any, customer: Customer) -> list[int]:
    """Contacts of the deal's customer (ids); another customer's contact is refused."""
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, (str, int)) else list(value)
    try:
        ids = sorted({int(getattr(v, "pk", v)) for v in items if v not in (None, "")})
    except (TypeError, ValueError):
        raise ValidationFailed({"contacts": [_("Choose contacts of the deal's customer.")]}) from None
    if len(ids) > MAX_CONTACTS:
        raise ValidationFailed({"contacts": [_("At most %(max)d contacts.") % {"max": MAX_CONTACTS}]})
    found = set(Contact.objects.filter(pk__in=ids, customer_id=customer.pk).values_list("pk", flat=True))
    if found != set(ids):
        raise ValidationFailed({"contacts": [_("Choose contacts of the deal's customer.")]})
    return ids


def _collaborator_ids(value: Any) -> list[int]:
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, (str, int)) else list(value)
    if len(items) > MAX_COLLABORATORS:
        raise ValidationFailed(
            {"collaborators": [_("At most %(max)d collaborators.") % {"max": MAX_COLLABORATORS}]}
        )
    return sorted({active_user(v, "collaborators").pk for v in items})


def _names(model: Any, ids: list[int]) -> str:
    return "、".join(str(row.name) for row in model.objects.filter(pk__in=ids).order_by("pk"))


def deal_create(*, actor: Actor, data: dict[str, Any]) -> Deal:
    """A new deal of a customer the actor can see, in a stage of its pipeline (the pipeline's first open stage
    when none is named), owned by the actor or ``data["owner"]`` (with the assign right)."""
    require(actor, "deal", "create")
    cleaned = clean_deal_fields(data)
    errors: dict[str, list[str]] = {}
    customer: Customer | None = None
    pipeline: Pipeline | None = None
    stage: Stage | None = None
    try:
        customer = _customer(actor, data.get("customer"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
    try:
        pipeline = _pipeline(data.get("pipeline"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if pipeline is not None:
        if not pipeline.is_active:
            errors["pipeline"] = [_("This pipeline is no longer in use.")]
        else:
            try:
                stage = (
                    stage_of_pipeline(pipeline.pk, data["stage"])
                    if data.get("stage") not in (None, "")
                    else _first_open_stage(pipeline)
                )
            except ValidationFailed as exc:
                errors.update(exc.fields)
    if errors:
        raise ValidationFailed(errors)
    assert customer is not None and pipeline is not None and stage is not None
    contacts = _contact_ids(data.get("contacts"), customer)
    collaborators = _collaborator_ids(data.get("collaborators"))
    owner = owner_for_new_record(actor, "deal", data)
    if owner is None:
        raise ValidationFailed({"owner": [_("A deal needs an owner.")]})
    moment = now()
    closing = closing_values(stage, moment)
    check_stage_entry(stage, {**cleaned, **closing, "lost_reason": cleaned.get("lost_reason")}, len(contacts))
    if stage.kind != StageKind.LOST:
        cleaned["lost_reason"] = ""
    closing.pop("lost_reason", None)
    deal = Deal(
        **cleaned,
        **closing,
        customer=customer,
        pipeline=pipeline,
        stage=stage,
        owner=owner,
        stage_entered_at=moment,
    )

    def related(record: Deal) -> None:
        if contacts:
            record.contacts.set(contacts)
        if collaborators:
            record.collaborators.set(collaborators)
        record_stay(record, stage, actor, moment)

    with transaction.atomic():
        record_create(
            actor=actor, spec=DEAL_WRITES, record=deal, after_save=related, custom=data.get("custom")
        )
        if owner.pk != actor_id(actor):
            emit(
                "deal.assigned",
                deal_id=deal.pk,
                actor_id=actor_id(actor),
                owner_id=owner.pk,
                previous_owner_id=None,
            )
        _board_changed(pipeline.pk)
    return deal


def _apply_stage(change: Any, actor: Actor, stage: Stage, values: dict[str, Any]) -> dict[str, Any]:
    """Put the deal of ``change`` in ``stage`` (checked against what the stage needs); the move's event
    payload, or {} when the stage did not change."""
    deal = change.record
    if stage.pk == deal.stage_id:
        check_stage_entry(stage, values, deal.contacts.count())
        return {}
    check_stage_entry(stage, values, deal.contacts.count())
    moment = now()
    previous = deal.stage_id
    closing = closing_values(stage, moment, deal)
    change.set({"stage": stage, "stage_entered_at": moment, **closing})
    record_stay(deal, stage, actor, moment)
    return {
        "deal_id": deal.pk,
        "actor_id": actor_id(actor),
        "from_stage_id": previous,
        "to_stage_id": stage.pk,
        "state": stage.kind,
    }


def deal_update(*, actor: Actor, deal: Deal | int, data: dict[str, Any], version: Any) -> Deal:
    """Edit a deal's fields; ``stage`` (and ``pipeline``) move it with the same checks as ``deal_move``;
    ``owner`` transfers it (assign right); ``contacts`` and ``collaborators`` replace the current ones."""
    moved: dict[str, Any] = {}
    assigned: dict[str, Any] = {}
    with record_update(actor=actor, spec=DEAL_WRITES, record=deal, version=version) as change:
        record: Deal = change.record
        old_pipeline = record.pipeline_id
        cleaned = clean_deal_fields(data, partial=True, current=record)
        if "customer" in data and str(getattr(data["customer"], "pk", data["customer"])) != str(
            record.customer_id
        ):
            cleaned["customer"] = _customer(actor, data["customer"])
            if "contacts" not in data and record.contacts.exists():
                record.contacts.clear()
        customer = cleaned.get("customer", record.customer)
        if "contacts" in data:
            contacts = _contact_ids(data["contacts"], customer)
            before = list(record.contacts.order_by("pk").values_list("pk", flat=True))
            if contacts != before:
                record.contacts.set(contacts)
                change.note("contacts", _names(Contact, before), _names(Contact, contacts))
        if "collaborators" in data:
            collaborators = _collaborator_ids(data["collaborators"])
            before = list(record.collaborators.order_by("pk").values_list("pk", flat=True))
            if collaborators != before:
                record.collaborators.set(collaborators)
                change.note("collaborators", _names(User, before), _names(User, collaborators))
        if "owner" in data and str(getattr(data["owner"], "pk", data["owner"])) != str(record.owner_id):
            owner = active_user(data["owner"], "owner")
            check_assignable(actor, "deal", owner)
            assigned = {"owner_id": owner.pk, "previous_owner_id": record.owner_id}
            cleaned["owner"] = owner
        change.set(cleaned)
        pipeline_id = record.pipeline_id
        if data.get("pipeline") not in (None, "") and str(data["pipeline"]) != str(record.pipeline_id):
            target = _pipeline(data["pipeline"])
            if not target.is_active:
                raise ValidationFailed({"pipeline": [_("This pipeline is no longer in use.")]})
            pipeline_id = target.pk
            if data.get("stage") in (None, ""):
                raise ValidationFailed({"stage": [_("Choose a stage of the new pipeline.")]})
        if data.get("stage") not in (None, ""):
            stage = stage_of_pipeline(pipeline_id, data["stage"])
            if pipeline_id != record.pipeline_id:
                change.set({"pipeline_id": pipeline_id})
            moved = _apply_stage(change, actor, stage, _entry_values(record))
        else:
            check_stage_entry(record.stage, _entry_values(record), record.contacts.count())
        change.set_custom(data.get("custom"))
        if moved:
            emit("deal.moved", **moved)
        if assigned:
            emit("deal.assigned", deal_id=record.pk, actor_id=actor_id(actor), **assigned)
        _board_changed(old_pipeline, record.pipeline_id)
    return record


def _entry_values(deal: Deal) -> dict[str, Any]:
    return {"amount": deal.amount, "expected_close": deal.expected_close, "lost_reason": deal.lost_reason}


def deal_move(
    *, actor: Actor, deal: Deal | int, stage: Any, version: Any, data: dict[str, Any] | None = None
) -> Deal:
    """Move a deal to another stage of its pipeline (the kanban's drag). ``data`` may bring what the stage
    needs: ``lost_reason`` for a lost stage, ``amount`` / ``expected_close`` when the stage requires them.
    A stage of another pipeline is refused (400); a stale ``version`` answers 409 and nothing moves."""
    data = {k: v for k, v in (data or {}).items() if k in ("lost_reason", "amount", "expected_close")}
    with record_update(actor=actor, spec=DEAL_WRITES, record=deal, version=version) as change:
        record: Deal = change.record
        target = stage_of_pipeline(record.pipeline_id, stage)
        change.set(clean_deal_fields(data, partial=True, current=record))
        moved = _apply_stage(change, actor, target, _entry_values(record))
        if moved:
            emit("deal.moved", **moved)
            _board_changed(record.pipeline_id)
    return record


def deals_transfer(*, actor: Actor, ids: Any, to_user: Any) -> list[Deal]:
    """Give deals to another person (assign right reaching them; edit right on each deal), all or none."""
    owner = active_user(to_user, "to_user")
    check_assignable(actor, "deal", owner, field="to_user")
    done = []
    with transaction.atomic():
        rows = records_for_action(
            actor,
            "deal",
            check_bulk_ids(ids),
            "assign",
            not_found=_("Some of these deals no longer exist or are not visible to you."),
            forbidden=_("You may not transfer %(count)d of these deals."),
        )
        for row in rows:
            if row.owner_id != owner.pk:
                done.append(deal_update(actor=actor, deal=row, data={"owner": owner.pk}, version=row.version))
    return done


def deal_delete(*, actor: Actor, deal: Deal | int) -> None:
    pipeline_ids: list[int] = []

    def remember(record: Deal) -> None:
        pipeline_ids.append(record.pipeline_id)

    with transaction.atomic():
        record_delete(actor=actor, spec=DEAL_WRITES, record=deal, before_delete=remember)
        _board_changed(*pipeline_ids)


def deals_delete(*, actor: Actor, ids: Any) -> int:
    """Delete the ticked deals (delete right on each), all or none; the number deleted."""
    pipeline_ids: set[int] = set()
    with transaction.atomic():
        rows = records_for_action(
            actor,
            "deal",
            check_bulk_ids(ids),
            "delete",
            not_found=_("Some of these deals no longer exist or are not visible to you."),
            forbidden=_("You may not delete %(count)d of these deals."),
        )
        for row in rows:
            pipeline_ids.add(row.pipeline_id)
            record_delete(actor=actor, spec=DEAL_WRITES, record=row, locked=True)
        _board_changed(*pipeline_ids)
    return len(rows)
