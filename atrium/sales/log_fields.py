"""How deals and pipelines read in the operation log and the timeline, where the models' metadata is not
enough (``atrium.core.log_fields``). A deal's pipeline and stage read by their names: they are settings that
everyone who sees the deal may read (the pipeline kind's rights are for editing them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.log_fields import LogField, register_log_fields
from atrium.sales.list_columns import yuan
from atrium.sales.models import Pipeline, Stage


def _name_of(model: Any):
    def read(value: Any) -> str:
        if value in (None, ""):
            return "—"
        try:
            name = model.objects.filter(pk=int(value)).values_list("name", flat=True).first()
        except (TypeError, ValueError):
            return str(value)
        return name if name is not None else str(_("(deleted)"))

    return read


def _amount(value: Any) -> str:
    try:
        return yuan(None if value in (None, "") else Decimal(str(value)))
    except ArithmeticError:
        return str(value)


register_log_fields(
    "deal",
    pipeline=LogField(read=_name_of(Pipeline)),
    stage=LogField(read=_name_of(Stage)),
    amount=LogField(read=_amount),
    contacts=LogField(label=_("Contacts")),
    collaborators=LogField(label=_("Collaborators")),
)
register_log_fields(
    "pipeline",
    accepted_quote_stage=LogField(read=_name_of(Stage)),
    stage=LogField(label=pgettext_lazy("operation log", "Stage")),
    stages=LogField(label=pgettext_lazy("operation log", "Order of the stages")),
)


def _quote_version_field(key: str) -> LogField | None:
    """A quote's log row names the version it changed: "v2" reads 第 2 版 (its summary or status)."""
    if key.startswith("v") and key[1:].isdigit():
        return LogField(label=_("Version %(number)s") % {"number": key[1:]})
    return None


register_log_fields("quote", key_reader=_quote_version_field)
