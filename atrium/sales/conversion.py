"""Converting a lead can also create a deal (customers' conversion steps): the person picks a pipeline (and
may name the deal and its amount); the deal is the new customer's, with the new contact, in the pipeline's
first open stage, owned by whoever converts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from atrium.core.access import can
from atrium.customers.conversion_steps import ConversionStep, register_conversion_step
from atrium.customers.models import OptionList
from atrium.fields.choice_options import active_values
from atrium.sales.models import Pipeline
from atrium.sales.services import deal_create


def _context(user: Any, lead: Any) -> dict[str, Any] | None:
    if not can(user, "deal", "create"):
        return None
    pipelines = list(Pipeline.objects.filter(is_active=True).order_by("position", "id"))
    if not pipelines:
        return None
    return {"pipelines": pipelines, "title": lead.company or lead.name}


def _read(post: Mapping[str, Any]) -> dict[str, Any] | None:
    pipeline = str(post.get("deal-pipeline", "") or "").strip()
    if not pipeline:
        return None
    return {
        "pipeline": pipeline,
        "title": str(post.get("deal-title", "") or ""),
        "amount": str(post.get("deal-amount", "") or ""),
    }


def _run(*, actor: Any, lead: Any, customer: Any, contact: Any, value: Any) -> Any:
    data = dict(value) if isinstance(value, Mapping) else {"pipeline": value}
    return deal_create(
        actor=actor,
        data={
            "title": data.get("title") or lead.company or lead.name,
            "customer": customer.pk,
            "pipeline": data.get("pipeline"),
            "amount": data.get("amount") or None,
            "contacts": [contact.pk],
            # The lead's source, unless that option was retired since (the lead keeps it, a new deal may not).
            "source": lead.source if lead.source in active_values(OptionList.SOURCE) else "",
        },
    )


register_conversion_step(
    ConversionStep(
        key="deal",
        template="sales/_lead_conversion.html",
        context=_context,
        read=_read,
        run=_run,
        order=10,
    )
)
