"""Global search over every kind of record that registers into it.

Apps register a ``SearchSpec`` per kind (``register_search``) and create its index table in a migration
(``operations.CreateSearchIndex``); services call ``reindex``/``unindex`` inside their transactions; list
selectors filter with ``search_filter``; the search box and ``GET /api/v1/search`` use ``search_everything``.
How text is cut into tokens: ``tokens``; how each database stores and queries them: ``storage``.
"""

from atrium.core.search.indexing import custom_keys_indexed, index_created, rebuild_index, reindex, unindex
from atrium.core.search.query import SearchHit, search_everything, search_filter
from atrium.core.search.registry import SearchSpec, register_search

__all__ = [
    "SearchHit",
    "SearchSpec",
    "custom_keys_indexed",
    "index_created",
    "rebuild_index",
    "register_search",
    "reindex",
    "search_everything",
    "search_filter",
    "unindex",
]
