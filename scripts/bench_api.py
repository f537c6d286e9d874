"""API latency on a store of generated events: p50/p95 per endpoint, over real HTTP to `riftwatch serve`.

    python scripts/bench_api.py                  # builds 100,000 synthetic events in a temporary folder
    python scripts/bench_api.py --events 20000 --requests 20
    python scripts/bench_api.py --db store.duckdb

The events are generated from templates (tests/synthetic.py), not copied text. Requests go one at a time
from one client to 127.0.0.1, a fixed number per endpoint after a warm-up; the figures are wall-clock and
depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic import build_store  # noqa: E402
from tests.web_fixtures import free_port, start_server, wait_until_up  # noqa: E402


def endpoints(client: httpx.Client) -> dict[str, tuple[str, dict]]:
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    return {
        "summary": ("/api/summary", {}),
        "facets (all filters' values)": ("/api/facets", {}),
        "events, first page (50)": ("/api/events", {"limit": 50}),
        "events, page of 500": ("/api/events", {"limit": 500}),
        "events, type+country+certainty": (
            "/api/events",
            {"type": "ASSAULT", "country": "SYR", "certainty": "asserted"},
        ),
        "events, actor prefix": ("/api/events", {"actor": "RUS"}),
        "events, words in evidence": ("/api/events", {"q": "embargo on iran"}),
        "events, page at offset 90,000": ("/api/events", {"offset": 90_000, "limit": 50}),
        "events volume per month": ("/api/events/volume", {"period": "month"}),
        "one article with its events": (f"/api/articles/{event['article_id']}", {}),
        "articles, search": ("/api/articles", {"q": "Aleppo"}),
        "dyads (country level)": ("/api/dyads", {"limit": 20}),
        "dyad series, weekly": ("/api/dyads/series", {"source": "IRN", "target": "RUS", "period": "week"}),
        "network": ("/api/network", {}),
        "rift alerts": ("/api/alerts", {}),
        "locations": ("/api/locations", {}),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(base: str, requests: int, warmup: int) -> list[tuple[str, float, float, float, int]]:
    """Per endpoint: the first request (cold: series, network, alerts, facets and the summary are then kept
    by the server), then p50 and p95 of the timed ones."""
    rows = []
    with httpx.Client(base_url=base, timeout=600.0) as client:
        for name, (path, params) in endpoints(client).items():
            started = time.perf_counter()
            client.get(path, params=params).raise_for_status()
            first = (time.perf_counter() - started) * 1000
            for _ in range(warmup - 1):
                client.get(path, params=params).raise_for_status()
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path, params=params)
                timings.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            rows.append(
                (name, first, statistics.median(timings), percentile(timings, 0.95), len(response.content))
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="API latency (p50/p95) on a store of generated events.")
    parser.add_argument("--db", type=Path, help="an existing store (default: generate one)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "bench.duckdb"
            started = time.perf_counter()
            build_store(db, args.events, days=3 * 365)
            print(
                f"built {args.events:,} synthetic events in {time.perf_counter() - started:.1f} s "
                f"({db.stat().st_size / 1e6:.0f} MB)"
            )
        port = free_port()
        process = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(process, f"{base}/api/summary", seconds=180)
            events = httpx.get(f"{base}/api/summary").json()["events"]
            print(
                f"riftwatch serve on {events:,} events; {args.requests} requests per endpoint after {args.warmup} warm-up"
            )
            print(f"{'endpoint':<34} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
            for name, first, p50, p95, size in measure(base, args.requests, args.warmup):
                print(f"{name:<34} {first:9.1f} {p50:8.1f} {p95:8.1f} {size:9,}")
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
