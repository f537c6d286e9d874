"""The Store: a DuckDB file opened, locked against a second writer, and migrated to the current schema."""

from __future__ import annotations

import logging
import os
import re

import duckdb

from ..errors import StoreError
from .merged import MergedEvents
from .read import Reader
from .schema import MIGRATIONS, SCHEMA_VERSION
from .write import Writer

logger = logging.getLogger("riftwatch.store")


class Store(MergedEvents, Writer, Reader):
    """A riftwatch DuckDB file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not os.path.exists(self.path):
            raise StoreError(f"no store at {self.path}: run `riftwatch ingest` first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
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
        if not read_only:
            self._migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {self.schema_version()}, this riftwatch reads {SCHEMA_VERSION}: "
                "open it once without read_only to migrate it"
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

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
