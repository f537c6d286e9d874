"""Dyad series, weights, roll-up, the signed network and its change."""

from __future__ import annotations

import pandas as pd
import pytest

import riftwatch
from riftwatch.relations import dyad_events, dyad_series, network, network_between
from riftwatch.relations.series import prepare_events
from riftwatch.relations.weights import CERTAINTY_WEIGHTS, roll_up

from .relations_frames import event, frame

IRN, RUS = ("IRN", "GOV"), ("RUS", "GOV")


def test_certainty_and_anonymity_weights():
    rows = frame(
        [
            event("2016-05-02", IRN, RUS, 2.0, 1, certainty="asserted"),
            event("2016-05-02", IRN, RUS, 2.0, 1, certainty="hedged"),
            event("2016-05-02", IRN, RUS, 2.0, 1, certainty="asserted", anonymous=True),
            event("2016-05-02", IRN, RUS, -10.0, 4, certainty="negated"),
            event("2016-05-02", IRN, RUS, -10.0, 4, certainty="future"),
            event("2016-05-02", IRN, RUS, -10.0, 4, certainty="hypothetical"),
        ]
    )
    [row] = dyad_series(rows, "IRN", "RUS", by="day").itertuples()
    assert row.events == 6
    assert row.weight == pytest.approx(1 + 0.5 + 0.5)
    assert row.goldstein_sum == pytest.approx(4.0)
    assert row.q4 == 0 and row.balance == 1.0
    assert CERTAINTY_WEIGHTS["negated"] == 0


@pytest.mark.parametrize(
    "country, sector, expected",
    [
        ("RUS", "GOV", "RUS"),
        ("RUS", "MIL", "RUS"),
        ("RUS", None, "RUS"),
        ("LBN", "REB", "LBNREB"),
        ("SYR", "INS", "SYRINS"),
        ("IRN", "RAD", "IRNRAD"),
        ("QAT", "MED", "QATMED"),
        (None, "IGO", "IGO"),
        (None, "GOV", None),
    ],
)
def test_roll_up_keeps_non_state_groups_apart(country, sector, expected):
    [key] = roll_up(pd.Series([country]), pd.Series([sector]))
    assert (None if pd.isna(key) else key) == expected


def test_background_events_and_stances_are_not_counted():
    rows = frame(
        [
            event("2016-05-02", IRN, RUS, 3.4, 1, background=False),
            event("2016-05-02", IRN, RUS, -10.0, 4, background=True),
            event("2016-05-02", IRN, RUS, -2.0, 3, kind="stance", background=None),
        ]
    )
    [row] = dyad_series(rows, "IRN", "RUS", by="day").itertuples()
    assert (row.events, row.stances, row.goldstein_sum) == (1, 1, 3.4)
    [counted] = dyad_series(rows, "IRN", "RUS", by="day", include_stances=True).itertuples()
    assert counted.events == 2 and counted.goldstein_sum == pytest.approx(1.4)


def test_missing_background_column_counts_as_false():
    rows = frame([event("2016-05-02", IRN, RUS, -4.0, 3)])
    assert "background" not in rows
    assert dyad_series(rows, "IRN", "RUS")["events"].tolist() == [1]


def test_directed_and_undirected_views():
    rows = frame(
        [
            event("2016-05-02", ("IRN", "MIL"), RUS, -2.0, 3),
            event("2016-05-03", ("RUS", "MIL"), IRN, 3.4, 1),
            event("2016-05-03", ("LBN", "REB"), RUS, 3.4, 1),
        ]
    )
    both = dyad_series(rows, "RUS", "IRN", by="week")
    assert both[["source", "target", "events"]].values.tolist() == [["IRN", "RUS", 2]]
    one_way = dyad_series(rows, "RUS", "IRN", by="week", directed=True)
    assert one_way[["source", "target", "events", "goldstein_sum"]].values.tolist() == [
        ["RUS", "IRN", 1, 3.4]
    ]
    assert set(dyad_series(rows)["source"]) == {"IRN", "LBNREB"}


def test_periods_and_coverage_normalisation():
    rows = [
        event("2016-05-02", IRN, RUS, -4.0, 3, article="x1"),
        event("2016-05-09", IRN, RUS, -4.0, 3, article="x2"),
    ]
    rows += [event("2016-05-10", ("FRA", None), ("DEU", None), 1.0, 1, article=f"busy{i}") for i in range(3)]
    weekly = dyad_series(frame(rows), "IRN", "RUS", by="week")
    assert [str(p.date()) for p in weekly["period"]] == ["2016-05-02", "2016-05-09"]
    assert weekly["articles"].tolist() == [1, 4]
    assert weekly["per_article"].tolist() == [-4.0, -1.0]  # a busy news week is not more conflict
    monthly = dyad_series(frame(rows), "IRN", "RUS", by="month")
    assert monthly["events"].tolist() == [2] and str(monthly["period"][0].date()) == "2016-05-01"


def test_corroboration_hook_and_column():
    rows = frame(
        [event("2016-05-02", IRN, RUS, 2.0, 1, corroboration=4), event("2016-05-02", IRN, RUS, 2.0, 1)]
    )
    assert dyad_series(rows, "IRN", "RUS", by="day")["weight"].tolist() == [1.0 + 2.0]
    hooked = prepare_events(rows, corroboration=lambda f: pd.Series(16, index=f.index))
    assert hooked["weight"].tolist() == [2.0, 2.0]  # capped


def test_dyad_events_keep_who_acted_on_whom():
    rows = frame(
        [
            event("2016-05-03", ("RUS", "MIL"), IRN, -2.0, 3),
            event("2016-05-03", IRN, RUS, 1.0, 1, kind="stance"),
        ]
    )
    events = dyad_events(rows, "IRN", "RUS")
    assert events[["actor", "recipient"]].values.tolist() == [["RUS", "IRN"], ["IRN", "RUS"]]
    assert set(events["kind"]) == {"event", "stance"}


def _camps():  # type: ignore[no-untyped-def]
    day = "2017-06-10"
    pairs = [
        (("SAU", None), ("ARE", None), 4.0),
        (("SAU", None), ("BHR", None), 4.0),
        (("ARE", None), ("BHR", None), 3.0),
        (("QAT", None), ("TUR", None), 5.0),
        (("QAT", None), ("IRN", None), 3.0),
        (("TUR", None), ("IRN", None), 2.0),
        (("SAU", None), ("QAT", None), -4.0),
        (("ARE", None), ("QAT", None), -4.0),
        (("BHR", None), ("TUR", None), 1.0),
    ]
    return frame(event(day, a, b, g, 1 if g > 0 else 4) for a, b, g in pairs)


def test_network_signs_blocs_and_triangles():
    edges = network(_camps())
    signs = {(r.source, r.target): r.sign for r in edges.itertuples()}
    assert signs[("QAT", "SAU")] == -1 and signs[("ARE", "SAU")] == 1
    bloc = dict(zip(edges["source"], edges["source_bloc"], strict=False)) | dict(
        zip(edges["target"], edges["target_bloc"], strict=False)
    )
    assert bloc["SAU"] == bloc["ARE"] == bloc["BHR"] and bloc["QAT"] == bloc["TUR"] == bloc["IRN"]
    assert bloc["SAU"] != bloc["QAT"]
    # SAU-ARE-QAT (+,-,-) is balanced, SAU-ARE-BHR (+,+,+) balanced; BHR-TUR-... has no closed triangle
    assert edges.attrs["triangles"] == {"balanced": 3, "unbalanced": 0}
    assert edges.attrs["frustration"] == 1  # BHR-TUR cooperate across blocs


def test_unbalanced_triangle_counted():
    rows = frame(
        [
            event("2017-01-01", ("AAA", None), ("BBB", None), 2.0, 1),
            event("2017-01-01", ("BBB", None), ("CCC", None), 2.0, 1),
            event("2017-01-01", ("AAA", None), ("CCC", None), -2.0, 3),
        ]
    )
    assert network(rows).attrs["triangles"] == {"balanced": 0, "unbalanced": 1}


def test_network_change_between_periods():
    rows = frame(
        [
            event("2016-01-05", IRN, RUS, 3.0, 1),
            event("2016-09-05", IRN, RUS, -4.0, 3),
            event("2016-09-05", ("TUR", None), RUS, 2.0, 1),
        ]
    )
    change = network_between(rows, ("2016-01-01", "2016-06-30"), ("2016-07-01", "2016-12-31"))
    kinds = {(r.source, r.target): r.change for r in change.itertuples()}
    assert kinds == {("IRN", "RUS"): "to_conflict", ("RUS", "TUR"): "new"}


def test_public_api_is_exported():
    for name in ("dyad_series", "rifts", "network"):
        assert name in riftwatch.__all__ and callable(getattr(riftwatch, name))


def test_api_reads_a_store(tmp_path):
    from riftwatch.models import Actor, Event, EventType, Evidence

    with riftwatch.Store(tmp_path / "s.duckdb") as store:
        store.write_imported(
            [
                Event(
                    id="x1",
                    article_id="art1",
                    type=EventType.ACCUSE,
                    cameo="112",
                    goldstein=-2.0,
                    quad_class=3,
                    source=Actor(text="Tehran", country="IRN", sector="GOV"),
                    target=Actor(text="Moscow", country="RUS", sector="GOV"),
                    date=pd.Timestamp("2016-08-22").date(),
                    evidence=Evidence(sentence="s", start=0, end=1, trigger="", rule="test"),
                )
            ],
            [],
        )
        series = riftwatch.dyad_series(store, "RUS", "IRN", by="month")
        assert series[["source", "target", "events", "articles"]].values.tolist() == [["IRN", "RUS", 1, 1]]
        assert riftwatch.network(store).shape[0] == 1
        assert riftwatch.rifts(store).empty


def test_cli_dyad_chart_and_network_change(cli, tmp_path):
    from riftwatch.importers import import_events

    from .conftest import DATA

    db = tmp_path / "s.duckdb"
    with riftwatch.Store(db) as store:
        import_events("plover", DATA / "imports" / "polecat_events.json", store)
    chart = tmp_path / "dyad.png"
    result = cli(
        "dyad", "IRN", "RUS", "--by", "day", "--db", str(db), "--format", "csv", "--chart", str(chart)
    )
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("period,source,target,events") and len(lines) == 4
    assert chart.read_bytes()[:4] == b"\x89PNG"
    change = cli(
        "network",
        "--period",
        "2016-08-22:2016-08-23",
        "--compare",
        "2016-08-24:2016-08-31",
        "--db",
        str(db),
        "--format",
        "jsonl",
    )
    assert change.returncode == 0, change.stderr.decode()
    assert '"change": "to_cooperation"' in change.stdout.decode()
    bad = cli("dyad", "IRN", "RUS", "--db", str(db), "--chart", str(tmp_path / "x.gif"))
    assert bad.returncode == 2 and b".png or .svg" in bad.stderr
