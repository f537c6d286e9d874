"""Bytes to text: detect the encoding, never crash on invalid bytes, refuse binary content."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from ..errors import DecodeError, UnsupportedFormat

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}))
# UTF-8 with a handful of damaged bytes is still UTF-8: keep the document, mark the damage.
_MAX_DAMAGED_RATIO = 0.005
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes, trying UTF-8, then Windows-1252, then charset detection.

    Raises UnsupportedFormat for binary content and DecodeError when no encoding explains the bytes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}: {exc}"
                ) from exc
    sample = data[:65536]
    controls = len(sample) - len(
        sample.translate(None, _CONTROL)
    )  # counted in C: this runs on every document
    if b"\x00" in sample or controls > 0.05 * max(len(sample), 1):
        raise UnsupportedFormat("binary content (NUL or control bytes): not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if damaged <= _MAX_DAMAGED_RATIO * len(text) and _has_utf8_sequence(data):
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise DecodeError(
            "invalid UTF-8, and no other encoding explains these bytes; re-save the file as UTF-8"
        )
    return str(best)


def _has_utf8_sequence(data: bytes) -> bool:
    """True when the bytes hold at least one well-formed multi-byte UTF-8 character."""
    return _UTF8_SEQUENCE.search(data) is not None
