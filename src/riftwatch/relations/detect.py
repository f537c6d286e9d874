"""Rift and rapprochement detection on daily dyad series, online, against each dyad's own baseline.

Both methods read one dyad at a time: `x[t] = value[t] / volume[t]` on observed days (the balance per
article of that day's coverage, so a busy news day is not more conflict; `value` alone when the series has no
volume), missing observed days as 0. Each day is scored against a robust baseline of the days before the
current excursion (at most `baseline_days` observed days): Huber's M-estimate of location with a MAD scale
(falling back to the mean absolute deviation, then to half the typical non-zero magnitude seen so far), so
that heavy tails and sparse, mostly-empty series still give increments that average zero on the baseline.
Residuals are clipped at ±`clip` and rescaled to unit spread on the baseline, so one day's burst of coverage (forty reports of one summit) moves the
statistic by at most `clip - allowance`: never enough on its own.

- `cusum` (default): a bank of two two-sided CUSUMs of the clipped robust z-scores: a fast one (allowance
  `allowance` 0.5, threshold `threshold` 9: a shift of a robust standard deviation or more, seen within two
  or three weeks) and a slow one (allowance `slow_allowance` 0.25, threshold `slow_threshold` 20: a shift of about
  half a standard deviation a day, which is what a sparse dyad's daily series shows when its conflict share
  moves by a third, and what the fast CUSUM, drifting down by 0.5 a day, never accumulates). An alert when a
  side of either exceeds its threshold, at least `min_regime` and at most `max_run` (60) calendar days after
  the run began (evidence gathered over months is a drift of the baseline, not a shift), with at least
  `min_days` days pushing the same way. `date` is the run's first day (where that statistic last left
  0), `score` the statistic at `detected_on` (sum of clipped z beyond the allowance; >= its threshold).
- `onset`: the CUSUMs need a scale, and a dyad whose baseline has fewer than `min_active` active (non-zero)
  days has none (two states that rarely meet, the Gulf states and Qatar before June 2017). There a burst of
  hostility from next to nothing is the alert: on each day t, for each start s of the last `max_lag` days
  (a net-conflictual day whose own baseline is thin), k of the n observed days from s to t are
  net-conflictual; their rate is tested against the baseline's rate shrunk toward a neutral prior
  (`onset_prior_conflict` conflictual days in `onset_prior_days`: about one in four weeks), p0 = (k_b +
  1) / (n_b + 28), by the Bernoulli log-likelihood ratio k log(p/p0) + (n-k) log((1-p)/(1-p0)), p = k/n,
  maximised over s (a generalised likelihood ratio). An alert (direction rift, kind `shift`, test
  `onset`) when it reaches `onset_threshold` (10 nats), with at least `min_days` conflictual days over at
  least `min_regime` days and a burst whose summed value leans to conflict. `score` is that ratio in nats.
  Each day counts once however loud it was, so one story told forty times is one day. A burst of
  cooperation between strangers is not tested: first contacts are how relations begin, not a shift.
- `pelt`: the onset test as above, and every `step` observed days, PELT (ruptures' KernelCPD, linear kernel = l2 cost, penalty `penalty * log(n)` on the clipped
  z-scores of the last `window` observed days); an alert when the last change point lies at least
  `min_regime` days back, after at least `min_baseline` days of baseline, with a shift of at least
  `min_shift` (in robust z units). `score`: the shift times the square root of the days after the change.

A dyad needs `min_baseline` observed days before its first alert (the onset test always does, even after an
alert: observed silence, so that a file opening in the middle of a war, or the lull after an alert, raises
nothing). After an alert its baseline starts
again at the change date: no further alert until `cooldown` observed days of the new regime are in. Nothing after day t is ever read to
decide on day t: cutting the series at `detected_on` gives the same alert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np


class Direction(StrEnum):
    RIFT = "rift"
    RAPPROCHEMENT = "rapprochement"


class AlertKind(StrEnum):
    SHIFT = "shift"
    SPLIT_AMONG_ALLIES = "split_among_allies"


class Method(StrEnum):
    CUSUM = "cusum"
    PELT = "pelt"


class AlertTest(StrEnum):
    """Which test raised an alert, and so what its `score` means (see the module docstring)."""

    CUSUM = "cusum"
    PELT = "pelt"
    ONSET = "onset"


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectorSettings:
    """Defaults chosen for daily news-derived series (documented in the module docstring)."""

    method: Method = Method.CUSUM
    allowance: float = 0.5
    threshold: float = 9.0
    clip: float = 3.0
    baseline_days: int = 90
    min_baseline: int = 28
    min_regime: int = 7
    min_days: int = 4
    cooldown: int = 14
    max_lag: int = 60
    # The slow CUSUM of the bank (None: the fast one alone); a run longer than `max_run` days is a drift.
    slow_allowance: float | None = 0.25
    slow_threshold: float = 20.0
    max_run: int = 60
    # A baseline with fewer active (non-zero) days has no scale to score against: the onset test reads it.
    min_active: int = 8
    # Onset test: the prior is `onset_prior_conflict` net-conflictual days in `onset_prior_days` days.
    onset_prior_days: float = 28.0
    onset_prior_conflict: float = 1.0
    onset_threshold: float = 10.0
    # PELT only
    window: int = 120
    penalty: float = 3.0
    min_shift: float = 0.6
    step: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One detected change in one dyad's series, as indices into its observed days."""

    start: int
    detected: int
    direction: Direction
    score: float
    test: AlertTest = AlertTest.CUSUM


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """A rift or rapprochement alert, in the contract's shape (docs/CONTRACT.md, "Relations")."""

    source: str
    target: str
    direction: Direction
    date: str
    detected_on: str
    before: float
    after: float
    score: float
    kind: AlertKind = AlertKind.SHIFT
    third: str | None = None
    events: tuple[str, ...] = field(default=())
    test: AlertTest = AlertTest.CUSUM

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "direction": str(self.direction),
            "kind": str(self.kind),
            "third": self.third,
            "date": self.date,
            "detected_on": self.detected_on,
            "before": round(self.before, 4),
            "after": round(self.after, 4),
            "score": round(self.score, 3),
            "events": list(self.events),
            "test": str(self.test),
        }


def robust_baseline(values: np.ndarray, floor: float, clip: float) -> tuple[float, float]:
    """Huber location and a robust scale of a baseline window (see the module docstring)."""
    median = float(np.median(values))
    scale = 1.4826 * float(np.median(np.abs(values - median)))
    if scale <= 1e-12:
        scale = 1.2533 * float(np.mean(np.abs(values - median)))
    scale = max(scale, floor, 1e-9)
    location = median
    for _ in range(10):  # iteratively reweighted: the clipped residuals average zero at the fixed point
        residual = np.clip((values - location) / scale, -clip, clip)
        step = float(np.mean(residual)) * scale
        location += step
        if abs(step) < 1e-3 * scale:
            break
    return location, scale


def standardise(baseline: np.ndarray, values: np.ndarray, floor: float, clip: float) -> np.ndarray:
    """Clipped robust z-scores of `values` against `baseline`, rescaled so that the clipped baseline
    residuals have unit spread (a MAD understates the spread of skewed counts), then clipped again."""
    location, scale = robust_baseline(baseline, floor, clip)
    spread = float(np.std(np.clip((baseline - location) / scale, -clip, clip)))
    spread = spread if spread > 0.05 else 1.0
    return np.clip(np.clip((values - location) / scale, -clip, clip) / spread, -clip, clip)


def _floor(x: np.ndarray, t: int) -> float:
    """Half the typical non-zero magnitude seen before day t (1.0 before anything was seen)."""
    past = np.abs(x[:t])
    past = past[past > 0]
    return 0.5 * float(np.median(past)) if past.size else 1.0


class Tally:
    """Running counts over one dyad's observed days, so that any span's counts are two lookups."""

    __slots__ = ("active", "conflict", "total")

    def __init__(self, x: np.ndarray) -> None:
        self.conflict = np.concatenate([[0], np.cumsum(x < 0)])
        self.active = np.concatenate([[0], np.cumsum(x != 0)])
        self.total = np.concatenate([[0.0], np.cumsum(x)])

    def thin(self, begin: int, end: int, settings: DetectorSettings) -> bool:
        return int(self.active[end] - self.active[begin]) < settings.min_active


def bernoulli_evidence(k: np.ndarray, n: np.ndarray, p0: np.ndarray) -> np.ndarray:
    """Log-likelihood ratio (nats) of k conflict days in n at their own rate k/n against rate p0 (0 where
    the rate did not rise)."""
    p = k / n
    with np.errstate(divide="ignore", invalid="ignore"):
        stay = np.where(k < n, (n - k) * np.log((1 - p) / (1 - p0)), 0.0)
        evidence = k * np.log(p / p0) + stay
    return np.where(p > p0, evidence, 0.0)


def detect_onset(
    x: np.ndarray,
    days: np.ndarray,
    t: int,
    origin: int,
    needed: int,
    tally: Tally,
    settings: DetectorSettings,
) -> Change | None:
    """The strongest burst of net-conflictual days ending on day t, in a dyad whose baseline is too thin
    to have a scale (see the module docstring): a generalised likelihood ratio over the burst's start."""
    s = np.arange(max(origin, t - settings.max_lag), t + 1)
    begin = np.maximum(origin, s - settings.baseline_days)
    k = tally.conflict[t + 1] - tally.conflict[s]
    candidate = (
        (x[s] < 0)  # a burst of conflict begins on a conflictual day
        & (days[t] - days[s] + 1 >= settings.min_regime)
        & (k >= settings.min_days)
        & (s - begin >= max(needed, settings.min_baseline))  # a silence, not a post-alert lull
        & (tally.active[s] - tally.active[begin] < settings.min_active)
        # the burst's weighted balance must lean to conflict, not just its count of days
        & (tally.total[t + 1] - tally.total[s] < 0)
    )
    if not candidate.any():
        return None
    prior = (tally.conflict[s] - tally.conflict[begin] + settings.onset_prior_conflict) / (
        s - begin + settings.onset_prior_days
    )
    evidence = np.where(candidate, bernoulli_evidence(k, t + 1 - s, prior), 0.0)
    best = int(np.argmax(evidence))
    if evidence[best] < settings.onset_threshold:
        return None
    return Change(
        start=int(s[best]),
        detected=t,
        direction=Direction.RIFT,
        score=float(evidence[best]),
        test=AlertTest.ONSET,
    )


def cusum_arms(settings: DetectorSettings) -> list[tuple[float, float]]:
    """(allowance, threshold) of each CUSUM in the bank: the fast one, and the slow one when set."""
    arms = [(settings.allowance, settings.threshold)]
    if settings.slow_allowance is not None:
        arms.append((settings.slow_allowance, settings.slow_threshold))
    return arms


def detect_cusum(x: np.ndarray, days: np.ndarray, settings: DetectorSettings) -> list[Change]:
    """Two-sided robust CUSUMs over one dyad's observed days (`days`: day numbers, increasing), with the
    onset test wherever the baseline is too thin for a scale."""
    changes: list[Change] = []
    tally = Tally(x)
    arms = cusum_arms(settings)
    keys = [(arm, direction) for arm in range(len(arms)) for direction in Direction]
    origin, needed = 0, settings.min_baseline
    sums = dict.fromkeys(keys, 0.0)
    starts: dict[tuple[int, Direction], int | None] = dict.fromkeys(keys)
    pushes = dict.fromkeys(keys, 0)
    for t in range(len(x)):
        # The baseline stops where any arm's run began: the slow arm needs it as clean as the fast one.
        active = [s for s in starts.values() if s is not None]
        end = max(min(active), t - settings.max_lag) if active else t
        begin = max(origin, end - settings.baseline_days)
        if end - begin < needed:
            continue
        onset = detect_onset(x, days, t, origin, needed, tally, settings)
        if onset is not None or tally.thin(begin, end, settings):
            sums, starts, pushes = dict.fromkeys(keys, 0.0), dict.fromkeys(keys), dict.fromkeys(keys, 0)
            if onset is not None:
                changes.append(onset)
                origin, needed = onset.start, settings.cooldown
            continue
        z = float(standardise(x[begin:end], x[t : t + 1], _floor(x, t), settings.clip)[0])
        for key in keys:
            allowance = arms[key[0]][0]
            signed = z if key[1] is Direction.RAPPROCHEMENT else -z
            sums[key] = max(0.0, sums[key] + signed - allowance)
            if sums[key] == 0.0:
                starts[key], pushes[key] = None, 0
                continue
            if starts[key] is None:
                starts[key] = t
            pushes[key] += signed > allowance
        for key in sorted(keys, key=lambda k: (k[1] is not Direction.RIFT, k[0])):
            start = starts[key]
            if start is None or sums[key] < arms[key[0]][1]:
                continue
            if days[t] - days[start] + 1 < settings.min_regime or pushes[key] < settings.min_days:
                continue
            if days[t] - days[start] + 1 > settings.max_run:
                continue  # evidence gathered over months is a drift, not a shift
            changes.append(Change(start=start, detected=t, direction=key[1], score=sums[key]))
            origin, needed = start, settings.cooldown
            sums, starts, pushes = dict.fromkeys(keys, 0.0), dict.fromkeys(keys), dict.fromkeys(keys, 0)
            break
    return changes


def detect_pelt(x: np.ndarray, days: np.ndarray, settings: DetectorSettings) -> list[Change]:
    """Rolling-window PELT (ruptures) over one dyad's observed days: decides on day t from days <= t."""
    import ruptures as rpt

    changes: list[Change] = []
    tally = Tally(x)
    origin = 0
    for t in range(settings.min_baseline + settings.min_regime - 1, len(x), settings.step):
        needed = settings.cooldown if changes else settings.min_baseline
        onset = detect_onset(x, days, t, origin, needed, tally, settings)
        if onset is not None:
            changes.append(onset)
            origin = onset.start
            continue
        begin = max(origin, t + 1 - settings.window)
        window = x[begin : t + 1]
        if len(window) < settings.min_baseline + settings.min_regime:
            continue
        z = standardise(window, window, _floor(x, t), settings.clip)
        if np.ptp(z) == 0:
            continue
        # KernelCPD with a linear kernel is PELT on the l2 cost, in ruptures' C code.
        breaks = (
            rpt.KernelCPD(kernel="linear", min_size=settings.min_regime, jump=1)
            .fit(z)
            .predict(pen=settings.penalty * math.log(len(z)))
        )
        if len(breaks) < 2:
            continue
        tau = breaks[-2]
        previous = breaks[-3] if len(breaks) > 2 else 0
        start = begin + tau
        needed = settings.cooldown if changes else settings.min_baseline
        if tau - previous < needed or days[t] - days[start] + 1 < settings.min_regime:
            continue
        shift = float(np.mean(z[tau:]) - np.mean(z[previous:tau]))
        direction = Direction.RAPPROCHEMENT if shift > 0 else Direction.RIFT
        pushed = int(np.sum(np.sign(shift) * (z[tau:] - np.mean(z[previous:tau])) > settings.allowance))
        if abs(shift) < settings.min_shift or pushed < settings.min_days:
            continue
        changes.append(
            Change(
                start=start,
                detected=t,
                direction=direction,
                score=abs(shift) * math.sqrt(len(z) - tau),
                test=AlertTest.PELT,
            )
        )
        origin = start
    return changes


def detect_changes(x: np.ndarray, days: np.ndarray, settings: DetectorSettings | None = None) -> list[Change]:
    settings = settings or DetectorSettings()
    if Method(settings.method) is Method.PELT:
        return detect_pelt(x, days, settings)
    return detect_cusum(x, days, settings)
