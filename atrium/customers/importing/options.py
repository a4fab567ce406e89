"""The admin-edited lists (industry, source) as option sources of the import: unknown values of a file can
be mapped to a listed one, or added to the list by people who may edit the customer settings — through the
options service, audited like an addition on the settings page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atrium.core.access import can


@dataclass(frozen=True)
class ChoiceOptionSource:
    option_list: str

    def values(self) -> set[str]:
        from atrium.customers.validation import active_option_values

        return active_option_values(self.option_list)

    def can_add(self, actor: Any) -> bool:
        return can(actor, "customer_settings", "edit")

    def add(self, actor: Any, value: str) -> str:
        from atrium.customers.services.options import option_create

        return option_create(actor=actor, option_list=self.option_list, value=value).value
