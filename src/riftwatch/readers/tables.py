"""JSONL and CSV records with a `text` field (optional `id`, `title`, `date`, `url`, `source`, `author`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ..errors import BadRecord, InputError
from ..models import RawDocument, Rejection, RejectionReason
from .decode import decode_bytes
from .streams import read_line_limited

OPTIONAL_FIELDS = ("title", "date", "url")


def record_source_id(record: Mapping[str, Any], fallback_id: str) -> str:
    """A record's `id` field when it has a usable one, else NAME:LINE / NAME:ROW."""
    record_id = record.get("id")
    if isinstance(record_id, str | int) and not isinstance(record_id, bool) and str(record_id).strip():
        return str(record_id).strip()
    return fallback_id


def record_to_document(record: Mapping[str, Any], source_id: str) -> RawDocument:
    """Turn one parsed record into a RawDocument, or raise BadRecord saying which field is wrong."""
    text = record.get("text")
    if not isinstance(text, str):
        raise BadRecord("record has no `text` string field" if text is None else "`text` is not a string")
    values: dict[str, str | None] = {}
    for name in (*OPTIONAL_FIELDS, "source", "author"):
        value = record.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise BadRecord(f"`{name}` must be a string, got {type(value).__name__}")
        values[name] = str(value).strip() or None if value is not None else None
    return RawDocument(
        source_id=source_id,
        text=text,
        title=values["title"],
        date=values["date"],
        url=values["url"],
        source_name=values["source"],
        author=values["author"],
    )


def read_jsonl(name: str, stream: BinaryIO, max_record_bytes: int) -> Iterator[RawDocument | Rejection]:
    """One document per non-blank line; `source_id` falls back to NAME:LINE (1-based)."""
    line_number = 0
    while True:
        line, overlong = read_line_limited(stream, max_record_bytes)
        if not line and not overlong:
            return
        line_number += 1
        fallback_id = f"{name}:{line_number}"
        if overlong:
            yield Rejection(
                source_id=fallback_id,
                reason=RejectionReason.TOO_LARGE,
                detail=f"line longer than the {max_record_bytes:,}-byte record limit (set RIFTWATCH_MAX_DOCUMENT_BYTES to change it)",
            )
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(decode_bytes(line))
        except json.JSONDecodeError as exc:
            yield Rejection(
                source_id=fallback_id, reason=RejectionReason.BAD_RECORD, detail=f"invalid JSON: {exc}"
            )
            continue
        except InputError as exc:
            yield Rejection(source_id=fallback_id, reason=exc.reason, detail=str(exc))
            continue
        if not isinstance(record, dict):
            detail = f"line is JSON but not an object ({type(record).__name__})"
            yield Rejection(source_id=fallback_id, reason=RejectionReason.BAD_RECORD, detail=detail)
            continue
        yield _document_or_rejection(record, record_source_id(record, fallback_id))


def read_csv(
    name: str, stream: BinaryIO, max_record_bytes: int, delimiter: str = ","
) -> Iterator[RawDocument | Rejection]:
    """One document per data row; `source_id` falls back to NAME:ROW (1-based data row)."""
    sample = stream.peek(65536) if hasattr(stream, "peek") else b""  # type: ignore[attr-defined]
    encoding = _stream_encoding(sample)
    text_stream = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    csv.field_size_limit(max_record_bytes)
    reader = csv.reader(text_stream, delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield Rejection(
            source_id=f"{name}:1", reason=RejectionReason.BAD_RECORD, detail=f"unreadable header: {exc}"
        )
        return
    if "text" not in header:
        yield Rejection(
            source_id=name,
            reason=RejectionReason.BAD_RECORD,
            detail=f"CSV header has no `text` column (columns: {', '.join(header) or 'none'})",
        )
        return
    row_number = 0
    while True:
        row_number += 1
        fallback_id = f"{name}:{row_number}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = RejectionReason.TOO_LARGE if "field larger" in str(exc) else RejectionReason.BAD_RECORD
            yield Rejection(source_id=fallback_id, reason=reason, detail=f"unreadable CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            row_number -= 1
            continue
        record = dict(zip(header, row, strict=False))
        yield _document_or_rejection(record, record_source_id(record, fallback_id))


def _document_or_rejection(record: Mapping[str, Any], source_id: str) -> RawDocument | Rejection:
    try:
        return record_to_document(record, source_id)
    except InputError as exc:
        return Rejection(source_id=source_id, reason=exc.reason, detail=str(exc))


def _stream_encoding(sample: bytes) -> str:
    """UTF-8 when the opening bytes are UTF-8 (a character cut at the end is fine), else detect."""
    try:
        sample.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:
            return "utf-8-sig"
    try:
        decode_bytes(sample)
    except InputError:
        return "utf-8"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "utf-8"
