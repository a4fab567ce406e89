"""The error a create raises when the customer seems to exist already."""

from __future__ import annotations

from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.customers.selectors.duplicates import DuplicateHint


class DuplicateFound(ValidationFailed):
    """A customer with the same name or phone exists; ``hints`` say which (or only who owns it when the user
    may not see it). Saving again with ``force=True`` creates it anyway."""

    code = "duplicate"

    def __init__(self, hints: list[DuplicateHint]):
        fields: dict[str, list[str]] = {}
        for hint in hints:
            fields.setdefault(hint.matched_on, []).append(hint.message)
        super().__init__(fields, _("This customer may already exist."))
        self.hints = hints

    def as_dict(self) -> dict:
        return {**super().as_dict(), "hints": [hint.as_dict() for hint in self.hints]}
