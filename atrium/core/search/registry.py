"""The kinds of record that global search covers. Each app registers its own in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Model, Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchSpec:
    """How one kind of record is searched.

    ``kind`` is the search key (also the index table's name, ``search_<kind>``; create it in a migration with
    ``atrium.core.search.migrations.CreateSearchIndex``). ``fields`` are ORM paths whose values make the
    searchable text; related paths (``customer__name``) and list values (a JSON list of tags) work.
    ``title``/``subtitle`` are the fields shown in results, ``url_name`` the detail page (reversed with the
    record's id; a missing name gives no link), ``list_url_name`` the list page that filters by ``?q=`` (the
    results page links to it as "see all N"). ``access_kind`` is the ``core.kinds`` key that scopes results
    (the kind itself by default). ``indexed`` limits which records belong in the index (e.g. not archived).
    ``follows`` maps another search kind to the foreign key that points at it: when records of that kind are
    reindexed, the records here that point at them are reindexed too (a contact shows its customer's name).
    ``phones`` are the fields among ``fields`` that hold phone numbers: their digits are indexed too, so
    01012345678 finds 010-12345678 and the other way round. ``pinyin`` are the fields among ``fields``
    (names) that are also found by their pinyin and initials (筑城装饰 by ``zhucheng``, ``zhuch``, ``zc``,
    ``筑c``; see ``pinyin``); adding one needs a rebuild of the kind's index (a migration, as customers'
    ``0009_search_by_pinyin``). ``custom`` indexes the kind's searchable custom text fields too (from its
    ``custom`` column; ``core.custom_values.custom_search_keys``): the definitions' app reindexes the records
    holding a field's values when it becomes searchable or stops being so.
    """

    kind: str
    model: str
    fields: tuple[str, ...]
    title: str
    label: Promise | str
    subtitle: tuple[str, ...] = ()
    url_name: str | None = None
    list_url_name: str | None = None
    access_kind: str | None = None
    indexed: Q | None = None
    follows: Mapping[str, str] = field(default_factory=dict)
    phones: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    custom: bool = False

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    @property
    def scope_kind(self) -> str:
        return self.access_kind or self.kind

    @property
    def table(self) -> str:
        return index_table(self.kind)


def index_table(kind: str) -> str:
    if not kind.isidentifier() or not kind.islower():
        raise ValueError(f"search kind {kind!r} must be a lower-case identifier")
    return f"search_{kind}"


_specs: dict[str, SearchSpec] = {}


def register_search(spec: SearchSpec) -> SearchSpec:
    index_table(spec.kind)  # validates the key
    for name in (*spec.phones, *spec.pinyin):
        if name not in spec.fields:
            raise ValueError(f"search kind {spec.kind!r}: {name!r} is not one of its fields")
    existing = _specs.get(spec.kind)
    if existing is not None and existing != spec:
        raise ValueError(f"search kind {spec.kind!r} is registered twice with different definitions")
    _specs[spec.kind] = spec
    return spec


def get_spec(kind: str) -> SearchSpec:
    try:
        return _specs[kind]
    except KeyError:
        raise LookupError(f"unknown search kind {kind!r}") from None


def all_specs() -> list[SearchSpec]:
    return list(_specs.values())


def followers_of(kind: str) -> list[tuple[SearchSpec, str]]:
    """The specs that follow ``kind``, with the foreign key field that points at it."""
    return [(spec, spec.follows[kind]) for spec in _specs.values() if kind in spec.follows]
