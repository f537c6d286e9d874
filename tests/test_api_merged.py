"""The API's relation endpoints count merged events when asked (`unit=merged`), as riftwatch.relations does.

Expected answers come from the Python API (riftwatch.dyad_series / network / rifts with unit="merged"), never
from the store's SQL.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import riftwatch
from riftwatch.api import create_app
from riftwatch.store import Store

from .web_fixtures import web_store  # noqa: F401


@pytest.fixture(scope="module")
def merged_store(web_store):  # noqa: F811
    return web_store


@pytest.fixture(scope="module")
def client(merged_store):
    with TestClient(create_app(merged_store)) as test_client:
        yield test_client


def monthly_totals(store: Store, unit: str) -> dict[tuple[str, str], int]:
    frame = riftwatch.dyad_series(store, by="month", unit=unit)
    return frame.groupby(["source", "target"])["events"].sum().to_dict()


def test_active_dyads_count_each_event_once_when_merged(client, merged_store):
    with Store(merged_store, read_only=True) as store:
        expected = monthly_totals(store, "merged")
        reports = monthly_totals(store, "mentions")
    merged = client.get("/api/dyads/active?limit=500&unit=merged").json()
    counted = {(d["source"], d["target"]): d["events"] for d in merged["items"]}
    assert counted == expected
    # The synthetic store tells some acts more than once: merged, they count once.
    assert sum(counted.values()) < sum(reports.values())
    default = client.get("/api/dyads/active?limit=500").json()
    assert {(d["source"], d["target"]): d["events"] for d in default["items"]} == reports


def test_series_point_lists_every_report_of_its_merged_events(client, merged_store):
    top = client.get("/api/dyads/active?limit=1&unit=merged").json()["items"][0]
    pair = f"source={top['source']}&target={top['target']}&period=month"
    series = client.get(f"/api/dyads/series?{pair}&unit=merged").json()
    assert series["unit"] == "merged" and sum(p["events"] for p in series["points"]) == top["events"]
    with Store(merged_store, read_only=True) as store:
        frame = riftwatch.dyad_series(store, top["source"], top["target"], by="month", unit="merged")
        point = frame.iloc[0]
        at = point["period"].date().isoformat()
        body = client.get(f"/api/dyads/series/events?{pair}&at={at}&unit=merged&limit=500").json()
        assert sorted(body["merged_ids"]) == sorted(point["event_ids"])
        reports = store.merged_members(list(point["event_ids"]))
    assert {item["id"] for item in body["items"]} == set(reports)
    assert body["total"] == len(reports) >= len(body["merged_ids"])
    plain = client.get(f"/api/dyads/series/events?{pair}&at={at}&limit=500").json()
    assert plain["unit"] == "mentions" and plain["merged_ids"] == []


def test_network_and_alerts_follow_the_unit(client, merged_store):
    with Store(merged_store, read_only=True) as store:
        edges = riftwatch.network(store, min_events=1, unit="merged")
        alerts = riftwatch.rifts(store, unit="merged")
    body = client.get("/api/network?min_events=1&limit=500&unit=merged").json()
    assert body["unit"] == "merged"
    assert {(e["source"], e["target"]): e["events"] for e in body["edges"]} == {
        (row.source, row.target): int(row.events) for row in edges.itertuples()
    }
    found = client.get("/api/alerts?limit=500&unit=merged").json()
    assert found["total"] == len(alerts)
    assert {(a["source"], a["target"], a["date"]) for a in found["items"]} == {
        (row.source, row.target, str(row.date)[:10]) for row in alerts.itertuples()
    }


def test_an_unknown_unit_is_a_422(client):
    response = client.get("/api/network?unit=articles")
    assert response.status_code == 422 and set(response.json()) == {"error", "detail"}
