"""Whether the demo company exists (``atrium demo`` runs the seeders of core.demo only on an empty database)."""

from __future__ import annotations

from atrium.accounts.demo import COMPANY
from atrium.accounts.models import Department


def demo_exists() -> bool:
    return Department.objects.filter(name=COMPANY, parent=None).exists()
