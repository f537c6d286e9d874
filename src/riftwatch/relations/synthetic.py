"""Synthetic daily dyad streams with planted shifts, and the scoring of detectors on them.

A stream imitates a news-derived dyad: the day's coverage follows a weekly cycle (weekends at half volume)
with noise; cooperative and conflictual events are negative binomial counts (overdispersed) whose rates
follow the coverage, with a slowly wandering conflict share; Goldstein values are drawn per event; on about
one day in 45 a single story multiplies one side's count by 5-20 (a summit, a strike) for that day only.
A planted shift moves the conflict share by `size` (towards conflict for a rift) from `shift_day` on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .detect import DetectorSettings, Direction
from .rifts import detect_rifts

COOPERATIVE_GOLDSTEIN = np.array([1.0, 1.9, 2.8, 3.4, 3.5, 4.0, 5.0, 7.0, 8.0])
CONFLICT_GOLDSTEIN = np.array([-2.0, -2.0, -4.0, -4.4, -5.0, -6.5, -7.2, -9.5, -10.0])
START = dt.date(2018, 1, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Stream:
    series: pd.DataFrame  # date, source, target, value, volume
    shift_day: int | None
    direction: Direction | None
    size: float
    rate: float


def make_stream(
    rng: np.random.Generator,
    *,
    days: int = 730,
    rate: float = 3.0,
    size: float = 0.0,
    shift_day: int | None = None,
    direction: Direction = Direction.RIFT,
    dispersion: float = 1.5,
    name: tuple[str, str] = ("AAA", "BBB"),
) -> Stream:
    """One stream (see the module docstring); `rate` is the dyad's mean events per weekday."""
    dates = pd.date_range(START, periods=days, freq="D")
    weekly = np.where(dates.day_of_week >= 5, 0.5, 1.0)
    coverage = weekly * np.exp(rng.normal(0.0, 0.15, days))
    volume = np.round(400 * coverage).clip(min=1)
    base = rng.uniform(0.25, 0.6)  # the dyad's usual share of conflict
    wander = np.zeros(days)
    for t in range(1, days):  # a slow mean-reverting drift of the conflict share (logit scale)
        wander[t] = 0.97 * wander[t - 1] + rng.normal(0.0, 0.05)
    logit = np.log(base / (1 - base)) + wander
    share = 1 / (1 + np.exp(-logit))
    if shift_day is not None and size:
        sign = 1.0 if direction is Direction.RIFT else -1.0
        share[shift_day:] = np.clip(share[shift_day:] + sign * size, 0.02, 0.98)
    mean = rate * coverage
    conflict = _negative_binomial(rng, mean * share, dispersion)
    cooperation = _negative_binomial(rng, mean * (1 - share), dispersion)
    spikes = rng.random(days) < 1 / 45
    factor = rng.integers(5, 21, days)
    side = rng.random(days) < 0.5
    cooperation = np.where(spikes & side, np.maximum(cooperation, 1) * factor, cooperation)
    conflict = np.where(spikes & ~side, np.maximum(conflict, 1) * factor, conflict)
    value = np.array(
        [
            rng.choice(COOPERATIVE_GOLDSTEIN, c).sum() + rng.choice(CONFLICT_GOLDSTEIN, k).sum()
            for c, k in zip(cooperation, conflict, strict=True)
        ]
    )
    frame = pd.DataFrame(
        {"date": dates, "source": name[0], "target": name[1], "value": value, "volume": volume}
    )
    return Stream(
        series=frame, shift_day=shift_day, direction=direction if size else None, size=size, rate=rate
    )


def _negative_binomial(rng: np.random.Generator, mean: np.ndarray, dispersion: float) -> np.ndarray:
    mean = np.maximum(mean, 1e-9)
    return rng.negative_binomial(dispersion, dispersion / (dispersion + mean))


def make_streams(seed: int, count: int, *, days: int = 730, planted: bool = True) -> list[Stream]:
    """`count` streams over sparse to dense dyads (0.3 to 30 events a day); when `planted`, each has one
    shift of size 0.25-0.5 in a random direction between day 240 and day days-120."""
    rng = np.random.default_rng(seed)
    streams = []
    for index in range(count):
        rate = float(np.exp(rng.uniform(np.log(0.3), np.log(30.0))))
        if planted:
            streams.append(
                make_stream(
                    rng,
                    days=days,
                    rate=rate,
                    size=float(rng.uniform(0.25, 0.5)),
                    shift_day=int(rng.integers(240, days - 120)),
                    direction=Direction.RIFT if rng.random() < 0.5 else Direction.RAPPROCHEMENT,
                    name=(f"S{index:03d}", "TGT"),
                )
            )
        else:
            streams.append(make_stream(rng, days=days, rate=rate, name=(f"N{index:03d}", "TGT")))
    return streams


def score_detector(
    streams: list[Stream], settings: DetectorSettings, *, window: int = 60
) -> dict[str, float]:
    """Detection rate (an alert of the planted direction dated within 21 days of the shift and raised
    within `window` days after it), median delay (detected_on - shift, days), false alarms per dyad-year
    (every other alert, except repeats of a detected shift inside the window)."""
    detected, delays, false_alarms, planted, total_days = 0, [], 0, 0, 0
    for stream in streams:
        total_days += len(stream.series)
        alerts = detect_rifts(stream.series, settings=settings)
        shift = START + dt.timedelta(days=stream.shift_day) if stream.shift_day is not None else None
        planted += shift is not None
        hit = False
        for alert in alerts:
            detected_on, date = dt.date.fromisoformat(alert.detected_on), dt.date.fromisoformat(alert.date)
            in_window = shift is not None and 0 <= (detected_on - shift).days <= window
            if (
                shift is not None
                and in_window
                and alert.direction == stream.direction
                and abs((date - shift).days) <= 21
            ):
                if not hit:
                    hit = True
                    detected += 1
                    delays.append((detected_on - shift).days)
                continue
            false_alarms += 1
    return {
        "streams": len(streams),
        "detection_rate": detected / planted if planted else float("nan"),
        "median_delay": float(np.median(delays)) if delays else float("nan"),
        "false_alarms_per_dyad_year": false_alarms / (total_days / 365.0),
    }
