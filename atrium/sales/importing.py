"""Importing deals (found by ``atrium.imports`` at start-up): each row names its customer (one the importer can
see, by exact name), its pipeline and stage by name (else the first active pipeline and its first open stage);
the deal's own fields are cleaned as the services clean them and the stage's requirements checked as on entering
it (``stage_entry``). New deals only: a deal has no field that tells which existing one a row would update."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.access import visible
from atrium.core.actors import actor_id
from atrium.core.audit import audit_records, snapshot
from atrium.core.bulk_insert import insert_instances
from atrium.core.custom_values import custom_log_values
from atrium.core.errors import ValidationFailed
from atrium.core.events import emit
from atrium.core.value_cleaning import clean_date
from atrium.customers.importing.cleaning import People, clean_cells
from atrium.customers.models import Customer, OptionList
from atrium.customers.validation import clean_text
from atrium.fields.choice_importing import ChoiceListSource, choice_list_cleaner
from atrium.fields.importing import (
    custom_cleaners,
    custom_defaults,
    required_custom_keys,
    split_custom,
    unique_import_check,
    with_defaults,
)
from atrium.imports.registry import (
    CheckedRow,
    ImportField,
    ImportOptionsLike,
    ImportSpec,
    SourceRow,
    register_import,
)
from atrium.sales.models import Deal, DealStageHistory, Pipeline, RequiredField, Stage, StageKind
from atrium.sales.services.deals import DEAL_FIELDS
from atrium.sales.services.stage_entry import check_stage_entry, closing_values
from atrium.sales.validation import clean_amount, clean_deal_fields

KIND = "deal"
FIELDS = (
    ImportField(
        "title",
        gettext_lazy("Deal name"),
        (
            "商机名称",
            "商机",
            "商机标题",
            "项目名称",
            "名称",
            "标题",
            "title",
            "deal",
            "deal name",
            "deal title",
        ),
        required=True,
    ),
    ImportField(
        "customer",
        gettext_lazy("Customer"),
        ("客户", "客户名称", "所属客户", "公司名称", "customer", "customer name", "company"),
        required=True,
    ),
    ImportField("pipeline", gettext_lazy("Pipeline"), ("销售流程", "流程", "pipeline")),
    ImportField("stage", gettext_lazy("Stage"), ("阶段", "销售阶段", "商机阶段", "stage")),
    ImportField(
        "amount",
        gettext_lazy("Amount"),
        ("金额", "商机金额", "预计金额", "金额(元)", "金额（元）", "amount", "value"),
    ),
    ImportField(
        "expected_close",
        gettext_lazy("Expected close date"),
        (
            "预计成交日期",
            "预计成交时间",
            "预计签约日期",
            "成交日期",
            "expected close",
            "expected close date",
            "close date",
        ),
    ),
    ImportField(
        "source",
        gettext_lazy("Source"),
        ("来源", "商机来源", "source"),
        options=ChoiceListSource(OptionList.SOURCE),
    ),
    ImportField(
        "lost_reason",
        gettext_lazy("Lost reason"),
        ("输单原因", "丢单原因", "lost reason"),
        options=ChoiceListSource(OptionList.LOST_REASON),
    ),
    ImportField("owner", gettext_lazy("Owner"), ("负责人", "所有者", "owner")),
    ImportField("notes", gettext_lazy("Notes"), ("备注", "说明", "notes", "note", "remark")),
)
FIELD_LABELS = {field.key: field.label for field in FIELDS}
OWN_FIELDS = ("title", "amount", "expected_close", "source", "lost_reason", "notes")
ENTRY_FIELDS = ("amount", "expected_close", "lost_reason")


def _clean_close(raw: str) -> Any:
    """A date as the deal form takes it, "2025/6/30" too (XLSX dates arrive as ISO text)."""
    return clean_date(raw.strip().replace("/", "-"))


class _Pipelines:
    """The pipelines and their stages by name (without regard to case), read once per import."""

    def __init__(self) -> None:
        self.by_name: dict[str, Pipeline] = {}
        self.default: Pipeline | None = None
        self.stages: dict[int, dict[str, Stage]] = {}
        self.first_open: dict[int, Stage] = {}
        for pipeline in Pipeline.objects.order_by("position", "id"):
            self.by_name.setdefault(pipeline.name.casefold(), pipeline)
            if self.default is None and pipeline.is_active:
                self.default = pipeline
        for stage in Stage.objects.order_by("pipeline_id", "position", "id"):
            self.stages.setdefault(stage.pipeline_id, {}).setdefault(stage.name.casefold(), stage)
            if stage.kind == StageKind.OPEN:
                self.first_open.setdefault(stage.pipeline_id, stage)


class DealChecker:
    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.people = People(actor, KIND)
        self.cleaners = {
            "title": lambda v: clean_text(v, max_length=120, required=True),
            "customer": lambda v: clean_text(v, max_length=200, required=True),
            "pipeline": lambda v: clean_text(v, max_length=60),
            "stage": lambda v: clean_text(v, max_length=40),
            "amount": clean_amount,
            "expected_close": _clean_close,
            "source": choice_list_cleaner(OptionList.SOURCE, options.values.get("source")),
            "lost_reason": choice_list_cleaner(OptionList.LOST_REASON, options.values.get("lost_reason")),
            "notes": lambda v: clean_text(v, max_length=10000),
            "owner": self.people.owner,
            **custom_cleaners(actor, KIND),
        }
        self.required = ("title", "customer", *required_custom_keys(actor, KIND))
        self.unique = unique_import_check(KIND)
        self.customers = visible(actor, "customer", Customer.objects.filter(is_archived=False))
        self.pipelines = _Pipelines()

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]:
        checked = [clean_cells(row, self.cleaners, self.required) for row in rows]
        for row in checked:
            self._own_fields(row)
        self._resolve_customers(checked)
        for source, row in zip(rows, checked, strict=True):
            self._place(row, mapped=set(source.values))
        self.unique.check(checked)
        return checked

    @staticmethod
    def _own_fields(row: CheckedRow) -> None:
        """The deal's own columns through the services' cleaning (``clean_deal_fields``)."""
        data = row.data or {}
        try:
            data.update(clean_deal_fields({k: data[k] for k in OWN_FIELDS if k in data}, partial=True))
        except ValidationFailed as exc:
            for key, messages in exc.fields.items():
                data.pop(key, None)
                row.fail(key, " ".join(str(m) for m in messages))

    def _resolve_customers(self, rows: list[CheckedRow]) -> None:
        names = {row.data["customer"] for row in rows if row.data and row.data.get("customer")}
        found: dict[str, list[int]] = {}
        for pk, name in self.customers.filter(name__in=names).values_list("id", "name"):
            found.setdefault(name, []).append(pk)
        for row in rows:
            data = row.data or {}
            name = data.pop("customer", None)
            if not name:
                continue
            ids = found.get(name, [])
            if len(ids) == 1:
                data["customer_id"] = ids[0]
            elif ids:
                row.fail("customer", _("Several customers are called “%(name)s”.") % {"name": name})
            else:
                row.fail(
                    "customer", _("No customer “%(name)s” among the customers you can see.") % {"name": name}
                )

    def _place(self, row: CheckedRow, mapped: set[str]) -> None:
        """The row's pipeline and stage, and what the stage needs of a deal entering it."""
        data = row.data or {}
        failed = {key for key, _reason in row.problems}
        if "pipeline" in failed or "stage" in failed:
            return
        pipeline = self._pipeline(row, data.pop("pipeline", ""))
        if pipeline is None:
            return
        stage = self._stage(row, pipeline, data.pop("stage", ""))
        if stage is None:
            return
        data["pipeline_id"], data["stage_id"] = pipeline.pk, stage.pk
        if stage.kind != StageKind.LOST and data.get("lost_reason"):
            row.hint("lost_reason", _("Only a lost deal keeps a lost reason: this one is left out."))
        if stage.kind != StageKind.LOST:
            data["lost_reason"] = ""
        if failed & set(ENTRY_FIELDS):
            return
        try:
            check_stage_entry(stage, {key: data.get(key) for key in ENTRY_FIELDS}, 0)
        except ValidationFailed as exc:
            for key, messages in exc.fields.items():
                self._entry_problem(row, stage, key, " ".join(str(m) for m in messages), mapped)

    def _pipeline(self, row: CheckedRow, name: str) -> Pipeline | None:
        if not name:
            if self.pipelines.default is None:
                row.fail("pipeline", _("There is no pipeline in use: an administrator sets one up first."))
            return self.pipelines.default
        pipeline = self.pipelines.by_name.get(name.casefold())
        if pipeline is None:
            row.fail("pipeline", _("No pipeline “%(name)s”.") % {"name": name})
        elif not pipeline.is_active:
            row.fail("pipeline", _("This pipeline is no longer in use."))
            return None
        return pipeline

    def _stage(self, row: CheckedRow, pipeline: Pipeline, name: str) -> Stage | None:
        if not name:
            stage = self.pipelines.first_open.get(pipeline.pk)
            if stage is None:
                row.fail("stage", _("This pipeline has no open stage yet."))
            return stage
        stage = self.pipelines.stages.get(pipeline.pk, {}).get(name.casefold())
        if stage is None:
            row.fail(
                "stage",
                _("The pipeline “%(pipeline)s” has no stage “%(stage)s”.")
                % {"pipeline": pipeline.name, "stage": name},
            )
        return stage

    @staticmethod
    def _entry_problem(row: CheckedRow, stage: Stage, key: str, message: str, mapped: set[str]) -> None:
        """A requirement of the stage; one the file has no column for is said with the field's name."""
        if key == RequiredField.CONTACTS:
            row.fail(
                "stage",
                _(
                    "The stage “%(stage)s” needs contacts, which an import cannot add: import into an earlier stage."
                )
                % {"stage": stage.name},
            )
        elif key in mapped:
            row.fail(key, message)
        else:
            row.fail("", f"{FIELD_LABELS[key]}: {message}")


class DealWriter:
    indexes_created = False  # the engine reindexes what it wrote

    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.defaults = custom_defaults(KIND)
        self.stages = {stage.pk: stage for stage in Stage.objects.all()}
        self.summary = _("Imported")

    def write_batch(self, rows: Sequence[CheckedRow]) -> tuple[list[int], list[int]]:
        moment = timezone.now()
        created = [self._new(dict(row.data or {}), moment) for row in rows]
        insert_instances(created)
        insert_instances(
            [
                DealStageHistory(
                    deal_id=deal.pk,
                    stage_id=deal.stage_id,
                    stage_name=self.stages[deal.stage_id].name,
                    entered_at=moment,
                    actor_id=actor_id(self.actor),
                )
                for deal in created
            ]
        )
        audit_records(
            actor=self.actor,
            action="create",
            kind=KIND,
            summary=self.summary,
            records=((deal.pk, deal.title, {}, _logged(deal)) for deal in created),
        )
        if created:
            emit("deal_board.changed", pipeline_ids=sorted({deal.pipeline_id for deal in created}))
        return [deal.pk for deal in created], []

    def _new(self, data: dict[str, Any], moment: Any) -> Deal:
        owner_id = data.pop("owner", self.actor.pk)
        custom = with_defaults(self.defaults, split_custom(data))
        closing = closing_values(self.stages[data["stage_id"]], moment)
        closing.pop("lost_reason", None)  # the checker kept it for a lost stage only
        return Deal(
            **data,
            **closing,
            stage_entered_at=moment,
            owner_id=owner_id,
            created_by_id=self.actor.pk,
            custom=custom,
        )


def _logged(deal: Deal) -> dict[str, Any]:
    """What the services log of a new deal (its fields, foreign keys by id), the filled ones."""
    values = {**snapshot(deal, DEAL_FIELDS), **custom_log_values(deal.custom)}
    return {key: value for key, value in values.items() if value not in ("", None)}


DEALS = ImportSpec(
    key="deals",
    kind=KIND,
    label=gettext_lazy("Deals"),
    fields=FIELDS,
    update_keys=(),
    make_checker=DealChecker,
    make_writer=DealWriter,
)
register_import(DEALS)
