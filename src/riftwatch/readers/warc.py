"""WARC and ARC web archives: one document per HTTP response record, streamed.

The record framing is read here rather than with warcio or fastwarc, because both stop at the first record
whose Content-Length lies and lose every good record after it (shown by scripts/bench_readers.py,
which also times all three). This reader checks that every block ends where the next record starts; when it does not,
it rejects the damaged record (`bad_record`) and picks up again at the next record header, so the good
records around it are kept. warcio still writes the test archives.

Per response record: the HTTP status, Transfer-Encoding (chunked) and Content-Encoding (gzip, deflate, br
when brotli is installed) are honoured, the HTTP charset is handed to the HTML decoder, and the record's
WARC-Target-URI and WARC-Date are kept (the page's own publication date wins over the crawl date). Other
record types (warcinfo, request, metadata, revisit, resource) are not documents and are skipped. `source_id`
is the WARC-Record-ID (for ARC, which has none: FILE@OFFSET).
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError
from ..models import RawDocument, Rejection, RejectionReason
from ..settings import Settings
from .decode import decode_bytes
from .feeds import looks_like_feed, read_feed
from .html import decode_html, looks_like_html, read_html

logger = logging.getLogger(__name__)

MAX_HEADER_BYTES = 64 * 1024
MAX_LINE_BYTES = 16 * 1024
# A record header: where the next record starts after a blank line (inside a block that runs too long), at
# any line start (when skipping damage), and at the start of the bytes after a block.
_NEXT_WARC = re.compile(rb"\r?\n\r?\n(?=WARC/1\.[01]\r?\n)")
_WARC_LINE = re.compile(rb"\n(?=WARC/1\.[01]\r?\n)")
_ARC_HEADER = re.compile(rb"^(\S+) (\S+) (\d{14}) (\S*)(?: .*)? (\d+)\s*$")
_NEXT_ARC = re.compile(rb"\n(?=[a-z][a-z0-9+.-]*://\S* \S+ \d{14} )")
_ARC_LINE = _NEXT_ARC
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


class _Stream:
    """A byte stream with push-back (for bytes read past a lying record) and a position count."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._pushed = b""
        self.position = 0

    def push_back(self, data: bytes) -> None:
        self._pushed = data + self._pushed
        self.position -= len(data)

    def read(self, size: int) -> bytes:
        data = b""
        if self._pushed:
            data, self._pushed = self._pushed[:size], self._pushed[size:]
        while len(data) < size:
            chunk = self._raw.read(size - len(data))
            if not chunk:
                break
            data += chunk
        self.position += len(data)
        return data

    def readline(self, limit: int = MAX_LINE_BYTES) -> bytes:
        if self._pushed:
            end = self._pushed.find(b"\n", 0, limit)
            cut = end + 1 if end >= 0 else min(limit, len(self._pushed))
            line, self._pushed = self._pushed[:cut], self._pushed[cut:]
            if line.endswith(b"\n") or len(line) >= limit:
                self.position += len(line)
                return line
            rest = self._raw.readline(limit - len(line))
            self.position += len(line) + len(rest)
            return line + rest
        line = self._raw.readline(limit)
        self.position += len(line)
        return line

    def skip(self, size: int) -> int:
        """Consume up to `size` bytes without holding them; returns how many there were."""
        skipped = 0
        while skipped < size:
            chunk = self.read(min(1 << 20, size - skipped))
            if not chunk:
                break
            skipped += len(chunk)
        return skipped

    def peek(self, size: int) -> bytes:
        data = self.read(size)
        self.push_back(data)
        return data


@dataclass(slots=True)
class _Record:
    source_id: str
    url: str | None
    date: str | None
    block: bytes
    is_http: bool = True


def read_warc(name: str, raw: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Documents of a WARC stream (already un-gzipped): one per response record, in archive order."""
    stream = _Stream(raw)
    while True:
        start = stream.position
        line = stream.readline()
        if not line:
            return
        if not line.strip():
            continue
        if not line.startswith(b"WARC/"):
            yield _resync(name, stream, start, _WARC_LINE)
            continue
        headers, complete = _read_headers(stream)
        if not complete:
            yield Rejection(
                source_id=f"{name}@{start}", reason=RejectionReason.BAD_RECORD, detail="record header cut off"
            )
            return
        source_id = headers.get("warc-record-id") or f"{name}@{start}"
        length = _length(headers.get("content-length"))
        if length is None:
            yield _resync(
                name, stream, start, _WARC_LINE, "no valid Content-Length in the record header", source_id
            )
            continue
        wanted = headers.get("warc-type", "").lower() == "response"
        block, rejection, stop = _read_block(
            stream,
            length,
            settings,
            source_id,
            wanted,
            _NEXT_WARC,
            _WARC_LINE,
            cut_off="Content-Length says",
            report_framing=True,
        )
        if rejection is not None:
            yield rejection
        if stop:
            return
        if block is None:
            continue
        if not wanted:
            continue
        content_type = headers.get("content-type", "").lower()
        record = _Record(
            source_id=source_id,
            url=headers.get("warc-target-uri", "").strip("<>") or None,
            date=headers.get("warc-date") or None,
            block=block,
            is_http=content_type.startswith("application/http") or block.startswith(b"HTTP/"),
        )
        yield from _documents(record, settings)


def read_arc(name: str, raw: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Documents of an ARC (version 1 or 2) stream: one per record after the file header."""
    stream = _Stream(raw)
    first = True
    while True:
        start = stream.position
        line = stream.readline()
        if not line:
            return
        if not line.strip():
            continue
        match = _ARC_HEADER.match(line.rstrip(b"\r\n"))
        if match is None:
            yield _resync(name, stream, start, _ARC_LINE)
            continue
        url, _ip, stamp, _mime, length_text = (part.decode("latin-1") for part in match.groups())
        length = int(length_text)
        source_id = f"{name}@{start}"
        header_record = first or url.startswith("filedesc:")
        first = False
        block, rejection, stop = _read_block(
            stream,
            length,
            settings,
            source_id,
            not header_record,
            _NEXT_ARC,
            _ARC_LINE,
            cut_off="its header says",
            report_framing=False,
        )
        if rejection is not None:
            yield rejection
        if stop:
            return
        if block is None or header_record:
            continue
        date = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
        yield from _documents(_Record(source_id=source_id, url=url, date=date, block=block), settings)


# --- framing -----------------------------------------------------------------------------------------------


def _read_block(
    stream: _Stream,
    length: int,
    settings: Settings,
    source_id: str,
    wanted: bool,
    boundary: re.Pattern[bytes],
    line: re.Pattern[bytes],
    *,
    cut_off: str,
    report_framing: bool,
) -> tuple[bytes | None, Rejection | None, bool]:
    """A record's block of `length` bytes, checked against the next record's start.

    Returns (block, rejection, stop): block None when the record is skipped; a rejection for a wanted record
    that is too large or badly framed (and, with `report_framing`, for any badly framed record); stop when
    the archive ends inside the block."""
    if length > settings.max_document_bytes:
        problem = _skip_block(stream, length, boundary) or _check_end(stream, b"", boundary, line)
        if wanted or (problem and report_framing):
            reason = RejectionReason.BAD_RECORD if problem else RejectionReason.TOO_LARGE
            detail = problem or f"record of {length:,} bytes is larger than max_document_bytes"
            return None, Rejection(source_id=source_id, reason=reason, detail=detail), False
        return None, None, False
    block = stream.read(length)
    if len(block) < length and not boundary.search(block):
        detail = f"record cut off: {cut_off} {length:,} bytes, the archive ends after {len(block):,}"
        return None, Rejection(source_id=source_id, reason=RejectionReason.BAD_RECORD, detail=detail), True
    problem = _check_end(stream, block, boundary, line)
    if problem:
        rejection = (
            Rejection(source_id=source_id, reason=RejectionReason.BAD_RECORD, detail=problem)
            if wanted
            else None
        )
        return None, rejection, False
    return block, None, False


def _read_headers(stream: _Stream) -> tuple[dict[str, str], bool]:
    headers: dict[str, str] = {}
    total = 0
    last = ""
    while total <= MAX_HEADER_BYTES:
        line = stream.readline()
        total += len(line)
        if not line:
            return headers, False
        if not line.strip():
            return headers, True
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if text[:1] in (" ", "\t") and last:
            headers[last] += " " + text.strip()
            continue
        key, sep, value = text.partition(":")
        if sep:
            last = key.strip().lower()
            headers.setdefault(last, value.strip())
    return headers, False


def _length(value: str | None) -> int | None:
    if value is None or not _is_number(value.strip()):
        return None
    return int(value.strip())


def _is_number(text: str) -> bool:
    # str.isdigit() is also true for '³' and other digits int() refuses: only ASCII digits are numbers here.
    return text.isascii() and text.isdigit()


def _check_end(
    stream: _Stream, block: bytes, next_record: re.Pattern[bytes], line_start: re.Pattern[bytes]
) -> str | None:
    """None when the block ends where the next record starts; else say why and move to the next record."""
    inside = next_record.search(block)
    if inside is None:
        # The next header may straddle the end of the block (a length a few bytes too large).
        tail = block[-80:]
        straddle = next_record.search(tail + stream.peek(96))
        if straddle is not None and straddle.end() <= len(tail):
            inside = straddle
            block = tail
        elif straddle is not None:
            gap = (tail + stream.peek(96))[len(tail) : straddle.start()]
            if not gap.strip(b"\r\n"):
                return None  # the usual blank line(s) between records; the main loop skips them
        elif not stream.peek(96).strip(b"\r\n"):
            return None  # the end of the archive
    if inside is not None:
        # The length is too large: the block swallowed the start of the next record. Give that back.
        stream.push_back(block[inside.end() :])
        return "the record's length runs into the next record"
    # The length is too small (or the next header is damaged): skip to the next header.
    _skip_to(stream, line_start)
    return "the record's length ends inside the record (bytes left over before the next record)"


def _skip_block(stream: _Stream, length: int, next_record: re.Pattern[bytes]) -> str | None:
    """Consume a block too large to hold, watching for a next record inside it (a length that lies)."""
    carry = b""
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(1 << 20, remaining))
        if not chunk:
            return f"record cut off: its length says {length:,} bytes, the archive ends before"
        window = carry + chunk
        inside = next_record.search(window)
        if inside is not None:
            stream.push_back(window[inside.end() :])
            return "the record's length runs into the next record"
        remaining -= len(chunk)
        carry = window[-64:]
    return None


def _skip_to(stream: _Stream, line_start: re.Pattern[bytes]) -> None:
    """Consume bytes up to the next line that starts a record header (or to the end)."""
    carry = b"\n"  # a header at the very next byte counts
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            return
        window = carry + chunk
        match = line_start.search(window)
        if match is not None:
            stream.push_back(window[match.end() :])
            return
        carry = window[-64:]


def _resync(
    name: str,
    stream: _Stream,
    start: int,
    line_start: re.Pattern[bytes],
    detail: str = "",
    source_id: str | None = None,
) -> Rejection:
    """Skip damaged bytes up to the next record header; the skipped span becomes one rejection."""
    _skip_to(stream, line_start)
    detail = (
        detail or f"{stream.position - start:,} bytes that are not a record, skipped up to the next record"
    )
    return Rejection(
        source_id=source_id or f"{name}@{start}", reason=RejectionReason.BAD_RECORD, detail=detail
    )


# --- payloads ----------------------------------------------------------------------------------------------


def _documents(record: _Record, settings: Settings) -> Iterator[RawDocument | Rejection]:
    try:
        if record.is_http:
            status, headers, body = _split_http(record.block, settings.max_document_bytes)
        else:
            status, headers, body = 200, {}, record.block
        if not 200 <= status < 300:
            raise _Skip(RejectionReason.EMPTY, f"HTTP {status} response: no page")
        content_type = headers.get("content-type", "").lower()
        charset_match = _CHARSET.search(content_type)
        charset = charset_match.group(1) if charset_match else None
        media = content_type.split(";")[0].strip()
        if not body.strip():
            raise _Skip(RejectionReason.EMPTY, "empty response body")
        if looks_like_feed(body[:4096], media):
            yield from _feed_items(record, body, settings)
            return
        if media in _HTML_TYPES or (not media.startswith("text/plain") and looks_like_html(body[:4096])):
            yield read_html(
                record.source_id,
                body,
                charset=charset,
                url=record.url,
                date=record.date,
                time_budget=settings.document_time_budget,
            )
            return
        if media.startswith("text/plain") or not media:
            text = decode_html(body, charset) if charset else decode_bytes(body)
            yield RawDocument(source_id=record.source_id, text=text, date=record.date, url=record.url)
            return
        raise _Skip(RejectionReason.UNSUPPORTED_FORMAT, f"{media} response: not a page riftwatch reads")
    except _Skip as skip:
        yield Rejection(source_id=record.source_id, reason=skip.reason, detail=skip.detail)
    except InputError as exc:
        yield Rejection(source_id=record.source_id, reason=exc.reason, detail=str(exc))


def _feed_items(record: _Record, body: bytes, settings: Settings) -> Iterator[RawDocument | Rejection]:
    for item in read_feed(record.source_id, body, time_budget=settings.document_time_budget):
        if isinstance(item, RawDocument) and item.url is None:
            item = RawDocument(
                source_id=item.source_id,
                text=item.text,
                title=item.title,
                date=item.date,
                url=record.url,
                source_name=item.source_name,
            )
        yield item


class _Skip(Exception):
    def __init__(self, reason: RejectionReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _split_http(block: bytes, limit: int) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-cased names) and the decoded body of an HTTP response."""
    end = block.find(b"\r\n\r\n")
    cut = 4
    if end < 0 or end > MAX_HEADER_BYTES:
        end, cut = block.find(b"\n\n"), 2
    if end < 0 or end > MAX_HEADER_BYTES:
        raise _Skip(RejectionReason.BAD_RECORD, "HTTP response without a complete header")
    lines = block[:end].decode("latin-1").splitlines()
    status_line = lines[0].split() if lines else []
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/") or not _is_number(status_line[1]):
        raise _Skip(
            RejectionReason.BAD_RECORD, f"not an HTTP status line: {lines[0][:80] if lines else ''!r}"
        )
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers.setdefault(key.strip().lower(), value.strip())
    body = block[end + cut :]
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding and encoding != "identity":
        body = _inflate(body, encoding, limit)
    return int(status_line[1]), headers, body


def _dechunk(body: bytes) -> bytes:
    """Undo chunked transfer coding; a body that is not really chunked is returned as it is."""
    parts: list[bytes] = []
    position = 0
    while position < len(body):
        end = body.find(b"\r\n", position, position + 64)
        size_text = body[position:end].split(b";")[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            return body if not parts else b"".join(parts)
        if size == 0:
            break
        parts.append(body[end + 2 : end + 2 + size])
        position = end + 2 + size + 2
    return b"".join(parts)


def _inflate(body: bytes, encoding: str, limit: int) -> bytes:
    """Content-Encoding undone, refusing bodies that inflate past `limit` (bomb guard)."""
    if encoding in ("gzip", "x-gzip", "deflate"):
        attempts = [zlib.MAX_WBITS | 16] if encoding != "deflate" else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
        for wbits in attempts:
            try:
                inflater = zlib.decompressobj(wbits)
                data = inflater.decompress(body, limit + 1)
            except zlib.error:
                continue
            if len(data) > limit:
                raise _Skip(
                    RejectionReason.TOO_LARGE,
                    f"body inflates past the {limit:,}-byte document limit (set RIFTWATCH_MAX_DOCUMENT_BYTES to change it)",
                )
            return data
        # Crawlers often store the body already decoded while keeping the header: use it as it is.
        return body
    if encoding == "br":
        try:
            import brotli  # type: ignore[import-not-found]
        except ImportError:
            raise _Skip(
                RejectionReason.UNSUPPORTED_FORMAT, "brotli-encoded body and brotli is not installed"
            ) from None
        try:
            inflater = brotli.Decompressor()
            data = inflater.process(body, output_buffer_limit=limit + 1)
        except (brotli.error, TypeError):
            return body
        if len(data) > limit:
            raise _Skip(
                RejectionReason.TOO_LARGE,
                f"body inflates past the {limit:,}-byte document limit (set RIFTWATCH_MAX_DOCUMENT_BYTES to change it)",
            )
        return data
    raise _Skip(RejectionReason.UNSUPPORTED_FORMAT, f"unknown Content-Encoding {encoding!r}")
