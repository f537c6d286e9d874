"""Dyad series, the signed network and rift alerts for the API, shaped for JSON.

Interim: until riftwatch.relations lands, series and network are counts from the store and there are no
alerts (SOURCE says which); the endpoint contract stays the same once relations is merged.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from .. import store as store_module
from ..store import EventFilter, Store

SOURCE = "store counts (relations not installed)"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Direction(StrEnum):
    RIFT = "rift"
    RAPPROCHEMENT = "rapprochement"


def dyad_series(
    store: Store, source: str, target: str, *, period: Period, directed: bool, date_from: dt.date | None,
    date_to: dt.date | None,
) -> dict[str, Any]:  # fmt: skip
    """Per period: events, cooperation and conflict counts and the Goldstein sum (`value`)."""
    filters = EventFilter(source=source, target=target, directed=directed, date_from=date_from, date_to=date_to)
    points: dict[str, dict[str, Any]] = {}
    for row in store_module.event_volume(store, filters, str(period)):
        point = points.setdefault(row["period"], {"period": row["period"], "events": 0, "cooperation": 0,
                                                  "conflict": 0, "value": 0.0})  # fmt: skip
        point["events"] += row["events"]
        point["cooperation" if row["quad_class"] in (1, 2) else "conflict"] += row["events"]
        point["value"] += row["goldstein"]
    pair = {source, target}
    return {
        "source": source, "target": target, "period": str(period), "directed": directed, "method": SOURCE,
        "points": list(points.values()),
        "alerts": [a for a in alerts(store, since=date_from, until=date_to) if {a["source"], a["target"]} == pair],
    }  # fmt: skip


def network(
    store: Store, *, date_from: dt.date | None, date_to: dt.date | None, min_events: int, limit: int
) -> dict[str, Any]:
    """Countries as nodes; a tie per pair with its event count and the sign of its mean Goldstein."""
    filters = EventFilter(date_from=date_from, date_to=date_to, kind="event")
    pairs, _ = store_module.count_dyads(store, filters, level="country", directed=False, limit=limit)
    edges = [
        {"source": p["source"], "target": p["target"], "events": p["events"], "weight": round(p["mean_goldstein"], 3),
         "sign": 1 if p["mean_goldstein"] >= 0 else -1}
        for p in pairs if p["events"] >= min_events
    ]  # fmt: skip
    degree: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            degree[end] = degree.get(end, 0) + edge["events"]
    nodes = [{"id": name, "label": name, "events": n} for name, n in sorted(degree.items())]
    return {"method": SOURCE, "nodes": nodes, "edges": edges}


def alerts(store: Store, *, since: dt.date | None = None, until: dt.date | None = None) -> list[dict[str, Any]]:
    """Rift alerts in the contract's shape, newest first."""
    return []
