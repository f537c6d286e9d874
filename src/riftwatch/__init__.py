"""riftwatch: political event data from news as it comes off the web, with evidence, offline.

The Python API is the product; the CLI, REST API and dashboard are thin layers over it:

    >>> import riftwatch
    >>> document = riftwatch.code_text("MOSCOW – June 26, 2016 – ...")
    >>> for document in riftwatch.code_files(["articles/"]): ...
    >>> with riftwatch.Store("riftwatch.duckdb") as store: riftwatch.ingest(["articles/"], store)
    >>> riftwatch.dyad_series(store, "IRN", "RUS", by="week"); riftwatch.rifts(store); riftwatch.network(store)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .errors import (
    BadRecord,
    ConfigError,
    DecodeError,
    EmptyDocument,
    InputError,
    RiftwatchError,
    StoreError,
    TooLarge,
    UnsupportedFormat,
)
from .models import (
    Actor,
    Article,
    Attribution,
    Certainty,
    CodedDocument,
    Event,
    EventType,
    Evidence,
    Kind,
    Location,
    RawDocument,
    Rejection,
    RejectionReason,
    RunSummary,
)
from .pipeline import code_documents, code_paths, ingest_paths
from .relations import dyad_series, network, rifts
from .settings import Settings
from .store import Store

__version__ = "0.1.0"


def code_text(
    text: str,
    date: dt.date | str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    source_id: str = "<text>",
    settings: Settings | None = None,
) -> CodedDocument:
    """Code one article given as a string; `date` is its publication date when known."""
    raw = RawDocument(
        source_id=source_id,
        text=text,
        title=title,
        date=date.isoformat() if isinstance(date, dt.date) else date,
        url=url,
    )
    return next(code_documents([raw], settings))


def code_files(paths: Iterable[str], settings: Settings | None = None) -> Iterator[CodedDocument]:
    """Code files, folders (recursively) or '-' for standard input: one CodedDocument per input record."""
    yield from code_paths(list(paths), settings)


def ingest(paths: Iterable[str], store: Store, settings: Settings | None = None) -> RunSummary:
    """Code inputs into a store; returns the run's accounting (read = coded + duplicates + rejected)."""
    return ingest_paths(list(paths), store, settings)


__all__ = [
    "Actor",
    "Article",
    "Attribution",
    "BadRecord",
    "Certainty",
    "CodedDocument",
    "ConfigError",
    "DecodeError",
    "EmptyDocument",
    "Event",
    "EventType",
    "Evidence",
    "InputError",
    "Kind",
    "Location",
    "Rejection",
    "RejectionReason",
    "RiftwatchError",
    "RunSummary",
    "Settings",
    "Store",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
    "__version__",
    "code_files",
    "code_text",
    "dyad_series",
    "ingest",
    "network",
    "rifts",
]
