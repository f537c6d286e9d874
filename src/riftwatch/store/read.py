"""Reading from the store: records, accounting, overviews, Arrow tables for the relations, exports."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from ..errors import ConfigError
from ..models import Article, Event, Rejection, json_line
from .rows import event_from_row
from .schema import ALL_EVENT_COLUMNS, NEAR_DUPLICATE_COLUMNS, STORED_ARTICLE_COLUMNS


class Reader:
    """The reading half of `Store`."""

    path: str
    con: duckdb.DuckDBPyConnection

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash bytes) of every stored original, in a stable order."""
        cursor = self.con.execute("SELECT article_id, minhash FROM article_signatures ORDER BY article_id")
        while rows := cursor.fetchmany(10000):
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)

    def stored_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Which of these articles are stored (as originals: a near-duplicate's article is not)."""
        wanted = list(article_ids)
        if not wanted:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted])
        return {row[0] for row in rows.fetchall()}

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

    def near_duplicates(self) -> list[dict[str, Any]]:
        """Every near-duplicate input and the article it repeats."""
        cursor = self.con.execute(
            f"SELECT {', '.join(NEAR_DUPLICATE_COLUMNS)} FROM near_duplicates ORDER BY duplicate_of, article_id"
        )
        return [dict(zip(NEAR_DUPLICATE_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

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
