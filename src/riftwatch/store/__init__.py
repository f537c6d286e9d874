"""The DuckDB store: the only package with SQL.

Idempotent (ids are deterministic; an input already stored is a duplicate, not a new row), transactional per
batch, versioned by a `schema_version` table and migrations that only ever append.

    schema.py   the tables' columns, MIGRATIONS and SCHEMA_VERSION
    rows.py     records <-> table rows (no SQL)
    core.py     Store: open, lock, migrate; it joins the parts below
    write.py    coded batches, imported events, run records
    read.py     records, accounting, overviews, Arrow tables, exports
    merged.py   merged events (riftwatch.merge decides, the store keeps)
    query.py    filtered, paged and counted reads for the REST API and the dashboard
"""

from .core import Store
from .query import (
    MAX_PAGE,
    PERIODS,
    EventFilter,
    count_dyads,
    count_events_by,
    count_locations,
    event_volume,
    event_where,
    interrupt,
    read_article,
    read_event,
    read_events,
    reader,
    search_articles,
    search_events,
    stored_event_columns,
    summarise_store,
)
from .rows import article_row, event_from_row, event_row, input_key, iter_batches
from .schema import (
    ALL_EVENT_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MERGED_COLUMNS,
    MERGED_MENTION_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    STORED_ARTICLE_COLUMNS,
)

__all__ = [
    "ALL_EVENT_COLUMNS",
    "ARTICLE_COLUMNS",
    "EVENT_COLUMNS",
    "MAX_PAGE",
    "MERGED_COLUMNS",
    "MERGED_MENTION_COLUMNS",
    "MIGRATIONS",
    "PERIODS",
    "SCHEMA_VERSION",
    "STORED_ARTICLE_COLUMNS",
    "EventFilter",
    "Store",
    "article_row",
    "count_dyads",
    "count_events_by",
    "count_locations",
    "event_from_row",
    "event_row",
    "event_volume",
    "event_where",
    "input_key",
    "iter_batches",
    "read_article",
    "read_event",
    "read_events",
    "interrupt",
    "reader",
    "search_articles",
    "search_events",
    "stored_event_columns",
    "summarise_store",
]
