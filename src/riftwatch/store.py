"""The DuckDB store: the only module with SQL.

Idempotent (ids are deterministic; an input already stored is a duplicate, not a new row), transactional per
batch, versioned by a `schema_version` table and the migrations below, which only ever append.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from .errors import ConfigError, StoreError
from .models import Article, CodedDocument, Event, Rejection, RunSummary, json_line

logger = logging.getLogger(__name__)

_ACTOR = ["text", "name", "country", "sector", "code"]
_LOCATION = ["name", "country", "lat", "lon", "geonames_id", "precision"]
_ATTRIBUTION = ["speaker", "anonymous", "via"]
_EVIDENCE = ["sentence", "start", "end", "trigger", "rule"]

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("article_id", "VARCHAR NOT NULL"),
    ("kind", "VARCHAR NOT NULL"),
    ("type", "VARCHAR NOT NULL"),
    ("mode", "VARCHAR"),
    ("context", "VARCHAR[]"),
    ("cameo", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    *[(f"source_{c}", "VARCHAR") for c in _ACTOR],
    *[(f"target_{c}", "VARCHAR") for c in _ACTOR],
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_geonames_id", "BIGINT"),
    ("location_precision", "VARCHAR"),
    ("certainty", "VARCHAR NOT NULL"),
    ("attribution_speaker", "VARCHAR"),
    ("attribution_anonymous", "BOOLEAN"),
    ("attribution_via", "VARCHAR"),
    ("evidence_sentence", "VARCHAR NOT NULL"),
    ("evidence_start", "INTEGER NOT NULL"),
    ("evidence_end", "INTEGER NOT NULL"),
    ("evidence_trigger", "VARCHAR"),
    ("evidence_rule", "VARCHAR"),
    ("dead", "INTEGER"),
    ("injured", "INTEGER"),
    ("size", "INTEGER"),
    ("confidence", "DOUBLE"),
]
ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("source_id", "VARCHAR NOT NULL"),
    ("title", "VARCHAR"),
    ("date", "DATE"),
    ("dateline", "VARCHAR"),
    ("url", "VARCHAR"),
    ("source_name", "VARCHAR"),
    ("text", "VARCHAR NOT NULL"),
    ("removed", "VARCHAR[]"),
    ("duplicate_of", "VARCHAR"),
]


# The articles table as migrated: the first migration's columns, then those later migrations add.
STORED_ARTICLE_COLUMNS = [*ARTICLE_COLUMNS, ("author", "VARCHAR")]
_NEAR_DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "source_id", "title", "date", "url", "source_name"]


def _table(name: str, columns: list[tuple[str, str]]) -> str:
    return f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})"


# Append only: a released migration is never edited, a new one is added below it.
MIGRATIONS: list[list[str]] = [
    [
        _table("articles", ARTICLE_COLUMNS),
        _table("events", EVENT_COLUMNS),
        """CREATE TABLE rejections (id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, reason VARCHAR NOT NULL,
           detail VARCHAR, rejected_at TIMESTAMP DEFAULT current_timestamp)""",
        # Every input document ever read, and what became of it: the accounting behind read = coded +
        # duplicates + rejected. A document seen again is not added again.
        """CREATE TABLE documents (source_id VARCHAR PRIMARY KEY, article_id VARCHAR, status VARCHAR NOT NULL,
           first_seen TIMESTAMP DEFAULT current_timestamp)""",
        """CREATE TABLE runs (id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
           inputs VARCHAR[], read INTEGER, coded INTEGER, duplicates INTEGER, rejected INTEGER,
           rejected_by_reason JSON, events INTEGER)""",
        "CREATE INDEX events_article ON events (article_id)",
    ],
    [
        # Near-duplicates (syndicated copies, re-posts): linked to the article they repeat, their events not
        # stored, so nothing is counted twice. Their input is in `documents` with status 'duplicate'.
        """CREATE TABLE near_duplicates (article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR NOT NULL,
           source_id VARCHAR NOT NULL, title VARCHAR, date DATE, url VARCHAR, source_name VARCHAR)""",
        # MinHash signatures of stored originals (riftwatch.dedup), so later and resumed runs find the same
        # near-duplicates an uninterrupted run would.
        "CREATE TABLE article_signatures (article_id VARCHAR PRIMARY KEY, minhash BLOB NOT NULL)",
        "ALTER TABLE articles ADD COLUMN author VARCHAR",
    ],
    # 3: an input is known by its source id *and* what it held: a new article under a reused source id
    # ('-' for standard input, an edited JSONL line) is a new input, not a repeat.
    [
        """CREATE TABLE documents_v3 (input_key VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, article_id VARCHAR,
           status VARCHAR NOT NULL, first_seen TIMESTAMP DEFAULT current_timestamp)""",
        """INSERT INTO documents_v3 SELECT source_id || '|' || coalesce(article_id, ''), source_id, article_id, status,
           first_seen FROM documents""",
        "DROP TABLE documents",
        "ALTER TABLE documents_v3 RENAME TO documents",
    ],
    # branch integrity: an actor without a code has code null, never "" (docs/CONTRACT.md).
    [
        "UPDATE events SET source_code = NULL WHERE source_code = ''",
        "UPDATE events SET target_code = NULL WHERE target_code = ''",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """A riftwatch DuckDB file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not os.path.exists(self.path):
            raise StoreError(f"no store at {self.path}: run `riftwatch ingest` first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
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

    # --- schema ------------------------------------------------------------------------------------------

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

    # --- writing -----------------------------------------------------------------------------------------

    def write_batch(
        self, documents: Sequence[CodedDocument], signatures: Mapping[str, bytes] | None = None
    ) -> list[bool]:
        """Store a batch in one transaction. Returns, per document, whether it was a duplicate: an input
        already stored, an article (same id) already stored from another input, or a near-duplicate
        (`article.duplicate_of` names another article). `signatures` (article id -> MinHash bytes) are
        stored with the new originals they belong to."""
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
        for document, key in zip(documents, keys, strict=True):
            if key in known_inputs:
                duplicates.append(document.rejection is None)
                continue
            known_inputs.add(key)
            if document.rejection is not None:
                rejections.append(_rejection_row(document.rejection))
                seen.append({"input_key": key, "source_id": document.source_id, "article_id": None, "status": "rejected"})
                duplicates.append(False)
                continue
            assert document.article is not None
            article = document.article
            copies = article.duplicate_of not in (None, article.id) and article.id not in known_articles
            is_duplicate = article.id in known_articles or copies
            duplicates.append(is_duplicate)
            if copies:
                near.append(
                    {"article_id": article.id, "duplicate_of": article.duplicate_of, "source_id": document.source_id,
                     "title": article.title, "date": article.date, "url": article.url, "source_name": article.source_name}
                )  # fmt: skip
            seen.append({"input_key": key, "source_id": document.source_id, "article_id": article.id,
                         "status": "duplicate" if is_duplicate else "coded"})  # fmt: skip
            if not is_duplicate:
                known_articles.add(article.id)
                articles.append(article_row(article))
                events.extend(event_row(event) for event in document.events)
                if signatures and article.id in signatures:
                    minhashes.append({"article_id": article.id, "minhash": signatures[article.id]})
        _refuse_shared_ids(events, self.path)
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("articles", STORED_ARTICLE_COLUMNS, articles)
            self._insert("events", EVENT_COLUMNS, events)
            self._check_events_stored(events)
            self._insert("rejections", [("id", ""), ("source_id", ""), ("reason", ""), ("detail", "")], rejections)
            self._insert("documents", [("input_key", ""), ("source_id", ""), ("article_id", ""), ("status", "")], seen)
            self._insert("near_duplicates", [(name, "") for name in _NEAR_DUPLICATE_COLUMNS], near)
            self._insert("article_signatures", [("article_id", ""), ("minhash", "")], minhashes)
            self.con.execute("COMMIT")
            logger.debug("committed a batch of %d documents to %s", len(documents), self.path)
        except duckdb.ConstraintException as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"refusing to drop an event: an id of this batch is already stored in {self.path} ({exc}); "
                "this is a bug in event ids, please report it"
            ) from exc
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        except StoreError:
            self.con.execute("ROLLBACK")
            raise
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
            raise StoreError(f"{len(events)} events were to be stored in {self.path}, {stored} are: nothing written")

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash bytes) of every stored original, in a stable order."""
        cursor = self.con.execute("SELECT article_id, minhash FROM article_signatures ORDER BY article_id")
        while rows := cursor.fetchmany(10000):
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)

    def near_duplicates(self) -> list[dict[str, Any]]:
        """Every near-duplicate input and the article it repeats."""
        cursor = self.con.execute(
            f"SELECT {', '.join(_NEAR_DUPLICATE_COLUMNS)} FROM near_duplicates ORDER BY duplicate_of, article_id"
        )
        return [dict(zip(_NEAR_DUPLICATE_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    def _existing(self, table: str, column: str, values: list[str]) -> set[str]:
        if not values:
            return set()
        rows = self.con.execute(f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?))", [values])
        return {row[0] for row in rows.fetchall()}

    def _insert(self, table: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = [name for name, _ in columns]
        # Events are never INSERT OR IGNORE: an id clash would drop an event silently, so it fails the batch.
        ignore = table != "events"
        self.con.register("incoming_batch", pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows]))
        # On failure the transaction is aborted and unregistering would fail too, hiding why; the name stays
        # registered until the next batch replaces it.
        self.con.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} ({', '.join(names)}) "
            f"SELECT {', '.join(names)} FROM incoming_batch"
        )
        self.con.unregister("incoming_batch")

    def record_run(self, run_id: str, started: dt.datetime, inputs: Sequence[str], summary: RunSummary) -> None:
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

    # --- reading -----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        result = {}
        for table in ("articles", "events", "rejections", "documents", "runs"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            result[table] = int(row[0]) if row else 0
        return result

    def articles(self) -> Iterator[Article]:
        cursor = self.con.execute(f"SELECT {', '.join(c for c, _ in STORED_ARTICLE_COLUMNS)} FROM articles ORDER BY date, id")
        names = [c for c, _ in STORED_ARTICLE_COLUMNS]
        for row in cursor.fetchall():
            yield Article.from_dict(dict(zip(names, row, strict=True)))

    def events(self) -> Iterator[Event]:
        names = [c for c, _ in EVENT_COLUMNS]
        cursor = self.con.execute(f"SELECT {', '.join(names)} FROM events ORDER BY date, article_id, evidence_start, id")
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield event_from_row(dict(zip(names, row, strict=True)))

    def rejections(self) -> list[Rejection]:
        rows = self.con.execute("SELECT source_id, reason, detail FROM rejections ORDER BY source_id").fetchall()
        return [Rejection.from_dict({"source_id": s, "reason": r, "detail": d}) for s, r, d in rows]

    def accounting(self) -> dict[str, int]:
        """Every input ever read, by what became of it."""
        rows = self.con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
        result = {"coded": 0, "duplicate": 0, "rejected": 0} | {status: int(n) for status, n in rows}
        result["read"] = sum(result.values())
        row = self.con.execute("SELECT count(*) FROM events").fetchone()
        result["events"] = int(row[0]) if row else 0
        return result

    def rejected_by_reason(self) -> dict[str, int]:
        rows = self.con.execute("SELECT reason, count(*) FROM rejections GROUP BY reason ORDER BY reason").fetchall()
        return {reason: int(n) for reason, n in rows}

    def overview(self, top: int = 10) -> dict[str, Any]:
        """Counts, date range, articles per quarter, top datelines and dyads, for summaries."""
        counts = self.counts()
        first, last = self.con.execute("SELECT min(date), max(date) FROM articles").fetchone() or (None, None)
        per_quarter = self.con.execute(
            """SELECT strftime(date, '%Y') || '-Q' || quarter(date) AS q, count(*) FROM articles
               WHERE date IS NOT NULL GROUP BY q ORDER BY q"""
        ).fetchall()
        datelines = self.con.execute(
            """SELECT dateline, count(*) AS n FROM articles WHERE dateline IS NOT NULL
               GROUP BY dateline ORDER BY n DESC, dateline LIMIT ?""",
            [top],
        ).fetchall()
        dyads = self.con.execute(
            """SELECT source_code, target_code, count(*) AS n, avg(goldstein) FROM events
               WHERE kind = 'event' AND source_country IS NOT NULL AND target_country IS NOT NULL
                 AND source_code <> target_code
               GROUP BY source_code, target_code ORDER BY n DESC, source_code, target_code LIMIT ?""",
            [top],
        ).fetchall()
        return {
            "articles": counts["articles"],
            "events": counts["events"],
            "rejections": counts["rejections"],
            "first_date": first,
            "last_date": last,
            "per_quarter": per_quarter,
            "datelines": datelines,
            "dyads": dyads,
        }

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query (for summaries and notebooks)."""
        return self.con.execute(sql, params or []).fetchall()

    def export_events(self, fmt: str, out: IO[bytes]) -> int:
        """Write every event as jsonl (contract shape), csv or parquet (flat columns); returns the count."""
        if fmt == "jsonl":
            count = 0
            for event in self.events():
                out.write((json_line(event.to_dict()) + "\n").encode("utf-8"))
                count += 1
            return count
        if fmt not in ("csv", "parquet"):
            raise ConfigError(f"unknown export format {fmt!r}: choose jsonl, csv or parquet")
        names = ", ".join(c for c, _ in EVENT_COLUMNS)
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"events.{fmt}"
            self.con.execute(
                f"COPY (SELECT {names} FROM events ORDER BY date, article_id, evidence_start, id) TO '{target}' ({options})"
            )
            with open(target, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)
        row = self.con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0


def article_row(article: Article) -> dict[str, Any]:
    row = article.to_dict()
    row["date"] = article.date
    return row


def event_row(event: Event) -> dict[str, Any]:
    data = event.to_dict()
    row: dict[str, Any] = {key: data[key] for key in ("id", "article_id", "kind", "type", "mode", "context", "cameo",
                                                       "goldstein", "quad_class", "date_precision", "certainty",
                                                       "dead", "injured", "size", "confidence")}  # fmt: skip
    row["date"] = event.date
    for role in ("source", "target"):
        actor = data[role] or {}
        row.update({f"{role}_{c}": actor.get(c) for c in _ACTOR})
    location = data["location"] or {}
    row.update({f"location_{c}": location.get(c) for c in _LOCATION})
    row.update({f"attribution_{c}": data["attribution"].get(c) for c in _ATTRIBUTION})
    row.update({f"evidence_{c}": data["evidence"].get(c) for c in _EVIDENCE})
    return row


def event_from_row(row: dict[str, Any]) -> Event:
    def nested(prefix: str, keys: list[str]) -> dict[str, Any]:
        return {key: row[f"{prefix}_{key}"] for key in keys}

    data = {key: row[key] for key in ("id", "article_id", "kind", "type", "mode", "context", "cameo", "goldstein",
                                       "quad_class", "date", "date_precision", "certainty", "dead", "injured",
                                       "size", "confidence")}  # fmt: skip
    for role in ("source", "target"):
        data[role] = nested(role, _ACTOR) if row[f"{role}_text"] is not None else None
    data["location"] = nested("location", _LOCATION) if row["location_name"] is not None else None
    data["attribution"] = nested("attribution", _ATTRIBUTION)
    data["evidence"] = nested("evidence", _EVIDENCE)
    return Event.from_dict(data)


def _refuse_shared_ids(events: list[dict[str, Any]], path: str) -> None:
    """Two events of one batch under one id: one would overwrite the other, so nothing is written."""
    seen: dict[str, dict[str, Any]] = {}
    for row in events:
        if row["id"] in seen:
            raise StoreError(
                f"refusing to drop an event: two events of article {row['article_id']} share the id {row['id']} "
                f"({seen[row['id']]['type']} and {row['type']}); nothing of this batch was written to {path}"
            )
        seen[row["id"]] = row


def input_key(document: CodedDocument) -> str:
    """What makes an input the same input again: its source id and the article it held."""
    return f"{document.source_id}|{document.article.id if document.article else ''}"


def _rejection_row(rejection: Rejection) -> dict[str, Any]:
    key = f"{rejection.source_id}\x00{rejection.reason}\x00{rejection.detail}"
    return rejection.to_dict() | {"id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]}


def iter_batches(documents: Iterable[CodedDocument], size: int) -> Iterator[list[CodedDocument]]:
    batch: list[CodedDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
