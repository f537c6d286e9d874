"""The library's entry points for coding news: one string, files and folders, or into a store.

They are thin wrappers over the pipeline (pipeline.py) with the argument shapes a notebook wants; the CLI calls
the same pipeline functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .models import CodedDocument, RawDocument, RunSummary
from .pipeline import code_documents, code_paths, ingest_paths
from .settings import Settings
from .store import Store


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
