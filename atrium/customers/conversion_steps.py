"""What else converting a lead does, registered by later apps (sales: "and create a deal in pipeline X"),
without customers knowing of them.

A step has a ``key``; the conversion's ``data[key]`` is what the person asked of it (None: nothing). The lead
page shows each step's ``template`` inside the convert form with ``context(user, lead)`` (None: the person may
not use the step, and it is not shown); the page's view turns the posted fields into the value with
``read(post)``. ``run(actor=, lead=, customer=, contact=, value=)`` runs inside the conversion's transaction,
after the customer and contact exist: its refusal (``ValidationFailed``, field names prefixed ``<key>.``)
rolls the whole conversion back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from atrium.core.errors import ValidationFailed


@dataclass(frozen=True)
class ConversionStep:
    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    read: Callable[[Mapping[str, Any]], Any]
    run: Callable[..., Any]
    order: int = 100


_steps: dict[str, ConversionStep] = {}


def register_conversion_step(step: ConversionStep) -> ConversionStep:
    _steps[step.key] = step
    return step


def conversion_steps() -> list[ConversionStep]:
    return sorted(_steps.values(), key=lambda s: (s.order, s.key))


def run_conversion_steps(
    *, actor: Any, lead: Any, customer: Any, contact: Any, data: Mapping[str, Any]
) -> None:
    for step in conversion_steps():
        value = data.get(step.key)
        if value in (None, "", {}):
            continue
        try:
            step.run(actor=actor, lead=lead, customer=customer, contact=contact, value=value)
        except ValidationFailed as exc:
            raise ValidationFailed(
                {f"{step.key}.{name}": messages for name, messages in exc.fields.items()}, exc.message
            ) from None


def read_conversion_steps(post: Mapping[str, Any]) -> dict[str, Any]:
    """What the lead page's convert form asked of each step."""
    return {step.key: step.read(post) for step in conversion_steps()}


def shown_conversion_steps(user: Any, lead: Any) -> list[tuple[ConversionStep, dict[str, Any]]]:
    shown = []
    for step in conversion_steps():
        context = step.context(user, lead)
        if context is not None:
            shown.append((step, context))
    return shown
