"""The API through a real `riftwatch serve` process over real HTTP, and the serve command's own errors."""

from __future__ import annotations

import httpx
import pytest

from .web_fixtures import free_port, live_server, web_events, web_store  # noqa: F401


@pytest.fixture(scope="module")
def http(live_server):  # noqa: F811
    with httpx.Client(base_url=live_server, timeout=30.0) as client:
        yield client


def test_server_answers_over_http(http, web_events):  # noqa: F811
    response = http.get("/api/summary")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert response.json()["events"] == len(web_events)


def test_server_paginates(http, web_events):  # noqa: F811
    first = http.get("/api/events", params={"limit": 7, "sort": "date"}).json()
    second = http.get("/api/events", params={"limit": 7, "offset": 7, "sort": "date"}).json()
    assert first["total"] == second["total"] == len(web_events)
    assert first["next_offset"] == 7 and second["offset"] == 7
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    last = http.get("/api/events", params={"limit": 7, "offset": len(web_events) - 3}).json()
    assert len(last["items"]) == 3 and last["next_offset"] is None


def test_server_filters(http, web_events):  # noqa: F811
    params = [("type", "ASSAULT"), ("type", "COERCE"), ("certainty", "asserted")]
    body = http.get("/api/events", params=params).json()
    expected = [e for e in web_events if e["type"] in ("ASSAULT", "COERCE") and e["certainty"] == "asserted"]
    assert body["total"] == len(expected)
    assert {e["type"] for e in body["items"]} <= {"ASSAULT", "COERCE"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/events?limit=100000", 422),
        ("/api/events?date_to=yesterday", 422),
        ("/api/events?colour=red", 400),
        ("/api/articles/nothing-here", 404),
        ("/api/events?q=" + "y" * 3000, 414),
    ],
)
def test_server_bad_parameters_get_4xx_with_the_error_shape(http, path, status):
    response = http.get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error", "detail"}


def test_server_refuses_writes_and_bodies(http):
    assert http.post("/api/events", json={"type": "ASSAULT"}).status_code in (405, 413)
    response = http.request("GET", "/api/events", content=b"z" * 4096)
    assert response.status_code == 413 and response.json()["error"] == "content too large"


def test_server_serves_dashboard_and_its_libraries(http):
    page = http.get("/")
    assert page.status_code == 200 and "<main" in page.text
    library = http.get("/vendor/vega.min.js")
    if library.status_code == 503:
        pytest.fail("the dashboard's npm packages are not installed: run `npm ci --prefix src/riftwatch/web`")
    assert library.status_code == 200 and len(library.content) > 100_000


def test_serve_without_a_store_fails_clearly(cli, tmp_path):
    result = cli("serve", "--db", str(tmp_path / "missing.duckdb"), "--port", str(free_port()))
    assert result.returncode == 1
    assert b"no store" in result.stderr and b"Traceback" not in result.stderr


def test_serve_rejects_a_bad_port(cli, tmp_path):
    result = cli("serve", "--db", str(tmp_path / "x.duckdb"), "--port", "70000")
    assert result.returncode == 2
