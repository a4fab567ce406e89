"""The fixture registry of the permission sweep (``atrium/core/tests/test_route_sweep.py``).

The sweep requests every URL pattern and every API operation. A route with a keyword argument (``customer_id``,
``{lead_id}`` in the API, ``format``…) needs a value for it: each app registers, in
``atrium/<app>/tests/sweep_fixtures.py``,

- a maker per kind of record: ``@record_maker("customer")`` builds one record owned by sales2 (张华, 销售二部);
  a maker may use records made before it (``world.records["customer"]``, makers run in registration order,
  apps in INSTALLED_APPS order);
- one ``url_argument(name, record=…)`` per keyword argument, naming the record whose primary key fills it, or
  ``url_argument(name, values=(…))`` for arguments that are not records (an export format).

``directory=True`` marks records of the company directory that the default roles let every colleague view
(sales2 as a user, 销售二部): sales1 may read them but must not change them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules

from atrium.testing.personas import Personas

FIXTURE_MODULE = "tests.sweep_fixtures"


@dataclass
class SweepWorld:
    """The people and the records of one sweep: made once per test module."""

    personas: Personas
    readonly: Any  # a user whose only role grants "view" (all records) on every kind
    records: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UrlArgument:
    name: str
    record: str | None = None
    values: tuple[str, ...] = ()
    directory: bool = False

    def values_in(self, world: SweepWorld) -> list[str]:
        if self.record is not None:
            return [str(world.records[self.record].pk)]
        return list(self.values)


_makers: dict[str, Callable[[SweepWorld], Any]] = {}
_arguments: dict[str, UrlArgument] = {}


def record_maker(kind: str) -> Callable[[Callable[[SweepWorld], Any]], Callable[[SweepWorld], Any]]:
    """Register the function that makes this kind's record, owned by sales2."""

    def register(maker: Callable[[SweepWorld], Any]) -> Callable[[SweepWorld], Any]:
        if kind in _makers and _makers[kind] is not maker:
            raise ValueError(f"the sweep has two makers for {kind!r}")
        _makers[kind] = maker
        return maker

    return register


def url_argument(
    name: str, *, record: str | None = None, values: tuple[str, ...] = (), directory: bool = False
) -> None:
    """Register how the sweep fills the URL keyword argument (or API path parameter) ``name``."""
    if (record is None) == (not values):
        raise ValueError(f"url_argument({name!r}) takes either record= or values=")
    argument = UrlArgument(name=name, record=record, values=tuple(values), directory=directory)
    if name in _arguments and _arguments[name] != argument:
        raise ValueError(f"the sweep's URL argument {name!r} is registered twice, differently")
    _arguments[name] = argument


def load_sweep_fixtures() -> None:
    """Import every app's ``tests/sweep_fixtures.py``."""
    autodiscover_modules(FIXTURE_MODULE)


def argument(name: str) -> UrlArgument | None:
    return _arguments.get(name)


def make_records(world: SweepWorld) -> SweepWorld:
    for kind, maker in _makers.items():
        world.records[kind] = maker(world)
    return world
