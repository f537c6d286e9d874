"""Query parameters of the API: declared once, validated by FastAPI, turned into the store's filters.

Every parameter is bounded (length, count of repeats, range), so a request can never ask the store for more
than a page or hand it an unchecked value; unknown parameters are refused rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import HTTPException, Query, Request
from pydantic import Field

from ..models import Certainty, EventType, Kind
from ..store import MAX_PAGE, EventFilter

MAX_REPEATS = 20
CODE = r"^[A-Za-z0-9_.-]{2,24}$"


class EventSort(StrEnum):
    NEWEST = "-date"
    OLDEST = "date"
    MOST_COOPERATIVE = "-goldstein"
    MOST_CONFLICTUAL = "goldstein"
    SUREST = "-confidence"


class DyadLevel(StrEnum):
    ACTOR = "actor"
    COUNTRY = "country"


def refuse_unknown_parameters(request: Request) -> None:
    """A misspelt filter would otherwise return everything and look like an answer."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {param.alias for param in _query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, {"unknown_parameters": unknown, "known": sorted(known)})


def _query_params(dependant):  # type: ignore[no-untyped-def]
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _query_params(sub)


@dataclass(frozen=True, slots=True, kw_only=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, 1..{MAX_PAGE}.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


def check_dates(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(
            422, [{"parameter": "date_from", "message": f"{date_from} is after date_to {date_to}"}]
        )


def event_filter(
    actor: Annotated[
        str | None,
        Query(max_length=100, description="Either side: code prefix (IRN, IRNGOV) or part of a name."),
    ] = None,
    source: Annotated[
        str | None, Query(pattern=CODE, description="Source actor code or country (IRNGOV, IRN).")
    ] = None,
    target: Annotated[str | None, Query(pattern=CODE, description="Target actor code or country.")] = None,
    directed: Annotated[
        bool, Query(description="With source and target: false matches both directions.")
    ] = True,
    country: Annotated[
        list[Annotated[str, Field(pattern=CODE)]],
        Query(max_length=MAX_REPEATS, description="Either actor's country (ISO alpha-3); repeatable."),
    ] = [],  # noqa: B006
    sector: Annotated[
        list[Annotated[str, Field(pattern=CODE)]],
        Query(max_length=MAX_REPEATS, description="Either actor's sector (GOV, MIL, REB...); repeatable."),
    ] = [],  # noqa: B006
    type: Annotated[
        list[EventType], Query(max_length=MAX_REPEATS, description="PLOVER type; repeatable.")
    ] = [],  # noqa: A002, B006
    mode: Annotated[
        list[Annotated[str, Field(max_length=60)]],
        Query(max_length=MAX_REPEATS, description="PLOVER mode; repeatable."),
    ] = [],  # noqa: B006
    acled: Annotated[
        list[Annotated[str, Field(max_length=80)]],
        Query(max_length=MAX_REPEATS, description="ACLED sub-event type; repeatable."),
    ] = [],  # noqa: B006
    quad_class: Annotated[
        list[Annotated[int, Field(ge=1, le=4)]],
        Query(max_length=4, description="1 verbal cooperation .. 4 material conflict; repeatable."),
    ] = [],  # noqa: B006
    certainty: Annotated[
        list[Certainty],
        Query(max_length=5, description="asserted, hedged, negated, future, hypothetical; repeatable."),
    ] = [],  # noqa: B006
    kind: Annotated[Kind | None, Query(description="event or stance.")] = None,
    background: Annotated[
        bool | None, Query(description="false: leave out background mentions; true: only them.")
    ] = None,
    date_from: Annotated[dt.date | None, Query(description="First day (YYYY-MM-DD), inclusive.")] = None,
    date_to: Annotated[dt.date | None, Query(description="Last day (YYYY-MM-DD), inclusive.")] = None,
    place: Annotated[
        str | None, Query(max_length=100, description="Part of the location's name, or its country code.")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the evidence sentence.")] = None,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
) -> EventFilter:
    check_dates(date_from, date_to)
    return EventFilter(
        actor=actor or None,
        source=source.upper() if source else None,
        target=target.upper() if target else None,
        directed=directed,
        country=tuple(c.upper() for c in country),
        sector=tuple(s.upper() for s in sector),
        types=tuple(str(t) for t in type),
        modes=tuple(mode),
        acled=tuple(acled),
        quad_classes=tuple(quad_class),
        certainties=tuple(str(c) for c in certainty),
        kind=str(kind) if kind else None,
        background=background,
        date_from=date_from,
        date_to=date_to,
        place=place or None,
        text=q or None,
        article_id=article_id,
    )
