"""Realis and scope on real news (issue 10, second round): what a demand, proposal or agreement is about is no
act; what a reaction answers is background. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import riftwatch
from riftwatch.models import Certainty, EventType

DAY = dt.date(2019, 3, 14)


def events(text: str):
    document = riftwatch.code_text(text, date=DAY)
    assert document.rejection is None
    return list(document.events)


def news_types(text: str) -> set[EventType]:
    """The types of the sentence's news: what the PLOVER evaluation counts (not negated, not background)."""
    return {e.type for e in events(text) if e.certainty is not Certainty.NEGATED and not e.background}


@pytest.mark.parametrize(
    ("text", "kept", "not_coded"),
    [
        (
            "Ankara rejected a Greek proposal for its warships to be deployed in the Aegean.",
            EventType.REJECT,
            EventType.MOBILIZE,
        ),
        (
            "Moscow issued an ultimatum to Kyiv to halt attacks across the border.",
            EventType.THREATEN,
            EventType.RETREAT,
        ),
        (
            "Greece demanded a session of the Security Council to discuss the Turkish incursion.",
            EventType.REQUEST,
            EventType.CONSULT,
        ),
        (
            "The Arab League envoy demanded the militias in Yemen to allow aid convoys into the city.",
            EventType.REQUEST,
            EventType.CONCEDE,
        ),
        (
            "Paris telephoned Berlin to discuss efforts to forge a trade accord.",
            EventType.CONSULT,
            EventType.AGREE,
        ),
        (
            "The Polish opposition demanded that the government match Germany's support for Ukraine.",
            EventType.REQUEST,
            EventType.SUPPORT,
        ),
        (
            "Egypt and Sudan reached an understanding to exchange intelligence on smugglers.",
            EventType.AGREE,
            EventType.COOPERATE,
        ),
    ],
)
def test_content_of_demands_proposals_and_agreements_is_no_event(text, kept, not_coded):
    types = {e.type for e in events(text)}
    assert kept in types, text
    assert not_coded not in types, text


def test_requirement_content_holds_no_event_nouns():
    found = events(
        "The minister said Iran must let inspectors carry out a probe into the destruction of records."
    )
    assert {e.type for e in found} == {EventType.REQUEST}


def test_attempted_assassination_is_still_an_assault():
    found = events("An attempt to assassinate the governor of Kandahar was foiled by police on Sunday.")
    assert any(e.type is EventType.ASSAULT for e in found)


def test_act_beside_a_demand_is_still_an_event():
    found = events("Protesters in Dhaka demanded a probe after police fired rubber bullets at students.")
    assert any(e.type is EventType.ASSAULT for e in found)


@pytest.mark.parametrize(
    ("text", "reaction", "recalled"),
    [
        (
            "Lebanon complained to the United Nations over Israeli raids in which 20 people were killed.",
            EventType.ACCUSE,
            EventType.ASSAULT,
        ),
        (
            "Ghanaian authorities deported 40 Liberians for travelling to Accra on forged papers.",
            EventType.COERCE,
            EventType.CONSULT,
        ),
        (
            "Kenyan students staged demonstrations against the shelling of villages by the army.",
            EventType.PROTEST,
            EventType.ASSAULT,
        ),
    ],
)
def test_what_a_reaction_answers_is_background(text, reaction, recalled):
    found = events(text)
    assert any(e.type is reaction and not e.background for e in found), text
    assert reaction in news_types(text)
    assert recalled not in news_types(text), text
