"""The police (IndiaPoliceEvents) and case (CASE 2021) scorers: the scoring rules, the file readers and the CLI.

Texts here are written for these tests; the gold files are scored in tests/test_gold.py."""

from __future__ import annotations

import json

import pytest

from riftwatch.evaluation import case, police
from riftwatch.evaluation.classes import confusion, per_class, weighted_f1
from riftwatch.models import (
    Acled,
    AcledSubEvent,
    Actor,
    Article,
    Certainty,
    CodedDocument,
    Event,
    EventType,
    Evidence,
)


def _event(
    type_: EventType,
    *,
    sector: str | None = "COP",
    mode: str | None = None,
    start: int = 0,
    certainty: Certainty = Certainty.ASSERTED,
    acled: AcledSubEvent | None = None,
    trigger: str = "x",
) -> Event:
    return Event(
        id=f"e{start}{type_}",
        article_id="a",
        type=type_,
        cameo="190",
        goldstein=-10.0,
        quad_class=4,
        evidence=Evidence(sentence=f"a {trigger} b", start=start, end=start + 10, trigger=trigger, rule="t"),
        mode=mode,
        certainty=certainty,
        acled=Acled(sub_event_type=acled) if acled else None,
        source=Actor(text="police", country="IND", sector=sector) if sector else None,
    )


def _document(*events: Event) -> CodedDocument:
    return CodedDocument(source_id="d", article=Article(id="a", source_id="d", text="t"), events=events)


def test_per_class_counts_precision_recall_support():
    table = per_class(["a", "a", "b", "b"], ["a", "b", "b", "none"], ["a", "b"])
    assert table["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2, "predicted": 1}
    assert table["b"]["precision"] == 0.5 and table["b"]["recall"] == 0.5
    assert weighted_f1(table) == round((0.6667 * 2 + 0.5 * 2) / 4, 4)
    matrix = confusion(["a", "a", "b", "b"], ["a", "b", "b", "none"], ["a", "b"])
    assert matrix["predicted"] == ["a", "b", "none"] and matrix["matrix"] == [[1, 1, 0], [0, 1, 1]]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_event(EventType.COERCE, mode="arrest"), {"ARREST"}),
        (_event(EventType.COERCE), {"ARREST"}),
        (_event(EventType.COERCE, mode="curfew"), set()),
        (_event(EventType.ASSAULT, mode="crowd-control"), {"FORCE"}),
        (_event(EventType.ASSAULT, sector="MIL"), set()),
        (_event(EventType.ASSAULT, sector=None), set()),
        (_event(EventType.ASSAULT, certainty=Certainty.HYPOTHETICAL), set()),
        (_event(EventType.COERCE, certainty=Certainty.NEGATED), set()),
        (_event(EventType.ASSAULT, certainty=Certainty.HEDGED), {"FORCE"}),
    ],
)
def test_police_answers_follow_the_readme_rule(event, expected):
    assert police.answers(event) == expected


def test_police_score_and_reader(tmp_path):
    path = tmp_path / "dev.jsonl"
    rows = [
        {"doc_id": 1, "doc_text": "one", "doc_labels": ["FORCE", "ANY_ACTION"]},
        {"doc_id": 2, "doc_text": "two", "doc_labels": []},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    gold = police.load_gold(path)
    assert [g.id for g in gold] == ["1", "2"] and "FORCE" in gold[0].labels
    report = police.score(gold, [_document(_event(EventType.ASSAULT)), _document(_event(EventType.ASSAULT))])
    force = report["questions"]["FORCE"]
    assert (force["precision"], force["recall"], force["support"]) == (0.5, 1.0, 1)
    assert force["confusion"]["matrix"] == [[1, 0], [1, 0]]
    assert report["errors"]["FORCE"]["false_positive"][0]["id"] == "2"
    assert report["questions"]["ARREST"]["predicted"] == 0
    (tmp_path / "bad.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="doc_text"):
        police.load_gold(tmp_path / "bad.jsonl")


def test_case_first_real_event_in_text_order_gives_the_class():
    later = _event(EventType.ASSAULT, start=50, acled=AcledSubEvent.AIR_DRONE_STRIKE)
    earlier = _event(EventType.ASSAULT, start=0, acled=AcledSubEvent.ARMED_CLASH)
    unreal = _event(EventType.ASSAULT, start=0, acled=AcledSubEvent.GRENADE, certainty=Certainty.FUTURE)
    assert case.predicted_class(_document(later, unreal, earlier)) == "Armed clash"
    assert case.predicted_class(_document(unreal)) == case.NONE
    assert case.predicted_class(_document(_event(EventType.ASSAULT))) == case.NONE


def test_case_score_maps_names_and_counts_false_events(tmp_path):
    path = tmp_path / "dev.tsv"
    path.write_text(
        "id\tEventSnippet\tSubType\n1\tA jet bombed a depot.\tAIR_STRIKE\n"
        "2\tA storm hit the coast.\tNATURAL_DISASTER\n3\tCrowds marched.\tPEACE_PROTEST\n",
        encoding="utf-8",
    )
    snippets = case.load_gold(path)
    assert [s.acled for s in snippets] == ["Air/drone strike", None, "Peaceful protest"]
    coded = [
        _document(_event(EventType.ASSAULT, acled=AcledSubEvent.AIR_DRONE_STRIKE)),
        _document(_event(EventType.ASSAULT, acled=AcledSubEvent.ATTACK)),
        _document(),
    ]
    report = case.score(snippets, coded)
    assert report["scored"] == 2 and report["weighted_f1"] == 0.5
    assert report["per_class"]["Peaceful protest"]["recall"] == 0.0
    assert report["false_event_rate"] == 1.0
    assert report["errors"] == [{"id": "3", "gold": "Peaceful protest", "predicted": "none"}]


def test_cli_eval_police_and_case_print_tables(cli, tmp_path):
    police_file = tmp_path / "p.jsonl"
    police_file.write_text(
        json.dumps(
            {
                "doc_id": 7,
                "doc_text": "police lathi-charged the crowd in the town on monday.",
                "doc_labels": ["FORCE"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("eval", "police", str(police_file))
    assert result.returncode == 0, result.stderr
    assert b"FORCE" in result.stdout and b"ARREST" in result.stdout and b"support" in result.stdout
    case_file = tmp_path / "c.tsv"
    case_file.write_text(
        "id\tEventSnippet\tSubType\n1\tTroops clashed with rebels near the town.\tARMED_CLASH\n",
        encoding="utf-8",
    )
    result = cli("eval", "case", str(case_file), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scored"] == 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("no\theader\n", encoding="utf-8")
    result = cli("eval", "case", str(bad))
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert cli("eval", "police", str(tmp_path / "missing.jsonl")).returncode == 2


def _printed(confusion_cells: dict, width: int) -> str:
    import io

    from rich.console import Console

    from riftwatch.output import _confusion_table

    console = Console(width=width, file=io.StringIO(), color_system=None)
    _confusion_table("Confusion", confusion_cells, console, width=4)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_confusion_prints_as_a_matrix_when_it_fits_and_as_a_list_when_not():
    labels = [f"TYPE{i:02d}" for i in range(18)]
    cells = [[0] * 18 for _ in labels]
    cells[0][0], cells[0][1], cells[2][5], cells[3][1] = 9, 4, 7, 1
    report = {"gold": labels, "predicted": labels, "matrix": cells}
    wide = _printed(report, 200)
    assert "gold \\ pred." in wide and "largest confusions" not in wide
    narrow = _printed(report, 80)
    lines = [
        line.replace("│", " ").split() for line in narrow.splitlines() if line.strip().startswith("TYPE")
    ]
    # off-diagonal cells only, largest first; the diagonal (9) is agreement, not confusion
    assert lines == [["TYPE02", "TYPE05", "7"], ["TYPE00", "TYPE01", "4"], ["TYPE03", "TYPE01", "1"]]
    assert "largest confusions" in narrow and max(len(line) for line in narrow.splitlines()) <= 80
