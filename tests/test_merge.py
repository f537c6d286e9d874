"""Cross-article event merging: what may merge, what never does, counts, corroboration, the store, order."""

from __future__ import annotations

import datetime as dt
import io
import json
import random

import pyarrow.parquet as pq
import pytest

from riftwatch import merge
from riftwatch.merge import (
    EventMention,
    build,
    cluster,
    differences,
    explain,
    make_mention,
    refresh,
    type_families,
)
from riftwatch.merge_rules import _canonical, may_merge
from riftwatch.models import (
    Actor,
    Article,
    Attribution,
    Certainty,
    CodedDocument,
    Event,
    EventType,
    Evidence,
    Location,
    Precision,
)
from riftwatch.settings import Settings
from riftwatch.store import Store

SETTINGS = Settings()
AFRIN = Location(name="Afrin", country="SYR", lat=36.51, lon=36.87, precision="place")
MANBIJ = Location(name="Manbij", country="SYR", lat=36.53, lon=37.95, precision="place")
TUR_MIL = Actor(text="Turkish troops", country="TUR", sector="MIL")
TUR_GOV = Actor(text="Ankara", country="TUR", sector="GOV")
KURDS = Actor(text="Kurdish fighters", country="SYR", sector="REB")


def event(
    key: str,
    *,
    day: str = "2024-03-11",
    precision: Precision = Precision.DAY,
    kind: EventType = EventType.ASSAULT,
    source: Actor | None = TUR_MIL,
    target: Actor | None = KURDS,
    location: Location | None = AFRIN,
    certainty: Certainty = Certainty.ASSERTED,
    anonymous: bool = False,
    dead: int | None = None,
    sentence: str = "Turkish troops shelled Kurdish fighters on Monday.",
) -> Event:
    return Event(
        id=f"e-{key}",
        article_id=f"a-{key}",
        type=kind,
        cameo="190",
        goldstein=-10.0,
        quad_class=4,
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence), trigger="shelled", rule="test"),
        source=source,
        target=target,
        date=dt.date.fromisoformat(day),
        date_precision=precision,
        location=location,
        certainty=certainty,
        attribution=Attribution(anonymous=anonymous),
        dead=dead,
    )


def mention(key: str, *, outlet: str | None = None, published: str = "2024-03-13", **kwargs) -> EventMention:
    return make_mention(
        event(key, **kwargs), dt.date.fromisoformat(published), outlet or f"outlet-{key}", SETTINGS
    )


def groups(mentions: list[EventMention]) -> set[frozenset[str]]:
    return {frozenset(m.id for m in group) for group in cluster(mentions, SETTINGS)}


def test_cluster_merges_reports_of_one_day_and_never_two_days_of_fighting():
    found = groups(
        [mention("a"), mention("b"), mention("c", day="2024-03-12"), mention("d", day="2024-03-12")]
    )
    assert found == {frozenset({"e-a", "e-b"}), frozenset({"e-c", "e-d"})}


def test_month_precision_fits_a_unique_day_of_its_month_and_stays_apart_when_ambiguous():
    month = {"day": "2024-03-01", "precision": Precision.MONTH}
    assert groups([mention("a"), mention("m", **month)]) == {frozenset({"e-a", "e-m"})}
    ambiguous = groups([mention("a"), mention("b", day="2024-03-12"), mention("m", **month)])
    assert frozenset({"e-m"}) in ambiguous and len(ambiguous) == 3
    assert groups([mention("a"), mention("m", day="2024-04-01", precision=Precision.MONTH)]) == {
        frozenset({"e-a"}),
        frozenset({"e-m"}),
    }


def test_publication_dated_report_merges_within_the_window_only():
    plain = "Turkish troops shelled Kurdish fighters."  # names no day: the event carries its article's date
    late = mention("p", day="2024-03-12", published="2024-03-12", sentence=plain)
    assert not late.own_date and (late.lo, late.hi) == (dt.date(2024, 3, 11), dt.date(2024, 3, 12))
    assert groups([mention("a"), late]) == {frozenset({"e-a", "e-p"})}
    too_late = mention("q", day="2024-03-13", published="2024-03-13", sentence=plain)
    assert groups([mention("a"), too_late]) == {frozenset({"e-a"}), frozenset({"e-q"})}
    own = mention("o", day="2024-03-12", published="2024-03-12")  # "on Monday" said on the day: its own date
    assert own.own_date and groups([mention("a"), own]) == {frozenset({"e-a"}), frozenset({"e-o"})}


def test_type_families_merge_one_raid_told_two_ways_but_not_different_acts():
    assert type_families()[EventType.ASSAULT] == type_families()[EventType.COERCE]
    assert groups([mention("a"), mention("b", kind=EventType.COERCE)]) == {frozenset({"e-a", "e-b"})}
    assert len(groups([mention("a"), mention("b", kind=EventType.PROTEST)])) == 2


def test_state_organs_roll_up_and_named_non_state_groups_keep_their_identity():
    assert groups([mention("a"), mention("b", source=TUR_GOV)]) == {frozenset({"e-a", "e-b"})}
    ypg = Actor(text="YPG", name="YPG", country="SYR", sector="REB")
    hts = Actor(text="HTS", name="Hayat Tahrir al-Sham", country="SYR", sector="REB")
    assert len(groups([mention("a", target=ypg), mention("b", target=hts)])) == 2
    unnamed_side = mention("c", source=None)  # "an air strike killed ...": no agent named, agrees with any
    assert groups([mention("a"), unnamed_side]) == {frozenset({"e-a", "e-c"})}
    assert (
        len(groups([mention("a"), mention("d", source=Actor(text="Syria", country="SYR", sector="MIL"))]))
        == 2
    )


def test_places_far_apart_or_in_other_countries_are_kept_apart():
    assert len(groups([mention("a"), mention("b", location=MANBIJ)])) == 2
    country = Location(name="Syria", country="SYR", lat=35.0, lon=38.0, precision="country")
    assert len(groups([mention("a"), mention("b", location=country)])) == 1
    assert len(groups([mention("a"), mention("b", location=None)])) == 1
    iraq = Location(name="Iraq", country="IRQ", lat=33.0, lon=44.0, precision="country")
    assert len(groups([mention("a"), mention("b", location=iraq)])) == 2


def test_denials_and_plans_never_merge_with_the_act():
    assert len(groups([mention("a"), mention("b", certainty=Certainty.NEGATED)])) == 2
    assert groups([mention("a"), mention("b", certainty=Certainty.HEDGED)]) == {frozenset({"e-a", "e-b"})}


def test_merged_event_keeps_every_figure_side_by_side_and_counts_like_gdelt():
    members = [
        mention("a", dead=12, outlet="wire"),
        mention("b", dead=15, outlet="daily"),
        mention("c", dead=12, outlet="wire"),
    ]
    row = build(members).row
    assert row["dead_reported"] == [12, 15] and (row["dead_min"], row["dead_max"]) == (12, 15)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (3, 3, 2)
    assert row["source_key"] == "TUR" and row["target_key"] == "SYRREB"
    assert row["date"] == dt.date(2024, 3, 11) and row["date_precision"] == "day"


def test_corroboration_weighs_independent_asserted_outlets_over_one_anonymous_hedged_claim():
    several = build([mention(k) for k in "abc"]).row["corroboration"]
    rumour = build([mention("z", certainty=Certainty.HEDGED, anonymous=True)]).row["corroboration"]
    same_outlet = build([mention(k, outlet="wire") for k in "abc"]).row["corroboration"]
    assert several == 3.0 and rumour == 0.25 and same_outlet == 1.0


def test_cluster_and_ids_do_not_depend_on_order():
    month = {"day": "2024-03-01", "precision": Precision.MONTH}
    mentions = [
        mention("a"),
        mention("b", source=None),
        mention("c", day="2024-03-12"),
        mention("d", **month),
        mention("e", location=None),
        mention("f", kind=EventType.COERCE),
        mention("g", location=MANBIJ),
        mention("h", day="2024-03-12", published="2024-03-12", sentence="Troops shelled Kurdish fighters."),
    ]
    expected = [build(g).row for g in cluster(mentions, SETTINGS)]
    rng = random.Random(7)
    for _ in range(20):
        rng.shuffle(mentions)
        assert [build(g).row for g in cluster(mentions, SETTINGS)] == expected


def test_differences_name_what_keeps_two_reports_apart():
    reasons = differences(
        [mention("a")], [mention("b", day="2024-03-12", kind=EventType.PROTEST, location=MANBIJ)], SETTINGS
    )
    assert any(r.startswith("date:") for r in reasons)
    assert any(r.startswith("type:") for r in reasons)
    assert any(r.startswith("place:") for r in reasons)


def test_may_merge_answers_exactly_what_differences_would():
    month = {"day": "2024-03-01", "precision": Precision.MONTH}
    variants = [
        mention("a"),
        mention("b", source=None),
        mention("c", day="2024-03-12"),
        mention("d", **month),
        mention("e", location=None),
        mention("f", kind=EventType.COERCE),
        mention("g", location=MANBIJ),
        mention("h", certainty=Certainty.NEGATED),
        mention("i", source=TUR_GOV),
        mention("j"),
    ]
    answers = [may_merge([x], [y], SETTINGS) for x in variants for y in variants if x is not y]
    assert answers == [not differences([x], [y], SETTINGS) for x in variants for y in variants if x is not y]
    assert True in answers and False in answers


def _cluster_by_may_merge(mentions: list[EventMention]) -> set[frozenset[str]]:
    """The clustering rule spelt out with `may_merge` on whole groups (slow, plain): `cluster` must agree."""
    groups: list[list[EventMention]] = []
    for m in sorted(mentions, key=_canonical):
        if m.lo is None:
            groups.append([m])
            continue
        fits = [g for g in groups if g[0].lo is not None and may_merge(g, [m], SETTINGS)]
        if len(fits) == 1:
            fits[0].append(m)
        else:
            groups.append([m])
    return {frozenset(m.id for m in g) for g in groups}


def test_cluster_keeps_group_summaries_that_answer_exactly_what_may_merge_would():
    """`cluster` compares a report with each group's kept keys, names, days and places instead of its members:
    on random reports of a few days, sides, places and certainties it groups exactly as `may_merge` does."""
    kurds_named = Actor(text="the YPG", country="SYR", sector="REB", name="YPG")
    rebels = Actor(text="rebels", sector="REB")
    sides = [TUR_MIL, TUR_GOV, KURDS, kurds_named, rebels, None]
    places = [
        AFRIN,
        MANBIJ,
        None,
        Location(name="Syria", country="SYR", lat=35.0, lon=38.0, precision="country"),
    ]
    rng = random.Random(15)
    for trial in range(40):
        mentions = []
        for i in range(rng.randint(5, 30)):
            precision = rng.choice([Precision.DAY] * 5 + [Precision.MONTH])
            day = "2024-03-01" if precision is Precision.MONTH else f"2024-03-{rng.randint(10, 13)}"
            mentions.append(
                mention(
                    f"{trial}-{i}",
                    day=day,
                    precision=precision,
                    source=rng.choice(sides),
                    target=rng.choice(sides),
                    location=rng.choice(places),
                    kind=rng.choice([EventType.ASSAULT, EventType.COERCE, EventType.PROTEST]),
                    certainty=rng.choice([Certainty.ASSERTED, Certainty.HEDGED, Certainty.NEGATED]),
                )
            )
        assert groups(mentions) == _cluster_by_may_merge(mentions)


def test_cluster_stops_looking_at_the_second_group_a_report_fits(monkeypatch):
    """A report that fits two groups stays apart, so its search ends at the second fit: a report naming no
    side and no place, next to three reports of one day against three different targets, is compared with two."""
    from riftwatch import merge_rules

    targets = [
        KURDS,
        Actor(text="Iraqi rebels", country="IRQ", sector="REB"),
        Actor(text="Iran", country="IRN"),
    ]
    reports = [mention(f"t{i}", target=target) for i, target in enumerate(targets)]
    vague = mention("v", source=None, target=None, location=None)
    calls: list[str] = []
    original = merge_rules._Group.fits

    def counting(self, report, place_km):
        calls.append(report.id)
        return original(self, report, place_km)

    monkeypatch.setattr(merge_rules._Group, "fits", counting)
    assert groups([*reports, vague]) == {frozenset({m.id}) for m in [*reports, vague]}
    assert calls.count("e-v") == 2


# --- the store ------------------------------------------------------------------------------------------------


def _document(e: Event, published: str, outlet: str) -> CodedDocument:
    article = Article(
        id=e.article_id,
        source_id=e.article_id,
        text=e.evidence.sentence,
        date=dt.date.fromisoformat(published),
        source_name=outlet,
    )
    return CodedDocument(source_id=e.article_id, article=article, events=(e,))


def _reports() -> list[CodedDocument]:
    month = {"day": "2024-03-01", "precision": Precision.MONTH}
    specs = [
        ("a", {}, "wire"),
        ("b", {"dead": 12}, "daily"),
        ("c", {"dead": 15}, "post"),
        ("d", {"day": "2024-03-12"}, "wire"),
        ("e", {"day": "2024-03-12", "source": None}, "daily"),
        ("f", {"location": MANBIJ, "day": "2024-03-14"}, "post"),
        ("g", month, "wire"),
        ("h", {"kind": EventType.COERCE}, "herald"),
    ]
    return [_document(event(key, **kwargs), "2024-03-15", outlet) for key, kwargs, outlet in specs]


def _merged(store: Store) -> list[dict]:
    return store.merged_events().to_pylist()


def test_refresh_is_incremental_and_gives_the_same_store_in_any_order(tmp_path):
    documents = _reports()
    results = []
    for index, order in enumerate([documents, documents[::-1], documents[3:] + documents[:3]]):
        with Store(tmp_path / f"s{index}.duckdb") as store:
            for start in range(0, len(order), 2):  # two documents per batch: merging as the articles come
                batch = order[start : start + 2]
                store.write_batch(batch)
                refresh(store, [e.id for d in batch for e in d.events], SETTINGS)
            results.append(_merged(store))
            assert store.unmerged_event_ids() == []
    assert results[0] == results[1] == results[2]
    sizes = sorted(row["num_mentions"] for row in results[0])
    assert sizes == [1, 1, 2, 4]  # a,b,c,h on the 11th; d,e on the 12th; f in Manbij; g fits both days


def test_refresh_keeps_only_its_window_and_reads_nothing_twice_while_the_window_holds(tmp_path, monkeypatch):
    """A stored event never changes, so a report the last refresh used is not read again by the next one; the
    reports kept are only those the last refresh used, so memory follows the merge window, not the store."""
    from riftwatch import merge

    documents = _reports()
    with Store(tmp_path / "once.duckdb") as store:
        read: list[str] = []
        original = store.merge_inputs

        def spy(event_ids):
            read.extend(event_ids)
            return original(event_ids)

        monkeypatch.setattr(store, "merge_inputs", spy)
        used: set[str] = set()
        get = merge._MentionCache.get

        def remember(self, store_, event_ids, settings):
            found = get(self, store_, event_ids, settings)
            used.update(m.id for m in found)
            return found

        monkeypatch.setattr(merge._MentionCache, "get", remember)
        for start in range(0, len(documents), 2):
            batch = documents[start : start + 2]
            store.write_batch(batch)
            used.clear()
            refresh(store, [e.id for d in batch for e in d.events], SETTINGS)
            assert used and set(merge._CACHES[store].by_id) <= used
        assert set(read) == {e.id for d in documents for e in d.events}
        read.clear()
        last = [e.id for e in documents[-1].events]
        refresh(store, last, SETTINGS)  # the same window again: every report it needs is held
        assert read == []
        assert sorted(row["num_mentions"] for row in _merged(store)) == [1, 1, 2, 4]


def test_relations_count_each_merged_event_once_weighted_by_its_corroboration(tmp_path):
    from riftwatch import relations
    from riftwatch.relations.weights import corroboration_weight

    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(_reports())
        refresh(store, store.unmerged_event_ids(), SETTINGS)
        merged = store.merged_events().to_pandas()
        by_mentions = relations.dyad_events(store, "TUR", "SYRREB", by="day")
        by_events = relations.dyad_events(store, "TUR", "SYRREB", by="day", unit="merged")
        # e has no source: it names no dyad; the other seven reports are four real-world events at most.
        assert len(by_mentions) == 7
        assert len(by_events) == len(merged[merged["source_key"].notna()]) < len(by_mentions)
        four = merged[merged["num_mentions"] == 4].iloc[0]
        row = by_events[by_events["id"] == four["id"]].iloc[0]
        assert four["corroboration"] > 1 and row["weight"] == pytest.approx(
            float(corroboration_weight(merged.loc[merged["id"] == four["id"], "corroboration"]).iloc[0])
        )
        series = relations.dyad_series(store, "TUR", "SYRREB", by="month", unit="merged")
        assert series["events"].sum() == len(by_events)
        with pytest.raises(ValueError):
            relations.dyad_series(store, "TUR", "SYRREB", unit="articles")


def test_cli_dyad_counts_merged_events_when_asked(tmp_path, cli):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write_batch(_reports())
        refresh(store, store.unmerged_event_ids(), SETTINGS)
    counts = {}
    for unit in ("mentions", "merged"):
        result = cli("dyad", "TUR", "SYRREB", "--by", "month", "--unit", unit, "-f", "jsonl", "--db", str(db))
        assert result.returncode == 0, result.stderr.decode()
        counts[unit] = sum(json.loads(line)["events"] for line in result.stdout.decode().splitlines())
    # Seven reports name both sides (e names no source); they tell four real-world events (a,b,c,h; d,e; f; g).
    assert counts == {"mentions": 7, "merged": 4}
    bad = cli("dyad", "TUR", "SYRREB", "--unit", "articles", "--db", str(db))
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_store_explain_export_and_arrow_table(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(_reports())
        refresh(store, store.unmerged_event_ids(), SETTINGS)
        table = store.merged_events()
        assert {"corroboration", "num_sources", "source_key", "target_key", "date"} <= set(table.column_names)
        report = explain(store, "e-b", SETTINGS)
        assert report is not None and report["merged"]["num_mentions"] == 4
        assert {m["event_id"] for m in report["mentions"]} == {"e-a", "e-b", "e-c", "e-h"}
        assert explain(store, report["merged"]["id"], SETTINGS)["merged"] == report["merged"]
        apart = {near["date"]: near["kept_apart_by"] for near in report["near"]}
        assert any(r.startswith("date:") for r in apart[dt.date(2024, 3, 12)])
        assert explain(store, "no-such-id", SETTINGS) is None
        out = io.BytesIO()
        assert store.export_merged("jsonl", out) == 4
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        biggest = max(records, key=lambda r: r["num_mentions"])
        assert biggest["dead_reported"] == [12, 15]
        assert {m["evidence"]["sentence"] for m in biggest["mentions"]} and len(biggest["mentions"]) == 4
        assert all("outlet" in m and "attribution" in m for m in biggest["mentions"])
        csv_out = io.BytesIO()
        assert store.export_merged("csv", csv_out) == 4 and csv_out.getvalue().startswith(
            b"id,article_id,kind,type"
        )
        parquet = tmp_path / "m.parquet"
        with open(parquet, "wb") as handle:
            store.export_merged("parquet", handle)
        assert pq.read_table(parquet).num_rows == 4


# --- the real pipeline on the labelled articles ---------------------------------------------------------------


@pytest.fixture(scope="module")
def merge_report(tmp_path_factory):
    from riftwatch.evaluation.merging import evaluate

    from .conftest import DATA

    return evaluate(
        DATA / "merge" / "articles.jsonl",
        Settings(n_process=1, batch_size=8),
        store_path=tmp_path_factory.mktemp("merge") / "gold.duckdb",
    )


def test_merging_on_labelled_articles_stays_above_its_floor(merge_report):
    assert merge_report["articles"] >= 60
    assert merge_report["cross_day_merge_pairs"] == 0
    assert merge_report["bcubed_f1"] >= 0.93
    assert merge_report["pairwise_precision"] >= 0.95
    assert merge_report["mentions_scored"] >= 60


def test_ingest_in_two_orders_gives_the_same_merged_tables(tmp_path, data_dir):
    from riftwatch.pipeline import ingest_paths

    lines = (data_dir / "merge" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    tables = []
    for name, order in (("forward", lines), ("backward", lines[::-1])):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n".join(order) + "\n", encoding="utf-8")
        with Store(tmp_path / f"{name}.duckdb") as store:
            ingest_paths([str(path)], store, Settings(n_process=1, batch_size=8))
            merged = store.merged_events().to_pylist()
            mentions = store.query("SELECT event_id, merged_id FROM merged_mentions ORDER BY event_id")
            tables.append((merged, mentions))
    assert tables[0] == tables[1]
    assert len(tables[0][0]) < len(tables[0][1])  # reports did merge


def test_cli_explain_and_merged_export(tmp_path, data_dir, cli):
    db = tmp_path / "cli.duckdb"
    source = tmp_path / "few.jsonl"
    lines = (data_dir / "merge" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    source.write_text(
        "\n".join(line for line in lines if '"m1-' in line or '"m2-' in line) + "\n", encoding="utf-8"
    )
    assert cli("ingest", str(source), "--db", str(db)).returncode == 0
    exported = cli("events", "--merged", "--db", str(db))
    assert exported.returncode == 0
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert sorted(r["num_mentions"] for r in rows) == [3, 3]
    first = rows[0]["mention_ids"][0]
    shown = cli("explain", first, "--db", str(db), "--json")
    assert shown.returncode == 0
    report = json.loads(shown.stdout)
    assert report["merged"]["id"] == rows[0]["id"] and report["near"]
    assert any("date:" in reason for reason in report["near"][0]["kept_apart_by"])
    missing = cli("explain", "nothing", "--db", str(db))
    assert missing.returncode == 1 and b"no merged event" in missing.stderr


def test_syndicated_copies_count_once(tmp_path):
    from riftwatch.pipeline import ingest_paths

    story = (
        "The Rapid Support Forces shelled El Fasher on Saturday, killing 12 people, local activists said. "
        "The shells fell on a crowded market in the north of the city as traders were opening their stalls, "
        "and residents said the bombardment went on for most of the morning before it stopped."
    )
    records = [
        {"id": "wire", "date": "2024-05-12", "source": "Sahel Bulletin", "text": story},
        {
            "id": "copy",
            "date": "2024-05-12",
            "source": "Reposter Daily",
            "text": story + " Reporting by staff.",
        },
        {
            "id": "own",
            "date": "2024-05-13",
            "source": "Africa Desk",
            "text": "RSF fighters shelled El Fasher on May 11, killing 15 people.",
        },
    ]
    path = tmp_path / "syndicated.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest_paths([str(path)], store, Settings(n_process=1))
        assert summary.duplicates == 1
        rows = [r for r in store.merged_events().to_pylist() if r["type"] == "ASSAULT"]
    assert len(rows) == 1
    assert (rows[0]["num_articles"], rows[0]["num_sources"], rows[0]["corroboration"]) == (2, 2, 2.0)
    assert rows[0]["dead_reported"] == [12, 15]


def test_refresh_reaches_only_merge_reach_days_from_the_new_reports(tmp_path, monkeypatch):
    """Reports of one kind on every day chain up (each overlaps the day before): without a reach, every batch
    would load and re-cluster the whole chain, i.e. the whole store."""
    start = dt.date(2024, 1, 1)
    undated = "Turkish troops shelled Kurdish fighters."  # names no day: it may have happened the day before

    def daily(key: str, day: dt.date) -> CodedDocument:
        # a different place every day: the reports chain up without merging into one event
        place = Location(name=f"Place {key}", country=f"C{key}", lat=0.0, lon=0.0, precision="place")
        return _document(
            event(key, day=day.isoformat(), sentence=undated, location=place), day.isoformat(), key
        )

    history = [daily(f"d{i}", start + dt.timedelta(days=i)) for i in range(90)]
    latest = daily("new", start + dt.timedelta(days=89))
    loaded: dict[int, set[str]] = {}  # what the refresh for the new report re-clusters
    original_cluster = merge.cluster
    for reach in (14, 0):
        with Store(tmp_path / f"s{reach}.duckdb") as store:
            store.write_batch(history)
            refresh(store, store.unmerged_event_ids(), SETTINGS)
            seen: set[str] = set()

            def spy(mentions, settings, seen=seen):
                mentions = list(mentions)
                seen.update(m.id for m in mentions)
                return original_cluster(mentions, settings)

            monkeypatch.setattr(merge, "cluster", spy)
            store.write_batch([latest])
            refresh(store, ["e-new"], Settings(merge_reach_days=reach))
            assert store.unmerged_event_ids() == []
            monkeypatch.setattr(merge, "cluster", original_cluster)
            loaded[reach] = seen
    assert len(loaded[0]) == 91  # the whole chain: every stored report
    days = sorted(int(i.removeprefix("e-d")) for i in loaded[14] if i != "e-new")
    assert "e-new" in loaded[14] and days and days[0] >= 89 - 14 - 1 and len(days) <= 16


def test_merge_reach_days_comes_from_the_environment_and_is_never_negative(monkeypatch):
    from riftwatch.errors import ConfigError

    monkeypatch.setenv("RIFTWATCH_MERGE_REACH_DAYS", "3")
    assert Settings.from_env().merge_reach_days == 3
    with pytest.raises(ConfigError, match="merge_reach_days"):
        Settings(merge_reach_days=-1)
