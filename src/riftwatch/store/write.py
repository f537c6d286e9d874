"""Writing to the store: coded batches in one transaction each, imported events, run records."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..models import CodedDocument, Event, Rejection, RunSummary, Signature
from .rows import article_row, event_row, input_key, refuse_shared_ids, rejection_row
from .schema import (
    ALL_EVENT_COLUMNS,
    BUCKET_COLUMNS,
    EVENT_COLUMNS,
    NEAR_DUPLICATE_COLUMNS,
    STORED_ARTICLE_COLUMNS,
)

logger = logging.getLogger("riftwatch.store")


class Writer:
    """The writing half of `Store` (which opens the connection and migrates the schema)."""

    path: str
    con: duckdb.DuckDBPyConnection

    def bound_index_memory(self) -> bool:
        """Overridden by `Store`: release what the indexes hold past their budget (called after each write)."""
        return False

    def write_batch(
        self, documents: Sequence[CodedDocument], signatures: Mapping[str, Signature] | None = None
    ) -> list[bool]:
        """Store a batch in one transaction. Returns, per document, whether it was a duplicate: an input
        already stored, an article (same id) already stored from another input, or a near-duplicate
        (`article.duplicate_of` names another article). `signatures` (article id -> Signature) are stored,
        with their LSH buckets, with the new originals they belong to."""
        keys = [input_key(d) for d in documents]
        known_inputs = self._existing("documents", "input_key", keys)
        article_ids = [d.article.id for d in documents if d.article is not None]
        known_articles = self._existing("articles", "id", article_ids)
        duplicates: list[bool] = []
        articles: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        rejections: list[dict[str, Any]] = []
        seen: list[dict[str, Any]] = []
        near: list[dict[str, Any]] = []
        minhashes: list[dict[str, Any]] = []
        buckets: list[dict[str, Any]] = []
        for document, key in zip(documents, keys, strict=True):
            if key in known_inputs:
                duplicates.append(document.rejection is None)
                continue
            known_inputs.add(key)
            if document.rejection is not None:
                rejections.append(rejection_row(document.rejection))
                seen.append(
                    {
                        "input_key": key,
                        "source_id": document.source_id,
                        "article_id": None,
                        "status": "rejected",
                    }
                )
                duplicates.append(False)
                continue
            assert document.article is not None
            article = document.article
            copies = article.duplicate_of not in (None, article.id) and article.id not in known_articles
            is_duplicate = article.id in known_articles or copies
            duplicates.append(is_duplicate)
            if copies:
                near.append(
                    {
                        "article_id": article.id,
                        "duplicate_of": article.duplicate_of,
                        "source_id": document.source_id,
                        "title": article.title,
                        "date": article.date,
                        "url": article.url,
                        "source_name": article.source_name,
                    }
                )
            seen.append(
                {
                    "input_key": key,
                    "source_id": document.source_id,
                    "article_id": article.id,
                    "status": "duplicate" if is_duplicate else "coded",
                }
            )
            if not is_duplicate:
                known_articles.add(article.id)
                articles.append(article_row(article))
                events.extend(event_row(event) for event in document.events)
                if signatures and article.id in signatures:
                    sig = signatures[article.id]
                    minhashes.append({"article_id": article.id, "minhash": sig.minhash})
                    buckets.extend(
                        {"layout": sig.layout, "bucket": bucket, "article_id": article.id}
                        for bucket in sig.buckets
                    )
        refuse_shared_ids(events, self.path)
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("articles", STORED_ARTICLE_COLUMNS, articles)
            self._insert("events", ALL_EVENT_COLUMNS, events)
            self._check_events_stored(events)
            self._insert(
                "rejections", [("id", ""), ("source_id", ""), ("reason", ""), ("detail", "")], rejections
            )
            self._insert(
                "documents", [("input_key", ""), ("source_id", ""), ("article_id", ""), ("status", "")], seen
            )
            self._insert("near_duplicates", [(name, "") for name in NEAR_DUPLICATE_COLUMNS], near)
            self._insert("article_signatures", [("article_id", ""), ("minhash", "")], minhashes)
            self._insert("signature_buckets", BUCKET_COLUMNS, buckets)
            self.con.execute("COMMIT")
            logger.debug("committed a batch of %d documents to %s", len(documents), self.path)
        except duckdb.ConstraintException as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"refusing to drop an event: an id of this batch is already stored in {self.path} ({exc}); "
                "this is a bug in event ids, please report it"
            ) from exc
        except duckdb.OutOfMemoryException as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"the store {self.path} needs more memory than its limit allows ({str(exc).splitlines()[0]}): "
                "raise RIFTWATCH_STORE_MEMORY_LIMIT (e.g. 2GB)"
            ) from exc
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        except StoreError:
            self.con.execute("ROLLBACK")
            raise
        self.bound_index_memory()
        return duplicates

    def _check_events_stored(self, events: list[dict[str, Any]]) -> None:
        """Events counted = events stored: every event of the batch is in the table under its article."""
        if not events:
            return
        article_ids = sorted({row["article_id"] for row in events})
        [(stored,)] = self.con.execute(
            "SELECT count(*) FROM events WHERE article_id IN (SELECT unnest(?))", [article_ids]
        ).fetchall()
        if stored != len(events):
            raise StoreError(
                f"{len(events)} events were to be stored in {self.path}, {stored} are: nothing written"
            )

    def write_imported(self, events: Sequence[Event], rejections: Sequence[Rejection]) -> tuple[int, int]:
        """Store events read from another dataset (GDELT, ICEWS, PLOVER) and the rows that could not be
        read. Returns (stored, already present): an event id seen before is not stored again."""
        known = self._existing("events", "id", [event.id for event in events])
        fresh, seen = [], set(known)
        for event in events:
            if event.id not in seen:
                seen.add(event.id)
                fresh.append(event_row(event))
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("events", EVENT_COLUMNS, fresh)
            self._insert(
                "rejections",
                [("id", ""), ("source_id", ""), ("reason", ""), ("detail", "")],
                [rejection_row(r) for r in rejections],
            )
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        self.bound_index_memory()
        return len(fresh), len(events) - len(fresh)

    def add_buckets(self, layout: str, rows: Sequence[tuple[str, Sequence[int]]]) -> None:
        """LSH bucket keys of stored originals, (article id, keys) pairs, in one transaction."""
        values = [
            {"layout": layout, "bucket": bucket, "article_id": article_id}
            for article_id, keys in rows
            for bucket in keys
        ]
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("signature_buckets", BUCKET_COLUMNS, values)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc

    def record_run(
        self, run_id: str, started: dt.datetime, inputs: Sequence[str], summary: RunSummary
    ) -> None:
        values = summary.to_dict()
        self.con.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, current_timestamp, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                list(inputs),
                values["read"],
                values["coded"],
                values["duplicates"],
                values["rejected"],
                json.dumps(values["rejected_by_reason"]),
                values["events"],
            ],
        )

    def _existing(self, table: str, column: str, values: list[str]) -> set[str]:
        if not values:
            return set()
        rows = self.con.execute(
            f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?))", [values]
        )
        return {row[0] for row in rows.fetchall()}

    def _insert(self, table: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = [name for name, _ in columns]
        # Events are never INSERT OR IGNORE: an id clash would drop an event silently, so it fails the batch.
        # Bucket rows have no key to clash on (they come with a new original only).
        ignore = table not in ("events", "signature_buckets")
        # Column by column, as `pa.Table.from_pylist` builds it, without a dict per row first.
        columns = [[row.get(name) for row in rows] for name in names]
        self.con.register("incoming_batch", pa.Table.from_arrays(columns, names))
        # On failure the transaction is aborted and unregistering would fail too, hiding why; the name stays
        # registered until the next batch replaces it.
        self.con.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} ({', '.join(names)}) "
            f"SELECT {', '.join(names)} FROM incoming_batch"
        )
        self.con.unregister("incoming_batch")
