"""Bring your own events: GDELT 2.0 event exports, ICEWS event files and PLOVER/POLECAT JSON as riftwatch
events, so that relations can be watched in data analysts already have.

Every row read is accounted for: it becomes an event or a rejection with a reason (`bad_row`,
`bad_date`, `no_plover_type`: a CAMEO code with no PLOVER type, such as 010 "make statement", `unknown_type`).
An imported event is marked by its origin: its id and article id start with the format's name
(`gdelt:`, `icews:`, `plover:`), and `evidence.rule` is `import:FORMAT`. CAMEO codes map to PLOVER types and
Goldstein values through `events/data/cameo.csv`; a PLOVER record without a CAMEO code takes the most
general CAMEO code of its type (and that code's Goldstein value).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .actors.entries import legacy_codes
from .errors import ConfigError
from .events.lexicon import QUAD_CLASS, cameo_codes
from .models import Actor, Event, EventType, Evidence, Location, Precision, Rejection, RejectionReason

GDELT_COLUMNS = 61
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# ICEWS and POLECAT sector words -> CAMEO-style sector (the first that matches wins).
ICEWS_SECTORS = (
    ("Military", "MIL"),
    ("Army", "MIL"),
    ("Police", "COP"),
    ("Judicial", "JUD"),
    ("Legislative", "LEG"),
    ("Parliament", "LEG"),
    ("Intelligence", "SPY"),
    ("Executive", "GOV"),
    ("Government", "GOV"),
    ("Cabinet", "GOV"),
    ("Rebel", "REB"),
    ("Insurgent", "INS"),
    ("Separatist", "REB"),
    ("Dissident", "OPP"),
    ("Opposition", "OPP"),
    ("Media", "MED"),
    ("Business", "BUS"),
)


class Format(StrEnum):
    GDELT = "gdelt"
    ICEWS = "icews"
    PLOVER = "plover"


@dataclass(slots=True, kw_only=True)
class ImportSummary:
    """read = imported + duplicates + rejected."""

    read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": sum(self.rejected.values()),
            "rejected_by_reason": dict(sorted(self.rejected.items())),
        }


class RowError(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@cache
def _country_names() -> dict[str, str]:
    """Country names and aliases (lower case) -> ISO alpha-3, from the actors' countries.csv."""
    path = Path(str(resources.files("riftwatch.actors") / "data" / "countries.csv"))
    names: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in [row["name"], *(row.get("aliases") or "").split("|")]:
                if name.strip():
                    names[name.strip().lower()] = row["iso3"]
    return names


@cache
def _type_codes() -> dict[str, str]:
    """PLOVER type -> its most general CAMEO code (shortest, then lowest)."""
    best: dict[str, str] = {}
    for code in sorted(cameo_codes(), key=lambda c: (len(c), c)):
        plover = cameo_codes()[code].plover
        if plover and plover not in best:
            best[plover] = code
    return best


def _country(code: str) -> str | None:
    code = code.strip().upper()
    if not code:
        return None
    legacy = legacy_codes()
    return legacy.get(code, code)


def _event(
    origin: Format,
    key: str,
    article: str,
    cameo: str | None,
    type_name: str | None,
    date: dt.date,
    source: Actor | None,
    target: Actor | None,
    text: str = "",
    location: Location | None = None,
) -> Event:
    codes = cameo_codes()
    if type_name:
        name = OLD_PLOVER.get(type_name.strip().upper(), type_name.strip().upper())
        if name not in EventType.__members__:
            raise RowError("unknown_type", f"unknown PLOVER type {type_name!r}")
        event_type = EventType(name)
        cameo = cameo if cameo in codes and codes[cameo].plover == name else _type_codes()[name]
    else:
        if cameo not in codes:
            raise RowError("bad_row", f"unknown CAMEO code {cameo!r}")
        if not codes[cameo].plover:
            raise RowError("no_plover_type", f"CAMEO {cameo} ({codes[cameo].name}) has no PLOVER type")
        event_type = EventType(codes[cameo].plover)
    return Event(
        id=f"{origin}:{key}",
        article_id=f"{origin}:{article}",
        type=event_type,
        cameo=cameo,
        goldstein=codes[cameo].goldstein,
        quad_class=QUAD_CLASS[event_type],
        source=source,
        target=target,
        date=date,
        date_precision=Precision.DAY,
        location=location,
        evidence=Evidence(sentence=text, start=0, end=len(text), trigger="", rule=f"import:{origin}"),
    )


def _day(text: str, formats: tuple[str, ...]) -> dt.date:
    for pattern in formats:
        try:
            return dt.datetime.strptime(text.strip()[:10] if "-" in pattern else text.strip(), pattern).date()
        except ValueError:
            continue
    raise RowError("bad_date", f"unreadable date {text!r}")


def _gdelt_actor(row: list[str], offset: int) -> Actor | None:
    code, name, country = row[offset], row[offset + 1], row[offset + 2]
    if not code and not name:
        return None
    types = [t for t in row[offset + 7 : offset + 10] if t]
    sector = types[0] if types else None
    iso = _country(country)
    if iso is None and code[:3] in legacy_codes() and legacy_codes()[code[:3]] is None:
        sector = sector or code[:3]  # IGO, NGO, IMG...
    return Actor(text=name or code, name=name.title() or None, country=iso, sector=sector)


def read_gdelt(path: Path) -> Iterator[Event | Rejection]:
    """GDELT 2.0 event export: tab-separated, no header, 61 columns (the GDELT 2.0 event codebook)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            row = line.rstrip("\r\n").split("\t")
            try:
                if len(row) != GDELT_COLUMNS:
                    raise RowError(
                        "bad_row", f"{len(row)} columns, a GDELT 2.0 event row has {GDELT_COLUMNS}"
                    )
                location = None
                if row[52] and row[56] and row[57]:
                    # ActionGeo country codes are FIPS 10-4, not ISO: the country is left to the coordinates.
                    location = Location(
                        name=row[52], country=None, lat=float(row[56]), lon=float(row[57]), precision="place"
                    )
                yield _event(
                    Format.GDELT,
                    row[0],
                    row[60] or row[0],
                    row[26],
                    None,
                    _day(row[1], ("%Y%m%d",)),
                    _gdelt_actor(row, 5),
                    _gdelt_actor(row, 15),
                    location=location,
                )
            except (RowError, ValueError) as exc:
                yield _rejection(where, exc)


def _rejection(where: str, exc: Exception) -> Rejection:
    reason = exc.reason if isinstance(exc, RowError) else "bad_row"
    return Rejection(source_id=where, reason=RejectionReason.BAD_RECORD, detail=f"{reason}: {exc}")


def _sector(words: str) -> str | None:
    """A sector code as it is (GOV, MIL...), or the first sector word found in a description."""
    if words.strip().upper() in {code for _, code in ICEWS_SECTORS}:
        return words.strip().upper()
    return next((code for word, code in ICEWS_SECTORS if word.lower() in words.lower()), None)


def _icews_actor(name: str, sectors: str, country: str) -> Actor | None:
    if not name.strip():
        return None
    iso = _country_names().get(country.strip().lower())
    sector = _sector(sectors)
    if iso and name.strip().lower() == country.strip().lower():
        sector = None  # the country itself
    return Actor(text=name.strip(), name=name.strip(), country=iso, sector=sector)


def read_icews(path: Path) -> Iterator[Event | Rejection]:
    """ICEWS event file: tab-separated with a header (Event ID, Event Date, Source Name, Source Sectors,
    Source Country, Event Text, CAMEO Code, Intensity, Target Name, Target Sectors, Target Country, Story ID,
    Sentence Number, Publisher, City, District, Province, Country, Latitude, Longitude)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        needed = {
            "Event ID",
            "Event Date",
            "Source Name",
            "Source Country",
            "CAMEO Code",
            "Target Name",
            "Target Country",
        }
        if not needed <= set(reader.fieldnames or ()):
            raise ConfigError(
                f"{path} is not an ICEWS event file: the header lacks {sorted(needed - set(reader.fieldnames or ()))}"
            )
        for number, row in enumerate(reader, start=2):
            where = f"{path}:{number}"
            try:
                if None in row or any(row.get(k) is None for k in needed):
                    raise RowError("bad_row", "wrong number of fields")
                cameo = (
                    row["CAMEO Code"].strip().zfill(3)
                    if row["CAMEO Code"].strip().isdigit()
                    else row["CAMEO Code"]
                )
                yield _event(
                    Format.ICEWS,
                    row["Event ID"],
                    row.get("Story ID") or row["Event ID"],
                    cameo,
                    None,
                    _day(row["Event Date"], ("%Y-%m-%d", "%Y%m%d")),
                    _icews_actor(row["Source Name"], row.get("Source Sectors") or "", row["Source Country"]),
                    _icews_actor(row["Target Name"], row.get("Target Sectors") or "", row["Target Country"]),
                    text=row.get("Event Text") or "",
                )
            except (RowError, ValueError) as exc:
                yield _rejection(where, exc)


def _records(path: Path) -> Iterator[tuple[str, Any]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path} is not valid JSON: {exc}") from None
        for index, record in enumerate(data, start=1):
            yield f"{path}#{index}", record
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield f"{path}:{number}", json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{path}:{number}", RowError("bad_row", f"not JSON: {exc.msg}")


def _pick(record: dict[str, Any], *names: str) -> Any:
    for name in names:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _plover_actor(record: dict[str, Any], role: str) -> Actor | None:
    nested = record.get(role) if isinstance(record.get(role), dict) else None
    if nested is not None:
        name, country, sector = (
            _pick(nested, "name", "text"),
            _pick(nested, "country"),
            _pick(nested, "sector"),
        )
    else:
        title = "Actor" if role == "source" else "Recipient"
        name = _pick(record, f"{title} Name", f"{role}_name")
        country = _pick(record, f"{title} Country", f"{role}_country")
        sector = _pick(record, f"Primary {title} Sector", f"{role}_sector")
    if not name and not country:
        return None
    return Actor(
        text=str(name or country),
        name=str(name) if name else None,
        country=_country(str(country)) if country else None,
        sector=_sector(str(sector)) if sector else None,
    )


def read_plover(path: Path) -> Iterator[Event | Rejection]:
    """PLOVER/POLECAT JSON: a JSON array or JSON lines of records, either POLECAT's columns ("Event ID",
    "Event Date", "Event Type", "Actor Name", "Actor Country", "Primary Actor Sector", "Recipient ...")
    or PLOVER-style keys (id, date, event_type or type, source/target objects with name, country, sector)."""
    for where, record in _records(path):
        try:
            if isinstance(record, RowError):
                raise record
            if not isinstance(record, dict):
                raise RowError("bad_row", "a record is a JSON object")
            key = _pick(record, "Event ID", "id", "event_id")
            type_name = _pick(record, "Event Type", "event_type", "type")
            date = _pick(record, "Event Date", "date")
            if key is None or type_name is None or date is None:
                raise RowError("bad_row", "a record needs an id, a date and an event type")
            cameo = _pick(record, "cameo", "CAMEO Code")
            yield _event(
                Format.PLOVER,
                str(key),
                str(_pick(record, "Story ID", "story_id", "article_id") or key),
                str(cameo) if cameo else None,
                str(type_name),
                _day(str(date), ("%Y-%m-%d", "%Y%m%d")),
                _plover_actor(record, "source"),
                _plover_actor(record, "target"),
                text=str(_pick(record, "Headline", "text", "sentence") or ""),
            )
        except (RowError, ValueError) as exc:
            yield _rejection(where, exc)


READERS = {Format.GDELT: read_gdelt, Format.ICEWS: read_icews, Format.PLOVER: read_plover}


def read_events(fmt: Format | str, path: str | Path) -> Iterator[Event | Rejection]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"no such file: {path}")
    return READERS[Format(fmt)](path)


def import_events(fmt: Format | str, path: str | Path, store: Any, *, batch: int = 5000) -> ImportSummary:
    """Read a file of another dataset's events into the store; read = imported + duplicates + rejected."""
    summary = ImportSummary()
    events: list[Event] = []
    rejections: list[Rejection] = []

    def flush() -> None:
        stored, repeated = store.write_imported(events, rejections)
        summary.imported += stored
        summary.duplicates += repeated
        events.clear()
        rejections.clear()

    for item in read_events(fmt, path):
        summary.read += 1
        if isinstance(item, Rejection):
            reason = item.detail.split(":", 1)[0]
            summary.rejected[reason] = summary.rejected.get(reason, 0) + 1
            rejections.append(item)
        else:
            events.append(item)
        if len(events) + len(rejections) >= batch:
            flush()
    flush()
    return summary
