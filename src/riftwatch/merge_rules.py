"""What may merge: one report of an event (`EventMention`), the rules two groups of reports are compared by
(`differences`, `may_merge`) and the clustering of reports into events (`cluster`). riftwatch.merge says
what the rules are and keeps the store's merged events up to date.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .events.dates import names_a_day
from .models import Actor, Certainty, Event, EventType, Location, PlacePrecision, Precision
from .settings import Settings
from .vocabulary import STATE_SECTORS

CERTAINTY_WEIGHTS = {Certainty.ASSERTED: 1.0, Certainty.HEDGED: 0.5}
ANONYMOUS_FACTOR = 0.5
_PRECISION_RANK = {"place": 0, "admin1": 1, "country": 2}


@cache
def type_families() -> dict[EventType, str]:
    """PLOVER type -> family of types that may be one event told two ways (data/merge/type_families.csv)."""
    path = resources.files("riftwatch") / "data" / "merge" / "type_families.csv"
    with path.open(encoding="utf-8") as handle:
        families = {EventType(row["type"]): row["family"] for row in csv.DictReader(handle)}
    return {kind: families.get(kind, str(kind).lower()) for kind in EventType}


def certainty_group(certainty: Certainty) -> str:
    """Asserted and hedged reports tell of an act; a denial, plan or hypothesis is a different thing."""
    return "act" if certainty in (Certainty.ASSERTED, Certainty.HEDGED) else str(certainty)


def actor_key(country: str | None, sector: str | None) -> str | None:
    """The key a side is compared under: the country for organs of the state, the full code otherwise
    ("*REB" when only the sector is known); None for an actor without a code, which agrees with any."""
    if country and (not sector or sector in STATE_SECTORS):
        return country
    if country:
        return f"{country}{sector}"
    return f"*{sector}" if sector else None


def keys_agree(a: str, b: str) -> bool:
    """Same key, or a sector-only key and a full one it fits: "*REB" and "SYRREB"; "*COP" (police of an
    unnamed country) and "KEN" (a state, whose organs roll up into it)."""
    if a == b:
        return True
    if a.startswith("*") and not b.startswith("*"):
        sector = a[1:]
        return (b.endswith(sector) and len(b) > len(sector)) or (sector in STATE_SECTORS and len(b) == 3)
    if b.startswith("*") and not a.startswith("*"):
        return keys_agree(b, a)
    return False


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One report of an event: the stored event and what merging compares."""

    event: Event
    outlet: str
    published: dt.date | None
    lo: dt.date | None  # the days the event may have happened on (None: undated, never merged)
    hi: dt.date | None
    own_date: bool  # False when the event's date is only its article's publication date
    # Derived once: clustering asks for these of every mention many times over.
    block: str = field(init=False, repr=False, compare=False)  # mentions of different blocks never merge
    sides: tuple[tuple[str | None, str | None], tuple[str | None, str | None]] = field(
        init=False, repr=False, compare=False
    )
    canonical: tuple[Any, ...] = field(init=False, repr=False, compare=False)  # see `_canonical`

    def __post_init__(self) -> None:
        event = self.event
        block = f"{event.kind}|{type_families()[event.type]}|{certainty_group(event.certainty)}"
        object.__setattr__(self, "block", block)
        object.__setattr__(self, "sides", (_side(event.source), _side(event.target)))
        location = event.location
        specificity = (
            _PRECISION_RANK.get(location.precision, 3) if location else 4,
            (event.source is None) + (event.target is None),
        )
        object.__setattr__(self, "canonical", (self.width, specificity, self.lo or dt.date.max, self.id))

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def width(self) -> int:
        return (self.hi - self.lo).days if self.lo and self.hi else 1 << 30

    @property
    def weight(self) -> float:
        event = self.event
        value = CERTAINTY_WEIGHTS.get(event.certainty, 0.0)
        return value * (ANONYMOUS_FACTOR if event.attribution.anonymous else 1.0)

    def side(self, role: str) -> tuple[str | None, str | None]:
        """(roll-up key, name of a non-state group) of the source or target."""
        return self.sides[0] if role == "source" else self.sides[1]


def _side(actor: Actor | None) -> tuple[str | None, str | None]:
    if actor is None:
        return None, None
    key = actor_key(actor.country, actor.sector)
    state = key is not None and key == actor.country
    return key, None if key is None or state or not actor.name else actor.name.lower()


def date_interval(
    event: Event, published: dt.date | None, window_days: int
) -> tuple[dt.date | None, dt.date | None, bool]:
    """(first day, last day, whether the date is the event's own) for an event's date and its precision."""
    day, precision = event.date, event.date_precision
    if day is None:
        return None, None, False
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), True
    if precision is Precision.MONTH:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return dt.date(day.year, day.month, 1), following - dt.timedelta(days=1), True
    if published is not None and day == published and not names_a_day(event.evidence.sentence):
        return day - dt.timedelta(days=window_days), day, False
    return day, day, True


def make_mention(event: Event, published: dt.date | None, outlet: str, settings: Settings) -> EventMention:
    lo, hi, own = date_interval(event, published, settings.merge_window_days)
    return EventMention(event=event, outlet=outlet, published=published, lo=lo, hi=hi, own_date=own)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def place_conflict(a: EventMention, b: EventMention, place_km: float) -> str | None:
    """Why two mentions cannot be at the same place, or None when they can."""
    x, y = a.event.location, b.event.location
    if x is None or y is None:
        return None
    return _places_conflict(x, y, place_km)


def _places_conflict(x: Location, y: Location, place_km: float) -> str | None:
    if x.country and y.country and x.country != y.country:
        return f"place: {x.name} ({x.country}) vs {y.name} ({y.country})"
    if x.precision == PlacePrecision.COUNTRY or y.precision == PlacePrecision.COUNTRY or x.name == y.name:
        return None
    if x.geonames_id is not None and x.geonames_id == y.geonames_id:
        return None
    if x.precision != y.precision:
        return None  # a province and a place in the same country: the place may lie in it
    if x.lat is None or x.lon is None or y.lat is None or y.lon is None:
        return f"place: {x.name} vs {y.name}"
    km = distance_km((x.lat, x.lon), (y.lat, y.lon))
    return None if km <= place_km else f"place: {x.name} vs {y.name} ({km:.0f} km apart)"


def _fmt_interval(lo: dt.date | None, hi: dt.date | None) -> str:
    if lo is None or hi is None:
        return "undated"
    return lo.isoformat() if lo == hi else f"{lo.isoformat()}..{hi.isoformat()}"


def span(members: Sequence[EventMention]) -> tuple[dt.date | None, dt.date | None]:
    """The days every member may have happened on (lo > hi when they share none)."""
    if any(m.lo is None or m.hi is None for m in members):
        return None, None
    return max(m.lo for m in members if m.lo), min(m.hi for m in members if m.hi)


def differences(
    group: Sequence[EventMention], other: Sequence[EventMention], settings: Settings
) -> list[str]:
    """Everything that keeps two groups of mentions from being one event; empty when they may merge."""
    return list(_reasons(group, other, settings))


def may_merge(group: Sequence[EventMention], other: Sequence[EventMention], settings: Settings) -> bool:
    """`not differences(...)`, stopping at the first reason (clustering asks this of every nearby group)."""
    return next(_reasons(group, other, settings), None) is None


def _reasons(
    group: Sequence[EventMention], other: Sequence[EventMention], settings: Settings
) -> Iterator[str]:
    a, b = group[0].event, other[0].event
    if a.kind != b.kind:
        yield f"kind: {a.kind} vs {b.kind}"
    families = type_families()
    if families[a.type] != families[b.type]:
        types_a = sorted({str(m.event.type) for m in group})
        types_b = sorted({str(m.event.type) for m in other})
        yield f"type: {'/'.join(types_a)} vs {'/'.join(types_b)}"
    if certainty_group(a.certainty) != certainty_group(b.certainty):
        yield f"certainty: {a.certainty} vs {b.certainty}"
    for role in ("source", "target"):
        keys_a = {k for m in group if (k := m.side(role)[0])}
        keys_b = {k for m in other if (k := m.side(role)[0])}
        if not all(keys_agree(x, y) for x in keys_a | keys_b for y in keys_a | keys_b):
            yield f"{role}: {'/'.join(sorted(keys_a))} vs {'/'.join(sorted(keys_b))}"
            continue
        names_a = {m.side(role)[1] for m in group} - {None}
        names_b = {m.side(role)[1] for m in other} - {None}
        if names_a and names_b and names_a != names_b:
            yield f"{role}: {'/'.join(sorted(names_a))} vs {'/'.join(sorted(names_b))}"
    lo_a, hi_a = span(group)
    lo_b, hi_b = span(other)
    if lo_a is None or lo_b is None or hi_a is None or hi_b is None:
        yield "date: undated reports are never merged"
    elif max(lo_a, lo_b) > min(hi_a, hi_b):
        yield f"date: {_fmt_interval(lo_a, hi_a)} vs {_fmt_interval(lo_b, hi_b)}"
    for m in other:
        found = next((r for r in (place_conflict(m, g, settings.merge_place_km) for g in group) if r), None)
        if found:
            yield found
            break


def _canonical(mention: EventMention) -> tuple[Any, ...]:
    """Most precise first: exact dates, then located and fully coded mentions, then by date and id (derived
    once per mention: every refresh sorts the whole chain again)."""
    return mention.canonical


class _Group:
    """A group being clustered, with what `may_merge(members, [mention])` reads of it kept up to date: its
    block, the side keys and names of its members (the keys of a group always agree with each other, or they
    would not have merged), the days all of them may have happened on and their distinct places."""

    __slots__ = ("members", "block", "keys", "names", "lo", "hi", "places")

    def __init__(self, mention: EventMention) -> None:
        self.members = [mention]
        self.block = mention.block
        self.keys: tuple[set[str], set[str]] = (set(), set())
        self.names: tuple[set[str], set[str]] = (set(), set())
        self.lo, self.hi = mention.lo, mention.hi
        self.places: list[Location] = []
        self._note(mention)

    def _note(self, mention: EventMention) -> None:
        for role, (key, name) in enumerate(mention.sides):
            if key:
                self.keys[role].add(key)
            if name is not None:
                self.names[role].add(name)
        location = mention.event.location
        if location is not None and location not in self.places:
            self.places.append(location)

    def add(self, mention: EventMention) -> None:
        self.members.append(mention)
        assert self.lo and self.hi and mention.lo and mention.hi
        self.lo, self.hi = max(self.lo, mention.lo), min(self.hi, mention.hi)
        self._note(mention)

    def fits(self, mention: EventMention, place_km: float) -> bool:
        """Exactly `may_merge(self.members, [mention], settings)` for a dated mention of the group's block
        (kind, type family and certainty group are the block), read from the kept summaries."""
        if mention.block != self.block:
            return False
        for role, (key, name) in enumerate(mention.sides):
            if key and not all(keys_agree(key, other) for other in self.keys[role]):
                return False
            names = self.names[role]
            if key and name is not None and names and names != {name}:
                return False
        assert self.lo and self.hi and mention.lo and mention.hi
        if max(self.lo, mention.lo) > min(self.hi, mention.hi):
            return False
        location = mention.event.location
        if location is None or not self.places:
            return True
        return not any(_places_conflict(location, other, place_km) for other in self.places)


def _only_fit(
    mention: EventMention, buckets: list[Sequence[int]], groups: list[_Group], place_km: float
) -> int | None:
    """The one group near the mention it fits, or None when it fits none or more than one (an ambiguous
    report stays apart): the search stops at the second fit, whatever order the groups are read in."""
    found: int | None = None
    for index in set().union(*buckets):  # a group is in the bucket of each of its days: read it once
        if groups[index].fits(mention, place_km):
            if found is not None:
                return None
            found = index
    return found


def cluster(mentions: Iterable[EventMention], settings: Settings) -> list[list[EventMention]]:
    """Group mentions into events. Depends on the set of mentions only, never on their order."""
    ordered = sorted({m.id: m for m in mentions}.values(), key=_canonical)
    groups: list[_Group] = []
    # Groups indexed by block and by each day they may have happened on: a mention is compared only with
    # the groups its interval can overlap (the full check is `differences`).
    by_day: dict[tuple[str, int], list[int]] = {}
    place_km = settings.merge_place_km
    for mention in ordered:
        if mention.lo is None or mention.hi is None:
            groups.append(_Group(mention))  # undated: never merged
            continue
        days = range(mention.lo.toordinal(), mention.hi.toordinal() + 1)
        block = mention.block
        fit = _only_fit(mention, [by_day.get((block, day), ()) for day in days], groups, place_km)
        if fit is not None:
            groups[fit].add(mention)
            continue
        groups.append(_Group(mention))
        for day in days:
            by_day.setdefault((block, day), []).append(len(groups) - 1)
    return sorted((sorted(g.members, key=lambda m: m.id) for g in groups), key=lambda g: g[0].id)
