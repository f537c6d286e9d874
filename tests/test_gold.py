"""Quality gate on gold data written by others (runs only where ../shared/eval is present, as in CI)."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, SHARED

FLOORS = json.loads((ROOT / "tests" / "gold_floors.json").read_text(encoding="utf-8"))
PLOVER = SHARED / "eval" / "plover-gsr" / "PLOVER_GSR_dev.json"


@pytest.fixture(scope="module")
def plover():
    if not PLOVER.exists():
        pytest.skip("PLOVER gold records are not on this machine")
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
