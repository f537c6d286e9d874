"""Implicit agents: acts whose agent the act itself fixes, when the text names none.

"Three men were arrested in Vadodara" names no one, but an arrest is made by the police of the place's
country; a sentence is passed by a court; a curfew is imposed by the authorities. Such a source is coded
with `implied: true` and the rule that inferred it goes into the event's `evidence.rule`. Where no rule
fixes the agent ("shots were fired"), the source stays null: an agent is never guessed.

The rules are data: `actors/data/implied_agents.csv` (see its README).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from ..models import Actor
from ..vocabulary import (
    INHABITED_PLACES,
    OWN_TERRITORY_CODES,
    PLACE_RESTRICTION_CODES,
    PLACE_RESTRICTION_PREPOSITIONS,
)
from .dates import in_date

_PREPOSITIONS = {"in", "during", "into", "under", "amid", "after"}


@dataclass(frozen=True, slots=True)
class ImpliedRule:
    cameo: str  # a CAMEO code prefix, or "" for a rule keyed by noun
    noun: str  # the head noun of the phrase the act happened in ("lathi-charge"), or ""
    sector: str
    name: str
    row: int

    @property
    def rule(self) -> str:
        key = f"cameo:{self.cameo}" if self.cameo else f"in:{self.noun}"
        return f"implied-agent:{key}->{self.sector} (implied_agents.csv:{self.row})"


@cache
def implied_rules() -> tuple[ImpliedRule, ...]:
    path = Path(str(resources.files("riftwatch.actors") / "data" / "implied_agents.csv"))
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(enumerate(csv.DictReader(handle), start=2))
    return tuple(
        ImpliedRule(
            row["cameo"].strip(), row["noun"].strip().lower(), row["sector"].strip(), row["name"].strip(), n
        )
        for n, row in rows
    )


def agentless(trigger: Token) -> bool:
    """A trigger whose grammar leaves the agent out: a passive verb ('were arrested'), a participle ('arrested
    on Sunday, the men ...') or an event noun ('the arrest of three men'). An active verb has a subject, and
    a subject riftwatch could not resolve is not a licence to infer one."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        return True
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in trigger.children):
        return True
    return trigger.tag_ == "VBN" and not any(child.dep_ in ("nsubj", "csubj") for child in trigger.children)


def _phrase_nouns(trigger: Token) -> list[str]:
    """'injured in a lathi-charge', 'killed in police firing': the nouns of the phrases the act happened in."""
    nouns = []
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in _PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    words = [
                        t for t in obj.subtree if t.i <= obj.i and t.dep_ not in ("det", "amod", "nummod")
                    ]
                    nouns.append(" ".join(t.lower_ for t in words).replace(" - ", "-"))
                    nouns.append(obj.lower_)
    return nouns


def implied_rule(cameo: str, trigger: Token) -> ImpliedRule | None:
    """The rule that fixes an agentless act's source, or None (the source then stays null)."""
    if not agentless(trigger):
        return None
    rules = implied_rules()
    nouns = set(_phrase_nouns(trigger))
    for rule in rules:
        if rule.noun and rule.noun in nouns:
            return rule
    by_code = [r for r in rules if r.cameo and cameo.startswith(r.cameo)]
    return max(by_code, key=lambda r: len(r.cameo), default=None)


def implied_source(cameo: str, trigger: Token, country: str | None) -> tuple[Actor, str] | None:
    """The implied source actor (the police, a court, the authorities of `country`) and the rule's text."""
    rule = implied_rule(cameo, trigger)
    if rule is None:
        return None
    name = f"{country} {rule.name}" if country else rule.name
    return Actor(text=rule.name, name=name, country=country, sector=rule.sector, implied=True), rule.rule


_OBJECTS = {"dobj", "nsubjpass", "pobj"}


def implied_target(trigger: Token, country: str | None) -> tuple[Actor, str] | None:
    """The civilians of `country` when an attack's object is an inhabited place ('shelled two villages in
    Tovuz', 'a house was hit'), with the rule's text; None when the object is anything else or the place's
    country is unknown."""
    if country is None:
        return None
    for token in trigger.children:
        if token.dep_ == "prep" and token.lower_ in ("on", "at"):  # 'fired on a market'
            token = next((t for t in token.children if t.dep_ == "pobj"), token)
        if token.dep_ in _OBJECTS and token.lemma_.lower() in INHABITED_PLACES:
            phrase = token.doc[token.left_edge.i : token.i + 1].text
            actor = Actor(
                text=phrase, name=f"{country} civilians", country=country, sector="CVL", implied=True
            )
            return actor, f"implied-target:{token.lemma_.lower()}->CVL"
    return None


def restricts_place(cameo: str) -> bool:
    """A curfew, state of emergency, martial law or blockade (or a threat to impose one, or its easing)."""
    return cameo.startswith(PLACE_RESTRICTION_CODES)


def restricted_place(trigger: Token, cameo: str) -> Span | None:
    """The place a restriction is laid on: 'imposed a curfew in parts of Kashmir', 'declared a state of siege
    in the town', 'reimposed blockades in the West Bank'; None for other acts."""
    if not restricts_place(cameo):
        return None
    heads = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass"))]
    heads += [
        o
        for h in list(heads)
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
    ]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_RESTRICTION_PREPOSITIONS:
                continue
            place = next((t for t in prep.children if t.dep_ == "pobj"), None)
            if (
                place is not None and place.pos_ in ("PROPN", "NOUN") and not in_date(place)
            ):  # "on Monday": when, not where
                return trigger.doc[place.left_edge.i : place.right_edge.i + 1]
    return None


def place_people(place: Span, country: str) -> tuple[Actor, str]:
    """The civilians of the place a restriction is laid on, with the place's words as the actor's text."""
    actor = Actor(text=place.text, name=f"{country} civilians", country=country, sector="CVL", implied=True)
    return actor, "restricted-place->CVL"


def on_own_people(cameo: str) -> bool:
    """Curfews, states of emergency and martial law are laid by a state on its own territory (blockades
    are not): the source's country is the place's when nothing else says where it is."""
    return cameo.startswith(OWN_TERRITORY_CODES)
