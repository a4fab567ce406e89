"""Keeping the search index in step with writes: called inside the service's transaction."""

from __future__ import annotations

from collections.abc import Iterable


def reindex_records(kind_key: str, ids: Iterable[int]) -> None:
    from atrium.core.search import reindex

    ids = [pk for pk in ids if pk is not None]
    if ids:
        reindex(kind_key, ids)


def unindex_records(kind_key: str, ids: Iterable[int]) -> None:
    from atrium.core.search import unindex

    ids = [pk for pk in ids if pk is not None]
    if ids:
        unindex(kind_key, ids)
