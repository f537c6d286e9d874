"""Reading inputs: sniff the format, then dispatch to the reader for it.

Every input record yields exactly one item, a RawDocument or a Rejection, in input order; folders are
walked in sorted path order. Nothing here raises for a bad document; only a missing path is an error.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from ..errors import ConfigError, InputError, TooLarge
from ..models import RawDocument, Rejection, RejectionReason
from ..settings import Settings
from .decode import decode_bytes
from .feeds import looks_like_feed, read_feed
from .html import looks_like_html, read_html
from .language import check_language
from .streams import STREAM_ERRORS, open_stream, read_limited
from .tables import read_csv, read_jsonl
from .warc import read_arc, read_warc

__all__ = ["Format", "check_paths", "list_files", "read_inputs", "sniff_format"]

STDIN = "-"


class Format(StrEnum):
    TEXT = "text"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    HTML = "html"
    WARC = "warc"
    ARC = "arc"
    FEED = "feed"
    UNSUPPORTED = "unsupported"


_EXTENSIONS = {
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".warc": Format.WARC,
    ".arc": Format.ARC,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
}
# A feed is read whole (feedparser needs all of it): it may be this many times max_document_bytes.
FEED_SIZE_FACTOR = 20


def check_paths(paths: Iterable[str]) -> list[str]:
    """Return the paths, or raise ConfigError naming the first one that does not exist."""
    checked = list(paths)
    if not checked:
        raise ConfigError("no input given: name files, folders or '-' for standard input")
    for given in checked:
        if given != STDIN and not os.path.exists(given):
            raise ConfigError(f"no such file or folder: {given}")
    return checked


def sniff_format(name: str, head: bytes) -> Format:
    """Decide the format from the file name (ignoring .gz), then from the first bytes."""
    lowered = name.lower().removesuffix(".gz")
    known = _EXTENSIONS.get(os.path.splitext(lowered)[1])
    if known is not None:
        return known
    if head.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.0\n", b"WARC/1.1\n")):
        return Format.WARC
    if head.startswith(b"filedesc://"):
        return Format.ARC
    if looks_like_feed(head):
        return Format.FEED
    if looks_like_html(head):
        return Format.HTML
    first_line = head.lstrip().split(b"\n", 1)[0].strip()
    if first_line.startswith(b"{") and first_line.endswith(b"}"):
        return Format.JSONL
    return Format.TEXT


def read_inputs(paths: Iterable[str], settings: Settings | None = None) -> Iterator[RawDocument | Rejection]:
    """Yield one RawDocument or Rejection per input record, files and folders in the order given."""
    settings = settings or Settings()
    for given in check_paths(paths):
        if given == STDIN:
            yield from _read_stream(STDIN, sys.stdin.buffer, settings)
        elif os.path.isdir(given):
            for path in _walk(given):
                yield from read_path(path, settings)
        else:
            yield from read_path(given, settings)


def read_path(path: str, settings: Settings) -> Iterator[RawDocument | Rejection]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after a lazy generator is done with it
    except OSError as exc:
        yield Rejection(
            source_id=path, reason=RejectionReason.UNSUPPORTED_FORMAT, detail=f"cannot open: {exc}"
        )
        return
    with raw:
        yield from _read_stream(path, raw, settings)


def list_files(given: str) -> list[str]:
    """The files `read_inputs` reads for one path, in its order: the file itself, or a folder's files."""
    return _walk(given) if os.path.isdir(given) else [given]


def _walk(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in files)
    return sorted(found, key=lambda p: Path(p).parts)


def _read_stream(name: str, raw: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Every item of one input, documents that are surely not English turned into `language` rejections."""
    for item in _read_format(name, raw, settings):
        yield check_language(item, settings) if isinstance(item, RawDocument) else item


def _read_format(name: str, raw: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejection]:
    try:
        stream, _compressed = open_stream(raw, settings.max_decompressed_bytes)
        head = stream.peek(4096)[:4096]  # type: ignore[attr-defined]
    except STREAM_ERRORS as exc:
        yield Rejection(
            source_id=name, reason=RejectionReason.DECODE_ERROR, detail=f"unreadable stream: {exc}"
        )
        return
    fmt = sniff_format(name, head)
    if not head.strip() and fmt in (Format.TEXT, Format.HTML):
        yield Rejection(source_id=name, reason=RejectionReason.EMPTY, detail="empty file")
        return
    if fmt is Format.UNSUPPORTED:
        yield Rejection(
            source_id=name,
            reason=RejectionReason.UNSUPPORTED_FORMAT,
            detail=f"{os.path.splitext(name.removesuffix('.gz'))[1]} files are not read yet",
        )
        return
    if fmt in (Format.JSONL, Format.CSV, Format.TSV, Format.WARC, Format.ARC):
        yield from _read_records(name, stream, fmt, settings)
        return
    try:
        if fmt is Format.FEED:
            data = read_limited(stream, settings.max_document_bytes * FEED_SIZE_FACTOR)
            yield from read_feed(name, data, time_budget=settings.document_time_budget)
        elif fmt is Format.HTML:
            data = read_limited(stream, settings.max_document_bytes)
            yield read_html(name, data, time_budget=settings.document_time_budget)
        else:
            data = read_limited(stream, settings.max_document_bytes)
            yield RawDocument(source_id=name, text=decode_bytes(data))
    except InputError as exc:
        yield Rejection(source_id=name, reason=exc.reason, detail=str(exc))
    except STREAM_ERRORS as exc:
        yield Rejection(
            source_id=name, reason=RejectionReason.DECODE_ERROR, detail=f"unreadable stream: {exc}"
        )


def _read_records(
    name: str, stream: BinaryIO, fmt: Format, settings: Settings
) -> Iterator[RawDocument | Rejection]:
    if fmt is Format.JSONL:
        records = read_jsonl(name, stream, settings.max_document_bytes)
    elif fmt is Format.WARC:
        records = read_warc(name, stream, settings)
    elif fmt is Format.ARC:
        records = read_arc(name, stream, settings)
    else:
        records = read_csv(name, stream, settings.max_document_bytes, "\t" if fmt is Format.TSV else ",")
    count = 0
    try:
        for item in records:
            count += 1
            yield item
    except TooLarge as exc:
        yield Rejection(source_id=f"{name}:{count + 1}", reason=exc.reason, detail=str(exc))
    except STREAM_ERRORS as exc:
        yield Rejection(
            source_id=f"{name}:{count + 1}",
            reason=RejectionReason.DECODE_ERROR,
            detail=f"stream breaks off after {count} records: {exc}",
        )


def read_bytes(name: str, data: bytes, settings: Settings | None = None) -> Iterator[RawDocument | Rejection]:
    """Read documents from bytes already in memory, as if from a file called `name`."""
    yield from _read_stream(name, io.BytesIO(data), settings or Settings())
