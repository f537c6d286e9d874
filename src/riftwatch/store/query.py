"""Reading for the REST API and the dashboard (branch web): filtered, paged, counted.

Every value a caller gives reaches DuckDB as a parameter; column names and SQL fragments come only from the
fixed tables below. A column that a newer riftwatch adds (acled, background, implied) and an older store
lacks reads as NULL, so a filter on it matches nothing instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from ..errors import ConfigError
from ..models import Article
from .core import Store
from .rows import event_from_row
from .schema import STORED_ARTICLE_COLUMNS

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
    handle.read_only, handle.index_budget, handle.reopened = True, 0, 0  # a reader never reopens the file
    _stored_columns[handle] = stored_event_columns(store)
    return handle


def interrupt(handle: Store) -> None:
    """Stop the query under way on a reader handle (`reader`); nothing when the handle was closed meanwhile (the
    thread that used it has just finished)."""
    with contextlib.suppress(duckdb.ConnectionException):
        handle.con.interrupt()


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
