"""One settings object with shipped defaults; every setting says what it is for."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError

MB = 1024 * 1024
# A size DuckDB's memory_limit understands: a number and a unit (KB, MB, GB, TB, or KiB, MiB, GiB, TiB).
MEMORY_SIZE = re.compile(r"\d+(?:\.\d+)?\s*(?:[KMGT]i?B)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    max_document_bytes: int = 5 * MB
    """A document (file, record or page) larger than this is rejected as `too_large` without reading it whole."""

    max_decompressed_bytes: int = 1024 * MB
    """A gzip stream that inflates past this is cut off and its remaining records rejected (bomb guard)."""

    batch_size: int = 64
    """Documents per batch: one spaCy `pipe` call and one store transaction."""

    n_process: int = 1
    """Worker processes. 0: one per core when the input fills more than one batch (the CLI's default).
    The library defaults to 1, because worker processes are spawned, and a script that starts them needs
    the `if __name__ == "__main__":` guard (see the multiprocessing docs)."""

    parse_all_sentences: bool = False
    """Parse every sentence instead of only those that can hold an event (phase-two selection off)."""

    parse_without_trigger: bool = False
    """Also parse sentences that name someone but hold no form of a trigger, place noun or requirement and no
    name the gazetteer finds (their parse changes no output: the trigger gate off). For comparison and
    benchmarks."""

    ner_everywhere: bool = False
    """Run NER on every parsed sentence instead of only where a stage asks for entities (a sentence whose parse
    holds an event candidate or a place note, or names a place the gazetteer knows). Slower; for comparison
    and benchmarks."""

    reference_date: str | None = None
    """YYYY-MM-DD: the day time-bounded roles are resolved against when an article's date is unknown (default today)."""

    dictionaries: tuple[str, ...] = ()
    """Extra actor dictionaries: custom CSV/YAML files or PETRARCH/TABARI actor and agent files."""

    shipped_actors: bool = True
    """Use riftwatch's own actor knowledge base; off, only `dictionaries` count (e.g. PETRARCH's test suite)."""

    default_db: str = "riftwatch.duckdb"
    """Store file used by `ingest`, `events` and `demo` when no --db is given."""

    document_time_budget: float = 30.0
    """Seconds one document (a page, a feed, a WARC record) may take to read and extract; past it the document
    is rejected as `timeout` and the run goes on. 0 turns the budget off."""

    language_min_chars: int = 400
    """Shorter documents are never rejected for their language (short English text is often misjudged)."""

    language_min_confidence: float = 0.99
    """A document is rejected as `language` only when the detector is at least this sure it is not English."""

    near_duplicate_threshold: float = 0.7
    """Estimated Jaccard similarity (word 5-shingles, MinHash/LSH) from which an article is a near-duplicate
    of an earlier one: it is linked to it (`duplicate_of`) and its events are not stored again. 0 turns it off."""

    store_memory_limit: str = "256MB"
    """Memory the store (DuckDB) may use, e.g. "256MB" or "2GB"; "" leaves DuckDB's own default (80% of RAM).
    DuckDB keeps every block it reads or writes cached up to this limit, so without one a long ingest's memory
    grows with the store. Its indexes must fit in it (a few dozen bytes per stored key): a store that outgrows
    it fails with a message that names this setting."""

    merge_window_days: int = 1
    """Merging reports of one event across articles (riftwatch.merge): an event the text does not date carries
    its article's publication date, and may have happened up to this many days before it; such a report merges
    with a report of the same dyad, type family and place dated within that window. Reports that each give a
    day of their own never merge across different days, whatever this says. 0: same day only."""

    merge_reach_days: int = 14
    """Merging as articles come in: how many days before and after a batch's new reports the stored reports are
    clustered again with them. Within this reach the merged events are those of clustering the whole store at
    once, whatever the order the articles came in; beyond it, merged events already stored are kept. Without a
    reach (0) the chain of overlapping reports is followed to its end, which in a steady news stream is the
    whole store: every batch would take longer and hold more memory than the one before."""

    merge_place_km: float = 30.0
    """Merging reports of one event: two places of the same precision (two towns, two provinces) at most this
    many kilometres apart may be the same event's place ("near Afrin" and "Afrin")."""

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then RIFTWATCH_<NAME> environment variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"RIFTWATCH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, raw, type(getattr(cls(), f.name)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values).validated()

    def __post_init__(self) -> None:
        self.validated()

    def validated(self) -> Settings:
        if self.max_document_bytes <= 0 or self.max_decompressed_bytes <= 0:
            raise ConfigError("Size limits must be positive numbers of bytes.")
        if self.batch_size <= 0:
            raise ConfigError("batch_size must be at least 1.")
        if self.reference_date is not None:
            try:
                dt.date.fromisoformat(self.reference_date)
            except ValueError as exc:
                raise ConfigError(f"--date {self.reference_date!r} is not a YYYY-MM-DD date.") from exc
        if self.document_time_budget < 0:
            raise ConfigError("document_time_budget must be 0 (no limit) or a positive number of seconds.")
        if not 0 <= self.language_min_confidence <= 1 or not 0 <= self.near_duplicate_threshold <= 1:
            raise ConfigError("language_min_confidence and near_duplicate_threshold must be between 0 and 1.")
        for path in self.dictionaries:
            if not os.path.isfile(path):
                raise ConfigError(f"no such dictionary file: {path}")
        if self.merge_window_days < 0 or self.merge_place_km < 0 or self.merge_reach_days < 0:
            raise ConfigError("merge_window_days, merge_reach_days and merge_place_km must be 0 or positive.")
        if self.store_memory_limit and not MEMORY_SIZE.fullmatch(self.store_memory_limit):
            raise ConfigError(
                f"store_memory_limit {self.store_memory_limit!r} is not a size such as 256MB or 2GB (or empty)."
            )
        if self.n_process < 0:
            raise ConfigError("n_process must be 0 (automatic) or a positive number of processes.")
        return self


def _convert(name: str, raw: str, kind: type) -> Any:
    try:
        if name == "dictionaries":
            return tuple(part for part in raw.split(os.pathsep) if part)
        if name == "reference_date":
            return raw
        if kind is bool:
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(f"RIFTWATCH_{name.upper()}={raw!r} is not a valid {kind.__name__}.") from exc
