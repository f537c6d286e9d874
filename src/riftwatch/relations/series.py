"""Dyad series: what passed between two actors per day, week or month, weighted, rolled up, normalised.

Pure functions over pandas frames of flat event rows (the columns of `Store.events_table`). A frame may
come from the store, from `riftwatch import`, or from a notebook.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import numpy as np
import pandas as pd
import pyarrow as pa

from ..models import Kind
from .weights import CorroborationHook, event_weights, roll_up


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


QUADS = (1, 2, 3, 4)
COOPERATION = (1, 2)
CONFLICT = (3, 4)


def as_frame(events: pd.DataFrame | pa.Table) -> pd.DataFrame:
    return events.to_pandas() if isinstance(events, pa.Table) else events


def prepare_events(
    events: pd.DataFrame | pa.Table,
    *,
    directed: bool = True,
    include_stances: bool = False,
    rollup: bool = True,
    corroboration: CorroborationHook | None = None,
) -> pd.DataFrame:
    """Events ready to count: actor keys (`source`, `target`), `weight`, `date` as a day. Left out: events
    marked `background` (a missing column counts as false), undated ones, those without both actors, an
    actor acting on itself after roll-up, and stance records unless `include_stances`. In the undirected
    view each pair is sorted (`source` < `target`); `actor` and `recipient` keep who acted on whom."""
    frame = as_frame(events)
    if frame.empty:
        return _empty_prepared()
    frame = frame.copy()
    if "background" in frame:
        frame = frame[~frame["background"].fillna(False).astype(bool)]
    if not include_stances and "kind" in frame:
        frame = frame[frame["kind"].fillna("event") != "stance"]
    frame = frame[frame["date"].notna()]
    if rollup:
        source = roll_up(frame["source_country"], frame["source_sector"], frame.get("source_code"))
        target = roll_up(frame["target_country"], frame["target_sector"], frame.get("target_code"))
    else:
        source = frame["source_code"].replace("", pd.NA)
        target = frame["target_code"].replace("", pd.NA)
    frame["source"], frame["target"] = source, target
    frame = frame[frame["source"].notna() & frame["target"].notna() & (frame["source"] != frame["target"])]
    frame["actor"], frame["recipient"] = frame["source"], frame["target"]  # who acted on whom, in any view
    if not directed and not frame.empty:
        low = np.where(frame["source"] < frame["target"], frame["source"], frame["target"])
        high = np.where(frame["source"] < frame["target"], frame["target"], frame["source"])
        frame["source"], frame["target"] = low, high
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["weight"] = event_weights(frame, corroboration)
    frame["goldstein"] = pd.to_numeric(frame["goldstein"], errors="coerce").fillna(0.0)
    frame["kind"] = frame["kind"].fillna("event") if "kind" in frame else "event"
    return frame.reset_index(drop=True)


def _empty_prepared() -> pd.DataFrame:
    columns = [
        "id",
        "article_id",
        "date",
        "kind",
        "type",
        "quad_class",
        "goldstein",
        "source",
        "target",
        "weight",
    ]
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame["date"] = pd.to_datetime(frame["date"])
    frame["weight"] = frame["weight"].astype(float)
    frame["goldstein"] = frame["goldstein"].astype(float)
    return frame


def coverage_from_events(events: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """Articles per day when only events are known: distinct articles that any event cites, by event date."""
    frame = as_frame(events)
    if frame.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "articles": pd.Series(dtype=int)})
    dated = frame[frame["date"].notna()].assign(date=lambda f: pd.to_datetime(f["date"]).dt.normalize())
    counted = dated.groupby("date")["article_id"].nunique().rename("articles").reset_index()
    return counted


def period_start(dates: pd.Series, by: Period | str) -> pd.Series:
    by = Period(by)
    dates = pd.to_datetime(dates).dt.normalize()
    if by is Period.DAY:
        return dates
    if by is Period.WEEK:
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.to_timestamp()


def select_dyads(frame: pd.DataFrame, source: str | None, target: str | None, directed: bool) -> pd.DataFrame:
    """Rows of one dyad (either order when undirected), or all when neither actor is given."""
    if source is None and target is None:
        return frame
    if target is None:
        return frame[(frame["source"] == source) | (frame["target"] == source)]
    if source is None:
        return frame[(frame["source"] == target) | (frame["target"] == target)]
    if directed:
        return frame[(frame["source"] == source) & (frame["target"] == target)]
    low, high = sorted((source, target))
    return frame[(frame["source"] == low) & (frame["target"] == high)]


def summarise(prepared: pd.DataFrame, coverage: pd.DataFrame, by: Period | str = Period.DAY) -> pd.DataFrame:
    """One row per dyad and period: weighted counts per quad class (`q1`..`q4`), events (unweighted),
    `weight` (weighted count), `goldstein_sum` (weighted), `goldstein_mean` (weighted mean), `balance`
    ((cooperation - conflict) / (cooperation + conflict), weighted, in [-1, 1]), `articles` (coverage of the
    period across all dyads), `per_article` (goldstein_sum / articles: a busy news week is not more
    conflict), `stances` (stance records of the dyad in the period, not counted above) and `event_ids`."""
    columns = [
        "period",
        "source",
        "target",
        "events",
        "weight",
        "q1",
        "q2",
        "q3",
        "q4",
        "goldstein_sum",
        "goldstein_mean",
        "balance",
        "articles",
        "per_article",
        "stances",
        "event_ids",
    ]
    if prepared.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = prepared.assign(period=period_start(prepared["date"], by))
    counted = frame[frame["kind"] != Kind.STANCE]
    stances = (
        frame[frame["kind"] == Kind.STANCE].groupby(["period", "source", "target"]).size().rename("stances")
    )
    quad = pd.to_numeric(counted["quad_class"], errors="coerce")
    parts = counted.assign(
        g=counted["goldstein"] * counted["weight"],
        **{f"q{q}": counted["weight"].where(quad == q, 0.0) for q in QUADS},
    )
    grouped = parts.groupby(["period", "source", "target"])
    table = grouped.agg(
        events=("id", "size"),
        weight=("weight", "sum"),
        q1=("q1", "sum"),
        q2=("q2", "sum"),
        q3=("q3", "sum"),
        q4=("q4", "sum"),
        goldstein_sum=("g", "sum"),
        event_ids=("id", list),
    )
    table = table.join(stances, how="outer").reset_index()
    table["stances"] = table["stances"].fillna(0).astype(int)
    table["events"] = table["events"].fillna(0).astype(int)
    for name in ("weight", "q1", "q2", "q3", "q4", "goldstein_sum"):
        table[name] = table[name].fillna(0.0)
    table["event_ids"] = table["event_ids"].apply(lambda ids: ids if isinstance(ids, list) else [])
    table["goldstein_mean"] = (table["goldstein_sum"] / table["weight"]).where(table["weight"] > 0)
    cooperation, conflict = table["q1"] + table["q2"], table["q3"] + table["q4"]
    table["balance"] = ((cooperation - conflict) / (cooperation + conflict)).where(cooperation + conflict > 0)
    articles = coverage.assign(period=period_start(coverage["date"], by)).groupby("period")["articles"].sum()
    table["articles"] = table["period"].map(articles).fillna(0).astype(int)
    table["per_article"] = (table["goldstein_sum"] / table["articles"]).where(table["articles"] > 0)
    return table[columns].sort_values(["source", "target", "period"]).reset_index(drop=True)


def daily_values(prepared: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The daily dyad series the rift detector reads (`date, source, target, value, volume`): `value` the
    weighted Goldstein sum, `volume` the day's articles. Days on which no article appeared are unobserved."""
    counted = prepared[prepared["kind"] != Kind.STANCE]
    value = (
        (counted["goldstein"] * counted["weight"])
        .groupby([counted["date"], counted["source"], counted["target"]])
        .sum()
    )
    series = value.rename("value").reset_index()
    volume = (
        coverage.assign(date=pd.to_datetime(coverage["date"]).dt.normalize())
        .groupby("date")["articles"]
        .sum()
    )
    series["volume"] = series["date"].map(volume).fillna(0).astype(float)
    # Days with events but no counted article still happened: one article at least.
    series["volume"] = series["volume"].clip(lower=1.0)
    return series


def pair_names(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{a}–{b}" for a, b in pairs]
