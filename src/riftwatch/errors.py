"""The one exception tree of riftwatch.

    RiftwatchError                 anything riftwatch raises on purpose
    ├── ConfigError                a setting, flag or model that cannot work; stops before any work starts
    ├── InputError                 a document that cannot be read (the pipeline turns it into a Rejection)
    │   ├── UnsupportedFormat      not a format riftwatch reads (binary, unknown markup)
    │   ├── DecodeError            bytes that no encoding explains
    │   ├── EmptyDocument          nothing left to code once page residue is gone
    │   ├── TooLarge               over the size or decompression limits in Settings
    │   └── BadRecord              a JSONL/CSV record without usable fields
    └── StoreError                 the DuckDB store cannot be opened, migrated or written

Every message says what happened and what to do about it. A bad document is data (a Rejection); only bad
configuration or a broken store stops a run.
"""

from __future__ import annotations

from .models import RejectionReason


class RiftwatchError(Exception):
    """Base class of every error riftwatch raises on purpose."""


class ConfigError(RiftwatchError):
    """A setting, a flag or a missing model makes the run impossible."""


class InputError(RiftwatchError):
    """A document cannot be read; `reason` is the rejection reason it becomes."""

    reason: RejectionReason = RejectionReason.BAD_RECORD


class UnsupportedFormat(InputError):
    reason = RejectionReason.UNSUPPORTED_FORMAT


class DecodeError(InputError):
    reason = RejectionReason.DECODE_ERROR


class EmptyDocument(InputError):
    reason = RejectionReason.EMPTY


class TooLarge(InputError):
    reason = RejectionReason.TOO_LARGE


class BadRecord(InputError):
    reason = RejectionReason.BAD_RECORD


class StoreError(RiftwatchError):
    """The store cannot be opened, migrated or written."""
