"""Toponym resolution: which of the places that bear a name the article means.

Each candidate gets a score: a prior (countries and the project's own places first, then provinces and
cities by population, a GeoNames alternate spelling counting for less than a place's own name) plus what the
article says: a country the text puts it in ('the Syrian town of X', 'X, Syria', the actor dictionary's
country for 'Moscow'), a qualifier ('Paris, Texas'), a cue ('the town of X' wants a town, 'X province' a
province), and the countries and provinces of the article's other places (two passes: first the
unambiguous names, then everything against what the first pass chose).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import PlaceRole
from .gazetteer import ALIAS, ALTERNATE, Candidate, GeoKind, name_key
from .toponyms import Toponym

_KIND_PRIOR = {
    "country": 10.0,
    "continent": 9.5,
    "region": 8.5,
    "sea": 8.5,
    "river": 8.0,
    "facility": 8.5,
    "village": 8.0,
    "admin2": 3.0,
}
ADMIN1_PENALTY = 0.8  # a province yields to its own capital city of the same name ('Aleppo')


@dataclass(slots=True)
class Context:
    """What the article says about where it is: country and province weights from its other places and
    from its actors."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[str] = field(default_factory=Counter)
    # soft votes: every other name of the article votes for the provinces its candidates lie in, each name
    # with one vote split among them ('Paris' and 'Henry County' both have candidates in Tennessee)
    admin_votes: dict[str, dict[str, float]] = field(default_factory=dict)

    def share(self, country: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries[country] / total if country and total else 0.0


def prior(c: Candidate) -> float:
    population = math.log10(max(c.population, 1))
    if c.kind == GeoKind.CITY:
        base = population + (0.5 if c.feature_code == "PPLC" else 0.0)
    elif c.kind == GeoKind.ADMIN1:
        base = min(population, 7.5) - ADMIN1_PENALTY
    else:
        base = _KIND_PRIOR.get(c.kind, 3.0)
    if c.how == ALIAS:
        base -= 0.2
    elif c.how == ALTERNATE:
        base -= 3.5
    return base


@dataclass(frozen=True, slots=True)
class _Tally:
    """What `score` reads of the context for one toponym, the same for all its candidates: the country and
    province counts (without the toponym's own first-pass choice), the countries' total, the toponym's key."""

    countries: Counter[str]
    admin1: Counter[str]
    total: int
    key: str


def _tally(toponym: Toponym, context: Context, exclude: Candidate | None) -> _Tally:
    countries = context.countries
    admin1 = context.admin1
    if exclude is not None:  # the toponym's own first-pass choice must not vote for itself
        countries = countries.copy()
        admin1 = admin1.copy()
        if exclude.country:
            countries[exclude.country] -= 1
        if exclude.admin1_code:
            admin1[exclude.admin1_code] -= 1
    total = sum(v for v in countries.values() if v > 0)
    return _Tally(countries, admin1, total, name_key(toponym.text))


def score(
    c: Candidate,
    toponym: Toponym,
    context: Context,
    *,
    exclude: Candidate | None = None,
    tally: _Tally | None = None,
) -> float:
    """A candidate's score for a toponym in its article's context (`tally`: `_tally` of the same toponym,
    context and `exclude`, when the caller scores several candidates)."""
    value = prior(c)
    if toponym.hint and c.country == toponym.hint:
        value += 6.0
    q = toponym.qualifier
    if q is not None and q.candidates:
        best = max(q.candidates, key=prior)
        if best.kind == GeoKind.ADMIN1 and c.admin1_code == best.admin1_code:
            value += 8.0
        elif best.kind == GeoKind.COUNTRY and c.country == best.country:
            value += 6.0
    if toponym.cue == "place":
        value += 2.0 if c.kind in (GeoKind.CITY, GeoKind.VILLAGE, GeoKind.FACILITY) else -2.0
    elif toponym.cue == "admin":
        value += 3.0 if c.kind in (GeoKind.ADMIN1, GeoKind.ADMIN2) else 0.0
    if toponym.source == "dateline" or toponym.role == PlaceRole.DATELINE:
        value += 2.0 if c.kind == GeoKind.CITY else 0.0
    tally = tally or _tally(toponym, context, exclude)
    countries, admin1, total = tally.countries, tally.admin1, tally.total
    if c.country is None and c.kind in (GeoKind.CONTINENT, GeoKind.REGION, GeoKind.SEA, GeoKind.RIVER):
        value += 3.0  # no country to gain context from, and always a plausible reading ('the Atlantic')
    if c.country and total:
        value += 5.0 * max(countries[c.country], 0) / total
    if c.admin1_code and admin1[c.admin1_code] > 0 and c.kind != GeoKind.COUNTRY:
        value += 2.5
    if c.admin1_code and c.kind != GeoKind.COUNTRY:
        votes = sum(
            w.get(c.admin1_code, 0.0) for other, w in context.admin_votes.items() if other != tally.key
        )
        value += (1.0 if c.how == ALTERNATE else 2.0) * min(votes, 1.5)
    return value


def choose(
    toponym: Toponym, context: Context, *, exclude: Candidate | None = None
) -> tuple[Candidate | None, float]:
    """The best candidate and its margin over the best rival place."""
    if not toponym.candidates:
        return None, 0.0
    tally = _tally(toponym, context, exclude)
    scored = sorted(
        ((score(c, toponym, context, exclude=exclude, tally=tally), c) for c in toponym.candidates),
        key=lambda pair: -pair[0],
    )
    best_score, best = scored[0]
    rival = next((s for s, c in scored[1:] if c.pid != best.pid), None)
    return best, (best_score - rival) if rival is not None else 10.0


def resolve(
    toponyms: Sequence[Toponym], actor_countries: Counter[str]
) -> list[tuple[Candidate | None, float]]:
    """Two passes over an article's toponyms; returns the chosen candidate and its margin for each."""
    context = Context(countries=Counter({k: v * 0.5 for k, v in actor_countries.items()}))  # type: ignore[misc]
    context.admin_votes = _admin_votes(toponyms)
    first: list[Candidate | None] = []
    for toponym in toponyms:
        best, _margin = choose(toponym, context)
        first.append(best)
    confident = Context(countries=context.countries.copy(), admin_votes=context.admin_votes)
    for best in first:
        if best is None:
            continue
        if best.country:
            confident.countries[best.country] += 1
        if best.admin1_code and best.kind != GeoKind.COUNTRY:
            confident.admin1[best.admin1_code] += 1
    result = []
    for toponym, best in zip(toponyms, first, strict=True):
        result.append(choose(toponym, confident, exclude=best))
    return result


def _admin_votes(toponyms: Sequence[Toponym]) -> dict[str, dict[str, float]]:
    codes: dict[str, set[str]] = {}
    for toponym in toponyms:
        key = name_key(toponym.text)
        found = codes.setdefault(key, set())
        for c in toponym.candidates:
            if c.how < ALTERNATE and c.admin1_code and c.kind != GeoKind.COUNTRY:
                found.add(c.admin1_code)
    return {key: {code: 1.0 / len(found) for code in found} for key, found in codes.items() if found}
