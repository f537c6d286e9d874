"""HTML pages: main text and metadata with trafilatura (its dates come from htmldate)."""

from __future__ import annotations

import logging

import trafilatura

from ..errors import EmptyDocument
from ..models import RawDocument

logger = logging.getLogger(__name__)
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:512].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head[:4096].lower()


def read_html(source_id: str, data: bytes) -> RawDocument:
    """Extract the article from a page; raise EmptyDocument when the page holds none."""
    result = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise EmptyDocument("no article text found in the HTML page")
    title = getattr(result, "title", None)
    # The contract's `text` holds the title too; trafilatura returns them apart.
    body = f"{title}\n\n{text}" if title and not text.lstrip().startswith(title) else text
    return RawDocument(
        source_id=source_id,
        text=body,
        title=title,
        date=getattr(result, "date", None),
        url=getattr(result, "url", None),
        source_name=getattr(result, "sitename", None),
    )
