"""The library's entry points for coding news: one string, files and folders, or into a store.

They are thin wrappers over the pipeline (pipeline.py) with the argument shapes a notebook wants; the CLI calls
the same pipeline functions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ConfigError
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


def _looks_like_path(text: str) -> bool:
    """'news/a.txt', 'report.jsonl': one word with a slash or a file extension, not a sentence."""
    return " " not in text.strip() and bool(
        re.search(r"/|\.(?:txt|jsonl|ndjson|csv|tsv|html?|warc|arc|gz|xml|rss|atom)$", text)
    )


def explain_actors(text_or_path: str, settings: Settings | None = None) -> Iterator[CodedDocument]:
    """Code a path (file, folder, '-') or, when no such path exists, the argument itself as text."""
    settings = settings or Settings()
    if text_or_path == "-" or os.path.exists(text_or_path):
        yield from code_paths([text_or_path], settings)
    elif _looks_like_path(text_or_path):
        raise ConfigError(
            f"no such file or folder: {text_or_path} (to code it as text, add a space or a full stop)"
        )
    else:
        yield from code_documents([RawDocument(source_id="<text>", text=text_or_path)], settings)


def actors_record(document: CodedDocument) -> dict[str, Any]:
    """One document's actor mentions as a JSON-ready record (what `riftwatch actors --format jsonl` prints)."""
    return {
        "source_id": document.source_id,
        "mentions": [mention.to_dict() for mention in document.mentions],
        "rejection": document.rejection.to_dict() if document.rejection else None,
    }
