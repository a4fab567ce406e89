"""Sending COPY streams from a second thread while the caller prepares the next rows (PostgreSQL).

An import is Python work (reading, cleaning, building rows, tokenising) and database work (storing rows,
keeping indexes) of about the same size; done in turn, each waits for the other and a second core idles.
Inside ``copy_pipeline()``, ``bulk_insert.copy_rows`` hands its rows over to a thread that sends them, in
order, through the transaction's connection: the server stores one batch's rows while the caller builds the
rest of them and reads and checks the next batch (the thread waits on the server without holding the GIL).

Nothing else changes for the caller: before any other query on that connection — the ORM's, a savepoint,
``bulk_lookup.rows_matching``, the ids ``insert_rows`` reserves — everything handed over is written first
(``drain``), so every read sees what the import wrote before it, exactly as without the pipeline. The queue
holds a few hand-overs (memory stays flat). An error of the thread is raised in the caller at its next
hand-over, query or the end of the block; the end waits for every row, inside the caller's transaction, so
the commit comes after the last row and a rollback takes all of them.
"""

from __future__ import annotations

import io
import queue
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

DEPTH = 8  # hand-overs waiting at most (an import's batch is four: records, tags, log rows, index entries)
# Each time the socket takes more data the sending thread needs the GIL back; with Python's default switch
# interval (5 ms) it waits that long behind the caller's Python work while the server runs dry. A shorter one
# while a pipeline runs: 100,000 customers imported in 21.5 s instead of 26 s (bench/customers_import.py).
SWITCH_INTERVAL = 0.0005

_local = threading.local()


class _Pipeline:
    def __init__(self, connection: Any, depth: int) -> None:
        import psycopg

        connection.ensure_connection()
        self.alias = connection.alias
        self.raw = connection.connection
        self.formatting = psycopg.Cursor(self.raw)  # only its adapters: rows become COPY text in the caller
        self.jobs: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="copy-pipeline", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psycopg

        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:  # after an error the rest is dropped: the transaction is lost anyway
                    target, data = job
                    with psycopg.Cursor(self.raw) as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
                        copy.write(data)
            except BaseException as exc:  # raised in the caller's thread
                self.error = exc
            finally:
                self.jobs.task_done()

    def send(self, target: str, rows: Iterable[Sequence[Any]]) -> None:
        """Format the rows here (the C formatter of psycopg, as for a direct COPY) and queue the text: the
        thread then needs the GIL only for a few large writes, not once per row."""
        import psycopg
        from psycopg.copy import FileWriter

        self._raise()
        buffer = io.BytesIO()
        with psycopg.Copy(self.formatting, writer=FileWriter(buffer)) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        self.jobs.put((target, buffer.getvalue()))

    def drain(self) -> None:
        """Wait until everything handed over is written."""
        self.jobs.join()
        self._raise()

    def before_query(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.drain()
        return execute(sql, params, many, context)

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        self.formatting.close()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


class _SwitchInterval:
    """The process's GIL switch interval, shortened while at least one pipeline runs (in any thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved = sys.getswitchinterval()

    @contextmanager
    def shortened(self) -> Iterator[None]:
        with self.lock:
            if not self.users:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self.saved, SWITCH_INTERVAL))
            self.users += 1
        try:
            yield
        finally:
            with self.lock:
                self.users -= 1
                if not self.users:
                    sys.setswitchinterval(self.saved)


_switching = _SwitchInterval()


def active_pipeline(connection: Any) -> _Pipeline | None:
    """The pipeline this thread opened on this connection, if any."""
    pipeline = getattr(_local, "pipelines", {}).get(connection.alias)
    return pipeline if pipeline is not None and pipeline.raw is connection.connection else None


@contextmanager
def copy_pipeline(using: str = DEFAULT_DB_ALIAS, *, enabled: bool = True) -> Iterator[None]:
    """Inside the caller's transaction: COPYs of ``bulk_insert`` go through a sending thread until the block
    ends (PostgreSQL; elsewhere, when not ``enabled`` or when one is open already, nothing changes)."""
    connection = connections[using]
    pipelines = _local.__dict__.setdefault("pipelines", {})
    if not enabled or connection.vendor != "postgresql" or using in pipelines:
        yield
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("copy_pipeline() must run inside a transaction")
    pipeline = pipelines[using] = _Pipeline(connection, DEPTH)
    try:
        with connection.execute_wrapper(pipeline.before_query), _switching.shortened():
            yield
    except BaseException as exc:
        del pipelines[using]
        pipeline.stop()
        if pipeline.error is not None and pipeline.error is not exc:
            raise pipeline.error from exc  # the cause: what the caller met next is its consequence
        raise
    del pipelines[using]
    pipeline.stop()
    pipeline._raise()
