"""The store's tables: their columns and the migrations that build them (append only).

A released migration is never edited; a new one is appended below the others with a comment naming its branch.
The coordinator renumbers on merge, so code and tests read the count from `SCHEMA_VERSION`.
"""

from __future__ import annotations

# The fields of an event's nested records, each stored as flat `<record>_<field>` columns.
ACTOR_FIELDS = ["text", "name", "country", "sector", "code"]
LOCATION_FIELDS = ["name", "country", "lat", "lon", "geonames_id", "precision"]
ATTRIBUTION_FIELDS = ["speaker", "anonymous", "via"]
EVIDENCE_FIELDS = ["sentence", "start", "end", "trigger", "rule"]

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
    *[(f"source_{c}", "VARCHAR") for c in ACTOR_FIELDS],
    *[(f"target_{c}", "VARCHAR") for c in ACTOR_FIELDS],
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
BUCKET_COLUMNS = [("layout", ""), ("bucket", ""), ("article_id", "")]
NEAR_DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "source_id", "title", "date", "url", "source_name"]


def table_sql(name: str, columns: list[tuple[str, str]]) -> str:
    """The CREATE TABLE statement of a table with these (name, type) columns."""
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
        table_sql("articles", ARTICLE_COLUMNS),
        table_sql("events", EVENT_COLUMNS),
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
        table_sql("merged_events", MERGED_COLUMNS),
        table_sql("merged_mentions", MERGED_MENTION_COLUMNS),
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
