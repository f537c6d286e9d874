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
import re
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from .errors import ConfigError, StoreError
from .models import Article, CodedDocument, Event, Rejection, RunSummary, Signature, json_line

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
# The events table as migrated: the first migration's columns, then the ACLED class and the background flag.
STORED_EVENT_COLUMNS = [
    *EVENT_COLUMNS,
    ("acled_event_type", "VARCHAR"),
    ("acled_sub_event_type", "VARCHAR"),
    ("background", "BOOLEAN"),
]
_BUCKET_COLUMNS = [("layout", ""), ("bucket", ""), ("article_id", "")]
_NEAR_DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "source_id", "title", "date", "url", "source_name"]


def _table(name: str, columns: list[tuple[str, str]]) -> str:
    return f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})"


MERGED_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("article_id", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("type", "VARCHAR"),
    ("types", "VARCHAR[]"),
    ("family", "VARCHAR"),
    ("certainty", "VARCHAR"),
    ("cameo", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    *[
        (f"{role}_{c}", "VARCHAR")
        for role in ("source", "target")
        for c in ("key", "code", "country", "sector", "name")
    ],
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_earliest", "DATE"),
    ("date_latest", "DATE"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_precision", "VARCHAR"),
    ("attribution_anonymous", "BOOLEAN"),
    ("num_mentions", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("num_sources", "INTEGER"),
    ("corroboration", "DOUBLE"),
    *[
        (f"{n}_{s}", "INTEGER[]" if s == "reported" else "INTEGER")
        for n in ("dead", "injured", "size")
        for s in ("reported", "min", "max")
    ],
    ("first_reported", "DATE"),
    ("last_reported", "DATE"),
    ("mention_ids", "VARCHAR[]"),
]
MERGED_MENTION_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("merged_id", "VARCHAR NOT NULL"),
    ("article_id", "VARCHAR NOT NULL"),
    ("outlet", "VARCHAR"),
    ("published", "DATE"),
    ("block", "VARCHAR NOT NULL"),
    ("date_lo", "DATE"),
    ("date_hi", "DATE"),
    ("own_date", "BOOLEAN"),
    ("weight", "DOUBLE"),
]
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
    # branch events-what: ACLED's class of an event beside PLOVER and CAMEO, and whether it is background.
    [
        "ALTER TABLE events ADD COLUMN acled_event_type VARCHAR",
        "ALTER TABLE events ADD COLUMN acled_sub_event_type VARCHAR",
        "ALTER TABLE events ADD COLUMN background BOOLEAN DEFAULT false",
    ],
]

# branch who: `implied` on the source and target actors (docs/CONTRACT.md ACTOR).
IMPLIED_COLUMNS: list[tuple[str, str]] = [("source_implied", "BOOLEAN"), ("target_implied", "BOOLEAN")]
MIGRATIONS.append([f"ALTER TABLE events ADD COLUMN {name} {kind}" for name, kind in IMPLIED_COLUMNS])
# branch `merge`: one real-world event told by many articles (riftwatch.merge). A merged event and its
# mentions (the stored events that report it), with what merging compares kept beside each mention.
MIGRATIONS.append(
    [
        _table("merged_events", MERGED_COLUMNS),
        _table("merged_mentions", MERGED_MENTION_COLUMNS),
        "CREATE INDEX merged_mentions_merged ON merged_mentions (merged_id)",
        "CREATE INDEX merged_mentions_block ON merged_mentions (block, date_lo)",
    ]
)
# branch `memory`: the LSH buckets of stored originals (riftwatch.dedup.StoreIndex), so that near-duplicate
# detection asks the store once per batch instead of keeping every signature in memory. No index on purpose:
# DuckDB keeps an ART index in memory (it grew by ~0.6 KB per article, and look-ups by a list of keys do not
# use it); a scan of the two integer-like columns per batch keeps memory flat.
MIGRATIONS.append(
    [
        "CREATE TABLE signature_buckets (layout VARCHAR NOT NULL, bucket BIGINT NOT NULL, article_id VARCHAR NOT NULL)"
    ]
)
# The events table as the latest migration leaves it (the first migration creates EVENT_COLUMNS).
ALL_EVENT_COLUMNS = STORED_EVENT_COLUMNS + IMPLIED_COLUMNS

SCHEMA_VERSION = len(MIGRATIONS)


class Store:
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
                rejections.append(_rejection_row(document.rejection))
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
        _refuse_shared_ids(events, self.path)
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
            self._insert("near_duplicates", [(name, "") for name in _NEAR_DUPLICATE_COLUMNS], near)
            self._insert("article_signatures", [("article_id", ""), ("minhash", "")], minhashes)
            self._insert("signature_buckets", _BUCKET_COLUMNS, buckets)
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
            raise StoreError(
                f"{len(events)} events were to be stored in {self.path}, {stored} are: nothing written"
            )

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash bytes) of every stored original, in a stable order."""
        cursor = self.con.execute("SELECT article_id, minhash FROM article_signatures ORDER BY article_id")
        while rows := cursor.fetchmany(10000):
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)

    def stored_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Which of these articles are stored (as originals: a near-duplicate's article is not)."""
        return self._existing("articles", "id", list(article_ids))

    def originals_in_buckets(self, buckets: Iterable[int]) -> list[tuple[int, str, bytes]]:
        """(bucket, article id, MinHash bytes) of the stored originals under these LSH bucket keys: one scan of
        the bucket table, then the signatures of the few articles found."""
        wanted = list(buckets)
        if not wanted:
            return []
        found = self.con.execute(
            "SELECT bucket, article_id FROM signature_buckets WHERE bucket IN (SELECT unnest(?))", [wanted]
        ).fetchall()
        if not found:
            return []
        ids = sorted({article_id for _, article_id in found})
        minhashes = dict(
            self.con.execute(
                "SELECT article_id, minhash FROM article_signatures WHERE article_id IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        )
        return [(bucket, article_id, bytes(minhashes[article_id])) for bucket, article_id in found]

    def signatures_without_buckets(self, layout: str, page: int = 5000) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash bytes) of stored originals with no buckets under `layout` (stored by an older
        riftwatch, or under another threshold's banding), in a stable order. Read a page at a time, so that the
        caller may write buckets between pages and memory holds one page."""
        after = ""
        while rows := self.con.execute(
            "SELECT s.article_id, s.minhash FROM article_signatures s WHERE s.article_id > ? AND NOT EXISTS "
            "(SELECT 1 FROM signature_buckets b WHERE b.layout = ? AND b.article_id = s.article_id) "
            "ORDER BY s.article_id LIMIT ?",
            [after, layout, page],
        ).fetchall():
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)
            after = rows[-1][0]

    def add_buckets(self, layout: str, rows: Sequence[tuple[str, Sequence[int]]]) -> None:
        """LSH bucket keys of stored originals, (article id, keys) pairs, in one transaction."""
        values = [
            {"layout": layout, "bucket": bucket, "article_id": article_id}
            for article_id, keys in rows
            for bucket in keys
        ]
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("signature_buckets", _BUCKET_COLUMNS, values)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc

    def near_duplicates(self) -> list[dict[str, Any]]:
        """Every near-duplicate input and the article it repeats."""
        cursor = self.con.execute(
            f"SELECT {', '.join(_NEAR_DUPLICATE_COLUMNS)} FROM near_duplicates ORDER BY duplicate_of, article_id"
        )
        return [dict(zip(_NEAR_DUPLICATE_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    # --- merged events (riftwatch.merge decides; these only read and write) ---------------------------------

    def merge_inputs(
        self, event_ids: Sequence[str]
    ) -> list[tuple[Event, dt.date | None, str | None, str | None]]:
        """(event, its article's publication date, outlet name, url) for each stored event id given."""
        if not event_ids:
            return []
        names = [c for c, _ in EVENT_COLUMNS]
        rows = self.con.execute(
            f"""SELECT {", ".join("e." + n for n in names)}, a.date, a.source_name, a.url FROM events e
                JOIN articles a ON a.id = e.article_id WHERE e.id IN (SELECT unnest(?)) ORDER BY e.id""",
            [list(event_ids)],
        ).fetchall()
        return [(event_from_row(dict(zip(names, row, strict=False))), *row[len(names) :]) for row in rows]

    def merge_chain(self, block: str, lo: dt.date, hi: dt.date) -> list[str]:
        """Ids of the merged mentions of a block whose date interval overlaps [lo, hi]."""
        rows = self.con.execute(
            "SELECT event_id FROM merged_mentions WHERE block = ? AND date_lo <= ? AND date_hi >= ?",
            [block, hi, lo],
        ).fetchall()
        return [row[0] for row in rows]

    def merged_of(self, event_ids: Sequence[str]) -> list[str]:
        """The merged events the given events belong to."""
        if not event_ids:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT merged_id FROM merged_mentions WHERE event_id IN (SELECT unnest(?))",
            [list(event_ids)],
        ).fetchall()
        return sorted(row[0] for row in rows)

    def merged_members(self, merged_ids: Sequence[str]) -> list[str]:
        if not merged_ids:
            return []
        rows = self.con.execute(
            "SELECT event_id FROM merged_mentions WHERE merged_id IN (SELECT unnest(?)) ORDER BY event_id",
            [list(merged_ids)],
        ).fetchall()
        return [row[0] for row in rows]

    def unmerged_event_ids(self) -> list[str]:
        rows = self.con.execute(
            "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM merged_mentions) ORDER BY id"
        ).fetchall()
        return [row[0] for row in rows]

    def replace_merged(
        self,
        removed: Sequence[str],
        merged: Sequence[Mapping[str, Any]],
        mentions: Sequence[Mapping[str, Any]],
    ) -> None:
        """In one transaction: drop the merged events `removed` (ids) with their mention links, and store the
        new merged events with the links of their mentions."""
        try:
            self.con.execute("BEGIN TRANSACTION")
            events = [row["event_id"] for row in mentions]
            self.con.execute(
                "DELETE FROM merged_mentions WHERE merged_id IN (SELECT unnest(?))", [list(removed)]
            )
            self.con.execute("DELETE FROM merged_mentions WHERE event_id IN (SELECT unnest(?))", [events])
            self.con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(?))", [list(removed)])
            self._insert("merged_events", MERGED_COLUMNS, [dict(row) for row in merged])
            self._insert("merged_mentions", MERGED_MENTION_COLUMNS, [dict(row) for row in mentions])
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write merged events to {self.path}: {exc}") from exc

    def merged_events(self, where: str = "", params: Sequence[Any] = ()) -> pa.Table:
        """Merged events as an Arrow table (one row per real-world event, with `num_mentions`, `num_articles`,
        `num_sources` and `corroboration`), ordered by date and id; `.to_pandas()` gives a DataFrame."""
        names = ", ".join(c for c, _ in MERGED_COLUMNS)
        query = f"SELECT {names} FROM merged_events {where} ORDER BY date, id"
        return self.con.cursor().sql(query, params=list(params)).to_arrow_table()

    def merged_event(self, identifier: str) -> dict[str, Any] | None:
        """A merged event by its id, or the merged event a stored event id belongs to."""
        table = self.merged_events(
            "WHERE id = ? OR id = (SELECT merged_id FROM merged_mentions WHERE event_id = ?)",
            [identifier, identifier],
        )
        rows = table.to_pylist()
        return rows[0] if rows else None

    def merged_near(self, row: Mapping[str, Any], days: int, limit: int = 12) -> list[dict[str, Any]]:
        """Other merged events that could have been the same event: same dyad (rolled up) or same type family,
        dates within `days` of this one's."""
        lo = (
            (row["date_earliest"] or row["date"]) - dt.timedelta(days=days)
            if (row["date_earliest"] or row["date"])
            else None
        )
        hi = (
            (row["date_latest"] or row["date"]) + dt.timedelta(days=days)
            if (row["date_latest"] or row["date"])
            else None
        )
        if lo is None or hi is None:
            return []
        table = self.merged_events(
            """WHERE id <> ? AND coalesce(date_earliest, date) <= ? AND coalesce(date_latest, date) >= ?
               AND ((source_key IS NOT DISTINCT FROM ? AND target_key IS NOT DISTINCT FROM ?) OR family = ?)""",
            [row["id"], hi, lo, row["source_key"], row["target_key"], row["family"]],
        )
        return table.to_pylist()[:limit]

    def export_merged(self, fmt: str, out: IO[bytes]) -> int:
        """Write merged events: jsonl (each with its mentions: article, sentence, offsets, attribution,
        certainty, figures), csv or parquet (flat merged-event columns; mention ids as a list)."""
        if fmt == "jsonl":
            count = 0
            events = {event.id: event for event in self.events()}
            links = {
                event_id: (outlet, published)
                for event_id, outlet, published in self.con.execute(
                    "SELECT event_id, outlet, published FROM merged_mentions"
                ).fetchall()
            }
            for row in self.merged_events().to_pylist():
                record = {
                    key: (value.isoformat() if isinstance(value, dt.date) else value)
                    for key, value in row.items()
                }
                record["mentions"] = [
                    events[i].to_dict() | {"outlet": links[i][0], "published": _iso(links[i][1])}
                    for i in row["mention_ids"]
                    if i in events
                ]
                out.write((json_line(record) + "\n").encode("utf-8"))
                count += 1
            return count
        if fmt not in ("csv", "parquet"):
            raise ConfigError(f"unknown export format {fmt!r}: choose jsonl, csv or parquet")
        names = ", ".join(c for c, _ in MERGED_COLUMNS)
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"merged.{fmt}"
            self.con.execute(
                f"COPY (SELECT {names} FROM merged_events ORDER BY date, id) TO '{target}' ({options})"
            )
            with open(target, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)
        row = self.con.execute("SELECT count(*) FROM merged_events").fetchone()
        return int(row[0]) if row else 0

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
        self.con.register(
            "incoming_batch", pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows])
        )
        # On failure the transaction is aborted and unregistering would fail too, hiding why; the name stays
        # registered until the next batch replaces it.
        self.con.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} ({', '.join(names)}) "
            f"SELECT {', '.join(names)} FROM incoming_batch"
        )
        self.con.unregister("incoming_batch")

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

    # --- reading -----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        result = {}
        for table in ("articles", "events", "rejections", "documents", "runs"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            result[table] = int(row[0]) if row else 0
        return result

    def articles(self) -> Iterator[Article]:
        cursor = self.con.execute(
            f"SELECT {', '.join(c for c, _ in STORED_ARTICLE_COLUMNS)} FROM articles ORDER BY date, id"
        )
        names = [c for c, _ in STORED_ARTICLE_COLUMNS]
        for row in cursor.fetchall():
            yield Article.from_dict(dict(zip(names, row, strict=True)))

    def events(self) -> Iterator[Event]:
        names = [c for c, _ in ALL_EVENT_COLUMNS]
        cursor = self.con.execute(
            f"SELECT {', '.join(names)} FROM events ORDER BY date, article_id, evidence_start, id"
        )
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield event_from_row(dict(zip(names, row, strict=True)))

    def rejections(self) -> list[Rejection]:
        rows = self.con.execute(
            "SELECT source_id, reason, detail FROM rejections ORDER BY source_id"
        ).fetchall()
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
        rows = self.con.execute(
            "SELECT reason, count(*) FROM rejections GROUP BY reason ORDER BY reason"
        ).fetchall()
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

    def events_table(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        kinds: Sequence[str] | None = None,
        actors: Sequence[str] | None = None,
    ) -> pa.Table:
        """The events as an Arrow table of flat columns (those of EVENT_COLUMNS, plus any a later migration
        added, such as `background`), dated events only, filtered by date (inclusive), kind and actor
        (country or full code on either side)."""
        where, params = ["date IS NOT NULL"], []
        if since is not None:
            where.append("date >= ?")
            params.append(since)
        if until is not None:
            where.append("date <= ?")
            params.append(until)
        if kinds:
            where.append("kind IN (SELECT unnest(?))")
            params.append(list(kinds))
        if actors:
            where.append(
                "(source_country IN (SELECT unnest(?)) OR source_code IN (SELECT unnest(?)) "
                "OR target_country IN (SELECT unnest(?)) OR target_code IN (SELECT unnest(?)))"
            )
            params.extend([list(actors)] * 4)
        sql = (
            f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY date, article_id, evidence_start, id"
        )
        return self.con.cursor().sql(sql, params=params).to_arrow_table()

    def coverage(self, *, since: dt.date | None = None, until: dt.date | None = None) -> pa.Table:
        """Articles per day (`date`, `articles`): stored articles by publication date, and for imported
        events (whose article is not stored) the distinct articles they cite, by event date."""
        sql = """
            WITH days AS (
                SELECT date, id AS article_id FROM articles WHERE date IS NOT NULL
                UNION
                SELECT date, article_id FROM events
                WHERE date IS NOT NULL AND article_id NOT IN (SELECT id FROM articles)
            )
            SELECT date, count(DISTINCT article_id) AS articles FROM days
            WHERE (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            GROUP BY date ORDER BY date"""
        return self.con.cursor().sql(sql, params=[since, since, until, until]).to_arrow_table()

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
                [_rejection_row(r) for r in rejections],
            )
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        return len(fresh), len(events) - len(fresh)

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
        names = ", ".join(c for c, _ in ALL_EVENT_COLUMNS)
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


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def article_row(article: Article) -> dict[str, Any]:
    row = article.to_dict()
    row["date"] = article.date
    return row


def event_row(event: Event) -> dict[str, Any]:
    data = event.to_dict()
    row: dict[str, Any] = {
        key: data[key]
        for key in (
            "id",
            "article_id",
            "kind",
            "type",
            "mode",
            "context",
            "cameo",
            "goldstein",
            "quad_class",
            "date_precision",
            "certainty",
            "dead",
            "injured",
            "size",
            "confidence",
        )
    }
    row["date"] = event.date
    row["background"] = event.background
    row["acled_event_type"] = event.acled.event_type if event.acled else None
    row["acled_sub_event_type"] = str(event.acled.sub_event_type) if event.acled else None
    for role in ("source", "target"):
        actor = data[role] or {}
        row.update({f"{role}_{c}": actor.get(c) for c in _ACTOR})
        row[f"{role}_implied"] = actor.get("implied") if data[role] else None
    location = data["location"] or {}
    row.update({f"location_{c}": location.get(c) for c in _LOCATION})
    row.update({f"attribution_{c}": data["attribution"].get(c) for c in _ATTRIBUTION})
    row.update({f"evidence_{c}": data["evidence"].get(c) for c in _EVIDENCE})
    return row


def event_from_row(row: dict[str, Any]) -> Event:
    def nested(prefix: str, keys: list[str]) -> dict[str, Any]:
        return {key: row[f"{prefix}_{key}"] for key in keys}

    data = {
        key: row[key]
        for key in (
            "id",
            "article_id",
            "kind",
            "type",
            "mode",
            "context",
            "cameo",
            "goldstein",
            "quad_class",
            "date",
            "date_precision",
            "certainty",
            "dead",
            "injured",
            "size",
            "confidence",
        )
    }
    for role in ("source", "target"):
        data[role] = (
            nested(role, _ACTOR) | {"implied": bool(row.get(f"{role}_implied"))}
            if row[f"{role}_text"] is not None
            else None
        )
    data["location"] = nested("location", _LOCATION) if row["location_name"] is not None else None
    data["attribution"] = nested("attribution", _ATTRIBUTION)
    data["evidence"] = nested("evidence", _EVIDENCE)
    data["background"] = bool(row.get("background"))
    data["acled"] = (
        {"sub_event_type": row["acled_sub_event_type"]} if row.get("acled_sub_event_type") else None
    )
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


# --- reading for the REST API and the dashboard (branch web) ---------------------------------------------
# Every value a caller gives reaches DuckDB as a parameter; column names and SQL fragments come only from the
# fixed tables below. A column that a newer riftwatch adds (acled, background, implied) and an older store
# lacks reads as NULL, so a filter on it matches nothing instead of failing.

MAX_PAGE = 500
PERIODS = ("day", "week", "month", "quarter", "year")
_SORTS = {
    "-date": "date DESC NULLS LAST, article_id, evidence_start, id",
    "date": "date ASC NULLS LAST, article_id, evidence_start, id",
    "-goldstein": "goldstein DESC, date DESC NULLS LAST, id",
    "goldstein": "goldstein ASC, date DESC NULLS LAST, id",
    "-confidence": "confidence DESC, date DESC NULLS LAST, id",
}
# Where each optional field lives (or will live) in the events table.
_OPTIONAL = {"acled_event_type", "acled_sub_event_type", "background", "source_implied", "target_implied"}
_DYAD_LEVELS = {"actor": ("source_code", "target_code"), "country": ("source_country", "target_country")}
_FACETS = {
    "type": ["type"],
    "certainty": ["certainty"],
    "quad_class": ["quad_class"],
    "mode": ["mode"],
    "acled": ["acled_sub_event_type"],
    "kind": ["kind"],
    "country": ["source_country", "target_country"],
    "sector": ["source_sector", "target_sector"],
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events to read. Empty fields do not filter; tuples match any of their values.

    `actor` matches either side by code prefix ("IRN" finds IRNGOV and IRNMIL) or by part of its name or
    text; `source`/`target` match a side's code or country exactly, both directions unless `directed`.
    `place` matches part of the location's name or its country code; `text` part of the evidence sentence.
    `background` False leaves out background mentions, True keeps only them."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    directed: bool = True
    country: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    acled: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    certainties: tuple[str, ...] = ()
    kind: str | None = None
    background: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str | None = None
    text: str | None = None
    article_id: str | None = None


_stored_columns: weakref.WeakKeyDictionary[Store, frozenset[str]] = weakref.WeakKeyDictionary()


def stored_event_columns(store: Store) -> frozenset[str]:
    """The columns the store's events table really has (a store may predate a column)."""
    if store not in _stored_columns:
        rows = store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
        ).fetchall()
        _stored_columns[store] = frozenset(row[0] for row in rows)
    return _stored_columns[store]


def reader(store: Store) -> Store:
    """Another handle on the same open database for one thread (a DuckDB connection is not shared across
    threads); it knows the same columns and needs no closing beyond `close()`."""
    handle = Store.__new__(Store)
    handle.path = store.path
    handle.con = store.con.cursor()
    _stored_columns[handle] = stored_event_columns(store)
    return handle


def _column(store: Store, name: str) -> str:
    return name if name in stored_event_columns(store) else "NULL"


def _side_matches(prefix: str) -> str:
    return f"({prefix}_code = ? OR {prefix}_country = ?)"


def event_where(store: Store, f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (without the keyword) and its parameters for a filter."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    for column, values in (
        ("type", f.types),
        ("mode", f.modes),
        ("certainty", f.certainties),
        (_column(store, "acled_sub_event_type"), f.acled),
        ("quad_class", f.quad_classes),
    ):
        if values:
            add(f"{column} IN (SELECT unnest(?))", list(values))
    if f.country:
        add(
            "(source_country IN (SELECT unnest(?)) OR target_country IN (SELECT unnest(?)))",
            list(f.country),
            list(f.country),
        )
    if f.sector:
        add(
            "(source_sector IN (SELECT unnest(?)) OR target_sector IN (SELECT unnest(?)))",
            list(f.sector),
            list(f.sector),
        )
    if f.kind:
        add("kind = ?", f.kind)
    if f.background is not None:
        add(f"coalesce({_column(store, 'background')}, false) = ?", f.background)
    if f.date_from:
        add("date >= ?", f.date_from)
    if f.date_to:
        add("date <= ?", f.date_to)
    if f.article_id:
        add("article_id = ?", f.article_id)
    if f.actor:
        names = " OR ".join(
            f"contains(lower(coalesce({side}_{field}, '')), lower(?))"
            for side in ("source", "target")
            for field in ("name", "text")
        )
        add(
            f"(starts_with(source_code, upper(?)) OR starts_with(target_code, upper(?)) OR {names})",
            *[f.actor] * 6,
        )
    if f.source and f.target and not f.directed:
        add(
            f"(({_side_matches('source')} AND {_side_matches('target')}) OR "
            f"({_side_matches('source')} AND {_side_matches('target')}))",
            f.source,
            f.source,
            f.target,
            f.target,
            f.target,
            f.target,
            f.source,
            f.source,
        )
    else:
        for side, value in (("source", f.source), ("target", f.target)):
            if value and f.directed:
                add(_side_matches(side), value, value)
            elif value:
                add(f"({_side_matches('source')} OR {_side_matches('target')})", value, value, value, value)
    if f.place:
        add(
            "(contains(lower(coalesce(location_name, '')), lower(?)) OR location_country = upper(?))",
            f.place,
            f.place,
        )
    if f.text:
        add("contains(lower(evidence_sentence), lower(?))", f.text)
    return " AND ".join(clauses), params


def _page_bounds(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ConfigError(f"limit must be 1..{MAX_PAGE} and offset >= 0 (got {limit}, {offset})")
    return limit, offset


def _event_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Contract dicts of the rows a `SELECT * FROM events` left in the cursor: every column the store has
    reaches `event_from_row`, including those a later migration added."""
    names = [column[0] for column in cursor.description or []]
    return [event_from_row(dict(zip(names, row, strict=True))).to_dict() for row in cursor.fetchall()]


def search_events(
    store: Store, f: EventFilter, *, limit: int = 50, offset: int = 0, sort: str = "-date"
) -> tuple[list[dict[str, Any]], int]:
    """A page of events (contract dicts, each with its article's `article_title`) and the total matching."""
    limit, offset = _page_bounds(limit, offset)
    if sort not in _SORTS:
        raise ConfigError(f"unknown sort {sort!r}: choose one of {', '.join(_SORTS)}")
    where, params = event_where(store, f)
    total = store.con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
    items = _event_dicts(
        store.con.execute(
            f"SELECT * FROM events WHERE {where} ORDER BY {_SORTS[sort]} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    titles = dict(
        store.con.execute(
            "SELECT id, title FROM articles WHERE id IN (SELECT unnest(?))",
            [list({item["article_id"] for item in items})],
        ).fetchall()
    )
    items = [item | {"article_title": titles.get(item["article_id"])} for item in items]
    return items, int(total[0]) if total else 0


def read_event(store: Store, event_id: str) -> dict[str, Any] | None:
    found = _event_dicts(store.con.execute("SELECT * FROM events WHERE id = ?", [event_id]))
    return found[0] if found else None


def read_events(store: Store, ids: Sequence[str]) -> list[dict[str, Any]]:
    """These events (contract dicts), by date and reading order; unknown ids are left out."""
    return _event_dicts(
        store.con.execute(
            "SELECT * FROM events WHERE id IN (SELECT unnest(?)) ORDER BY date, article_id, evidence_start, id",
            [list(ids)],
        )
    )


def read_article(store: Store, article_id: str) -> tuple[Article, list[dict[str, Any]]] | None:
    """One article and its events in reading order."""
    names = [c for c, _ in STORED_ARTICLE_COLUMNS]
    row = store.con.execute(f"SELECT {', '.join(names)} FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    events = _event_dicts(
        store.con.execute(
            "SELECT * FROM events WHERE article_id = ? ORDER BY evidence_start, id", [article_id]
        )
    )
    return Article.from_dict(dict(zip(names, row, strict=True))), events


def search_articles(
    store: Store,
    *,
    text: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """A page of articles (no text) with their event counts, newest first, and the total matching."""
    limit, offset = _page_bounds(limit, offset)
    where = """(?::VARCHAR IS NULL OR contains(lower(coalesce(title, '') || ' ' || text), lower(?)))
               AND (?::DATE IS NULL OR date >= ?) AND (?::DATE IS NULL OR date <= ?)"""
    params = [text, text, date_from, date_from, date_to, date_to]
    total = store.con.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()
    rows = store.con.execute(
        f"""SELECT a.id, a.title, a.date, a.dateline, a.source_name, a.url, coalesce(n.events, 0)
            FROM (SELECT * FROM articles WHERE {where} ORDER BY date DESC NULLS LAST, id LIMIT ? OFFSET ?) AS a
            LEFT JOIN (SELECT article_id, count(*) AS events FROM events GROUP BY article_id) AS n
              ON n.article_id = a.id
            ORDER BY a.date DESC NULLS LAST, a.id""",
        [*params, limit, offset],
    ).fetchall()
    keys = ["id", "title", "date", "dateline", "source_name", "url", "events"]
    items = [dict(zip(keys, row, strict=True)) | {"date": _iso_or_none(row[2])} for row in rows]
    return items, int(total[0]) if total else 0


def _iso_or_none(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_volume(store: Store, f: EventFilter, period: str = "month") -> list[dict[str, Any]]:
    """Events per period and quad class, with the Goldstein sum: the data of volume charts and dyad series."""
    if period not in PERIODS:
        raise ConfigError(f"unknown period {period!r}: choose one of {', '.join(PERIODS)}")
    where, params = event_where(store, f)
    rows = store.con.execute(
        f"""SELECT CAST(date_trunc(?, date) AS DATE) AS period, quad_class, count(*), sum(goldstein)
            FROM events WHERE {where} AND date IS NOT NULL GROUP BY ALL ORDER BY period, quad_class""",
        [period, *params],
    ).fetchall()
    return [
        {"period": _iso_or_none(p), "quad_class": q, "events": int(n), "goldstein": float(g or 0.0)}
        for p, q, n, g in rows
    ]


def count_events_by(store: Store, f: EventFilter, facet: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """How many matching events have each value of a facet (type, certainty, country, ...), most first, with
    the most frequent quad class among them (a type's own)."""
    if facet not in _FACETS:
        raise ConfigError(f"unknown facet {facet!r}: choose one of {', '.join(_FACETS)}")
    where, params = event_where(store, f)
    parts = [
        f"SELECT {_column(store, c)} AS value, quad_class FROM events WHERE {where}" for c in _FACETS[facet]
    ]
    rows = store.con.execute(
        f"""SELECT value, count(*) AS n, mode(quad_class) FROM ({" UNION ALL ".join(parts)}) WHERE value IS NOT NULL
            GROUP BY value ORDER BY n DESC, value LIMIT ?""",
        [*params * len(parts), limit],
    ).fetchall()
    return [{"value": value, "events": int(n), "quad_class": quad} for value, n, quad in rows]


def count_dyads(
    store: Store,
    f: EventFilter,
    *,
    level: str = "country",
    directed: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Pairs of actors (codes or countries) with their event counts, cooperation/conflict split, mean
    Goldstein and first/last date, most events first; an undirected pair is sorted."""
    limit, offset = _page_bounds(limit, offset)
    if level not in _DYAD_LEVELS:
        raise ConfigError(f"unknown dyad level {level!r}: choose actor or country")
    s, t = _DYAD_LEVELS[level]
    a, b = (s, t) if directed else (f"least({s}, {t})", f"greatest({s}, {t})")
    where, params = event_where(store, f)
    base = f"FROM events WHERE {where} AND {s} IS NOT NULL AND {t} IS NOT NULL AND {s} <> {t}"
    total = store.con.execute(f"SELECT count(*) FROM (SELECT DISTINCT {a}, {b} {base})", params).fetchone()
    rows = store.con.execute(
        f"""SELECT {a} AS source, {b} AS target, count(*) AS n, count(*) FILTER (WHERE quad_class IN (1, 2)),
                   count(*) FILTER (WHERE quad_class IN (3, 4)), round(avg(goldstein), 3), min(date), max(date)
            {base} GROUP BY ALL ORDER BY n DESC, source, target LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    keys = [
        "source",
        "target",
        "events",
        "cooperation",
        "conflict",
        "mean_goldstein",
        "first_date",
        "last_date",
    ]
    items = [
        dict(zip(keys, row, strict=True))
        | {"first_date": _iso_or_none(row[6]), "last_date": _iso_or_none(row[7])}
        for row in rows
    ]
    return items, int(total[0]) if total else 0


def count_locations(store: Store, f: EventFilter, *, limit: int = 1000) -> tuple[list[dict[str, Any]], int]:
    """Event locations grouped by place, most events first, with each place's mean Goldstein and most
    frequent type; and the number of matching events that have a location."""
    where, params = event_where(store, f)
    base = f"FROM events WHERE {where} AND location_lat IS NOT NULL AND location_lon IS NOT NULL"
    located = store.con.execute(f"SELECT count(*) {base}", params).fetchone()
    rows = store.con.execute(
        f"""SELECT location_name, location_country, location_precision, round(avg(location_lat), 4),
                   round(avg(location_lon), 4),
                   count(*) AS n, round(avg(goldstein), 3), mode(type)
            {base} GROUP BY location_name, location_country, location_precision ORDER BY n DESC, location_name
            LIMIT ?""",
        [*params, limit],
    ).fetchall()
    keys = ["name", "country", "precision", "lat", "lon", "events", "mean_goldstein", "top_type"]
    return [dict(zip(keys, row, strict=True)) for row in rows], int(located[0]) if located else 0


def summarise_store(store: Store) -> dict[str, Any]:
    """Counts and the date range of articles and events."""
    articles, first, last = store.con.execute(
        "SELECT count(*), min(date), max(date) FROM articles"
    ).fetchone() or (0, None, None)
    events, first_event, last_event = store.con.execute(
        "SELECT count(*), min(date), max(date) FROM events"
    ).fetchone() or (0, None, None)
    located = store.con.execute("SELECT count(*) FROM events WHERE location_lat IS NOT NULL").fetchone()
    return {
        "articles": int(articles),
        "events": int(events),
        "located_events": int(located[0]) if located else 0,
        "first_date": _iso_or_none(first),
        "last_date": _iso_or_none(last),
        "first_event_date": _iso_or_none(first_event),
        "last_event_date": _iso_or_none(last_event),
        "optional_columns": sorted(_OPTIONAL & stored_event_columns(store)),
    }
