"""The soak's verdict (scripts/soak.py): "flat" is a number computed from the reports, not an eyeball."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def soak():
    spec = importlib.util.spec_from_file_location("soak_script", ROOT / "scripts" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak_script"] = module  # dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["soak_script"]


def _samples(soak, rss, duckdb=None, every=10_000, seconds_each=100.0):
    duckdb = duckdb or [100.0] * len(rss)
    return [
        soak.Sample(every * (i + 1), seconds_each * (i + 1), value, duck)
        for i, (value, duck) in enumerate(zip(rss, duckdb, strict=True))
    ]


def test_slope_is_the_least_squares_slope(soak):
    assert soak.slope([(0, 1), (1, 3), (2, 5)]) == pytest.approx(2.0)
    assert soak.slope([(0, 1), (1, 0), (2, 1), (3, 0)]) == pytest.approx(-0.2)
    assert soak.slope([(5, 1), (5, 9)]) == 0.0  # no spread in x: no slope


def test_verdict_measures_the_second_half_only(soak):
    """Start-up growth (models loading, caches filling) in the first half does not count; a plateau after it
    is flat, and the slope is in KiB per 1,000 documents."""
    rss = [300, 400, 450, 480, 500, 500, 501, 500, 499, 500]
    flat, line = soak.verdict(_samples(soak, rss), flat_kib=32)
    assert flat, line
    assert "FLAT" in line and "over 50,000-100,000 (6 reports" in line


def test_verdict_calls_steady_growth_growth_with_its_rate(soak):
    # +1 MiB every 10,000 documents is 102.4 KiB per 1,000 documents
    rss = [500 + i for i in range(10)]
    flat, line = soak.verdict(_samples(soak, rss), flat_kib=32)
    assert not flat
    assert "GROWS" in line and "+102.4 KiB per 1,000 documents" in line
    assert soak.verdict(_samples(soak, rss), flat_kib=200)[0]  # within a looser bound it is flat


def test_verdict_does_not_call_falling_memory_growth(soak):
    """DuckDB evicting its cache as its limit binds makes resident memory fall: bounded, not a leak."""
    rss = [490, 510, 513, 520, 521, 519, 517, 514, 512, 508]
    flat, line = soak.verdict(_samples(soak, rss), flat_kib=32)
    assert flat, line
    assert "FALLS" in line and "GROWS" not in line


def test_verdict_says_what_duckdb_holds_and_how_throughput_went(soak):
    rss = [400.0] * 10
    duckdb = [100.0 + 10 * i for i in range(10)]  # duckdb's share grows while the total does not
    samples = _samples(soak, rss, duckdb)  # 100 docs/s to 50,000 documents, then half as fast
    samples[5:] = [
        soak.Sample(s.documents, 500 + (s.documents - 50_000) / 50, s.rss, s.duckdb) for s in samples[5:]
    ]
    _, line = soak.verdict(samples, flat_kib=32)
    assert "duckdb's share +1024.0, the rest -1024.0" in line
    assert "duckdb holds 190.0 of 400.0 MiB rss (48%)" in line
    assert "throughput 100.0 docs/s from 10,000 to 50,000, 50.0 docs/s after" in line


def test_verdict_refuses_to_judge_too_few_reports(soak):
    flat, line = soak.verdict(_samples(soak, [500, 501, 502]), flat_kib=32)
    assert not flat and "too few reports" in line
