"""Classes of coding error around orders, requests and accusations (branch what3). Sentences written for
these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import riftwatch
from riftwatch.models import Certainty, EventType

DAY = dt.date(2019, 3, 14)


def events(text: str):
    document = riftwatch.code_text(text, date=DAY)
    assert document.rejection is None
    return [e for e in document.events if e.kind.value == "event"]


def types(text: str) -> set[EventType]:
    return {e.type for e in events(text) if e.certainty is not Certainty.NEGATED}


@pytest.mark.parametrize(
    ("text", "expected", "target"),
    [
        (
            "A court in Nairobi ordered the arrest of the former Kenyan finance minister.",
            EventType.COERCE,
            "KEN",
        ),
        ("The judge ordered the release of two Ugandan journalists on Monday.", EventType.RETREAT, "UGA"),
        ("The Kenyan government ordered an inquiry into the opposition leader.", EventType.ACCUSE, "KEN"),
        ("A Kenyan judge ordered nine former ministers jailed.", EventType.COERCE, None),
    ],
)
def test_an_order_of_an_act_is_the_act_by_whoever_ordered_it(text, expected, target):
    found = events(text)
    assert EventType.REQUEST not in {e.type for e in found}
    act = next(e for e in found if e.type is expected)
    assert act.source is not None and act.source.sector in ("JUD", "GOV")
    if target:
        assert act.target is not None and act.target.country == target


def test_an_order_to_an_actor_to_do_something_stays_a_request():
    found = events("Kenyan police ordered the Ugandan ambassador to appear for questioning.")
    assert [e.type for e in found] == [EventType.REQUEST]


@pytest.mark.parametrize(
    "text",
    [
        "On Friday, the Kenyan president called his Tanzanian counterpart to discuss the border.",
        "The Kenyan president called his Tanzanian counterpart on Saturday to congratulate him.",
    ],
)
def test_a_phone_call_on_a_day_is_no_call_on(text):
    assert EventType.CONSULT in types(text)
    assert EventType.REQUEST not in types(text)


def test_call_on_someone_is_still_a_request():
    found = events("On Monday the Kenyan president called on Tanzania to reopen the border.")
    assert [(e.type, e.target.country) for e in found] == [(EventType.REQUEST, "TZA")]


@pytest.mark.parametrize(
    "text",
    [
        "Maduro is seeking a second term in the April vote.",
        "Jordan insisted that the exercises were not linked to Iraq.",
        "The Kenyan president met the Ugandan envoy and asked about the talks.",
    ],
)
def test_no_one_asked_is_no_request(text):
    assert EventType.REQUEST not in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kenya has sought clarification from Uganda over the border closure.",
        "The rebels insisted that the Sudanese government release the prisoners.",
        "The rebels insisted on the release of their commander.",
    ],
)
def test_asking_someone_or_insisting_on_something_is_a_request(text):
    assert EventType.REQUEST in types(text)


def test_should_before_its_subject_is_a_condition_not_a_requirement():
    text = "Washington said it would scale back cooperation should Huawei be given a role in Germany."
    assert EventType.REQUEST not in types(text)
    assert EventType.REQUEST in types("The minister said Israel should halt settlement building.")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ethiopia accused Sudan of sending troops into the disputed region.", EventType.MOBILIZE),
        ("Ethiopia accused Sudan of attacking its border posts.", EventType.ASSAULT),
        ("Sudan was accused of sending troops into Ethiopia.", EventType.MOBILIZE),
    ],
)
def test_the_accused_does_the_act_of_the_accusation_and_it_is_contested(text, kind):
    found = events(text)
    act = next(e for e in found if e.type is kind)
    assert act.source is not None and act.source.country == "SDN"
    assert act.certainty is Certainty.HEDGED
    accusation = [e for e in found if e.type is EventType.ACCUSE]
    assert accusation and all(e.target.country == "SDN" for e in accusation)


def test_the_praised_does_the_act_it_is_praised_for():
    found = events("Egypt praised Qatar for helping the refugees.")
    helped = next(e for e in found if e.type is EventType.AID)
    assert helped.source.country == "QAT"


def test_what_a_phone_call_was_for_is_coded_with_the_call():
    found = events(
        "The Qatari emir called the Sudanese president on Saturday to express his support for Sudan."
    )
    assert {e.type for e in found} == {EventType.CONSULT, EventType.SUPPORT}
    support = next(e for e in found if e.type is EventType.SUPPORT)
    assert support.source.country == "QAT" and support.target.country == "SDN"


def test_call_for_someone_to_act_asks_that_someone():
    found = events("The UN called for Israel to halt the raids.")
    assert [(e.type, e.target.country) for e in found] == [(EventType.REQUEST, "ISR")]


def test_a_demanded_inquiry_into_an_actor_criticises_it():
    found = events("The Kenyan opposition demanded an inquiry into the police.")
    assert [(e.type, e.source.code, e.target.code) for e in found] == [(EventType.ACCUSE, "KENOPP", "KENCOP")]


def test_a_protest_demanding_something_is_one_protest():
    text = "Dozens of Serbian students staged a sit-in protest demanding that the authorities free a fellow student."
    assert EventType.REQUEST not in types(text)
    assert EventType.PROTEST in types(text)


def test_a_legal_appeal_is_no_request():
    assert EventType.REQUEST not in types(
        "The former Argentine vice president appeals a corruption conviction."
    )
    assert EventType.REQUEST in types("The Kenyan opposition appealed to the UN for help.")


def test_whoever_meets_demands_did_not_make_them():
    found = events("The Kenyan government fulfilled the demands of the striking doctors.")
    assert not [e for e in found if e.type is EventType.REQUEST and e.source and e.source.sector == "GOV"]


@pytest.mark.parametrize(
    "text",
    [
        "Japan is sending troops to the United Nations peacekeeping force in South Sudan.",
        "Nigeria on Saturday announced the deployment of 230 troops to Liberia on a peacekeeping mission.",
        "The US military sent 200 troops to Syria to serve as a peacekeeping force.",
    ],
)
def test_troops_sent_as_peacekeepers_are_aid(text):
    found = events(text)
    assert [(e.type, e.cameo) for e in found] == [(EventType.AID, "074")]
    assert found[0].evidence.rule.endswith("+peacekeeping")


def test_troops_sent_beside_peacekeepers_are_still_a_deployment():
    found = events("Russia sent troops to Syria as UN peacekeepers left Lebanon.")
    assert EventType.MOBILIZE in {e.type for e in found}
    assert EventType.AID not in {e.type for e in found}


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("The US military gives medical equipment to Nicaragua.", "073"),
        ("Germany has provided its annual donations to the Palestinians.", "073"),
        ("Russia supplied military equipment to Armenia.", "072"),
    ],
)
def test_equipment_and_donations_given_are_aid(text, cameo):
    found = events(text)
    assert [(e.type, e.cameo) for e in found] == [(EventType.AID, cameo)]


@pytest.mark.parametrize(
    "text",
    [
        "Four workers were killed when a boiler at the plant exploded.",
        "A strong earthquake on Java killed eight people and damaged more than 1,300 buildings.",
        "Massive earthquakes struck Lombok on Sunday, killing at least two people.",
        "Several provinces have been hit by torrential rains.",
        "Nineteen people were killed in a bus crash on Friday.",
        "A gas explosion at the carnival killed eight people.",
        "Six people were killed in a huge fire at a market.",
    ],
)
def test_harm_by_nature_or_accident_is_no_assault(text):
    assert EventType.ASSAULT not in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Three soldiers were killed when a roadside bomb exploded near their convoy.",
        "Two protesters were killed in police fire.",
        "Rebels attacked the town during a ceasefire, killing six civilians.",
        "Rebels attacked the town during a cease-fire.",
    ],
)
def test_harm_by_bombs_firing_or_fighters_stays_an_assault(text):
    assert EventType.ASSAULT in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Five people were killed after a volcano suddenly erupted off the coast on Monday.",
        "A second wave of floods hit Kelantan early today.",
        "Deaths in Sunday's volcanic eruption rose to 99.",
        "Firefighters gained ground in their battle to contain several wildfires.",
    ],
)
def test_harm_by_nature_told_other_ways_is_no_assault(text):
    assert EventType.ASSAULT not in types(text)


def test_surrounding_as_an_adjective_is_no_act():
    found = events("A blast demolished the gymnasium and devastated the surrounding town.")
    assert [e.evidence.trigger for e in found if e.type is EventType.ASSAULT] == ["blast"]


def test_a_rejected_accusation_targets_the_accuser_named_before():
    found = events(
        "Ethiopia accused Sudan of shelling its border posts. Khartoum denied the charges on Monday."
    )
    [denial] = [e for e in found if e.type is EventType.REJECT]
    assert (denial.source.country, denial.target.country) == ("SDN", "ETH")
    assert denial.evidence.rule.endswith("+accuser")
    [alone] = [e for e in events("Sudan rejected the accusation.") if e.type is EventType.REJECT]
    assert alone.target is None


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("Sudan said it would not meet the demands of Ethiopia.", "124"),
        ("Egypt will not release the prisoners, the minister said.", "124"),
    ],
)
def test_a_declared_refusal_is_a_rejection(text, cameo):
    found = events(text)
    assert [(e.type, e.cameo, e.certainty) for e in found] == [(EventType.REJECT, cameo, Certainty.ASSERTED)]


def test_a_plan_to_impose_sanctions_is_a_threat_and_a_plan_to_deploy_stays_future():
    [plan] = events("The European Union plans to impose sanctions on Sudan.")
    assert (plan.type, plan.certainty, plan.target.country) == (EventType.THREATEN, Certainty.ASSERTED, "SDN")
    [deploy] = events("Russia plans to deploy troops to Belarus.")
    assert (deploy.type, deploy.certainty) == (EventType.MOBILIZE, Certainty.FUTURE)


def test_readiness_to_send_a_mediator_is_an_offer():
    [offer] = events("Kenya said it was ready to send a mediator to Khartoum.")
    assert (offer.type, offer.target.country) == (EventType.AGREE, "SDN")
    [sent] = events("Kenya sent a mediator to Khartoum.")
    assert (sent.type, sent.source.country) == (EventType.CONSULT, "KEN")


def test_a_refusal_until_someone_acts_is_aimed_at_them_and_what_it_awaits_has_not_happened():
    [refusal] = events("Obama has said he will not lift the embargo until Cuba undertakes reforms.")
    assert (refusal.type, refusal.target.country) == (EventType.REJECT, "CUB")
    found = events("The union said they will not end the strike until their demands are met by the company.")
    met = [e for e in found if e.type is EventType.CONCEDE]
    assert met and all(e.certainty is Certainty.HYPOTHETICAL for e in met)
    assert all(
        e.certainty is Certainty.ASSERTED for e in events("The rebels fought until the army withdrew.")
    )


def test_where_troops_go_to_or_leave_from_is_the_target_even_when_hung_on_the_troops():
    [deployment] = events("Nigeria announced the deployment of 230 troops to Liberia.")
    assert deployment.target.country == "LBR"


def test_whose_release_or_arrest_is_who_undergoes_it():
    [release] = events("A Gibraltar court ordered the Iranian tanker's release on Thursday.")
    assert (release.type, release.source.sector, release.target.country) == (EventType.RETREAT, "JUD", "IRN")
    arrest = next(
        e
        for e in events("Russia's arrest of the opposition leader drew protests.")
        if e.type is EventType.COERCE
    )
    assert (arrest.source.country, arrest.target.sector) == ("RUS", "OPP")


def test_an_ordered_inquiry_against_someone_is_the_inquiry():
    [inquiry] = events("The Kenyan court ordered an investigation against the opposition leader.")
    assert (inquiry.type, inquiry.cameo, inquiry.target.sector) == (EventType.ACCUSE, "090", "OPP")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("President Obama has offered to send troops to Uganda.", "UGA"),
        ("Kenya withdrew its troops from Somalia.", "SOM"),
        ("Russia deployed troops near the Ukrainian border.", "UKR"),
    ],
)
def test_the_forces_an_actor_moves_are_not_its_target(text, target):
    [event] = events(text)
    assert event.target.country == target and event.target.sector != "MIL"


def test_soldiers_from_a_country_are_still_its_soldiers():
    [attack] = events("Soldiers from Kenya attacked the town.")
    assert attack.source.code == "KENMIL"


@pytest.mark.parametrize(
    "text",
    [
        "The Indian chief minister launched a scathing attack on the West Bengal government, calling it anti-people.",
        "The White House counsel led the attack on the impeachment proceedings.",
        "The opposition leader attacked the new law.",
    ],
)
def test_an_attack_in_words_is_a_criticism(text):
    found = types(text)
    assert EventType.ACCUSE in found and EventType.ASSAULT not in found


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces launched a missile attack on rebel positions in Idlib.",
        "Rebels launched a fresh attack on the town.",
        "Kenyan troops are fighting al-Shabaab militants in Somalia.",
    ],
)
def test_an_armed_attack_or_fight_stays_an_assault(text):
    assert EventType.ASSAULT in types(text)


def test_a_fight_against_a_disease_is_no_assault():
    assert EventType.ASSAULT not in types(
        "Germany announced more funding to fight the Ebola epidemic in West Africa."
    )


def test_calling_someone_names():
    [insult] = events("Trump called the British ambassador a very stupid guy.")
    assert (insult.type, insult.target.code) == (EventType.ACCUSE, "GBRGOV")
    assert events("The president called the summit a success.") == []


def test_a_suspension_of_aid_to_a_country_targets_that_country():
    [suspension] = events("Denmark announced a suspension of aid to Egypt.")
    assert (suspension.type, suspension.target.country) == (EventType.SANCTION, "EGY")


def test_a_toll_told_with_the_clash_is_one_assault():
    found = events("At least five soldiers were killed when Ethiopian troops clashed with Sudanese forces.")
    assaults = [e for e in found if e.type is EventType.ASSAULT]
    assert [(e.source.code, e.target.code) for e in assaults] == [("ETHMIL", "SDNMIL")]
    assert assaults[0].dead == 5
    assert [e.type for e in events("Five people were killed on Monday.")] == [EventType.ASSAULT]


def test_a_denied_act_is_contested_and_the_denial_answers_the_accuser():
    found = events("The minister denied that Saudi jets had struck the port.")
    strike = next(e for e in found if e.type is EventType.ASSAULT)
    assert strike.source.code == "SAUMIL" and strike.certainty is Certainty.HEDGED
    [denial] = [e for e in found if e.type is EventType.REJECT]
    assert denial.target is None  # no accuser named: never the jets
    text = "Ethiopia accused Sudan of shelling its border posts. Khartoum denied that its troops had crossed the border."
    [denial] = [e for e in events(text) if e.type is EventType.REJECT]
    assert (denial.source.country, denial.target.country) == ("SDN", "ETH")


@pytest.mark.parametrize(
    "text",
    [
        "Japan called on Iran to guarantee free passage for shipping.",
        "Norway urged Colombia to reject the proposal of the rebels.",
    ],
)
def test_the_act_a_demand_asks_for_is_no_act_of_the_one_who_asks(text):
    found = riftwatch.code_text(text).events
    assert [e.type.value for e in found if e.kind.value == "event"] == ["REQUEST"]
