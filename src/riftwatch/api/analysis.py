"""Dyad series, the signed network and rift alerts for the API: riftwatch.relations' frames shaped for JSON.

Nothing is computed here; relations does the counting, weighting and detection. Its answers over a
read-only store never change, so the routes keep them (see routes.cached).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from .. import relations
from ..relations import Direction, Period, Unit
from ..store import Store

SOURCE = "riftwatch.relations"
__all__ = ["SOURCE", "Direction", "Period", "Unit", "active_dyads", "alerts", "dyad_series", "network"]


def _day(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date().isoformat()


def _number(value: Any, digits: int = 4) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def dyad_series(
    store: Store,
    source: str,
    target: str,
    *,
    period: Period,
    directed: bool,
    date_from: dt.date | None,
    date_to: dt.date | None,
    unit: Unit = Unit.MENTIONS,
) -> dict[str, Any]:
    """One dyad's points: weighted counts per quad class, Goldstein sum, balance, per-article value and the
    ids of the events behind each point (stored events, or merged events when `unit` is merged)."""
    frame = relations.dyad_series(
        store, source, target, by=period, directed=directed, since=date_from, until=date_to, unit=unit
    )
    points = [
        {
            "period": _day(row.period),
            "events": int(row.events),
            "weight": _number(row.weight),
            "cooperation": _number(row.q1 + row.q2),
            "conflict": _number(row.q3 + row.q4),
            "value": _number(row.goldstein_sum),
            "mean": _number(row.goldstein_mean),
            "balance": _number(row.balance),
            "per_article": _number(row.per_article),
            "articles": int(row.articles),
            "stances": int(row.stances),
            "event_ids": list(row.event_ids),
        }
        for row in frame.itertuples(index=False)
    ]
    return {
        "source": source,
        "target": target,
        "period": str(period),
        "directed": directed,
        "unit": str(unit),
        "method": SOURCE,
        "points": points,
    }


def active_dyads(store: Store, unit: Unit = Unit.MENTIONS) -> list[dict[str, Any]]:
    """Every dyad as relations sees it (actor keys rolled up, undirected), most events first, with its
    weighted cooperation and conflict, weighted mean Goldstein and first and last month."""
    frame = relations.dyad_series(store, by=Period.MONTH, unit=unit)
    if frame.empty:
        return []
    totals = frame.groupby(["source", "target"], as_index=False).agg(
        events=("events", "sum"),
        q1=("q1", "sum"),
        q2=("q2", "sum"),
        q3=("q3", "sum"),
        q4=("q4", "sum"),
        goldstein_sum=("goldstein_sum", "sum"),
        weight=("weight", "sum"),
        first=("period", "min"),
        last=("period", "max"),
    )
    totals = totals.sort_values(["events", "source", "target"], ascending=[False, True, True])
    return [
        {
            "source": row.source,
            "target": row.target,
            "events": int(row.events),
            "cooperation": _number(row.q1 + row.q2, 2),
            "conflict": _number(row.q3 + row.q4, 2),
            "mean_goldstein": _number(row.goldstein_sum / row.weight if row.weight else None, 3),
            "first_date": _day(row.first),
            "last_date": _day(row.last),
        }
        for row in totals.itertuples(index=False)
    ]


def pair_alerts(
    found: list[dict[str, Any]],
    source: str,
    target: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The alerts on one pair (either order) whose change falls in the dates given."""
    return [
        a
        for a in found
        if {a["source"], a["target"]} == {source, target}
        and (date_from is None or a["date"] >= date_from.isoformat())
        and (date_to is None or a["date"] <= date_to.isoformat())
    ]


def network(
    store: Store,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    min_events: int,
    limit: int,
    unit: Unit = Unit.MENTIONS,
) -> dict[str, Any]:
    """The signed network of the period: the `limit` ties with most events, their ends as nodes (with the
    bloc relations put them in), and the balanced/unbalanced triangle counts."""
    frame = relations.network(store, date_from, date_to, min_events=min_events, unit=unit)
    attrs = dict(frame.attrs)
    frame = frame.sort_values(["events", "source", "target"], ascending=[False, True, True]).head(limit)
    edges = [
        {
            "source": row.source,
            "target": row.target,
            "sign": int(row.sign),
            "weight": _number(row.weight),
            "goldstein_sum": _number(row.goldstein_sum),
            "events": int(row.events),
        }
        for row in frame.itertuples(index=False)
    ]
    nodes: dict[str, dict[str, Any]] = {}
    for row in frame.itertuples(index=False):
        for name, bloc in ((row.source, row.source_bloc), (row.target, row.target_bloc)):
            node = nodes.setdefault(name, {"id": name, "label": name, "events": 0, "bloc": int(bloc)})
            node["events"] += int(row.events)
    return {
        "method": SOURCE,
        "unit": str(unit),
        "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
        "edges": edges,
        "triangles": attrs.get("triangles"),
        "frustration": attrs.get("frustration"),
    }


def alerts(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: Unit = Unit.MENTIONS,
) -> list[dict[str, Any]]:
    """Rift alerts in the contract's shape, most recently raised first (`events`: stored event ids, or merged
    event ids when `unit` is merged)."""
    frame = relations.rifts(store, since=since, until=until, unit=unit)
    found = [
        {
            "source": row.source,
            "target": row.target,
            "direction": str(row.direction),
            "kind": str(row.kind),
            "third": row.third if isinstance(row.third, str) else None,
            "date": _day(row.date),
            "detected_on": _day(row.detected_on),
            "before": _number(row.before),
            "after": _number(row.after),
            "score": _number(row.score),
            "events": list(row.events),
            "test": str(row.test),
        }
        for row in frame.itertuples(index=False)
    ]
    return sorted(found, key=lambda a: (a["detected_on"] or "", a["score"] or 0.0), reverse=True)
