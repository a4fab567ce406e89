"""The demo company: each app adds its seeder here; ``atrium demo`` runs them in order, idempotently."""

from __future__ import annotations

from collections.abc import Callable

Seeder = Callable[[], object]
_seeders: list[tuple[int, str, Seeder]] = []


def register_seeder(order: int, name: str, seeder: Seeder) -> None:
    if all(existing != name for _o, existing, _s in _seeders):
        _seeders.append((order, name, seeder))


def run_seeders(echo: Callable[[str], None] = print) -> None:
    for _order, name, seeder in sorted(_seeders, key=lambda item: item[0]):
        echo(f"  · {name}")
        seeder()
