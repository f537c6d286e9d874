"""The signed network of actors over a period, its blocs and structural balance, its change, and splits
among allies.

An edge joins two actors (undirected, rolled up) when weighted events passed between them in the period;
its sign is the sign of their weighted Goldstein sum (cooperation +, conflict -). Blocs are the communities
(Louvain, fixed seed) of the graph of positive edges weighted by their strength; negative edges inside a
bloc and positive edges between blocs are the partition's frustration. A triangle is balanced when the
product of its signs is positive (friends of friends are friends, enemies of enemies are friends).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import networkx as nx
import pandas as pd

from .detect import Alert, AlertKind, Direction

EDGE_COLUMNS = ["source", "target", "sign", "weight", "goldstein_sum", "events", "source_bloc", "target_bloc"]


def _window(prepared: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    keep = pd.Series(True, index=prepared.index)
    if start is not None:
        keep &= prepared["date"] >= start
    if end is not None:
        keep &= prepared["date"] <= end
    return prepared[keep & (prepared["kind"] != "stance")]


def signed_edges(prepared: pd.DataFrame, start=None, end=None, *, min_events: int = 1) -> pd.DataFrame:
    """Undirected signed edges of prepared events between `start` and `end` (inclusive)."""
    frame = _window(prepared, _ts(start), _ts(end))
    frame = frame[frame["weight"] > 0]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EDGE_COLUMNS})
    low = frame[["source", "target"]].min(axis=1)
    high = frame[["source", "target"]].max(axis=1)
    grouped = frame.assign(low=low, high=high, g=frame["goldstein"] * frame["weight"]).groupby(
        ["low", "high"]
    )
    edges = grouped.agg(
        weight=("weight", "sum"), goldstein_sum=("g", "sum"), events=("id", "size")
    ).reset_index()
    edges = edges.rename(columns={"low": "source", "high": "target"})
    edges["sign"] = edges["goldstein_sum"].apply(lambda g: 1 if g > 0 else (-1 if g < 0 else 0))
    edges = edges[(edges["sign"] != 0) & (edges["events"] >= min_events)]
    blocs = find_blocs(edges)
    edges["source_bloc"] = edges["source"].map(blocs)
    edges["target_bloc"] = edges["target"].map(blocs)
    edges = edges[EDGE_COLUMNS].sort_values(["source", "target"]).reset_index(drop=True)
    edges.attrs.update(triangles=count_triangles(edges), frustration=frustration(edges))
    return edges


def _ts(value) -> pd.Timestamp | None:  # type: ignore[no-untyped-def]
    return None if value is None else pd.Timestamp(value)


def signed_graph(edges: pd.DataFrame) -> nx.Graph:
    graph = nx.Graph()
    for row in edges.itertuples(index=False):
        graph.add_edge(
            row.source,
            row.target,
            sign=int(row.sign),
            weight=float(row.weight),
            goldstein=float(row.goldstein_sum),
        )
    return graph


def find_blocs(edges: pd.DataFrame, seed: int = 7) -> dict[str, int]:
    """Actor -> bloc number (0 the largest): Louvain communities of the positive edges."""
    positive = nx.Graph()
    positive.add_nodes_from(set(edges["source"]) | set(edges["target"]))
    for row in edges[edges["sign"] > 0].itertuples(index=False):
        positive.add_edge(row.source, row.target, weight=abs(float(row.goldstein_sum)))
    communities = (
        nx.community.louvain_communities(positive, weight="weight", seed=seed) if len(positive) else []
    )
    ordered = sorted(communities, key=lambda c: (-len(c), sorted(c)))
    return {actor: number for number, members in enumerate(ordered) for actor in members}


def count_triangles(edges: pd.DataFrame) -> dict[str, int]:
    """Balanced and unbalanced triangles of the signed graph."""
    graph = signed_graph(edges)
    balanced = unbalanced = 0
    for a in graph:
        for b, c in itertools.combinations(sorted(n for n in graph[a] if n > a), 2):
            if graph.has_edge(b, c):
                product = graph[a][b]["sign"] * graph[a][c]["sign"] * graph[b][c]["sign"]
                balanced += product > 0
                unbalanced += product < 0
    return {"balanced": balanced, "unbalanced": unbalanced}


def frustration(edges: pd.DataFrame) -> int:
    """Edges the bloc partition does not explain: negative inside a bloc, positive between blocs."""
    same = edges["source_bloc"] == edges["target_bloc"]
    return int(((edges["sign"] < 0) & same).sum() + ((edges["sign"] > 0) & ~same).sum())


def network_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Edges of two periods side by side: `sign_before`, `sign_after` (0 when absent) and `change`:
    new, gone, flipped to conflict, flipped to cooperation, or same."""
    keys = ["source", "target"]
    merged = before[keys + ["sign", "goldstein_sum"]].merge(
        after[keys + ["sign", "goldstein_sum"]], on=keys, how="outer", suffixes=("_before", "_after")
    )
    for column in ("sign_before", "sign_after", "goldstein_sum_before", "goldstein_sum_after"):
        merged[column] = merged[column].fillna(0)
    merged["sign_before"] = merged["sign_before"].astype(int)
    merged["sign_after"] = merged["sign_after"].astype(int)

    def change(row) -> str:  # type: ignore[no-untyped-def]
        if row.sign_before == 0:
            return "new"
        if row.sign_after == 0:
            return "gone"
        if row.sign_before > 0 > row.sign_after:
            return "to_conflict"
        if row.sign_before < 0 < row.sign_after:
            return "to_cooperation"
        return "same"

    merged["change"] = [change(row) for row in merged.itertuples(index=False)]
    return merged.sort_values(keys).reset_index(drop=True)


def splits_among_allies(
    alerts: Sequence[Alert], prepared: pd.DataFrame, *, lookback_days: int = 365
) -> list[Alert]:
    """For each rift between A and B, one `split_among_allies` alert per third actor C that both A and B
    supported (a positive weighted Goldstein sum of A -> C and of B -> C events) in the `lookback_days`
    before the rift's `detected_on` (never after it). `prepared` must be the directed view."""
    splits: list[Alert] = []
    for alert in alerts:
        if alert.kind is not AlertKind.SHIFT or alert.direction is not Direction.RIFT:
            continue
        end = pd.Timestamp(alert.detected_on)
        frame = _window(prepared, end - pd.Timedelta(days=lookback_days), end)
        frame = frame[frame["weight"] > 0]
        support: dict[str, dict[str, list[str]]] = {}
        for side in (alert.source, alert.target):
            rows = frame[frame["source"] == side]
            total = (rows["goldstein"] * rows["weight"]).groupby(rows["target"]).sum()
            support[side] = {
                third: list(rows.loc[(rows["target"] == third) & (rows["goldstein"] > 0), "id"].astype(str))
                for third, value in total.items()
                if value > 0
            }
        thirds = sorted(
            (set(support[alert.source]) & set(support[alert.target])) - {alert.source, alert.target}
        )
        for third in thirds:
            ids = (*alert.events, *support[alert.source][third], *support[alert.target][third])
            splits.append(
                Alert(
                    source=alert.source,
                    target=alert.target,
                    direction=Direction.RIFT,
                    kind=AlertKind.SPLIT_AMONG_ALLIES,
                    third=third,
                    date=alert.date,
                    detected_on=alert.detected_on,
                    before=alert.before,
                    after=alert.after,
                    score=alert.score,
                    events=tuple(dict.fromkeys(ids)),
                    test=alert.test,
                )
            )
    return splits
