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

import datetime as dt
import hashlib
import itertools
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .merge_rules import (
    _PRECISION_RANK,
    EventMention,
    _canonical,
    _fmt_interval,
    actor_key,
    cluster,
    differences,
    make_mention,
    span,
    type_families,
)
from .models import Certainty, EventType
from .settings import Settings

if TYPE_CHECKING:
    from .store import Store


def outlet_of(source_name: str | None, url: str | None, article_id: str) -> str:
    """Who published an article: its outlet's name, else its web host, else the article itself."""
    if source_name and source_name.strip():
        return source_name.strip().lower()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"article:{article_id}"


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
    is the same for the next. After each refresh only the mentions that refresh used are kept (the next
    batch's chain overlaps them), at most `limit` of them, so memory follows the merge window, not the store
    (a dropped mention is read again when needed)."""

    def __init__(self, window_days: int, limit: int) -> None:
        self.window_days = window_days
        self.limit = limit
        self.by_id: dict[str, EventMention] = {}
        self.used: set[str] = set()

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
        self.used.update(m.id for m in found)
        return found

    def trim(self) -> None:
        for key in [key for key in self.by_id if key not in self.used]:
            del self.by_id[key]
        for key in list(itertools.islice(self.by_id, max(0, len(self.by_id) - self.limit))):
            del self.by_id[key]
        self.used = set()


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
