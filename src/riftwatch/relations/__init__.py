"""Relations between actors: dyad series, rift and rapprochement alerts, the signed network.

Every function takes either a `Store` or a frame of events (pandas or Arrow, with the flat columns of
`Store.events_table`: id, article_id, kind, goldstein, quad_class, source_country, source_sector,
source_code, target_..., date, certainty, attribution_anonymous, optionally background and corroboration)
and returns pandas DataFrames. `rifts` also takes a daily dyad series (`date, source, target, value[,
volume]`, as `riftwatch rifts --series` reads).

    >>> import riftwatch
    >>> with riftwatch.Store("riftwatch.duckdb", read_only=True) as store:
    ...     weekly = riftwatch.dyad_series(store, "IRN", "RUS", by="week")
    ...     alerts = riftwatch.rifts(store, since="2016-01-01")
    ...     edges = riftwatch.network(store, "2016-01-01", "2016-12-31")
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import pandas as pd
import pyarrow as pa

from ..store import Store
from .detect import Alert, AlertKind, DetectorSettings, Direction, Method
from .network import network_change, signed_edges, splits_among_allies
from .rifts import alerts_frame, check_series, detect_rifts, read_series
from .series import (
    Period,
    as_frame,
    coverage_from_events,
    daily_values,
    prepare_events,
    select_dyads,
    summarise,
)
from .weights import CERTAINTY_WEIGHTS, CorroborationHook

Data = Store | pd.DataFrame | pa.Table
DateLike = dt.date | str | None


class Unit(StrEnum):
    """What a relation counts, read from a store: every stored event (each report of an act: `mentions`), or
    each real-world event once (`merged`: the store's merged events, riftwatch.merge, each weighted by its
    corroboration), so that ten reports of one act are one act confirmed ten times, not ten acts."""

    MENTIONS = "mentions"
    MERGED = "merged"


__all__ = [
    "CERTAINTY_WEIGHTS",
    "Alert",
    "AlertKind",
    "DetectorSettings",
    "Direction",
    "Method",
    "Period",
    "Unit",
    "dyad_events",
    "dyad_series",
    "load",
    "network",
    "network_between",
    "read_series",
    "rift_alerts",
    "rifts",
]


def _date(value: DateLike) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load(
    data: Data, *, until: DateLike = None, unit: Unit | str = Unit.MENTIONS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, coverage) from a store or a frame of events; coverage is articles per day. From a store,
    `unit` chooses stored events or merged events (`Unit`); a frame is counted as it is."""
    if isinstance(data, Store):
        until = _date(until)
        if Unit(unit) is Unit.MERGED:
            events = data.merged_events().to_pandas()
            events = events[events["date"].notna()]
            if until is not None:
                events = events[pd.to_datetime(events["date"]) <= pd.Timestamp(until)]
            events = events.reset_index(drop=True)
        else:
            events = data.events_table(until=until).to_pandas()
        coverage = data.coverage(until=until).to_pandas()
        return events, coverage
    events = as_frame(data)
    if until is not None and not events.empty:
        events = events[pd.to_datetime(events["date"]) <= pd.Timestamp(_date(until))]
    return events, coverage_from_events(events)


def dyad_events(
    data: Data,
    source: str | None = None,
    target: str | None = None,
    *,
    by: Period | str = Period.WEEK,
    directed: bool = False,
    include_stances: bool = True,
    rollup: bool = True,
    since: DateLike = None,
    until: DateLike = None,
    corroboration: CorroborationHook | None = None,
    unit: Unit | str = Unit.MENTIONS,
) -> pd.DataFrame:
    """The events of a dyad (or of every dyad when no actor is given), weighted and rolled up, each with
    the `period` it counts in; stance records included (marked by `kind`) unless asked otherwise."""
    from .series import period_start

    events, _ = load(data, until=until, unit=unit)
    prepared = prepare_events(
        events, directed=directed, include_stances=include_stances, rollup=rollup, corroboration=corroboration
    )
    prepared = select_dyads(prepared, source, target, directed)
    if since is not None:
        prepared = prepared[prepared["date"] >= pd.Timestamp(_date(since))]
    return prepared.assign(period=period_start(prepared["date"], by)).reset_index(drop=True)


def dyad_series(
    data: Data,
    source: str | None = None,
    target: str | None = None,
    *,
    by: Period | str = Period.WEEK,
    directed: bool = False,
    include_stances: bool = False,
    rollup: bool = True,
    since: DateLike = None,
    until: DateLike = None,
    corroboration: CorroborationHook | None = None,
    unit: Unit | str = Unit.MENTIONS,
) -> pd.DataFrame:
    """One row per dyad and period (day, week starting Monday, or month): weighted counts per quad class,
    summed and mean Goldstein, the cooperation-conflict `balance`, coverage (`articles`), `per_article`
    (summed Goldstein per article of the period's coverage), the stance records beside (`stances`, not
    counted unless `include_stances`) and the `event_ids` behind each point. Undirected unless `directed`
    (then `source` acts on `target`); state organs roll up into their country unless `rollup=False`."""
    events, coverage = load(data, until=until, unit=unit)
    prepared = prepare_events(
        events, directed=directed, include_stances=True, rollup=rollup, corroboration=corroboration
    )
    if include_stances:
        prepared = prepared.assign(kind="event")
    table = summarise(select_dyads(prepared, source, target, directed), coverage, by)
    if since is not None and not table.empty:
        table = table[table["period"] >= pd.Timestamp(_date(since))]
    return table.reset_index(drop=True)


def rift_alerts(
    data: Data,
    *,
    since: DateLike = None,
    until: DateLike = None,
    settings: DetectorSettings | None = None,
    directed: bool = False,
    allies: bool = True,
    corroboration: CorroborationHook | None = None,
    unit: Unit | str = Unit.MENTIONS,
) -> list[Alert]:
    """Rift and rapprochement alerts (docs/CONTRACT.md, "Relations") of every dyad, plus one
    `split_among_allies` alert per third actor both sides of a rift supported (event input only). Events
    dated only to a month or a year are left out of the daily series."""
    since, until = _date(since), _date(until)
    if isinstance(data, pd.DataFrame | pa.Table) and "value" in as_frame(data).columns:
        series = check_series(as_frame(data))
        return detect_rifts(series, settings=settings, since=since, until=until)
    events, coverage = load(data, until=until, unit=unit)
    prepared = prepare_events(events, directed=directed, corroboration=corroboration)
    if "date_precision" in prepared:
        # A daily detector cannot place an event known only to its month or year ("in June 2017").
        prepared = prepared[prepared["date_precision"].fillna("day") == "day"]
    series = daily_values(prepared, coverage)
    if series.empty:
        return []
    index = {
        key: rows[["date", "id", "goldstein", "weight"]]
        for key, rows in prepared.groupby(["source", "target"])
    }
    observed = list(pd.to_datetime(coverage["date"]))
    alerts = detect_rifts(
        series, settings=settings, since=since, until=until, observed=observed, events=index
    )
    if allies:
        directed_view = (
            prepared if directed else prepare_events(events, directed=True, corroboration=corroboration)
        )
        alerts = sorted(
            [*alerts, *splits_among_allies(alerts, directed_view)],
            key=lambda a: (a.detected_on, a.source, a.target, str(a.kind)),
        )
    return alerts


def rifts(data: Data, **options: Any) -> pd.DataFrame:
    """`rift_alerts` as a DataFrame, one row per alert, the contract's columns."""
    return alerts_frame(rift_alerts(data, **options))


def network(
    data: Data,
    start: DateLike = None,
    end: DateLike = None,
    *,
    min_events: int = 1,
    corroboration: CorroborationHook | None = None,
    unit: Unit | str = Unit.MENTIONS,
) -> pd.DataFrame:
    """The signed network of the period: one row per undirected edge (`sign` +1 cooperation / -1
    conflict, `weight`, `goldstein_sum`, `events`, the bloc of each end). `attrs` holds `triangles`
    (balanced / unbalanced) and `frustration` (edges the blocs do not explain)."""
    events, _ = load(data, until=end, unit=unit)
    prepared = prepare_events(events, directed=False, corroboration=corroboration)
    return signed_edges(prepared, _date(start), _date(end), min_events=min_events)


def network_between(
    data: Data, first: tuple[DateLike, DateLike], second: tuple[DateLike, DateLike], **options: Any
) -> pd.DataFrame:
    """How the signed network changed from one period to another (`network_change`)."""
    return network_change(network(data, *first, **options), network(data, *second, **options))
