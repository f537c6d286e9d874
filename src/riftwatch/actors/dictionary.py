"""The actor dictionary: every phrase riftwatch knows as an actor, with its code and, for people, dates.

Shipped data lives in `actors/data/*.csv` (see its README for the columns and sources). Users add their own
entries with `load_dictionary(extra=[...])`: a CSV or YAML file in the custom format below, or PETRARCH/TABARI
actor and agent dictionaries (see `petrarch.py`).

Custom format (CSV header or YAML list of mappings), one entry per row:
    phrase   the words as they appear in text ("Free Syrian Army"); required
    kind     country | capital | adjective | institution | organisation | person | agent  (default organisation)
    country  ISO 3166 alpha-3 (or your own code), may be empty
    sector   CAMEO-style sector code (GOV, MIL, REB, ...), may be empty
    name     the canonical name of the actor (default: the phrase)
    start, end   YYYY-MM-DD: the entry holds only between these dates (either may be empty)
    plural   for agents: the plural form ("soldiers")
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

logger = logging.getLogger(__name__)


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


class ActorDictionary:
    """Entries indexed by phrase; built once per process for the shipped data (`shipped_dictionary`)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = []
        self.by_phrase: dict[str, list[Entry]] = {}
        self.by_lower: dict[str, list[Entry]] = {}
        self.by_stem: dict[str, list[Entry]] = {}
        self.add(entries)

    def add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            if not entry.phrase.strip():
                continue
            self.entries.append(entry)
            if entry.stem:
                self.by_stem.setdefault(entry.phrase.lower(), []).append(entry)
                continue
            self.by_phrase.setdefault(entry.phrase, []).append(entry)
            if entry.any_case:
                self.by_lower.setdefault(entry.phrase.lower(), []).append(entry)

    def lookup(self, phrase: str) -> list[Entry]:
        return self.by_phrase.get(phrase, []) + self.by_lower.get(phrase.lower(), [])

    def __len__(self) -> int:
        return len(self.entries)


# --- the shipped CSV files ---------------------------------------------------------------------------------


def _data_folder() -> Path:
    return Path(str(resources.files("riftwatch.actors") / "data"))


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _date(cell: str | None, where: str) -> dt.date | None:
    if not cell or not cell.strip():
        return None
    try:
        return dt.date.fromisoformat(cell.strip())
    except ValueError as exc:
        raise ConfigError(f"{where}: {cell!r} is not a YYYY-MM-DD date") from exc


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _variants(phrase: str) -> list[str]:
    """The phrase as written, and with typographic apostrophes (news text uses both)."""
    forms = [phrase]
    if "'" in phrase:
        forms.append(phrase.replace("'", "\u2019"))
    if phrase.startswith("the "):
        forms.append(phrase[4:])
    return forms


def shipped_entries(folder: Path | None = None) -> Iterator[Entry]:
    folder = folder or _data_folder()
    for number, row in _rows(folder / "countries.csv"):
        where = f"countries.csv:{number}"
        iso3 = row["iso3"].strip()
        for alias in dict.fromkeys([row["name"], *_split(row["aliases"])]):
            for form in _variants(alias):
                yield Entry(form, EntryKind.COUNTRY, iso3, None, row["name"], source=where)
        for adjective in _split(row["adjectives"]):
            yield Entry(adjective, EntryKind.ADJECTIVE, iso3, None, row["name"], source=where)
        for capital in _split(row["capitals"]):
            yield Entry(capital, EntryKind.CAPITAL, iso3, "GOV", f"{row['name']} (government)", source=where)
    for number, row in _rows(folder / "institutions.csv"):
        where = f"institutions.csv:{number}"
        for alias in dict.fromkeys([row["name"], *_split(row["aliases"])]):
            for form in _variants(alias):
                yield Entry(
                    form,
                    EntryKind.INSTITUTION,
                    row["iso3"] or None,
                    row["sector"] or None,
                    row["name"],
                    source=where,
                )
    for number, row in _rows(folder / "organisations.csv"):
        where = f"organisations.csv:{number}"
        start, end = _date(row.get("start"), where), _date(row.get("end"), where)
        # International bodies carry their international code as sector: IGO, NGO, IMG (the contract's rule).
        sector = row["code"] if row["code"] in ("IGO", "NGO", "IMG") and not row["iso3"] else row["sector"]
        for alias in dict.fromkeys([row["name"], *_split(row["aliases"])]):
            for form in _variants(alias):
                yield Entry(
                    form,
                    EntryKind.ORGANISATION,
                    row["iso3"] or None,
                    sector or None,
                    row["name"],
                    start,
                    end,
                    source=where,
                )
    people = folder / "people.csv"
    if people.exists():
        for number, row in _rows(people):
            where = f"people.csv:{number}"
            start, end = _date(row["start"], where), _date(row["end"], where)
            for alias in dict.fromkeys([row["name"], *_split(row["aliases"])]):
                for form in _variants(alias):
                    yield Entry(
                        form,
                        EntryKind.PERSON,
                        row["iso3"] or None,
                        row["sector"] or None,
                        row["name"],
                        start,
                        end,
                        role=row["role"],
                        source=where,
                    )
    for number, row in _rows(folder / "agents.csv"):
        where = f"agents.csv:{number}"
        for form in dict.fromkeys([row["term"], *_split(row.get("plural"))]):
            yield Entry(
                form,
                EntryKind.AGENT,
                None,
                row["sector"] or None,
                row["term"],
                source=where,
                case_sensitive=False,
            )


@cache
def legacy_codes() -> dict[str, str | None]:
    """Old CAMEO country codes and international codes -> ISO alpha-3 (None for IGO, NGO, IMG, ...)."""
    result: dict[str, str | None] = {}
    for _, row in _rows(_data_folder() / "legacy_codes.csv"):
        result[row["code"].strip()] = row["iso3"].strip() or None
    return result


@cache
def shipped_dictionary() -> ActorDictionary:
    dictionary = ActorDictionary(shipped_entries())
    logger.debug("actor dictionary: %d entries", len(dictionary))
    return dictionary


# --- users' own entries ------------------------------------------------------------------------------------

CUSTOM_COLUMNS = ("phrase", "kind", "country", "sector", "name", "start", "end", "plural")


def custom_entries(path: str | Path) -> list[Entry]:
    """Entries from a user's CSV or YAML file in the custom format (see the module docstring)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"no such dictionary file: {path}")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ConfigError(f"{path}: expected a list of entries (mappings with a `phrase`)")
        rows = [
            (i + 1, {k: "" if v is None else str(v) for k, v in r.items()}) for i, r in enumerate(records)
        ]
    else:
        rows = list(_rows(path))
    entries = []
    for number, row in rows:
        where = f"{path.name}:{number}"
        phrase = (row.get("phrase") or "").strip()
        if not phrase:
            raise ConfigError(f"{where}: every entry needs a `phrase`")
        try:
            kind = EntryKind((row.get("kind") or "organisation").strip().lower())
        except ValueError as exc:
            raise ConfigError(
                f"{where}: unknown kind {row.get('kind')!r}; use one of {', '.join(EntryKind)}"
            ) from exc
        sector = (row.get("sector") or "").strip().upper() or None
        entry = Entry(
            phrase,
            kind,
            (row.get("country") or "").strip().upper() or None,
            sector,
            (row.get("name") or "").strip() or phrase,
            _date(row.get("start"), where),
            _date(row.get("end"), where),
            source=where,
            case_sensitive=kind is not EntryKind.AGENT,
        )
        entries.append(entry)
        plural = (row.get("plural") or "").strip()
        if plural:
            entries.append(
                Entry(
                    plural,
                    kind,
                    entry.country,
                    sector,
                    entry.name,
                    entry.start,
                    entry.end,
                    source=where,
                    case_sensitive=entry.case_sensitive,
                )
            )
    return entries


def load_dictionary(extra: Iterable[str | Path] = (), *, shipped: bool = True) -> ActorDictionary:
    """The shipped dictionary plus users' files (custom CSV/YAML, or PETRARCH `.actors`/`.agents` files)."""
    extra = list(extra)
    if not extra and shipped:
        return shipped_dictionary()
    from .petrarch import petrarch_entries

    dictionary = ActorDictionary(shipped_entries() if shipped else ())
    for path in extra:
        is_custom = Path(path).suffix.lower() in (".csv", ".yaml", ".yml")
        dictionary.add(custom_entries(path) if is_custom else petrarch_entries(path))
    return dictionary
