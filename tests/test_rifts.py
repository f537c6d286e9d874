"""Rift and rapprochement detection: online, robust to bursts and weekly cycles, against planted shifts."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from riftwatch.errors import ConfigError
from riftwatch.relations import DetectorSettings, Method, rift_alerts, rifts
from riftwatch.relations.detect import Direction, robust_baseline
from riftwatch.relations.rifts import detect_rifts, read_series
from riftwatch.relations.synthetic import make_stream, make_streams, score_detector

from .relations_frames import turn

METHODS = [DetectorSettings(method=Method.CUSUM), DetectorSettings(method=Method.PELT)]


def _daily(values, start="2019-01-01", volume=None) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    dates = pd.date_range(start, periods=len(values), freq="D")
    frame = pd.DataFrame({"date": dates, "source": "AAA", "target": "BBB", "value": values})
    if volume is not None:
        frame["volume"] = volume
    return frame


@pytest.mark.parametrize("settings", METHODS, ids=lambda s: s.method.value)
def test_detector_finds_planted_shifts_and_stays_quiet_otherwise(settings):
    rng = np.random.default_rng(11)
    planted = [
        make_stream(
            rng,
            days=540,
            rate=8.0,
            size=0.4,
            shift_day=300 + 20 * i,
            direction=Direction.RIFT if i % 2 else Direction.RAPPROCHEMENT,
        )
        for i in range(6)
    ]
    null = make_streams(12, 6, days=540, planted=False)
    found = score_detector(planted, settings)
    quiet = score_detector(null, settings)
    assert found["detection_rate"] >= 0.8
    assert found["median_delay"] <= 28
    assert found["false_alarms_per_dyad_year"] <= 1.0
    assert quiet["false_alarms_per_dyad_year"] <= 1.0


@pytest.mark.parametrize("settings", METHODS, ids=lambda s: s.method.value)
def test_alert_is_the_same_when_data_is_cut_at_detected_on(settings):
    stream = make_stream(np.random.default_rng(5), days=400, rate=6.0, size=0.45, shift_day=250)
    alerts = detect_rifts(stream.series, settings=settings)
    assert alerts, "the planted shift is found"
    for alert in alerts:
        cut = stream.series[stream.series["date"] <= pd.Timestamp(alert.detected_on)]
        again = detect_rifts(cut, settings=settings)
        assert alert in again


def test_until_never_reads_later_data():
    stream = make_stream(np.random.default_rng(5), days=400, rate=6.0, size=0.45, shift_day=250)
    full = detect_rifts(stream.series)
    poisoned = stream.series.copy()
    poisoned.loc[poisoned["date"] > pd.Timestamp("2018-10-01"), "value"] = -1e6
    cut = detect_rifts(poisoned, until=pd.Timestamp("2018-10-01").date())
    assert [a for a in full if a.detected_on <= "2018-10-01"] == cut


@pytest.mark.parametrize("settings", METHODS, ids=lambda s: s.method.value)
def test_one_day_spike_is_not_a_regime(settings):
    rng = np.random.default_rng(3)
    values = rng.normal(2.0, 1.0, 200)
    values[150] = -400.0  # forty reports of one clash, undone the next day
    values[170] = 400.0
    assert detect_rifts(_daily(values), settings=settings) == []


@pytest.mark.parametrize("settings", METHODS, ids=lambda s: s.method.value)
def test_quiet_weekends_are_not_peace(settings):
    rng = np.random.default_rng(4)
    dates = pd.date_range("2019-01-01", periods=364, freq="D")
    weekend = dates.day_of_week >= 5
    volume = np.where(weekend, 40, 400).astype(float)
    values = np.where(weekend, 0.0, rng.normal(-8.0, 3.0, 364))  # conflict on weekdays, silence on weekends
    frame = _daily(values, volume=volume)
    assert detect_rifts(frame, settings=settings) == []


def test_a_sustained_turn_is_dated_where_it_begins():
    rng = np.random.default_rng(8)
    values = np.concatenate([rng.normal(3.0, 1.5, 120), rng.normal(-3.0, 1.5, 60)])
    [alert] = detect_rifts(_daily(values))
    assert alert.direction is Direction.RIFT
    assert abs((pd.Timestamp(alert.date) - pd.Timestamp("2019-05-01")).days) <= 3
    assert 0 < (pd.Timestamp(alert.detected_on) - pd.Timestamp("2019-05-01")).days <= 14
    assert alert.before > 2 and alert.after < -2 and alert.score >= DetectorSettings().threshold


def test_robust_baseline_centres_sparse_skewed_days():
    values = np.array([0.0] * 70 + [-5.0] * 30)
    location, scale = robust_baseline(values, floor=1.0, clip=3.0)
    residuals = np.clip((values - location) / scale, -3, 3)
    assert abs(residuals.mean()) < 0.05 and location < 0


def test_phenomenon_34_rift_and_split_among_allies():
    alerts = rift_alerts(turn("2016-05-01"))
    rifts_ = [a for a in alerts if a.direction is Direction.RIFT and a.kind == "shift"]
    [rift] = [a for a in rifts_ if (a.source, a.target) == ("IRN", "RUS")]
    assert rift.date == "2016-06-30"  # the first day of scorn
    assert rift.detected_on <= "2016-07-14"
    assert rift.events and all(e.startswith("e") for e in rift.events)
    [split] = [a for a in alerts if a.kind == "split_among_allies"]
    assert (split.source, split.target, split.third) == ("IRN", "RUS", "SYR")
    assert set(rift.events) <= set(split.events)


def test_rifts_returns_contract_columns():
    table = rifts(turn("2016-05-01"))
    assert list(table.columns) == [
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
        "test",  # added field (the contract allows new fields): which test raised the alert
    ]
    assert set(table["direction"]) <= {"rift", "rapprochement"}
    assert set(table["test"]) <= {"cusum", "pelt", "onset"}


def test_series_missing_dyad_is_zero_on_days_seen_elsewhere(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text(
        "date,source,target,value\n2020-01-01,AAA,BBB,3\n2020-01-02,CCC,DDD,1\n2020-01-04,AAA,BBB,2\n"
    )
    frame = read_series(path)
    assert len(frame) == 3
    x = frame.groupby(["source", "target"]).size()
    assert x[("AAA", "BBB")] == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("day,source,target,value\n2020-01-01,A,B,1\n", "lacks the column"),
        ("date,source,target,value\nnot-a-date,A,B,1\n", "bad date"),
    ],
)
def test_bad_series_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_series(path)


def test_cli_rifts_over_a_series_file(cli, tmp_path):
    stream = make_stream(np.random.default_rng(5), days=400, rate=6.0, size=0.45, shift_day=250)
    series = tmp_path / "series.csv"
    stream.series.assign(date=stream.series["date"].dt.date).to_csv(series, index=False)
    chart = tmp_path / "rifts.png"
    result = cli("rifts", "--series", str(series), "--chart", str(chart))
    assert result.returncode == 0, result.stderr.decode()
    alerts = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert alerts and alerts[0]["source"] == "AAA" and alerts[0]["events"] == []
    assert set(alerts[0]) >= {"direction", "kind", "third", "date", "detected_on", "before", "after", "score"}
    assert chart.read_bytes()[:4] == b"\x89PNG"
    table = cli("rifts", "--series", str(series), "--format", "csv", "--since", alerts[-1]["detected_on"])
    assert table.stdout.decode().splitlines()[0].startswith("source,target,direction")
    missing = cli("rifts", "--series", str(tmp_path / "nope.csv"))
    assert (
        missing.returncode == 1
        and b"no such series file" in missing.stderr
        and b"Traceback" not in missing.stderr
    )


def _silent_then(burst: dict[int, float], days: int = 120, start: str = "2019-01-01") -> pd.DataFrame:
    """A dyad AAA-BBB absent (0) on every day another dyad was seen, except the `burst` days given."""
    dates = pd.date_range(start, periods=days, freq="D")
    other = pd.DataFrame({"date": dates, "source": "CCC", "target": "DDD", "value": 1.0})
    pair = pd.DataFrame(
        {"date": [dates[d] for d in burst], "source": "AAA", "target": "BBB", "value": list(burst.values())}
    )
    return pd.concat([other, pair], ignore_index=True)


ONSET = {80: -6.0, 81: -2.0, 83: -9.5, 86: -7.0, 88: -2.0, 91: -4.0}  # hostility from nowhere, day 80 on


def test_onset_of_hostility_in_a_dyad_with_no_history():
    [alert] = [a for a in detect_rifts(_silent_then(ONSET)) if a.source == "AAA"]
    assert alert.direction is Direction.RIFT and alert.kind == "shift" and alert.test == "onset"
    assert alert.date == "2019-03-22"  # day 80, the first hostile day
    assert alert.detected_on == "2019-03-28"  # the fourth hostile day, a week after the first
    assert alert.score >= DetectorSettings().onset_threshold
    cut = _silent_then(ONSET)
    cut = cut[cut["date"] <= pd.Timestamp(alert.detected_on)]
    assert alert in detect_rifts(cut)  # online like the others


@pytest.mark.parametrize(
    "burst, why",
    [
        ({80: -6.0, 83: -9.5, 86: -7.0}, "three hostile days are not yet a regime"),
        ({80: -30.0, 81: -40.0}, "a two-day story, however loud, is not a regime"),
        ({80: 6.0, 81: 2.0, 83: 9.5, 86: 7.0, 88: 2.0, 91: 4.0}, "first contacts are not an alert"),
        ({80: -6.0, 81: 9.0, 83: -1.0, 86: 8.0, 88: -1.0, 91: -1.0}, "the burst leans to cooperation"),
    ],
)
def test_onset_needs_a_sustained_conflictual_burst(burst, why):
    assert [a for a in detect_rifts(_silent_then(burst)) if a.source == "AAA"] == [], why


def test_onset_needs_an_observed_silence_before_it():
    # The same burst on the file's first days: nothing says the dyad was ever quiet.
    early = {d - 78: v for d, v in ONSET.items()}
    assert [a for a in detect_rifts(_silent_then(early)) if a.source == "AAA"] == []


def test_dyad_with_a_history_is_read_by_the_cusum_not_the_onset_test():
    stream = make_stream(np.random.default_rng(5), days=400, rate=6.0, size=0.45, shift_day=250)
    assert {a.test for a in detect_rifts(stream.series)} == {"cusum"}


def test_slow_cusum_finds_half_sigma_shifts_within_four_weeks():
    # A turn of 0.6 robust standard deviations a day (what a sparse dyad shows when its conflict share moves
    # by a third): the fast CUSUM alone (allowance 0.5) gains 0.1 a day and is late or silent.
    def within_four_weeks(settings: DetectorSettings) -> int:
        found = 0
        for seed in range(100, 108):
            rng = np.random.default_rng(seed)
            values = np.concatenate([rng.normal(0.0, 1.0, 200), rng.normal(-0.6, 1.0, 90)])
            alerts = detect_rifts(_daily(values), settings=settings)  # the turn is on 2019-07-20
            found += any(
                a.direction is Direction.RIFT
                and abs((pd.Timestamp(a.date) - pd.Timestamp("2019-07-20")).days) <= 21
                and a.detected_on <= "2019-08-17"
                for a in alerts
            )
        return found

    assert within_four_weeks(DetectorSettings()) >= 7
    assert within_four_weeks(replace(DetectorSettings(), slow_allowance=None)) <= 5
