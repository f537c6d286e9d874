"""The Store: a DuckDB file opened, locked against a second writer, and migrated to the current schema."""

from __future__ import annotations

import logging
import os
import re
import time

import duckdb

from ..errors import StoreError
from ..settings import MEMORY_SIZE, Settings
from .merged import MergedEvents
from .read import Reader
from .schema import MIGRATIONS, SCHEMA_VERSION
from .write import Writer

logger = logging.getLogger("riftwatch.store")
CLOSE_WAIT = 30.0
# The share of the memory limit the store's indexes may hold before the store reopens its file (one eighth:
# 32 MB of the default 256 MB), see `Store.bound_index_memory`; never less than what one batch loads (a 256 KiB
# buffer per kind of node of every index it touches: ~5 MiB in the soak; with a 48 MB limit and no floor the
# store reopened after every batch) unless that is more than half the limit.
INDEX_SHARE = 8
MIN_INDEX_BUDGET = 16 * 2**20


class Store(MergedEvents, Writer, Reader):
    """A riftwatch DuckDB file. Use as a context manager, or call `close()`."""

    def __init__(
        self, path: str | os.PathLike[str], *, read_only: bool = False, memory_limit: str | None = None
    ) -> None:
        """`memory_limit`: what DuckDB may hold in memory (Settings.store_memory_limit; None: that setting as
        the environment gives it, "" DuckDB's own default)."""
        self.path = str(path)
        self.read_only = read_only
        if read_only and not os.path.exists(self.path):
            raise StoreError(f"no store at {self.path}: run `riftwatch ingest` first")
        self.con = self._connect()
        self._memory_limit = Settings.from_env().store_memory_limit if memory_limit is None else memory_limit
        self._limit_memory(self._memory_limit)
        limit = self.con.execute("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'").fetchall()
        limit_bytes = _bytes(str(limit[0][0])) if limit else 0
        self.index_budget = max(limit_bytes // INDEX_SHARE, min(MIN_INDEX_BUDGET, limit_bytes // 2))
        self.reopened = 0
        if not read_only:
            self._migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {self.schema_version()}, this riftwatch reads {SCHEMA_VERSION}: "
                "open it once without read_only to migrate it"
            )

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path, read_only=self.read_only)
        except duckdb.IOException as exc:
            # DuckDB lets one process write a file and locks it against every other: a second ingest (or an
            # export while an ingest runs) fails at once, and the file stays as the first process leaves it.
            if "lock" not in str(exc).lower():
                raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
            holder = re.search(r"PID (\d+)", str(exc))
            raise StoreError(
                f"the store {self.path} is in use by another process{f' (pid {holder.group(1)})' if holder else ''}: "
                "one process at a time may open a store; wait for it to finish, or use another --db"
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file. DuckDB (2.0 on) refuses to close a connection while a cursor taken from it (a
        reader handle of another thread) still runs a query: wait up to CLOSE_WAIT seconds for it to end."""
        deadline = time.monotonic() + CLOSE_WAIT
        while True:
            try:
                self.con.close()
                return
            except duckdb.Error as exc:
                if "busy" not in str(exc).lower() or time.monotonic() > deadline:
                    raise StoreError(f"cannot close the store {self.path}: {exc}") from exc
                time.sleep(0.05)

    def _limit_memory(self, limit: str) -> None:
        """DuckDB caches every block it reads or writes up to its memory limit (by default 80% of RAM): without
        a lower one, a long ingest keeps the whole store resident and its memory grows with the store."""
        if not limit:
            return
        if not MEMORY_SIZE.fullmatch(limit):
            self.con.close()
            raise StoreError(f"memory limit {limit!r} is not a size such as 256MB or 2GB")
        self.con.execute(f"SET memory_limit = '{limit}'")  # checked above: digits and a unit, nothing else

    def bound_index_memory(self) -> bool:
        """Keep the memory of the store's indexes bounded, whatever the store's size; called after every write.

        DuckDB (2.0.1) keeps an ART index (each primary key, each CREATE INDEX) on disk and loads the parts a
        write touches, to check a key, into memory counted against the memory limit; it never evicts them while
        the connection is open. Ids are hashes, so a long ingest touches every part: the loaded share grows
        with the store (~0.7 KiB a document in the soak) until writes fail for want of memory. Past
        `index_budget` (an INDEX_SHARE-th of the memory limit) the file is closed, which checkpoints it, and
        opened again: the indexes stay on disk, whole and enforced, and the next writes load what they touch.
        Returns whether it reopened. A connection another thread still reads through is left as it is."""
        if self.read_only or not self.index_budget:
            return False
        rows = self.con.execute(
            "SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'ART_INDEX'"
        ).fetchall()
        if not rows or int(rows[0][0]) <= self.index_budget:
            return False
        try:
            self.con.close()
        except duckdb.Error as exc:  # a reader's query still runs (DuckDB 2 refuses to close): keep it
            logger.debug("store %s not reopened: %s", self.path, exc)
            return False
        self.con = self._connect()
        self._limit_memory(self._memory_limit)
        self.reopened += 1
        logger.info(
            "store %s reopened: its indexes held %.0f MiB, more than the budget of %.0f MiB",
            self.path,
            int(rows[0][0]) / 2**20,
            self.index_budget / 2**20,
        )
        return True

    def memory(self) -> dict[str, int]:
        """What DuckDB holds in memory, in bytes, by its own account: each component of `duckdb_memory()`
        (buffer pool, ART indexes, ...), and the memory limit in force (`limit`). For diagnostics (the soak)."""
        rows = self.con.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
        usage = {str(tag).lower(): int(used) for tag, used in rows}
        limit = self.con.execute("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'").fetchone()
        usage["limit"] = _bytes(str(limit[0])) if limit else 0
        # What the buffer manager counts against the limit: more than the components above once indexes and
        # tables have been checkpointed (their blocks are no longer attributed to a component).
        used = self.con.execute("SELECT memory_usage FROM pragma_database_size() LIMIT 1").fetchone()
        usage["used"] = _bytes(str(used[0])) if used else 0
        return usage

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    def _migrate(self) -> None:
        try:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
            )
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer riftwatch (schema {current} > {SCHEMA_VERSION}): upgrade riftwatch"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                self.con.execute("BEGIN TRANSACTION")
                for statement in MIGRATIONS[version - 1]:
                    self.con.execute(statement)
                self.con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
                self.con.execute("COMMIT")
                logger.info("store %s migrated to schema %d", self.path, version)
        except duckdb.Error as exc:
            raise StoreError(f"cannot prepare the store {self.path}: {exc}") from exc


_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}
_UNITS |= {"tb": 1000**4, "tib": 1024**4, "bytes": 1}


def _bytes(text: str) -> int:
    """DuckDB's '1.2 GiB' / '512.0 MiB' -> bytes (0 when it cannot be read)."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text)
    if not match:
        return 0
    return int(float(match.group(1)) * _UNITS.get(match.group(2).lower() or "b", 1))
