from __future__ import annotations

import datetime as dt

import pytest

from riftwatch import nlp
from riftwatch.actors import article_mentions, load_dictionary
from riftwatch.actors.petrarch import parse_code, petrarch_entries
from riftwatch.errors import ConfigError

from .conftest import DATA, SHARED, require_gold


def resolve(text: str, day: dt.date):
    dictionary = load_dictionary(
        [DATA / "petrarch" / "test.actors.txt", DATA / "petrarch" / "test.agents.txt"]
    )
    [sentences] = list(nlp.split([text]))
    return {
        m.text: m.actor.code
        for s in article_mentions(sentences, day, dictionary)
        for m in s
        if not m.modifier
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("SYRGOV >000717", ("SYR", "GOV", dt.date(2000, 7, 17), None)),
        ("SYRELI 830101-000101", ("SYR", "ELI", dt.date(1983, 1, 1), dt.date(2000, 1, 1))),
        ("HOBGOV 19950601 - 19990815", ("HOB", "GOV", dt.date(1995, 6, 1), dt.date(1999, 8, 15))),
        ("HOB < 950601", ("HOB", None, None, dt.date(1995, 6, 1))),
        ("USAGOV <150101", ("USA", "GOV", None, dt.date(2015, 1, 1))),
        ("IGOUNO", (None, "IGO", None, None)),
        ("JAP", ("JPN", None, None, None)),
        ("---", (None, None, None, None)),
        ("pse", ("PSE", None, None, None)),
    ],
)
def test_parse_code(code, expected):
    assert parse_code(code) == expected


def test_petrarch_actors_synonyms_stems_and_dates():
    found = resolve(
        "Freedonian cavalrymen and the Sylvanian ambassador met Rufus T. Firefly.", dt.date(1984, 1, 1)
    )
    assert found["Freedonian cavalrymen"] == "FRDMIL"
    assert found["Sylvanian ambassador"] == "SYLGOV"
    assert found["Rufus T. Firefly"] == "FRDGOV"
    early = resolve("Rufus T. Firefly spoke.", dt.date(1981, 1, 1))
    assert early["Rufus T. Firefly"] == "FRDELI"


def test_petrarch_agents_macros_and_plurals():
    entries = {e.phrase: e.sector for e in petrarch_entries(DATA / "petrarch" / "test.agents.txt")}
    assert entries == {
        "ambassador": "GOV",
        "ambassadors": "GOV",
        "spy": "SPY",
        "spies": "SPY",
        "cavalryman": "MIL",
        "cavalrymen": "MIL",
    }


def test_petrarch_empty_file_is_config_error(tmp_path):
    path = tmp_path / "empty.actors.txt"
    path.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no PETRARCH"):
        petrarch_entries(path)


def test_petrarch_validation_dictionaries_import():
    folder = require_gold(SHARED / "eval" / "petrarch2-validation", "PETRARCH validation suite")
    actors = petrarch_entries(folder / "PETR.Validate.actors.txt")
    agents = petrarch_entries(folder / "PETR.Validate.agents.txt")
    assert len(actors) > 100 and len(agents) > 50
    assert any(e.country == "ARN" for e in actors)


def test_petrarch_entries_name_their_line():
    entries = petrarch_entries(DATA / "petrarch" / "test.actors.txt")
    assert {e.source for e in entries if e.phrase == "freedonia"} == {"test.actors.txt:3"}


def test_petrarch_several_codes_name_several_actors():
    entries = [
        e for e in petrarch_entries(DATA / "petrarch" / "test.actors.txt") if e.phrase == "graustark pact"
    ]
    assert [(e.country, e.sector, e.also) for e in entries] == [("FRD", None, (("SYL", None),))]
    dictionary = load_dictionary([DATA / "petrarch" / "test.actors.txt"])
    [sentences] = list(nlp.split(["The Graustark Pact spoke."]))
    [mentions] = article_mentions(sentences, dt.date(1990, 1, 1), dictionary)
    assert sorted(m.actor.code for m in mentions if m.text == "Graustark Pact") == ["FRD", "SYL"]


def test_petrarch_whole_word_beats_a_short_stem_ending_on_it():
    found = resolve("The Freedonian government spoke to the Freshmen.", dt.date(1990, 1, 1))
    assert found.get("Freedonian") == "FRD" or found.get("Freedonian government") == "FRDGOV", found
    assert found.get("the Freshmen") == "FRDEDU"  # the stem still matches a word nothing else names
