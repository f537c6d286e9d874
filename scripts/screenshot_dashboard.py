"""Screenshots of every dashboard page, for the README: starts `riftwatch serve` on a store, opens each page in
headless Chromium (Debian's /usr/bin/chromium) and writes docs/screenshots/PAGE.png.

    python scripts/screenshot_dashboard.py --db riftwatch-demo.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_dashboard import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.web_fixtures import free_port, start_server, wait_until_up  # noqa: E402


def pages(base: str) -> dict[str, str]:
    """Page name -> route, choosing a busy dyad and an attributed event of the store itself."""
    client = httpx.Client(base_url=base, timeout=600.0)  # rift alerts take a while on a large store
    dyad = client.get("/api/dyads", params={"limit": 1}).json()["items"][0]
    alerts = [
        a for a in client.get("/api/alerts", params={"limit": 50}).json()["items"] if a["kind"] == "shift"
    ]
    focus = alerts[0] if alerts else dyad
    quoted = client.get("/api/events", params={"q": "said", "certainty": "hedged", "limit": 1}).json()[
        "items"
    ]
    event = (quoted or client.get("/api/events", params={"limit": 1}).json()["items"])[0]
    at = alerts[0]["date"] if alerts else ""
    return {
        "overview": "overview",
        "dyad": f"dyad?source={focus['source']}&target={focus['target']}&period=month&at={at}",
        "network": "network",
        "map": "map",
        "events": "events",
        "article": f"article/{event['article_id']}?event={event['id']}",
        "alerts": "alerts",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", nargs="*", help="only these pages (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, f"{base}/api/summary")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1360, "height": 900})
            for name, route in pages(base).items():
                if args.pages and name not in args.pages:
                    continue
                tab.goto(f"{base}/#/{route}")
                tab.wait_for_selector(
                    f"main[data-ready='{route.split('?')[0].split('/')[0]}']", timeout=60_000
                )
                tab.wait_for_timeout(400)
                if name == "overview":
                    tab.wait_for_selector("#latest-alerts[data-loaded]", timeout=600_000)
                tab.screenshot(
                    path=str(args.out / f"{name}.png"), full_page=name not in ("events", "article")
                )
                print(f"{name}: {args.out / f'{name}.png'}")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
