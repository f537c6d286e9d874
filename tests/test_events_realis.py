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


@pytest.mark.parametrize(
    "text",
    [
        "About 300 farmers blocked the highway to Lahore demanding higher wheat prices.",
        "Students staged rallies in Khartoum against the army chief, saying he must step down.",
        "Thousands of people blocked streets in Santiago to demand pension reforms.",
    ],
)
def test_demands_voiced_by_a_protest_are_the_protest(text):
    types = news_types(text)
    assert EventType.PROTEST in types, text
    assert EventType.REQUEST not in types, text


def test_a_demand_beside_a_protest_by_others_stays():
    types = news_types("Opposition leaders demanded new elections as students marched in Caracas.")
    assert EventType.REQUEST in types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The teachers' union called off a week-long strike in Abuja on Monday.", EventType.CONCEDE),
        ("Swiss doctors handed over two tonnes of medicine to the Red Crescent in Kerman.", EventType.AID),
        ("President Macron gave a warm welcome to the Ghanaian president in Paris.", EventType.CONSULT),
        ("Hanoi has been sharing expertise with the Laotian army.", EventType.COOPERATE),
        ("The Ivorian rebels opposed the deployment of a West African peacekeeping force.", EventType.REJECT),
        ("The IAEA dispatched inspectors to the Iranian plant at Natanz.", EventType.ACCUSE),
        (
            "The Egyptian foreign minister undertook a mediation mission between Israel and Hamas.",
            EventType.CONSULT,
        ),
        (
            "Colombia's army and the ELN both violated the ceasefire agreement, monitors said.",
            EventType.ASSAULT,
        ),
        (
            "Denmark accepted a compromise from its European Union partners on fishing quotas.",
            EventType.AGREE,
        ),
        ("The Kyrgyz prime minister resigned on Friday.", EventType.RETREAT),
    ],
)
def test_senses_and_entries_for_real_news(text, expected):
    assert expected in news_types(text), text


def test_particle_verb_beats_the_bare_verb():
    types = news_types("The teachers' union called off a week-long strike in Abuja on Monday.")
    assert EventType.PROTEST not in types


def test_reported_past_perfect_is_not_background():
    found = events("Japan said on Tuesday it had halted economic aid to Serbia.")
    assert any(e.type is EventType.SANCTION and not e.background for e in found)


def test_date_of_a_subordinate_clause_is_not_the_main_acts():
    found = events("The rebels announced they will return weapons seized last year from UN peacekeepers.")
    agree = [e for e in found if e.type is EventType.AGREE]
    assert agree and not agree[0].background and agree[0].date == DAY


def test_a_century_is_no_date():
    found = events(
        "The Greek opposition leader demanded early elections after the biggest corruption trial this century."
    )
    request = [e for e in found if e.type is EventType.REQUEST]
    assert request and request[0].date == DAY and not request[0].background


def test_a_month_is_no_march():
    types = news_types("Serbia eased emergency measures in Kosovo, the scene of clashes last March.")
    assert EventType.PROTEST not in types


def test_risks_faced_are_no_acts():
    types = news_types(
        "Hundreds of Uighurs in Kazakhstan say they face imprisonment and persecution in China."
    )
    assert EventType.COERCE not in types


def test_bare_opposition_is_an_actor_not_an_act():
    found = events("The Turkish government refused to join the US-led coalition, citing domestic opposition.")
    assert EventType.ACCUSE not in {e.type for e in found}
    assert EventType.ACCUSE in news_types(
        "Turkey voiced its opposition to the Greek plan for a new pipeline."
    )


def test_coordinated_parties_renewing_negotiations_consult_each_other():
    found = [
        e for e in events("Israel and Lebanon renewed negotiations on Monday.") if e.type is EventType.CONSULT
    ]
    assert {(e.source.country, e.target.country) for e in found} == {("ISR", "LBN"), ("LBN", "ISR")}


def test_being_opposed_to_a_proposal_is_the_subjects_rejection():
    found = [
        e
        for e in events("Israel is opposed to Egyptian mediation in the prisoner talks.")
        if e.type is EventType.REJECT
    ]
    assert found and found[0].source.country == "ISR" and found[0].target.country == "EGY"


def test_the_aim_of_a_campaign_is_no_act():
    text = "Activists began a drive to convince parliament to amend the law so that Uber is banned in Lagos."
    assert EventType.COERCE not in news_types(text)


def test_allowing_the_return_of_someone_targets_them():
    found = events("Iraq said it would allow the return of UN weapons inspectors without conditions.")
    agree = [e for e in found if e.type is EventType.AGREE]
    assert agree and agree[0].target is not None and agree[0].target.sector == "IGO"
