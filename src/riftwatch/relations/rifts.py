"""From daily dyad series to the contract's alerts: one dyad at a time, on the days that were observed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .detect import Alert, Change, DetectorSettings, Direction, detect_changes

SERIES_COLUMNS = ("date", "source", "target", "value")

# Per dyad and day, the (event id, Goldstein value) pairs behind the value: which events drive an alert.
EventIndex = Mapping[tuple[str, str], pd.DataFrame]


def read_series(path: str | Path) -> pd.DataFrame:
    """A daily dyad series CSV (`date,source,target,value[,volume]`, docs/CONTRACT.md), checked."""
    try:
        frame = pd.read_csv(path, dtype={"source": str, "target": str})
    except FileNotFoundError:
        raise ConfigError(f"no such series file: {path}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not a readable CSV file: {exc}") from None
    return check_series(frame, str(path))


def check_series(frame: pd.DataFrame, name: str = "series") -> pd.DataFrame:
    missing = [c for c in SERIES_COLUMNS if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"{name} lacks the column(s) {', '.join(missing)}: a series has date,source,target,value[,volume]"
        )
    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    bad = frame["date"].isna() | frame["value"].isna() | frame["source"].isna() | frame["target"].isna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise ConfigError(
            f"{name}: {int(bad.sum())} row(s) with a bad date, value or actor (first on line {first})"
        )
    if "volume" in frame:
        frame["volume"] = pd.to_numeric(frame["volume"], errors="coerce")
    frame["date"] = frame["date"].dt.normalize()
    return frame


def _day_numbers(dates: pd.DatetimeIndex) -> np.ndarray:
    return (dates.to_numpy().astype("datetime64[D]").astype(np.int64)).astype(np.int64)


def detect_rifts(
    series: pd.DataFrame,
    *,
    settings: DetectorSettings | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    observed: Sequence[pd.Timestamp] | None = None,
    events: EventIndex | None = None,
) -> list[Alert]:
    """Alerts for every dyad of a daily series (`date, source, target, value[, volume]`). Data after `until`
    is never read; alerts detected before `since` are left out (their data still forms the baselines).
    `observed`: the days on which anything could have been seen (default: every date of the series)."""
    settings = settings or DetectorSettings()
    series = check_series(series)
    if until is not None:
        series = series[series["date"] <= pd.Timestamp(until)]
    days = pd.DatetimeIndex(sorted(set(series["date"]) | set(pd.to_datetime(list(observed or [])))))
    if until is not None:
        days = days[days <= pd.Timestamp(until)]
    if len(days) == 0:
        return []
    numbers = _day_numbers(days)
    volume = None
    if "volume" in series and series["volume"].notna().any():
        volume = (
            series.groupby("date")["volume"]
            .max()
            .reindex(days)
            .ffill()
            .fillna(1.0)
            .clip(lower=1e-9)
            .to_numpy()
        )
    alerts: list[Alert] = []
    for (source, target), rows in series.groupby(["source", "target"], sort=True):
        value = rows.groupby("date")["value"].sum().reindex(days, fill_value=0.0).to_numpy(dtype=float)
        x = value / volume if volume is not None else value
        for change in detect_changes(x, numbers, settings):
            alert = _alert(str(source), str(target), change, days, value, settings, events)
            if since is None or pd.Timestamp(alert.detected_on) >= pd.Timestamp(since):
                alerts.append(alert)
    return sorted(alerts, key=lambda a: (a.detected_on, a.source, a.target))


def _alert(
    source: str,
    target: str,
    change: Change,
    days: pd.DatetimeIndex,
    value: np.ndarray,
    settings: DetectorSettings,
    events: EventIndex | None,
) -> Alert:
    begin = max(0, change.start - settings.baseline_days)
    before = float(np.mean(value[begin : change.start])) if change.start > begin else 0.0
    after = float(np.mean(value[change.start : change.detected + 1]))
    date, detected_on = days[change.start], days[change.detected]
    ids: tuple[str, ...] = ()
    if events is not None and (source, target) in events:
        rows = events[(source, target)]
        inside = rows[(rows["date"] >= date) & (rows["date"] <= detected_on)]
        driving = inside["goldstein"] < 0 if change.direction is Direction.RIFT else inside["goldstein"] > 0
        ids = tuple(inside.loc[driving & (inside["weight"] > 0), "id"].astype(str))
    return Alert(
        source=source,
        target=target,
        direction=change.direction,
        date=date.date().isoformat(),
        detected_on=detected_on.date().isoformat(),
        before=before,
        after=after,
        score=change.score,
        events=ids,
        test=change.test,
    )


def alerts_frame(alerts: Sequence[Alert]) -> pd.DataFrame:
    columns = [
        "source",
        "target",
        "direction",
        "kind",
        "third",
        "date",
        "detected_on",
        "before",
        "after",
        "score",
        "events",
        "test",
    ]
    return pd.DataFrame([a.to_dict() for a in alerts], columns=columns)
