"""The people and departments a person's scope reaches: the owner and department filters, and whom customers
may be transferred to; the rule is core.access.reaches, which the transfer service checks too."""

from __future__ import annotations

from typing import Any

from atrium.accounts.models import Department, User
from atrium.core.access import departments_reached, people_reached, scope_of
from atrium.core.kinds import Scope


def people_in_scope(user: Any, scope: Scope) -> list[User]:
    """Active staff within a scope around ``user``: everyone, their department and below, or themselves."""
    return list(people_reached(user, scope))


def departments_in_scope(user: Any, scope: Scope) -> list[Department]:
    return list(departments_reached(user, scope))


def transfer_candidates(user: Any) -> list[User]:
    """Whom this person may hand customers to."""
    return people_in_scope(user, scope_of(user, "customer", "assign"))
