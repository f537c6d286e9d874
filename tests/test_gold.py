"""Quality gate on gold data written by others (runs only where ../shared/eval is present, as in CI)."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, SHARED, require_gold

FLOORS = json.loads((ROOT / "tests" / "gold_floors.json").read_text(encoding="utf-8"))
PLOVER = SHARED / "eval" / "plover-gsr" / "PLOVER_GSR_dev.json"


@pytest.fixture(scope="module")
def plover():
    require_gold(PLOVER, "PLOVER gold records")
    from riftwatch.evaluation.plover import code_gold, load_gold

    records = load_gold(PLOVER)
    return records, code_gold(records)


@pytest.mark.gold
def test_plover_actor_scores_stay_above_floor(plover):
    from riftwatch.evaluation.plover import score_actors

    records, documents = plover
    scores = score_actors(records, documents)["all"].to_dict()
    assert scores["gold_actors"] > 300
    assert scores["recall"] >= FLOORS["plover_actor_recall"]
    assert scores["code_accuracy_when_found"] >= FLOORS["plover_actor_code_accuracy"]


@pytest.mark.gold
def test_plover_event_scores_stay_above_floor(plover):
    from riftwatch.evaluation.plover import overall, sentence_results

    records, documents = plover
    scores = overall(sentence_results(records, documents))
    assert scores["sentences"] == len(records) > 150
    assert scores["type_recall"] >= FLOORS["plover_type_recall"]
    assert scores["type_precision"] >= FLOORS["plover_type_precision"]
    assert scores["dyad_accuracy"] >= FLOORS["plover_dyad_accuracy"]


@pytest.mark.gold
def test_petrarch_validation_dyads_stay_above_floor():
    folder = require_gold(SHARED / "eval" / "petrarch2-validation", "PETRARCH validation suite")
    from riftwatch.evaluation import petrarch

    report = petrarch.evaluate(folder)
    assert report["records"] == 284
    assert report["dyad_recall"] >= FLOORS["petrarch_dyad_recall"]


def test_plover_report_has_every_part(plover):
    from riftwatch.evaluation import plover as module

    report = module.evaluate(PLOVER, rounds=20)
    assert set(report) == {"file", "overall", "per_type", "confusion", "actors"}
    assert {"ASSAULT", "AGREE", "REQUEST"} <= set(report["per_type"])
    low, high = report["per_type"]["ASSAULT"]["interval"]["recall"]
    assert 0 <= low <= report["per_type"]["ASSAULT"]["recall"] <= high <= 1
    rows = report["confusion"]["matrix"]
    assert sum(map(sum, rows)) == report["overall"]["sentences"]


POLICE = SHARED / "eval" / "indiapoliceevents" / "dev.jsonl"
CASE = SHARED / "eval" / "case2021" / "dev.tsv"


@pytest.mark.gold
def test_police_scores_stay_above_floor():
    if not POLICE.exists():
        pytest.skip("IndiaPoliceEvents is not on this machine")
    from riftwatch.evaluation import police

    report = police.evaluate(POLICE)
    assert report["documents"] == 707
    assert report["questions"]["FORCE"]["support"] == 39
    assert report["questions"]["FORCE"]["f1"] >= FLOORS["police_force_f1"]
    assert report["questions"]["ARREST"]["f1"] >= FLOORS["police_arrest_f1"]


@pytest.mark.gold
def test_case_acled_scores_stay_above_floor():
    if not CASE.exists():
        pytest.skip("CASE 2021 snippets are not on this machine")
    from riftwatch.evaluation import case

    report = case.evaluate(CASE)
    assert (report["snippets"], report["scored"]) == (510, 405)
    assert report["weighted_f1"] >= FLOORS["case_acled_weighted_f1"]


GEOPARSING = SHARED / "eval" / "geoparsing"
GEO_CORPORA = ("lgl", "tr-news", "geovirus")


@pytest.mark.gold
@pytest.mark.slow
@pytest.mark.parametrize("corpus", GEO_CORPORA)
def test_geoparsing_scores_stay_above_floor(corpus):
    """The first 40 articles of each corpus, through the pipeline users run."""
    require_gold(GEOPARSING, "geoparsing gold corpora")
    from riftwatch.evaluation import geoparsing

    nearest = geoparsing.NearestTown() if corpus == "geovirus" else None
    articles, _ = geoparsing.read_corpus(GEOPARSING / geoparsing.CORPORA[corpus], nearest)
    articles = articles[:40]
    result = geoparsing.score(articles, geoparsing.code_corpus(articles))
    for metric in ("recall", "exact", "country"):
        floor = FLOORS[f"geoparsing_{corpus}_{metric}"]
        assert result[metric] >= floor, f"{corpus} {metric} {result[metric]:.3f} fell below {floor}"


EXTRACTION = SHARED / "eval" / "article-extraction"


@pytest.mark.gold
@pytest.mark.slow
def test_extraction_scores_stay_above_floor():
    require_gold(EXTRACTION / "ground-truth.json", "article-extraction gold pages")
    from riftwatch.evaluation.extraction import evaluate

    result = evaluate(EXTRACTION)
    assert result["pages"] == 181
    assert result["scores"]["body"]["f1"] >= FLOORS["extraction_body_f1"]
    assert result["scores"]["article"]["f1"] >= FLOORS["extraction_article_f1"]


def test_every_floor_is_held_by_a_gate():
    """One floors file, and no floor in it that no test reads (nor a floor kept anywhere else)."""
    import re

    readers = [ROOT / "tests" / "test_gold.py", ROOT / "tests" / "test_eval_plv.py"]
    source = "\n".join(path.read_text(encoding="utf-8") for path in readers)
    for key in FLOORS:
        if key.startswith("_"):
            continue
        corpus_metric = re.match(r"geoparsing_(.+)_(recall|exact|country)$", key)
        held = key in source or (corpus_metric and corpus_metric.group(1) in GEO_CORPORA)
        assert held, f"gold_floors.json has {key}, which no test holds"
    for path in (ROOT / "tests").glob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^[A-Z0-9_]*FLOORS? = [{0-9]", text, flags=re.M), (
            f"{path.name} keeps its own floors"
        )
