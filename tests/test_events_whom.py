"""Whom an act is aimed at, where the parse hides it: dyads of sentences written for these tests (branch
quality's error classes of PLOVER dev and PLV)."""

from __future__ import annotations

import datetime as dt

import pytest

import riftwatch

DAY = dt.date(2019, 3, 14)


def dyads(text: str, kind: str) -> set[tuple[str, str]]:
    document = riftwatch.code_text(text, date=DAY)
    assert document.rejection is None
    return {
        (e.source.code if e.source else "-", e.target.code if e.target else "-")
        for e in document.events
        if e.kind.value == "event" and e.type.value == kind
    }


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the phrase the lexicon names hangs on the object, or lower in the object's own phrase
        (
            "Angry students demanded a serious, immediate apology from the prime minister.",
            "REQUEST",
            ("EDU", "GOV"),
        ),
        (
            "The union demanded a written explanation from the UN envoy.",
            "REQUEST",
            ("LAB", "IGO"),
        ),
        (
            "Italian police returned three paintings that had gone missing in 1990 to Greece.",
            "RETREAT",
            ("ITACOP", "GRC"),
        ),
        (
            "Spain returned a bronze statue engraved with the name of a king to Mexican authorities.",
            "RETREAT",
            ("ESP", "MEXGOV"),
        ),
    ],
)
def test_a_slot_phrase_hung_on_the_object_is_the_target(text, kind, expected):
    assert expected in dyads(text, kind)


def test_a_phrase_on_the_object_that_names_no_actor_gives_no_target():
    assert dyads("Spain returned a bronze statue to a small museum in Toledo.", "RETREAT") <= {("ESP", "-")}


def test_a_phrase_of_a_noun_deeper_in_the_object_is_that_nouns():
    # 'on state television' belongs to 'the use', not to the lifting
    found = dyads("Ukraine lifted curbs on the use of the Polish language on state television.", "CONCEDE")
    assert not any(target.endswith("MED") for _, target in found)


@pytest.mark.parametrize(
    ("text", "kind", "wrong", "right"),
    [
        # a country's name inside a longer place name names the place, of the place's country
        ("The governor of New Mexico criticised Mexico on Monday.", "ACCUSE", ("MEXGOV", "MEX"), None),
        (
            "Britain banned a militant group in Northern Ireland.",
            "COERCE",
            ("GBR", "IRLREB"),
            ("GBR", "GBRREB"),
        ),
        ("Britain outlawed a group based in Northern Ireland.", "COERCE", ("GBR", "IRL"), None),
    ],
)
def test_a_country_name_inside_a_place_name_is_the_places_country(text, kind, wrong, right):
    found = dyads(text, kind)
    assert wrong not in found
    assert right is None or right in found


@pytest.mark.parametrize(
    "text",
    [
        "The rebels refused direct talks with the United Nations.",
        "The junta rejected any cooperation with the International Criminal Court.",
    ],
)
def test_a_refusal_of_dealings_with_someone_is_aimed_at_them(text):
    assert any(target == "IGO" for _, target in dyads(text, "REJECT"))
