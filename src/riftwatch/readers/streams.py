"""Opening inputs as byte streams: gzip by magic number, with size and decompression limits."""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from ..errors import TooLarge

GZIP_MAGIC = b"\x1f\x8b"
# What a broken or truncated gzip stream raises while it is read.
STREAM_ERRORS = (EOFError, OSError, zlib.error, gzip.BadGzipFile)


class LimitedReader(io.RawIOBase):
    """Counts the bytes read through it and raises TooLarge past `limit` (decompression-bomb guard)."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1: what one decompression step gives, so a truncated stream still yields what came before.
        reader = getattr(self._raw, "read1", self._raw.read)
        data = reader(len(buffer))
        self.count += len(data)
        if self.count > self._limit:
            raise TooLarge(
                f"inflates past {self._limit:,} bytes (decompression limit); rest of the input skipped"
            )
        buffer[: len(data)] = data
        return len(data)


def open_stream(raw: BinaryIO, max_decompressed_bytes: int) -> tuple[BinaryIO, bool]:
    """Wrap `raw` (which must support peeking by buffering) in gzip when it starts with the gzip magic."""
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        inflated = gzip.GzipFile(fileobj=buffered, mode="rb")
        limited = LimitedReader(inflated, max_decompressed_bytes)  # type: ignore[arg-type]
        return io.BufferedReader(limited, buffer_size=1 << 16), True  # type: ignore[return-value]
    return buffered, False


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read a whole document, refusing it (TooLarge) as soon as it passes `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            f"larger than the {limit:,}-byte document limit (set RIFTWATCH_MAX_DOCUMENT_BYTES to change it)"
        )
    return data


def read_line_limited(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read one line of at most `limit` bytes; an overlong line is consumed and flagged, never held whole."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:
        rest = stream.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return b"", True
