"""The types every part of `riftwatch.actors` shares: an entry's kind, the entry, the sector codes, and the
tables of codes that the shipped dictionary, PETRARCH imports and other datasets' importers read alike.

Kept apart from dictionary.py (which builds the dictionary) and petrarch.py (which reads PETRARCH files) so
neither imports the other.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path


class EntryKind(StrEnum):
    COUNTRY = "country"
    CAPITAL = "capital"
    ADJECTIVE = "adjective"
    INSTITUTION = "institution"
    ORGANISATION = "organisation"
    PERSON = "person"
    AGENT = "agent"


# When two entries cover the same words, the more specific kind wins.
PRIORITY = {
    EntryKind.PERSON: 6,
    EntryKind.INSTITUTION: 5,
    EntryKind.ORGANISATION: 5,
    EntryKind.COUNTRY: 4,
    EntryKind.CAPITAL: 3,
    EntryKind.ADJECTIVE: 2,
    EntryKind.AGENT: 1,
}

SECTORS = {
    "GOV",
    "MIL",
    "COP",
    "JUD",
    "LEG",
    "SPY",
    "OPP",
    "PTY",
    "REB",
    "INS",
    "RAD",
    "CVL",
    "BUS",
    "MED",
    "NGO",
    "IGO",
    "IMG",
    "REF",
    "CRM",
    "EDU",
    "HLH",
    "LAB",
    "ELI",
    "REL",
    "AGR",
    "ENV",
    "DEV",
    "HRI",
    "SET",
    "UAF",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase and what it means. `source` says where the entry came from (file and row)."""

    phrase: str
    kind: EntryKind
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None
    source: str = ""
    case_sensitive: bool = True
    stem: bool = False  # the last word matches any word it begins (TABARI stems: "ARGENTIN")
    # other actors the phrase names at the same time, as (country, sector): TABARI's "[FRO/BIL/SAM]"
    also: tuple[tuple[str | None, str | None], ...] = ()

    @property
    def any_case(self) -> bool:
        """Multi-word names of countries, institutions and organisations match in any case ("Quds force");
        single words and people's names only as written ("US" is not "us")."""
        if not self.case_sensitive:
            return True
        return (
            self.kind in (EntryKind.COUNTRY, EntryKind.INSTITUTION, EntryKind.ORGANISATION)
            and " " in self.phrase
        )

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def data_folder() -> Path:
    return Path(str(resources.files("riftwatch.actors") / "data"))


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


@cache
def legacy_codes() -> dict[str, str | None]:
    """Old CAMEO country codes and international codes -> ISO alpha-3 (None for IGO, NGO, IMG, ...)."""
    result: dict[str, str | None] = {}
    for _, row in read_rows(data_folder() / "legacy_codes.csv"):
        result[row["code"].strip()] = row["iso3"].strip() or None
    return result
