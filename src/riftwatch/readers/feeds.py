"""RSS and Atom feeds (feedparser): each item becomes a document, with its link and date.

An item's text is its full content when the feed carries it, else its summary, as plain text. `source_id` is
the item's id, else its link, else FEED:N (1-based position in the feed). Broken XML is read as far as
feedparser's lenient parser gets; a feed with no readable item is one rejection.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from ..models import RawDocument, Rejection, RejectionReason
from .budget import within_budget
from .html import fragment_to_text

logger = logging.getLogger(__name__)

_FEED_START = re.compile(
    rb"\s*(?:<\?xml[^>]{0,300}>\s*|<!--.{0,2000}?-->\s*|<!doctype[^>]{0,500}>\s*)*<(?:rss|feed|rdf:rdf)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def looks_like_feed(head: bytes, content_type: str | None = None) -> bool:
    """True for an RSS, RDF or Atom document (by its media type or its first element)."""
    if content_type and content_type.split(";")[0].strip().lower() in _FEED_TYPES:
        return True
    return _FEED_START.match(head[:4096].removeprefix(b"\xef\xbb\xbf")) is not None


def read_feed(name: str, data: bytes, *, time_budget: float = 0) -> Iterator[RawDocument | Rejection]:
    """One RawDocument or Rejection per item of the feed in `data`, in feed order."""
    parsed = within_budget(time_budget, "parsing the feed", _parse, data)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f"not a readable feed: {problem}" if problem else "the feed has no items"
        reason = RejectionReason.BAD_RECORD if problem else RejectionReason.EMPTY
        yield Rejection(source_id=name, reason=reason, detail=detail)
        return
    feed = parsed.get("feed") or {}
    site = _text(feed.get("title"))
    for position, entry in enumerate(entries, 1):
        yield _item(entry, f"{name}:{position}", site)


def _parse(data: bytes) -> Mapping[str, Any]:
    try:
        # A stream, never bytes or str: feedparser treats a string as a file name or URL to fetch.
        return feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser is lenient, yet some byte soups still break it
        logger.debug("feedparser failed: %s", exc)
        return {"entries": [], "bozo_exception": f"{type(exc).__name__}: {exc}"}


def _item(entry: Mapping[str, Any], fallback_id: str, site: str | None) -> RawDocument | Rejection:
    source_id = _text(entry.get("id")) or _text(entry.get("link")) or fallback_id
    text = _item_text(entry)
    if not text:
        return Rejection(
            source_id=source_id, reason=RejectionReason.EMPTY, detail="feed item without content or summary"
        )
    return RawDocument(
        source_id=source_id,
        text=text,
        title=_text(entry.get("title")),
        date=_date(entry),
        url=_text(entry.get("link")),
        source_name=site,
        author=_text(entry.get("author")),
    )


def _item_text(entry: Mapping[str, Any]) -> str:
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        if isinstance(content, Mapping) and isinstance(content.get("value"), str):
            candidates.append((content["value"], str(content.get("type") or "")))
    summary = entry.get("summary")
    if isinstance(summary, str):
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, str(detail.get("type") or "") if isinstance(detail, Mapping) else ""))
    texts = [
        fragment_to_text(value) if "html" in kind or "<" in value else value.strip()
        for value, kind in candidates
    ]
    # The full content when there is one, else the summary: the longest text the item carries.
    return max(texts, key=len, default="")


def _date(entry: Mapping[str, Any]) -> str | None:
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get maps a missing updated_parsed to published_parsed, with a warning.
        parsed = dict.get(entry, f"{key}_parsed") if isinstance(entry, dict) else entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            try:
                return time.strftime("%Y-%m-%d", parsed)
            except (ValueError, OverflowError):
                pass
        raw = _text(entry.get(key))
        if raw:
            return raw
    return None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
