"""Searching: ``search_filter`` for list selectors, ``search_everything`` for the global search box.

Matching is by substring for CJK text and digits (any length from 1 character, 3 digits), and by word prefix for
other words (``zhang`` finds zhangsan@example.com). What gives no index token — 1–2 digits, a single letter —
still narrows the AND of the other pieces through ``LIKE``; a query made only of such pieces looks at the
newest ``storage.FALLBACK_WINDOW`` records of the kind (bounded work, documented limitation).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connections, router, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse

from atrium.core.access import visible
from atrium.core.search import storage
from atrium.core.search.pinyin import name_spellings
from atrium.core.search.registry import SearchSpec, all_specs, get_spec
from atrium.core.search.tokens import normalise, query_plan

CANDIDATES = 200  # newest matches fetched per kind before ranking; never a count, never bm25/ts_rank
# PostgreSQL reads every match of a common term (有限公司: 6% of a million companies) before it can sort them;
# the global search first looks among the newest records only and searches all of them only when those
# hold fewer than CANDIDATES visible matches — the answer is the same newest CANDIDATES either way.
RECENT_WINDOW = 50_000
MAX_QUERY_LENGTH = 100
COUNT_CAP = 1000  # "1,000+" beyond this, like the lists


def search_filter(kind_key: str, text: str, *, newer_than: int | None = None, up_to: int | None = None) -> Q:
    """A filter for records of ``kind_key`` whose searchable text contains ``text`` (and, on PostgreSQL, whose
    id is above ``newer_than`` / at most ``up_to``). Empty text, or text without a letter, digit or CJK
    character, filters nothing (``Q()``)."""
    spec = get_spec(kind_key)
    plan = query_plan((text or "")[:MAX_QUERY_LENGTH])
    if plan.is_empty:
        return Q()
    vendor = connections[router.db_for_read(spec.model_class)].vendor
    if vendor != "postgresql":
        newer_than = up_to = None
    sql, params = storage.match_sql(vendor, spec.table, plan, newer_than, up_to)
    return Q(pk__in=RawSQL(sql, params))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    title: str
    subtitle: str
    url: str | None


def _detail_url(spec: SearchSpec, pk: int) -> str | None:
    if not spec.url_name:
        return None
    try:
        return reverse(spec.url_name, args=[pk])
    except NoReverseMatch:  # the detail page is not there (yet): a result without a link
        return None


def _rank(title: str, wanted: str, spellings: Sequence[str] = ()) -> int:
    """0 exact name, 1 name starts with the query, 2 name contains it (direct matches first); then by pinyin
    (``spellings``: the query in letters, for kinds whose name is found by pinyin): 3 the name's pinyin or
    initials start with it, 4 contain it; 5 matched elsewhere."""
    name = normalise(title)
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    if wanted in name:
        return 2
    if spellings:
        full, initials = name_spellings(name)
        if any(full.startswith(text) or initials.startswith(text) for text in spellings):
            return 3
        if any(text in full or text in initials for text in spellings):
            return 4
    return 5


def _recent_floor(spec: SearchSpec) -> int | None:
    """The id below the newest RECENT_WINDOW index entries (PostgreSQL only; None when there are fewer)."""
    connection = connections[router.db_for_read(spec.model_class)]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {spec.table}")
        newest = cursor.fetchone()[0] or 0
    return newest - RECENT_WINDOW if newest > RECENT_WINDOW else None


@contextmanager
def _serial_plans(spec: SearchSpec) -> Iterator[None]:
    """PostgreSQL reads the newest window without parallel workers: starting one costs about 20 ms on a small
    machine, more than the whole serial scan of the window (measured on 1,000,000 customers: 35 ms with a
    worker, 14 ms without). The rare read of the older entries keeps them: there they pay off."""
    connection = connections[router.db_for_read(spec.model_class)]
    if connection.vendor != "postgresql":
        yield
        return
    setting = "max_parallel_workers_per_gather"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Local to the transaction, and put back after: a caller's own transaction keeps its plans.
        cursor.execute("SELECT current_setting(%s), set_config(%s, '0', true)", [setting, setting])
        before = cursor.fetchone()[0]
        try:
            yield
        finally:
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, before])


def _matches(user, spec: SearchSpec, text: str, newer_than: int | None = None, up_to: int | None = None):
    found = search_filter(spec.kind, text, newer_than=newer_than, up_to=up_to)
    return visible(user, spec.scope_kind, spec.model_class._default_manager.filter(found))


def _newest_matches(user, spec: SearchSpec, text: str, floor: int | None) -> tuple[list[dict], bool]:
    """The newest CANDIDATES visible matches, and whether they are all there are. The newest RECENT_WINDOW
    entries are read first; only when they hold too few, the older ones (never the window twice)."""
    fields = [spec.title, *spec.subtitle]

    def newest(qs, limit: int) -> list[dict]:
        return list(qs.order_by("-pk").values("pk", *fields)[:limit])

    rows = []
    if floor is not None:
        with _serial_plans(spec):
            rows = newest(_matches(user, spec, text, newer_than=floor), CANDIDATES)
    if len(rows) < CANDIDATES:
        rows += newest(_matches(user, spec, text, up_to=floor), CANDIDATES - len(rows))
        return rows, len(rows) < CANDIDATES
    return rows, False


def _hits_of_kind(user, spec: SearchSpec, text: str, limit: int) -> tuple[list[SearchHit], int | None]:
    """The best ``limit`` hits, and how many visible matches there are when the candidates were all of them."""
    rows, complete = _newest_matches(user, spec, text, _recent_floor(spec))
    wanted = normalise(text.strip())
    spellings = query_plan(text).pinyin if spec.title in spec.pinyin else []
    rows.sort(key=lambda row: _rank(str(row[spec.title] or ""), wanted, spellings))  # stable: newest first
    hits = [
        SearchHit(
            kind=spec.kind,
            id=row["pk"],
            title=str(row[spec.title] or ""),
            subtitle=" · ".join(str(row[name]) for name in spec.subtitle if row[name]),
            url=_detail_url(spec, row["pk"]),
        )
        for row in rows[:limit]
    ]
    return hits, (len(rows) if complete else None)


def searchable_kinds() -> list[str]:
    return [spec.kind for spec in all_specs()]


def search_everything(user, text: str, kinds: list[str] | None = None, limit: int = 5) -> list[SearchHit]:
    """The best ``limit`` matches of each kind the user may see, grouped by kind in registration order."""
    if query_plan((text or "")[:MAX_QUERY_LENGTH]).is_empty:
        return []
    hits: list[SearchHit] = []
    for spec in all_specs():
        if kinds is None or spec.kind in kinds:
            hits.extend(_hits_of_kind(user, spec, text[:MAX_QUERY_LENGTH], limit)[0])
    return hits


def count_label(number: int) -> str:
    """ "37" or "1,000+" (beyond COUNT_CAP), like the lists."""
    return f"{COUNT_CAP:,}+" if number > COUNT_CAP else f"{number:,}"


def _capped_count(user, spec: SearchSpec, text: str) -> int:
    """How many visible matches, counting at most COUNT_CAP + 1 (the newest window first on PostgreSQL)."""
    cap = COUNT_CAP
    floor = _recent_floor(spec)
    if floor is None:
        return _matches(user, spec, text).order_by()[: cap + 1].count()
    with _serial_plans(spec):
        recent = _matches(user, spec, text, newer_than=floor).order_by()[: cap + 1].count()
    if recent > cap:
        return recent
    return recent + _matches(user, spec, text, up_to=floor).order_by()[: cap + 1 - recent].count()


def _list_url(spec: SearchSpec, text: str) -> str | None:
    if not spec.list_url_name:
        return None
    try:
        return f"{reverse(spec.list_url_name)}?{urlencode({'q': text})}"
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    label: str
    hits: list[SearchHit]
    total: str = ""  # "37" or "1,000+" when there are more matches than hits shown, else ""
    list_url: str | None = None  # the kind's list filtered by the query ("see all")


def search_grouped(user, text: str, kinds: list[str] | None = None, limit: int = 10) -> list[SearchGroup]:
    """One group per kind that has hits (for the results page); a group with more matches than it shows
    says how many (capped, never an exact count over a large set) and links to the filtered list."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    if query_plan(text).is_empty:
        return []
    groups = []
    for spec in all_specs():
        if kinds is not None and spec.kind not in kinds:
            continue
        hits, known = _hits_of_kind(user, spec, text, limit)
        if not hits:
            continue
        number = known if known is not None else _capped_count(user, spec, text)
        total = count_label(number) if number > len(hits) else ""
        groups.append(
            SearchGroup(
                kind=spec.kind,
                label=str(spec.label),
                hits=hits,
                total=total,
                list_url=_list_url(spec, text) if total else None,
            )
        )
    return groups
