"""One real-world event, many reports: events from different articles merged into one merged event.

Each stored event is a *mention* of some real-world event. Mentions merge when they agree on everything that
identifies an event:
- the same kind (event or stance) and the same certainty group (asserted and hedged reports of an act merge;
  a denial, a plan or a hypothesis is kept apart from the act);
- types of one family (`data/merge/type_families.csv`: a raid told as ASSAULT by one outlet and as COERCE by
  another is one event);
- the same dyad after roll-up: the organs of a state (GOV, MIL, COP, ...) roll up into the country, non-state
  groups keep their own code, and two named non-state groups never merge; a side the text does not name
  agrees with any;
- compatible dates: each mention has an interval of days it may have happened on, from the event's own date
  and precision (a day; any day of a month; any day of a year). A mention dated only by its article (the
  event's date is the publication day and its sentence names no day) may have happened up to `Settings.merge_window_days` days before it.
  Mentions merge only when the intervals of all of them share a day, so two reports with different days of
  their own (two days of fighting between the same sides) never merge;
- compatible places: the same country, and the same place or places within `Settings.merge_place_km`; a
  coarser place (province, country) agrees with the places inside its country; no place agrees with any.

Clustering is greedy in a canonical order (the most precise mentions first, then by date and id), so the
result depends on the set of mentions only, never on the order they arrived in. A mention that fits two
merged events equally stays apart (an honest missed merge is better than a false one). Mentions whose date
intervals do not overlap can never meet, so an update re-clusters only the chain of overlapping intervals a
new mention falls into (`refresh`), and a merged event's id is a hash of its members' ids.

Corroboration (`corroboration` on each merged event): the effective number of independent outlets that
report it. Each outlet counts once (its best mention), weighted by certainty (asserted 1, hedged 0.5) and
attribution (a claim from anonymous sources 0.5). Three outlets asserting a raid give 3.0; one hedged claim
from a single anonymous source 0.25. Syndicated copies are near-duplicate articles whose events are not
stored (riftwatch.dedup), so they count once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import math
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .events.dates import names_a_day
from .models import Actor, Certainty, Event, EventType, Location, PlacePrecision, Precision
from .settings import Settings
from .vocabulary import STATE_SECTORS

if TYPE_CHECKING:
    from .store import Store

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


def outlet_of(source_name: str | None, url: str | None, article_id: str) -> str:
    """Who published an article: its outlet's name, else its web host, else the article itself."""
    if source_name and source_name.strip():
        return source_name.strip().lower()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"article:{article_id}"


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

    def __post_init__(self) -> None:
        event = self.event
        block = f"{event.kind}|{type_families()[event.type]}|{certainty_group(event.certainty)}"
        object.__setattr__(self, "block", block)
        object.__setattr__(self, "sides", (_side(event.source), _side(event.target)))

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
    """Most precise first: exact dates, then located and fully coded mentions, then by date and id."""
    event = mention.event
    location = event.location
    specificity = (
        _PRECISION_RANK.get(location.precision, 3) if location else 4,
        (event.source is None) + (event.target is None),
    )
    return (mention.width, specificity, mention.lo or dt.date.max, mention.id)


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
        near = {index for day in days for index in by_day.get((block, day), ())}
        fits = [index for index in near if groups[index].fits(mention, place_km)]
        if len(fits) == 1:
            groups[fits[0]].add(mention)
            continue
        groups.append(_Group(mention))
        for day in days:
            by_day.setdefault((block, day), []).append(len(groups) - 1)
    return sorted((sorted(g.members, key=lambda m: m.id) for g in groups), key=lambda g: g[0].id)


def merged_id(members: Sequence[EventMention]) -> str:
    return "m" + hashlib.sha1("|".join(sorted(m.id for m in members)).encode()).hexdigest()[:15]


def corroboration(members: Sequence[EventMention]) -> float:
    """Effective number of independent outlets: each outlet's best mention, weighted (module docstring)."""
    best: dict[str, float] = {}
    for m in members:
        best[m.outlet] = max(best.get(m.outlet, 0.0), m.weight)
    return round(sum(best.values()), 3)


def _numbers(members: Sequence[EventMention], name: str) -> dict[str, Any]:
    """Every figure the reports give, side by side (never averaged): 12 dead in one, 15 in another."""
    values = sorted({getattr(m.event, name) for m in members} - {None})
    return {
        f"{name}_reported": values,
        f"{name}_min": values[0] if values else None,
        f"{name}_max": values[-1] if values else None,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class MergedEvent:
    """One real-world event and every report of it. `row` holds the stored columns."""

    id: str
    members: tuple[EventMention, ...]
    row: dict[str, Any] = field(default_factory=dict)


def _actor_columns(members: Sequence[EventMention], role: str) -> dict[str, Any]:
    """The side's roll-up key (a full code wins over a sector-only one) and its most reported actor."""
    actors = [actor for m in members if (actor := getattr(m.event, role)) is not None]
    coded = [(key, actor) for actor in actors if (key := actor_key(actor.country, actor.sector))]
    if not coded:
        return {f"{role}_{c}": None for c in ("key", "code", "country", "sector", "name")}
    keys = Counter(key for key, _ in coded)
    chosen = min(keys, key=lambda k: (k.startswith("*"), -keys[k], k))
    counts = Counter((a.country, a.sector, a.name) for key, a in coded if key == chosen)
    country, sector, name = min(counts, key=lambda k: (-counts[k], str(k)))
    return {
        f"{role}_key": chosen,
        f"{role}_code": f"{country or ''}{sector or ''}" or None,
        f"{role}_country": country,
        f"{role}_sector": sector,
        f"{role}_name": name,
    }


def build(members: Sequence[EventMention]) -> MergedEvent:
    """The merged event of a group of mentions: counts, corroboration, every figure, a representative."""
    members = sorted(members, key=lambda m: m.id)
    types = Counter(m.event.type for m in members)
    order = list(EventType)
    chosen = min(types, key=lambda t: (-types[t], order.index(t)))
    lead = min((m for m in members if m.event.type == chosen), key=_canonical)
    dated = min(members, key=lambda m: (m.width, m.lo or dt.date.max, m.id))
    located = [m.event.location for m in members if m.event.location is not None]
    location = (
        min(located, key=lambda loc: (_PRECISION_RANK.get(loc.precision, 3), loc.name)) if located else None
    )
    lo, hi = span(members)
    certainties = {m.event.certainty for m in members}
    published = sorted(m.published for m in members if m.published)
    row: dict[str, Any] = {
        "id": merged_id(members),
        "article_id": lead.event.article_id,
        "kind": str(lead.event.kind),
        "type": str(chosen),
        "types": sorted(str(t) for t in types),
        "family": type_families()[chosen],
        "certainty": str(Certainty.ASSERTED if Certainty.ASSERTED in certainties else lead.event.certainty),
        "cameo": lead.event.cameo,
        "goldstein": lead.event.goldstein,
        "quad_class": lead.event.quad_class,
        **_actor_columns(members, "source"),
        **_actor_columns(members, "target"),
        "date": dated.event.date,
        "date_precision": str(dated.event.date_precision) if dated.event.date_precision else None,
        "date_earliest": lo,
        "date_latest": hi,
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "location_lat": location.lat if location else None,
        "location_lon": location.lon if location else None,
        "location_precision": location.precision if location else None,
        "attribution_anonymous": all(m.event.attribution.anonymous for m in members),
        "num_mentions": len(members),
        "num_articles": len({m.event.article_id for m in members}),
        "num_sources": len({m.outlet for m in members}),
        "corroboration": corroboration(members),
        **_numbers(members, "dead"),
        **_numbers(members, "injured"),
        **_numbers(members, "size"),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "mention_ids": [m.id for m in members],
    }
    return MergedEvent(id=row["id"], members=tuple(members), row=row)


def mention_row(mention: EventMention, merged: str) -> dict[str, Any]:
    return {
        "event_id": mention.id,
        "merged_id": merged,
        "article_id": mention.event.article_id,
        "outlet": mention.outlet,
        "published": mention.published,
        "block": mention.block,
        "date_lo": mention.lo,
        "date_hi": mention.hi,
        "own_date": mention.own_date,
        "weight": mention.weight,
    }


def why_member(mention: EventMention, members: Sequence[EventMention]) -> str:
    """What a member shares with the rest of its merged event."""
    event = mention.event
    if len(members) == 1:
        return "only report"
    source, target = mention.side("source")[0], mention.side("target")[0]
    parts = [
        f"dyad {source or '?'} -> {target or '?'}",
        f"type {event.type} ({type_families()[event.type]})",
        f"date {_fmt_interval(mention.lo, mention.hi)}" + ("" if mention.own_date else " (publication date)"),
    ]
    if event.location is not None:
        parts.append(f"place {event.location.name}")
    return "; ".join(parts)


def chain_bounds(mentions: Sequence[EventMention]) -> dict[str, tuple[dt.date, dt.date]]:
    """Per block, the span of the dated mentions given: where the re-clustering must look."""
    bounds: dict[str, tuple[dt.date, dt.date]] = {}
    for m in mentions:
        if m.lo is None or m.hi is None:
            continue
        lo, hi = bounds.get(m.block, (m.lo, m.hi))
        bounds[m.block] = (min(lo, m.lo), max(hi, m.hi))
    return bounds


def reach_bounds(mentions: Sequence[EventMention], days: int) -> dict[str, tuple[dt.date, dt.date]]:
    """Per block, how far re-clustering may look from these mentions (`Settings.merge_reach_days`; none: 0).
    Without a reach the chain of overlapping intervals is followed to its end, and in a steady news stream,
    with reports of a kind on every day, that end is the whole store: every batch would re-cluster (and hold in
    memory) every stored report of its kinds."""
    if days <= 0:
        return {}
    first, last = 1, dt.date.max.toordinal()
    return {
        block: (
            dt.date.fromordinal(max(lo.toordinal() - days, first)),
            dt.date.fromordinal(min(hi.toordinal() + days, last)),
        )
        for block, (lo, hi) in chain_bounds(mentions).items()
    }


# --- updating a store ---------------------------------------------------------------------------------------


class _MentionCache:
    """The mentions of one store's events, read once: a stored event never changes (the store refuses an id
    clash and never deletes an event), nor do its article's date and outlet, so a mention read for one batch
    is the same for the next. Least recently used mentions are dropped past `limit`, so memory stays bounded
    in a long run (a dropped mention is read again when needed)."""

    def __init__(self, window_days: int, limit: int) -> None:
        self.window_days = window_days
        self.limit = limit
        self.by_id: dict[str, EventMention] = {}

    def get(self, store: Store, event_ids: Iterable[str], settings: Settings) -> list[EventMention]:
        wanted = sorted(set(event_ids))
        missing = [i for i in wanted if i not in self.by_id]
        for event, published, source_name, url in store.merge_inputs(missing):
            outlet = outlet_of(source_name, url, event.article_id)
            self.by_id[event.id] = make_mention(event, published, outlet, settings)
        found = []
        for i in wanted:
            mention = self.by_id.pop(i, None)  # re-inserted last: the most recently used
            if mention is not None:
                self.by_id[i] = mention
                found.append(mention)
        return found

    def trim(self) -> None:
        for key in list(itertools.islice(self.by_id, max(0, len(self.by_id) - self.limit))):
            del self.by_id[key]


# One cache per open store (it goes with the Store object), for the merge window it was read with.
_CACHES: weakref.WeakKeyDictionary[Store, _MentionCache] = weakref.WeakKeyDictionary()
MENTION_CACHE_LIMIT = 50_000


def _cache(store: Store, settings: Settings) -> _MentionCache:
    cached = _CACHES.get(store)
    if cached is None or cached.window_days != settings.merge_window_days:
        cached = _CACHES[store] = _MentionCache(settings.merge_window_days, MENTION_CACHE_LIMIT)
    return cached


def _mentions(store: Store, event_ids: Iterable[str], settings: Settings) -> list[EventMention]:
    """The mentions of stored events, in id order (events not stored are left out)."""
    return _cache(store, settings).get(store, event_ids, settings)


def refresh(store: Store, event_ids: Iterable[str], settings: Settings | None = None) -> int:
    """Merge stored events (new ones, typically) into the store's merged events: only the chain of mentions
    whose dates overlap theirs is re-clustered, so the result is that of clustering the whole store at once,
    whatever the order the articles came in. Returns the number of merged events written."""
    settings = settings or Settings()
    affected = {m.id: m for m in _mentions(store, event_ids, settings)}
    if not affected:
        return 0
    reach = reach_bounds(list(affected.values()), settings.merge_reach_days)
    while True:  # grow to the whole chain: overlapping intervals, and every member of a merged event touched
        found: set[str] = set(store.merged_members(store.merged_of(list(affected))))
        bounds = chain_bounds(list(affected.values()))
        for block, (lo, hi) in bounds.items():
            if block in reach:  # the chain stops `merge_reach_days` from the new reports
                bounds[block] = max(lo, reach[block][0]), min(hi, reach[block][1])
        found.update(store.merge_chains(bounds))
        missing = found - set(affected)
        if not missing:
            break
        affected.update({m.id: m for m in _mentions(store, missing, settings)})
    before = set(store.merged_of(list(affected)))
    clusters = {merged_id(group): group for group in cluster(affected.values(), settings)}
    after = set(clusters)
    groups = [build(group) for key, group in clusters.items() if key not in before]
    # A merged event's id is a hash of its members, so an unchanged id is an unchanged row: only the merged
    # events that changed are rewritten.
    rows = [mention_row(m, merged.id) for merged in groups for m in merged.members]
    store.replace_merged(sorted(before - after), [merged.row for merged in groups], rows)
    _cache(store, settings).trim()
    return len(groups)


def refresh_all(store: Store, settings: Settings | None = None) -> int:
    """Merge every stored event that is not merged yet (a store from an older riftwatch, an interrupted run)."""
    return refresh(store, store.unmerged_event_ids(), settings)


def explain(store: Store, identifier: str, settings: Settings | None = None) -> dict[str, Any] | None:
    """A merged event (by its id, or the id of an event it merged), the mentions it holds and why each one
    belongs, and the nearby merged events it was kept apart from with what kept them apart."""
    settings = settings or Settings()
    row = store.merged_event(identifier)
    if row is None:
        return None
    members = _mentions(store, row["mention_ids"], settings)
    mentions = [
        {
            "event_id": m.id,
            "article_id": m.event.article_id,
            "outlet": m.outlet,
            "published": m.published,
            "type": str(m.event.type),
            "certainty": str(m.event.certainty),
            "attribution": m.event.attribution.to_dict(),
            "date": m.event.date,
            "date_precision": str(m.event.date_precision) if m.event.date_precision else None,
            "place": m.event.location.name if m.event.location else None,
            "dead": m.event.dead,
            "injured": m.event.injured,
            "size": m.event.size,
            "sentence": m.event.evidence.sentence,
            "start": m.event.evidence.start,
            "end": m.event.evidence.end,
            "why": why_member(m, members),
        }
        for m in members
    ]
    near = []
    for other in store.merged_near(row, settings.merge_window_days + 7):
        reasons = differences(members, _mentions(store, other["mention_ids"], settings), settings)
        near.append(
            {
                "id": other["id"],
                "type": other["type"],
                "date": other["date"],
                "source": other["source_key"],
                "target": other["target_key"],
                "place": other["location_name"],
                "num_mentions": other["num_mentions"],
                "kept_apart_by": reasons
                or ["ambiguous: a report fitted more than one merged event, so it was kept apart"],
            }
        )
    return {"merged": row, "mentions": mentions, "near": near}
