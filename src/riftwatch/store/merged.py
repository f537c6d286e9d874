"""Merged events in the store: riftwatch.merge decides what merges; these methods only read and write."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from ..errors import ConfigError, StoreError
from ..models import Event, json_line
from .read import Reader
from .rows import event_from_row, iso_date
from .schema import EVENT_COLUMNS, MERGED_COLUMNS, MERGED_MENTION_COLUMNS
from .write import Writer


class MergedEvents(Writer, Reader):
    """The merged-events part of `Store`."""

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

    def merge_chains(self, bounds: Mapping[str, tuple[dt.date, dt.date]]) -> list[str]:
        """Ids of the merged mentions of each block given whose date interval overlaps its [lo, hi]."""
        if not bounds:
            return []
        blocks = list(bounds)
        rows = self.con.execute(
            """SELECT DISTINCT m.event_id FROM merged_mentions m
               JOIN (SELECT unnest(?) AS block, unnest(?) AS lo, unnest(?) AS hi) q
               ON m.block = q.block AND m.date_lo <= q.hi AND m.date_hi >= q.lo""",
            [blocks, [bounds[b][0] for b in blocks], [bounds[b][1] for b in blocks]],
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
        self.bound_index_memory()

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
                    events[i].to_dict() | {"outlet": links[i][0], "published": iso_date(links[i][1])}
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
