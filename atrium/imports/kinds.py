"""Import jobs as a kind of record for the access layer. The person who started a job always sees it (the
``member_q``), and so does whoever may import that kind of record for everyone (admins); a role may also
grant viewing import jobs by scope (own / department / all, by who started them)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.access import scope_of
from atrium.core.kinds import RecordKind, Scope, register_kind


def _started_or_imported_for_everyone(user: Any) -> Q:
    from atrium.imports.registry import import_specs

    for_everyone = [spec.key for spec in import_specs() if scope_of(user, spec.kind, "import") == Scope.ALL]
    return Q(created_by=user) | Q(kind__in=for_everyone)


IMPORT_JOB = register_kind(
    RecordKind(
        key="import_job",
        label=_("Import jobs"),
        model="imports.ImportJob",
        owner_field="created_by",
        member_q=_started_or_imported_for_everyone,
        actions=("view",),
    )
)
