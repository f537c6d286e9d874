"""The API's endpoints: each one validates its parameters and calls one store or relations function."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from .. import store as store_module
from ..store import EventFilter, Store
from . import analysis
from .params import CODE, DyadLevel, EventSort, Paging, check_dates, event_filter, paging

logger = logging.getLogger(__name__)
router = APIRouter()
CACHE_SIZE = 512
ID = r"^[A-Za-z0-9_.:-]{1,64}$"


def open_store(request: Request) -> Iterator[Store]:
    """A handle of its own for each request (DuckDB connections are not shared between threads)."""
    handle = store_module.reader(request.app.state.store)
    try:
        yield handle
    finally:
        handle.close()


StoreDep = Annotated[Store, Depends(open_store)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]
PagingDep = Annotated[Paging, Depends(paging)]
Period = Annotated[analysis.Period, Query(description="Bucket size of the series.")]
UnitQuery = Annotated[
    analysis.Unit,
    Query(
        description="Count every report (`mentions`) or each real-world event once (`merged`: the store's "
        "merged events, weighted by their corroboration)."
    ),
]


def cached(request: Request, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """The store is read-only, so an answer stays right for the life of the process: keep the costly ones
    (at most CACHE_SIZE; the whole cache is dropped when full). Requests for the same answer wait for one
    computation instead of repeating it."""
    return remember(request.app.state, key, compute)


def remember(state: Any, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    answers: dict[tuple[Any, ...], Any] = state.answers
    if key in answers:
        return answers[key]
    with state.guard:
        if len(state.locks) >= CACHE_SIZE:
            state.locks.clear()  # a lock still held is only forgotten: at worst one answer is computed twice
        lock = state.locks.setdefault(key, threading.Lock())
    with lock:
        if key not in answers:
            if len(answers) >= CACHE_SIZE:
                answers.clear()
            answers[key] = compute()
        return answers[key]


def warm(state: Any) -> Callable[[], None]:
    """Compute the store's dyads and rift alerts once in the background, so the first pages are quick.
    Returns what stops it: the query under way is interrupted and the thread joined, so the store can close."""
    handle = store_module.reader(state.store)

    def run() -> None:
        try:
            mentions = analysis.Unit.MENTIONS
            remember(state, ("active dyads", mentions), lambda: analysis.active_dyads(handle))
            if not stopping.is_set():
                remember(state, ("alerts", None, None, mentions), lambda: analysis.alerts(handle))
        except Exception:  # noqa: BLE001 - a failure here is reported when a request asks for the alerts
            if not stopping.is_set():
                logger.exception("computing dyads and rift alerts in the background failed")
        finally:
            handle.close()

    def stop() -> None:
        stopping.set()
        while thread.is_alive():  # a query may start after one interrupt: interrupt until the thread is done
            store_module.interrupt(handle)
            thread.join(0.05)

    stopping = threading.Event()
    thread = threading.Thread(target=run, name="riftwatch-alerts", daemon=True)
    thread.start()
    return stop


def page(items: list[dict[str, Any]], total: int, paging: Paging) -> dict[str, Any]:
    following = paging.offset + paging.limit
    return {
        "items": items,
        "total": total,
        "limit": paging.limit,
        "offset": paging.offset,
        "next_offset": following if following < total else None,
    }


@router.get("/summary", summary="Counts and date ranges of the store")
def summary(store: StoreDep, request: Request) -> dict[str, Any]:
    counts = cached(request, ("summary",), lambda: store_module.summarise_store(store))
    return counts | {"store": request.app.state.db, "relations": analysis.SOURCE}


@router.get("/facets", summary="The values each filter can take, with their event counts")
def facets(store: StoreDep, filters: FilterDep, request: Request) -> dict[str, Any]:
    names = ("type", "certainty", "quad_class", "mode", "acled", "kind", "country", "sector")
    return cached(
        request,
        ("facets", filters),
        lambda: {name: store_module.count_events_by(store, filters, name, limit=300) for name in names},
    )


@router.get("/events", summary="Events matching the filters, a page at a time")
def events(
    store: StoreDep,
    filters: FilterDep,
    paging: PagingDep,
    sort: Annotated[EventSort, Query()] = EventSort.NEWEST,
) -> dict[str, Any]:
    items, total = store_module.search_events(
        store, filters, limit=paging.limit, offset=paging.offset, sort=str(sort)
    )
    return page(items, total, paging)


@router.get("/events/volume", summary="Matching events per period and quad class")
def volume(store: StoreDep, filters: FilterDep, period: Period = analysis.Period.MONTH) -> dict[str, Any]:
    return {"period": str(period), "points": store_module.event_volume(store, filters, str(period))}


@router.get("/events/counts/{facet}", summary="Matching events per value of one facet")
def counts(
    store: StoreDep,
    filters: FilterDep,
    facet: Annotated[str, Path(pattern=r"^(type|certainty|quad_class|mode|acled|kind|country|sector)$")],
    limit: Annotated[int, Query(ge=1, le=300)] = 50,
) -> dict[str, Any]:
    return {"facet": facet, "values": store_module.count_events_by(store, filters, facet, limit=limit)}


@router.get("/events/{event_id}", summary="One event with its evidence")
def event(store: StoreDep, event_id: Annotated[str, Path(pattern=ID)]) -> dict[str, Any]:
    found = store_module.read_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return found


@router.get("/articles", summary="Articles, newest first, optionally searched")
def articles(
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title or text.")] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    check_dates(date_from, date_to)
    items, total = store_module.search_articles(
        store, text=q or None, date_from=date_from, date_to=date_to, limit=paging.limit, offset=paging.offset
    )
    return page(items, total, paging)


@router.get(
    "/articles/{article_id}", summary="One article: its text and every event read in it, with evidence"
)
def article(store: StoreDep, article_id: Annotated[str, Path(pattern=ID)]) -> dict[str, Any]:
    found = store_module.read_article(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    record, found_events = found
    return {"article": record.to_dict(), "events": found_events}


@router.get("/dyads", summary="Pairs of actors with their event counts and tone, most active first")
def dyads(
    store: StoreDep,
    filters: FilterDep,
    paging: PagingDep,
    level: Annotated[
        DyadLevel, Query(description="actor codes (IRNGOV) or countries (IRN).")
    ] = DyadLevel.COUNTRY,
    pair_directed: Annotated[bool, Query(description="Keep (A, B) and (B, A) apart.")] = False,
) -> dict[str, Any]:
    items, total = store_module.count_dyads(
        store, filters, level=str(level), directed=pair_directed, limit=paging.limit, offset=paging.offset
    )
    return page(items, total, paging)


def _series(
    request: Request,
    store: Store,
    source: str,
    target: str,
    period: analysis.Period,
    directed: bool,
    date_from: dt.date | None,
    date_to: dt.date | None,
    unit: analysis.Unit,
) -> dict[str, Any]:
    return cached(
        request,
        ("series", source, target, period, directed, date_from, date_to, unit),
        lambda: analysis.dyad_series(
            store,
            source,
            target,
            period=period,
            directed=directed,
            date_from=date_from,
            date_to=date_to,
            unit=unit,
        ),
    )


SourceQuery = Annotated[
    str, Query(pattern=CODE, description="An actor key as relations rolls it up (IRN, LBNPTY).")
]
DirectedQuery = Annotated[bool, Query(description="Only source -> target (default: both directions).")]


@router.get(
    "/dyads/active",
    summary="Dyads as riftwatch.relations counts them (actor keys rolled up), most events first",
)
def active_dyads(
    store: StoreDep, request: Request, paging: PagingDep, unit: UnitQuery = analysis.Unit.MENTIONS
) -> dict[str, Any]:
    found = cached(request, ("active dyads", unit), lambda: analysis.active_dyads(store, unit))
    return page(found[paging.offset : paging.offset + paging.limit], len(found), paging)


@router.get("/dyads/series", summary="One dyad's series per period (riftwatch.relations), with its alerts")
def dyad_series(
    store: StoreDep,
    request: Request,
    source: SourceQuery,
    target: SourceQuery,
    period: Period = analysis.Period.WEEK,
    directed: DirectedQuery = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    unit: UnitQuery = analysis.Unit.MENTIONS,
) -> dict[str, Any]:
    check_dates(date_from, date_to)
    source, target = source.upper(), target.upper()
    series = _series(request, store, source, target, period, directed, date_from, date_to, unit)
    # Alerts come along once computed (in the background at start); until then the client asks /api/alerts.
    every_alert = request.app.state.answers.get(("alerts", None, None, unit))
    return series | {
        "points": [{k: v for k, v in p.items() if k != "event_ids"} for p in series["points"]],
        "alerts": None
        if every_alert is None
        else analysis.pair_alerts(every_alert, source, target, date_from, date_to),
    }


@router.get(
    "/dyads/series/events",
    summary="The events behind one point of a dyad's series (with unit=merged: every report of the merged "
    "events behind it)",
)
def dyad_point_events(
    store: StoreDep,
    request: Request,
    paging: PagingDep,
    source: SourceQuery,
    target: SourceQuery,
    at: Annotated[dt.date, Query(description="The point: the first day of its period.")],
    period: Period = analysis.Period.WEEK,
    directed: DirectedQuery = False,
    unit: UnitQuery = analysis.Unit.MENTIONS,
) -> dict[str, Any]:
    series = _series(request, store, source.upper(), target.upper(), period, directed, None, None, unit)
    point = next((p for p in series["points"] if p["period"] == at.isoformat()), None)
    if point is None:
        raise HTTPException(404, f"no point of {source.upper()}-{target.upper()} per {period} starts on {at}")
    merged: list[str] = []
    ids = point["event_ids"]
    if unit is analysis.Unit.MERGED:
        # A merged event is told by its reports: the page lists them, each with its own evidence.
        merged, ids = ids, store.merged_members(ids)
    items = store_module.read_events(store, ids[paging.offset : paging.offset + paging.limit])
    return page(items, len(ids), paging) | {
        "period": point["period"],
        "unit": str(unit),
        "merged_ids": merged,
    }


@router.get("/network", summary="The signed actor network: who cooperates and who fights whom")
def network(
    store: StoreDep,
    request: Request,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_events: Annotated[int, Query(ge=1, le=10_000, description="Leave out weaker ties.")] = 2,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many ties, strongest first.")] = 150,
    unit: UnitQuery = analysis.Unit.MENTIONS,
) -> dict[str, Any]:
    check_dates(date_from, date_to)
    return cached(
        request,
        ("network", date_from, date_to, min_events, limit, unit),
        lambda: analysis.network(
            store, date_from=date_from, date_to=date_to, min_events=min_events, limit=limit, unit=unit
        ),
    )


@router.get("/alerts", summary="Rift alerts: dyads whose relation shifts against its own baseline")
def alerts(
    store: StoreDep,
    request: Request,
    paging: PagingDep,
    actor: Annotated[
        str | None, Query(pattern=CODE, description="Alerts on which this actor is either side.")
    ] = None,
    source: Annotated[
        str | None, Query(pattern=CODE, description="With target: the alerts on this pair.")
    ] = None,
    target: Annotated[
        str | None, Query(pattern=CODE, description="With source: the alerts on this pair.")
    ] = None,
    direction: Annotated[analysis.Direction | None, Query()] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: UnitQuery = analysis.Unit.MENTIONS,
) -> dict[str, Any]:
    check_dates(since, until)
    found = cached(
        request,
        ("alerts", since, until, unit),
        lambda: analysis.alerts(store, since=since, until=until, unit=unit),
    )
    if actor:
        found = [a for a in found if actor.upper() in (a["source"], a["target"])]
    if source and target:
        found = analysis.pair_alerts(found, source.upper(), target.upper())
    elif source or target:
        raise HTTPException(
            422, [{"parameter": "source" if target else "target", "message": "give both or neither"}]
        )
    if direction:
        found = [a for a in found if a["direction"] == direction]
    return page(found[paging.offset : paging.offset + paging.limit], len(found), paging)


@router.get("/locations", summary="Where matching events happened, grouped by place")
def locations(
    store: StoreDep, filters: FilterDep, limit: Annotated[int, Query(ge=1, le=5000)] = 1000
) -> dict[str, Any]:
    places, located = store_module.count_locations(store, filters, limit=limit)
    return {"places": places, "located_events": located}
