"""Index storage per database backend: one table per search kind, record id → normalised text + tokens.

SQLite: ``search_<kind>`` (id, body) and a contentless FTS5 table ``search_<kind>_fts`` (``detail=none``)
whose rowid is the record id. The FTS5 ``ascii`` tokenizer only splits at ASCII punctuation and spaces, so each of
our space-separated tokens (CJK characters and pairs, digit grams, words) stays exactly one FTS5 token whatever
Unicode version SQLite knows. A contentless table cannot delete by rowid alone (SQLite < 3.43), so an entry is
deleted with the tokens recomputed from its stored body — after changing the tokeniser, run ``rebuild_index``.

PostgreSQL: ``search_<kind>`` (id, body, tokens tsvector) with a GIN index; the tsvector is built with
``array_to_tsvector`` from our tokens (no text-search parser or configuration involved).

A search is the AND of the query's tokens, then ``LIKE`` on the body for the pieces the tokens cannot prove.
The tokens are inlined as a quoted literal (they contain only letters, digits and CJK characters — checked),
so PostgreSQL always plans with the real ``tsquery`` and never with a generic prepared-statement plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from atrium.core.search.tokens import Either, QueryPlan, Term, document_tokens, is_index_token

FALLBACK_WINDOW = 20_000  # a query without any index token scans at most this many newest entries
WRITE_CHUNK = 500

POSTGRESQL, SQLITE = "postgresql", "sqlite"


def _check_vendor(vendor: str) -> None:
    if vendor not in (POSTGRESQL, SQLITE):
        raise NotImplementedError(f"the search index does not support the {vendor!r} database")


def create_statements(vendor: str, table: str) -> list[str]:
    _check_vendor(vendor)
    if vendor == SQLITE:
        return [
            f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')",
        ]
    return [
        f"CREATE TABLE {table} (id bigint PRIMARY KEY, body text NOT NULL, tokens tsvector NOT NULL)",
        f"CREATE INDEX {table}_tokens ON {table} USING gin (tokens)",
        # Track many more token frequencies than the default: with the default, a rare pair (雪琳) is
        # estimated at hundreds of rows and the planner walks the records' primary key instead (40x slower).
        f"ALTER TABLE {table} ALTER COLUMN tokens SET STATISTICS 1000",
    ]


def drop_statements(vendor: str, table: str) -> list[str]:
    _check_vendor(vendor)
    if vendor == SQLITE:
        return [f"DROP TABLE IF EXISTS {table}_fts", f"DROP TABLE IF EXISTS {table}"]
    return [f"DROP TABLE IF EXISTS {table}"]


def _chunks(items: Sequence, size: int = WRITE_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _token_text(body: str) -> str:
    return " ".join(sorted(document_tokens(body)))


def write_entries(connection, table: str, bodies: dict[int, str], *, fresh: bool = False) -> None:
    """Insert or replace the entries of these records. ``fresh``: the table holds none of them (rebuild)."""
    items = sorted(bodies.items())
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            if not fresh:
                _sqlite_delete(cursor, table, [pk for pk, _body in items])
            for chunk in _chunks(items):
                cursor.executemany(f"INSERT INTO {table} (id, body) VALUES (%s, %s)", chunk)
                cursor.executemany(
                    f"INSERT INTO {table}_fts (rowid, tokens) VALUES (%s, %s)",
                    [(pk, _token_text(body)) for pk, body in chunk],
                )
            return
        _check_vendor(connection.vendor)
        for chunk in _chunks(items, 5 * WRITE_CHUNK):
            _server_bound(connection, cursor).execute(
                f"INSERT INTO {table} (id, body, tokens) "
                "SELECT u.id, u.body, array_to_tsvector(string_to_array(u.tokens, ' ')) "
                "FROM unnest(%b::bigint[], %b::text[], %b::text[]) AS u(id, body, tokens) "
                "ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, tokens = EXCLUDED.tokens",
                [
                    [pk for pk, _body in chunk],
                    [body for _pk, body in chunk],
                    [_token_text(body) for _pk, body in chunk],
                ],
            )


def append_entries(connection, table: str, bodies: Iterable[tuple[int, str]]) -> None:
    """Add the entries of records the index has none of yet (just created), as ``(id, body)`` pairs that may
    come from a generator. PostgreSQL: one COPY, the tokens as tsvector text (they hold only letters, digits
    and CJK characters, so they need no quoting), tokenised while the server stores the rows before."""
    if connection.vendor == SQLITE:
        items = list(bodies)
        write_entries(connection, table, dict(items), fresh=True)
        return
    _check_vendor(connection.vendor)
    from atrium.core.bulk_insert import copy_rows

    copy_rows(
        connection,
        f"{table} (id, body, tokens)",
        ((pk, body, " ".join(document_tokens(body))) for pk, body in bodies),
    )


def _server_bound(connection, cursor):
    """A psycopg cursor that sends the arrays as parameters instead of quoting them into the SQL text (Django's
    default client-side binding spends longer on that than the database on the insert)."""
    import psycopg

    raw = connection.connection
    return psycopg.Cursor(raw) if isinstance(raw, psycopg.Connection) else cursor


def delete_entries(connection, table: str, ids: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            _sqlite_delete(cursor, table, ids)
            return
        _check_vendor(connection.vendor)
        for chunk in _chunks(list(ids), 5 * WRITE_CHUNK):
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s::bigint[])", [list(chunk)])


def _sqlite_delete(cursor, table: str, ids: Sequence[int]) -> None:
    for chunk in _chunks(list(ids)):
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"SELECT id, body FROM {table} WHERE id IN ({marks})", list(chunk))
        old = cursor.fetchall()
        if not old:
            continue
        cursor.executemany(
            f"INSERT INTO {table}_fts ({table}_fts, rowid, tokens) VALUES ('delete', %s, %s)",
            [(pk, _token_text(body)) for pk, body in old],
        )
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", list(chunk))


def start_rebuild(connection, table: str) -> None:
    """Empty the index for a rebuild (in the caller's transaction). On PostgreSQL the GIN index is dropped
    and made again by ``finish_rebuild``: building it once is many times faster than a million updates."""
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('delete-all')")
            return
        _check_vendor(connection.vendor)
        cursor.execute(f"TRUNCATE {table}")
        cursor.execute(f"DROP INDEX IF EXISTS {table}_tokens")


def finish_rebuild(connection, table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            cursor.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('optimize')")
            return
        cursor.execute(f"CREATE INDEX {table}_tokens ON {table} USING gin (tokens)")
        cursor.execute(f"ANALYZE {table}")  # fresh statistics, or the planner guesses badly after a reload


def _like_pattern(piece: str) -> str:
    escaped = piece.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _literal_tokens(plan: QueryPlan) -> None:
    for term in [*plan.terms, *(term for either in plan.either for term in either.terms)]:
        if not is_index_token(term.token):  # cannot happen with the tokeniser; guards the inlined literal
            raise ValueError(f"not an index token: {term.token!r}")


def _like_sql(plan: QueryPlan, column: str) -> tuple[str, list[str]]:
    clauses = [f"{column} LIKE %s ESCAPE '\\'" for _piece in plan.like_pieces]
    return " AND ".join(clauses), [_like_pattern(piece) for piece in plan.like_pieces]


def _fts5(term: Term) -> str:
    return f'"{term.token}"' + ("*" if term.prefix else "")


def _tsquery(term: Term) -> str:
    # Each lexeme quoted inside the tsquery text ('北京' & 'zhang':*), the quotes doubled inside the SQL literal.
    return f"''{term.token}''" + (":*" if term.prefix else "")


def _any_of(vendor: str, either: Either) -> str:
    if vendor == SQLITE:
        return "(" + " OR ".join(_fts5(term) for term in either.terms) + ")"
    return "(" + " | ".join(_tsquery(term) for term in either.terms) + ")"


def _either_sql(vendor: str, table: str, plan: QueryPlan) -> tuple[list[str], list[str]]:
    """The conditions on ``e`` of the eithers that may also match as typed: the text contains the piece, or
    the entry has one of its pinyin words (the index is asked for those after the other terms narrowed)."""
    clauses, params = [], []
    for either in plan.either:
        if either.like is None:
            continue
        if vendor == SQLITE:
            words = (
                f"e.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH '{_any_of(vendor, either)}')"
            )
        else:
            words = f"e.tokens @@ '{_any_of(vendor, either)}'::tsquery"
        clauses.append(f"(e.body LIKE %s ESCAPE '\\' OR {words})")
        params.append(_like_pattern(either.like))
    return clauses, params


def match_sql(
    vendor: str, table: str, plan: QueryPlan, newer_than: int | None = None, up_to: int | None = None
) -> tuple[str, list[str]]:
    """SQL selecting the ids of the records that match the plan (a subquery for ``pk IN (…)``); with
    ``newer_than`` / ``up_to`` (PostgreSQL) only records with a larger / at most that id, so a common term
    reads a slice of the index."""
    _check_vendor(vendor)
    _literal_tokens(plan)
    like, params = _like_sql(plan, "e.body")
    either_clauses, either_params = _either_sql(vendor, table, plan)
    filters = " AND ".join([clause for clause in (like, *either_clauses) if clause])
    params = params + either_params
    if not plan.uses_index:
        window = f"SELECT e.id FROM (SELECT id, body FROM {table} ORDER BY id DESC LIMIT {FALLBACK_WINDOW}) e"
        return f"{window} WHERE {filters}", params
    indexed = [either for either in plan.either if either.like is None]
    if vendor == SQLITE:
        expression = " AND ".join(
            [*(_fts5(term) for term in plan.terms), *(_any_of(vendor, either) for either in indexed)]
        )
        matched = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH '{expression}'"
        if not filters:
            return matched, []
        return f"SELECT e.id FROM {table} e WHERE e.id IN ({matched}) AND {filters}", params
    tsquery = " & ".join(
        [*(_tsquery(term) for term in plan.terms), *(_any_of(vendor, either) for either in indexed)]
    )
    condition = f"e.tokens @@ '{tsquery}'::tsquery"
    if newer_than is not None:
        condition += f" AND e.id > {int(newer_than)}"
    if up_to is not None:
        condition += f" AND e.id <= {int(up_to)}"
    return f"SELECT e.id FROM {table} e WHERE {condition}" + (f" AND {filters}" if filters else ""), params
