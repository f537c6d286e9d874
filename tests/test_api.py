"""The REST API through an in-process client: answers, filters, pagination and errors.

Expected answers are computed in Python from the generated events, never with the store's SQL.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import riftwatch
from riftwatch.api import create_app
from riftwatch.api.app import MAX_QUERY_CHARS
from riftwatch.store import Store

from .synthetic import build_store
from .web_fixtures import web_events, web_store  # noqa: F401


@pytest.fixture(scope="module")
def client(web_store):  # noqa: F811
    with TestClient(create_app(web_store)) as test_client:
        yield test_client


def side(event: dict, role: str, key: str) -> str | None:
    return (event[role] or {}).get(key)


def either(event: dict, key: str, value: str) -> bool:
    return value in (side(event, "source", key), side(event, "target", key))


def is_side(event: dict, role: str, value: str) -> bool:
    return value in (side(event, role, "code"), side(event, role, "country"))


def mentions_actor(event: dict, text: str) -> bool:
    codes = [side(event, role, "code") or "" for role in ("source", "target")]
    words = [
        (side(event, role, key) or "").lower() for role in ("source", "target") for key in ("name", "text")
    ]
    return any(code.startswith(text.upper()) for code in codes) or any(text.lower() in word for word in words)


FILTERS = [
    ("type=ASSAULT", lambda e: e["type"] == "ASSAULT"),
    ("type=AID&type=AGREE", lambda e: e["type"] in ("AID", "AGREE")),
    ("certainty=negated", lambda e: e["certainty"] == "negated"),
    ("quad_class=1&quad_class=2", lambda e: e["quad_class"] in (1, 2)),
    ("country=QAT", lambda e: either(e, "country", "QAT")),
    ("country=qat", lambda e: either(e, "country", "QAT")),
    ("sector=REB", lambda e: either(e, "sector", "REB")),
    ("actor=RUS", lambda e: mentions_actor(e, "RUS")),
    ("actor=hezbollah", lambda e: mentions_actor(e, "hezbollah")),
    ("source=IRN&target=RUS", lambda e: is_side(e, "source", "IRN") and is_side(e, "target", "RUS")),
    ("source=RUSMIL", lambda e: is_side(e, "source", "RUSMIL")),
    (
        "source=IRN&target=RUS&directed=false",
        lambda e: (
            (is_side(e, "source", "IRN") and is_side(e, "target", "RUS"))
            or (is_side(e, "source", "RUS") and is_side(e, "target", "IRN"))
        ),
    ),
    ("date_from=2016-03-01&date_to=2016-03-31", lambda e: "2016-03-01" <= e["date"] <= "2016-03-31"),
    ("place=aleppo", lambda e: e["location"] is not None and e["location"]["name"] == "Aleppo"),
    ("place=SYR", lambda e: e["location"] is not None and e["location"]["country"] == "SYR"),
    ("q=EMBARGO", lambda e: "embargo" in e["evidence"]["sentence"].lower()),
    ("mode=aerial", lambda e: e["mode"] == "aerial"),
    ("kind=stance", lambda e: e["kind"] == "stance"),
    (
        "type=ASSAULT&country=SYR&certainty=asserted",
        lambda e: e["type"] == "ASSAULT" and either(e, "country", "SYR") and e["certainty"] == "asserted",
    ),
    ("background=false", lambda e: True),
]


@pytest.mark.parametrize(("query", "keep"), FILTERS, ids=[q for q, _ in FILTERS])
def test_api_events_filter_matches_python(client, web_events, query, keep):  # noqa: F811
    expected = {e["id"] for e in web_events if keep(e)}
    assert expected, f"the synthetic store should hold events for {query}"
    body = client.get(f"/api/events?{query}&limit=500").json()
    assert body["total"] == len(expected)
    returned = {item["id"] for item in body["items"]}
    assert returned == expected if len(expected) <= 500 else returned < expected


def test_api_filter_on_a_column_the_store_lacks_matches_nothing(client):
    optional = client.get("/api/summary").json()["optional_columns"]
    body = client.get("/api/events?acled=Air/drone strike").json()
    if "acled_sub_event_type" not in optional:
        assert body["total"] == 0
    else:
        assert all(item["acled"]["sub_event_type"] == "Air/drone strike" for item in body["items"])


def test_api_events_paginate_without_overlap(client, web_events):  # noqa: F811
    seen: list[str] = []
    offset = 0
    while offset is not None:
        body = client.get(f"/api/events?limit=150&offset={offset}&sort=date").json()
        assert body["total"] == len(web_events)
        assert len(body["items"]) <= 150
        seen.extend(item["id"] for item in body["items"])
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == len(web_events)
    dates = [client.get(f"/api/events/{event_id}").json()["date"] for event_id in seen[:: len(seen) // 10]]
    assert dates == sorted(dates)


def test_api_events_sorted_by_goldstein(client):
    items = client.get("/api/events?sort=goldstein&limit=100").json()["items"]
    values = [item["goldstein"] for item in items]
    assert values == sorted(values) and values[0] == -10.0


def test_api_event_items_follow_the_contract(client):
    item = client.get("/api/events?limit=1&q=said").json()["items"][0]
    for key in (
        "id",
        "article_id",
        "kind",
        "type",
        "cameo",
        "goldstein",
        "quad_class",
        "source",
        "target",
        "date",
        "location",
        "certainty",
        "attribution",
        "evidence",
        "confidence",
    ):
        assert key in item
    assert item["attribution"]["speaker"] is not None
    assert item["article_title"]


def test_api_article_has_its_events_and_evidence(client):
    event = client.get("/api/events?limit=1").json()["items"][0]
    body = client.get(f"/api/articles/{event['article_id']}").json()
    text = body["article"]["text"]
    assert event["id"] in {e["id"] for e in body["events"]}
    for item in body["events"]:
        evidence = item["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    starts = [e["evidence"]["start"] for e in body["events"]]
    assert starts == sorted(starts)


def test_api_articles_search_and_pages(client, web_events):  # noqa: F811
    body = client.get("/api/articles?limit=5").json()
    assert body["total"] == len({e["article_id"] for e in web_events})
    assert len(body["items"]) == 5 and "text" not in body["items"][0]
    dates = [item["date"] for item in body["items"]]
    assert dates == sorted(dates, reverse=True)
    searched = client.get("/api/articles?q=around%20Doha&limit=500").json()
    assert searched["total"] > 0 and all("Doha" in item["title"] for item in searched["items"])


def test_api_dyads_count_every_pair_once(client, web_events):  # noqa: F811
    pairs: dict[tuple[str, str], int] = {}
    for e in web_events:
        a, b = side(e, "source", "country"), side(e, "target", "country")
        if a and b and a != b:
            key = (min(a, b), max(a, b))
            pairs[key] = pairs.get(key, 0) + 1
    body = client.get("/api/dyads?limit=500").json()
    assert body["total"] == len(pairs)
    assert {(d["source"], d["target"]): d["events"] for d in body["items"]} == pairs
    counts = [d["events"] for d in body["items"]]
    assert counts == sorted(counts, reverse=True)
    for d in body["items"]:
        assert d["cooperation"] + d["conflict"] == d["events"]


def pair_events(events: list[dict], pair: set[str]) -> list[dict]:
    """Events riftwatch.relations counts for a pair of countries: dated events (not stances) between them."""
    return [
        e
        for e in events
        if e["kind"] == "event"
        and e["date"]
        and {side(e, "source", "country"), side(e, "target", "country")} == pair
    ]


def test_api_dyad_series_adds_up_to_the_dyad(client, web_events):  # noqa: F811
    body = client.get("/api/dyads/series?source=IRN&target=RUS&period=month").json()
    expected = pair_events(web_events, {"IRN", "RUS"})
    assert body["points"] and body["method"] == "riftwatch.relations"
    assert sum(p["events"] for p in body["points"]) == len(expected)
    periods = [p["period"] for p in body["points"]]
    assert periods == sorted(periods) and all(p.endswith("-01") for p in periods)
    assert "event_ids" not in body["points"][0]


def test_api_events_behind_a_point_are_that_periods_events(client, web_events):  # noqa: F811
    point = client.get("/api/dyads/series?source=IRN&target=RUS&period=month").json()["points"][2]
    body = client.get(
        f"/api/dyads/series/events?source=IRN&target=RUS&period=month&at={point['period']}&limit=500"
    ).json()
    month = point["period"][:7]
    expected = {e["id"] for e in pair_events(web_events, {"IRN", "RUS"}) if e["date"].startswith(month)}
    assert body["total"] == point["events"] == len(expected)
    assert {item["id"] for item in body["items"]} == expected
    missing = client.get("/api/dyads/series/events?source=IRN&target=RUS&period=month&at=1999-01-01")
    assert missing.status_code == 404 and set(missing.json()) == {"error", "detail"}


def test_api_active_dyads_are_relations_dyads(client, web_store):  # noqa: F811
    body = client.get("/api/dyads/active?limit=500").json()
    with Store(web_store, read_only=True) as store:
        monthly = riftwatch.dyad_series(store, by="month")
    expected = monthly.groupby(["source", "target"])["events"].sum().to_dict()
    assert body["total"] == len(expected)
    assert {(d["source"], d["target"]): d["events"] for d in body["items"]} == expected
    counts = [d["events"] for d in body["items"]]
    assert counts == sorted(counts, reverse=True)
    top = body["items"][0]
    series = client.get(
        f"/api/dyads/series?source={top['source']}&target={top['target']}&period=month"
    ).json()
    assert sum(p["events"] for p in series["points"]) == top["events"]


def test_api_network_has_signed_ties(client):
    body = client.get("/api/network?min_events=1").json()
    assert body["nodes"] and body["edges"] and body["triangles"] is not None
    names = {node["id"] for node in body["nodes"]}
    for edge in body["edges"]:
        assert edge["source"] in names and edge["target"] in names
        assert edge["sign"] in (-1, 1) and edge["events"] >= 1
    fewer = client.get("/api/network?min_events=40").json()
    assert len(fewer["edges"]) < len(body["edges"]) and all(e["events"] >= 40 for e in fewer["edges"])


def test_api_alerts_are_relations_alerts(client, web_store):  # noqa: F811
    """The API passes riftwatch.rifts through; the planted Iran-Russia turn (tests/synthetic.py) is among them."""
    body = client.get("/api/alerts?limit=500").json()
    assert set(body) == {"items", "total", "limit", "offset", "next_offset"}
    with Store(web_store, read_only=True) as store:
        expected = riftwatch.rifts(store)
    assert body["total"] == len(expected)
    assert {(a["source"], a["target"], a["direction"], a["date"]) for a in body["items"]} == {
        (row.source, row.target, str(row.direction), str(row.date)[:10]) for row in expected.itertuples()
    }
    assert ("IRN", "RUS") in {(a["source"], a["target"]) for a in body["items"] if a["direction"] == "rift"}
    for alert in body["items"]:
        assert alert["direction"] in ("rift", "rapprochement") and alert["date"] <= alert["detected_on"]
        assert isinstance(alert["events"], list)
    only = client.get("/api/alerts?actor=RUS&direction=rift").json()["items"]
    assert only and all("RUS" in (a["source"], a["target"]) and a["direction"] == "rift" for a in only)
    series = client.get("/api/dyads/series?source=RUS&target=IRN&period=week").json()
    assert any(a["direction"] == "rift" for a in series["alerts"])  # computed by now, so they come along
    pair = client.get("/api/alerts?source=RUS&target=IRN").json()["items"]
    assert pair == series["alerts"] and client.get("/api/alerts?source=RUS").status_code == 422


def test_api_locations_group_by_place(client, web_events):  # noqa: F811
    body = client.get("/api/locations?type=ASSAULT").json()
    expected: dict[str, int] = {}
    for e in web_events:
        if e["type"] == "ASSAULT" and e["location"]:
            expected[e["location"]["name"]] = expected.get(e["location"]["name"], 0) + 1
    assert {p["name"]: p["events"] for p in body["places"]} == expected
    assert body["located_events"] == sum(expected.values())


def test_api_facets_and_counts(client, web_events):  # noqa: F811
    facets = client.get("/api/facets").json()
    types = {item["value"]: item["events"] for item in facets["type"]}
    assert sum(types.values()) == len(web_events)
    assert {item["value"] for item in facets["certainty"]} <= {
        "asserted",
        "hedged",
        "negated",
        "future",
        "hypothetical",
    }
    counts = client.get("/api/events/counts/type?country=IRN").json()["values"]
    assert sum(c["events"] for c in counts) == sum(1 for e in web_events if either(e, "country", "IRN"))


def test_api_volume_by_period(client, web_events):  # noqa: F811
    points = client.get("/api/events/volume?period=month&type=ASSAULT").json()["points"]
    assert sum(p["events"] for p in points) == sum(1 for e in web_events if e["type"] == "ASSAULT")
    assert {p["quad_class"] for p in points} == {4}


BAD = [
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?limit=501", 422, "limit"),
    ("/api/events?limit=ten", 422, "limit"),
    ("/api/events?offset=-1", 422, "offset"),
    ("/api/events?type=EXPLODE", 422, "type"),
    ("/api/events?quad_class=5", 422, "quad_class"),
    ("/api/events?certainty=sure", 422, "certainty"),
    ("/api/events?date_from=2016-02-30", 422, "date_from"),
    ("/api/events?date_from=2016-05-01&date_to=2016-01-01", 422, "date_from"),
    ("/api/events?source=IRN;DROP", 422, "source"),
    ("/api/events?country=" + "&country=".join(["IRN"] * 21), 422, "country"),
    ("/api/events?q=" + "x" * 201, 422, "q"),
    ("/api/events?sort=random", 422, "sort"),
    ("/api/events?typ=ASSAULT", 400, "typ"),
    ("/api/events/counts/everything", 422, "facet"),
    ("/api/dyads?level=planet", 422, "level"),
    ("/api/dyads/series?source=IRN", 422, "target"),
    ("/api/dyads/series?source=IRN&target=RUS&period=decade", 422, "period"),
    ("/api/network?min_events=0", 422, "min_events"),
    ("/api/alerts?direction=sideways", 422, "direction"),
    ("/api/events/no-such-event", 404, "no-such-event"),
    ("/api/articles/no-such-article", 404, "no-such-article"),
    ("/api/articles/" + "a" * 65, 422, "article_id"),
    ("/api/no-such-endpoint", 404, None),
]


@pytest.mark.parametrize(("url", "status", "mentions"), BAD, ids=[u[:60] for u, _, _ in BAD])
def test_api_bad_requests_get_the_error_shape(client, url, status, mentions):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "detail"} and isinstance(body["error"], str) and body["error"]
    if mentions:
        assert mentions in str(body["detail"])


def test_api_is_read_only(client):
    assert client.post("/api/events").status_code == 405
    assert client.delete("/api/articles/x").status_code in (404, 405)
    with pytest.raises(duckdb.Error):
        client.app.state.store.con.execute("CREATE TABLE intruder (x INTEGER)")


def test_api_bounds_request_sizes(client):
    response = client.get("/api/events?q=" + "x" * (MAX_QUERY_CHARS + 1))
    assert response.status_code == 414 and response.json()["error"] == "uri too long"
    response = client.request("GET", "/api/events", content=b"x" * 5000)
    assert response.status_code == 413 and set(response.json()) == {"error", "detail"}


def test_api_openapi_and_docs_are_offline(client):
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/events",
        "/api/articles/{article_id}",
        "/api/dyads/series",
        "/api/network",
        "/api/alerts",
    ):
        assert path in spec["paths"]
    docs = client.get("/docs").text
    assert "/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_api_serves_only_listed_vendor_files(client):
    assert client.get("/vendor/package.json").status_code == 404
    assert client.get("/vendor/..%2Fpackage.json").status_code == 404
    page = client.get("/")
    assert page.status_code == 200 and "/vendor/vega.min.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_api_missing_web_assets_are_a_clear_503(web_store, tmp_path):  # noqa: F811
    with TestClient(create_app(web_store, modules=tmp_path)) as bare:
        response = bare.get("/vendor/vega.min.js")
        assert response.status_code == 503 and "npm ci" in response.json()["detail"]
        assert bare.get("/api/summary").status_code == 200


def test_api_summary_counts(client, web_events):  # noqa: F811
    body = client.get("/api/summary").json()
    assert body["events"] == len(web_events)
    assert body["first_event_date"] == min(e["date"] for e in web_events)
    assert dt.date.fromisoformat(body["last_event_date"]) <= dt.date(2016, 12, 31)


def test_api_filters_on_columns_that_later_migrations_add(tmp_path):
    """ACLED sub-event types, the background flag and implied actors come from other branches' migrations:
    once the store has the columns, the filters use them and the events carry them."""
    path = build_store(tmp_path / "later.duckdb", 120, seed=3)
    with Store(path) as store:
        for column, kind in (
            ("acled_event_type", "VARCHAR"),
            ("acled_sub_event_type", "VARCHAR"),
            ("background", "BOOLEAN"),
            ("source_implied", "BOOLEAN"),
            ("target_implied", "BOOLEAN"),
        ):
            store.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {column} {kind}")
        store.con.execute("""UPDATE events SET acled_event_type = 'Explosions/Remote violence',
                             acled_sub_event_type = 'Air/drone strike' WHERE mode = 'aerial'""")
        store.con.execute("UPDATE events SET background = (type = 'CONSULT')")
        aerial = store.query("SELECT count(*) FROM events WHERE mode = 'aerial'")[0][0]
        consult = store.query("SELECT count(*) FROM events WHERE type = 'CONSULT'")[0][0]
    assert aerial and consult
    with TestClient(create_app(path)) as later:
        assert {"acled_sub_event_type", "background"} <= set(
            later.get("/api/summary").json()["optional_columns"]
        )
        assert later.get("/api/events?acled=Air/drone strike").json()["total"] == aerial
        assert later.get("/api/events?background=true&limit=500").json()["total"] == consult
        kept = later.get("/api/events?background=false&limit=500").json()
        assert kept["total"] == 120 - consult and "CONSULT" not in {e["type"] for e in kept["items"]}
        facets = later.get("/api/facets").json()
        assert facets["acled"] == [{"value": "Air/drone strike", "events": aerial, "quad_class": 4}]


PARAMETERS = [
    "actor",
    "source",
    "target",
    "directed",
    "country",
    "sector",
    "type",
    "mode",
    "acled",
    "quad_class",
    "certainty",
    "kind",
    "background",
    "date_from",
    "date_to",
    "place",
    "q",
    "limit",
    "offset",
    "sort",
    "level",
    "period",
    "at",
    "min_events",
    "since",
    "until",
    "direction",
    "pair_directed",
    "unit",
    "bogus",
]
PATHS = [
    "/api/events",
    "/api/events/volume",
    "/api/events/counts/type",
    "/api/dyads",
    "/api/dyads/series",
    "/api/dyads/series/events",
    "/api/network",
    "/api/alerts",
    "/api/locations",
    "/api/articles",
    "/api/facets",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    params=st.lists(st.tuples(st.sampled_from(PARAMETERS), st.text(max_size=24)), max_size=6),
)
def test_api_never_answers_500_to_any_parameters(client, path, params):
    response = client.get(path, params=params)  # TestClient re-raises any server error
    assert response.status_code in (200, 400, 404, 414, 422), response.text
    if response.status_code != 200:
        assert set(response.json()) == {"error", "detail"}


def test_api_stops_cleanly_while_dyads_are_computed_in_the_background(web_store, monkeypatch):  # noqa: F811
    """The server computes dyads and alerts in a thread at start; stopping at once interrupts it, and the store
    closes without an error (DuckDB 2 refuses to close while a cursor of it runs a query)."""
    import threading

    from riftwatch.api import analysis

    running = threading.Event()

    def slow_dyads(handle, *_):
        running.set()
        return handle.con.execute("SELECT count(*) FROM range(5000000000) t(i) WHERE i % 7 = 3").fetchall()

    monkeypatch.setattr(analysis, "active_dyads", slow_dyads)
    with TestClient(create_app(web_store)) as quick:  # leaving it stops the server: the query is interrupted
        assert quick.get("/api/summary").status_code == 200
        assert running.wait(10)
