"""The PLV scorer: marked spans, types, dyads and error classes, on sentences written for this test."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from riftwatch.cli import app
from riftwatch.evaluation import plv

from .conftest import ROOT, SHARED

HEADER = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\n"
ROWS = [
    ("1", "<s>Ruritania</s> accused <t>Borduria</t> of spying.", "ACCUSE"),  # right
    ("2", "<s>Portugal</s> praised <t>Spain</t> for its help.", "SUPPORT"),  # right
    ("3", "<s>The committee</s> met on a quiet Tuesday.", "CONSULT"),  # no event
    (
        "4",
        "<s>Chile</s> sent aid to <t>Peru</t> and warned Bolivia.",
        "THREATEN",
    ),  # the threat's target is Bolivia
]


@pytest.fixture()
def tsv(tmp_path):
    path = tmp_path / "plv.tsv"
    lines = [HEADER] + [
        f"{i}\t{i}\t{p.replace('<s>', '').replace('</s>', '').replace('<t>', '').replace('</t>', '')}\t{p}\tx\ty\t{t}\n"
        for i, (n, p, t) in enumerate(ROWS)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_marked_spans_are_found_in_the_plain_sentence(tsv):
    records = plv.load_records(tsv)
    first = records[0]
    assert first.text == "Ruritania accused Borduria of spying."
    assert first.text[slice(*first.source)] == "Ruritania" and first.text[slice(*first.target)] == "Borduria"
    assert records[2].target is None


def test_report_scores_types_dyads_and_error_classes(tsv):
    report = plv.evaluate(tsv, rounds=0)
    assert report["overall"]["sentences"] == 4
    assert report["per_type"]["SUPPORT"]["gold"] == 1
    assert report["per_type"]["SUPPORT"]["dyad_accuracy"] == 1.0
    errors = report["errors"]
    assert set(errors) == set(plv.ERROR_CLASSES)
    assert errors["no event"]["count"] >= 1
    assert sum(v["count"] for v in errors.values()) <= 4
    rows = report["confusion"]["matrix"]
    assert sum(map(sum, rows)) == 4


def test_older_yield_takes_concede_and_retreat(tmp_path):
    path = tmp_path / "y.tsv"
    marked = "<s>Iraq</s> withdrew its troops from <t>Kuwait</t>."
    path.write_text(HEADER + f"0\t7\tx\t{marked}\tx\ty\tYIELD\n", encoding="utf-8")
    report = plv.evaluate(path, rounds=0)
    assert report["per_type"]["YIELD"]["recall"] == 1.0


def test_cli_rejects_a_file_without_marked_sentences(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "plv", str(path)])
    assert result.exit_code == 1 and "not a PLV file" in result.output


def test_cli_prints_json(tsv):
    result = CliRunner().invoke(app, ["eval", "plv", str(tsv), "--json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert "errors" in json.loads(result.output)


@pytest.mark.gold
def test_plv_train_stays_above_floor():
    path = SHARED / "eval" / "plv" / "PLV_train.tsv"
    if not path.exists():
        pytest.skip("PLV data not on this machine")
    floors = json.loads((ROOT / "tests" / "gold_floors.json").read_text(encoding="utf-8"))
    report = plv.evaluate(path, rounds=0)
    assert report["overall"]["sentences"] == 1050
    assert report["overall"]["dyad_accuracy"] >= floors["plv_dyad_accuracy"]
    assert report["overall"]["type_recall"] >= floors["plv_type_recall"]


def test_pronoun_source_counts_by_the_mention_it_stands_for():
    from riftwatch.models import Actor, Mention

    text = "Ruritania said it would open the border to Borduria."
    span = (0, len("Ruritania"))
    antecedent = Mention(
        start=0,
        end=9,
        text="Ruritania",
        actor=Actor(text="Ruritania", name="Ruritania", country="RUR"),
        kind="country",
        rule="test",
        sentence=0,
    )
    pronoun = Actor(text="it", name="Ruritania", country="RUR")
    assert plv._in_span(pronoun, text, span, [antecedent])
    other = Actor(text="it", name="Borduria", country="BOR")
    assert not plv._in_span(other, text, span, [antecedent])


def test_actor_words_match_whole_words_only():
    from riftwatch.models import Actor

    text = "The council of the town met."
    span = (0, len("The council"))
    assert not plv._in_span(Actor(text="he"), text, span)
    assert plv._in_span(Actor(text="council"), text, span)


def test_a_country_name_matches_its_demonym_but_a_pronoun_matches_no_longer_word():
    from riftwatch.models import Actor

    text = "The Sudanese government met the Italian envoy."
    assert plv._in_span(Actor(text="Sudan"), text, (0, len("The Sudanese government")))
    assert not plv._in_span(Actor(text="it"), text, (len("The Sudanese government met the "), len(text)))
