"""Whom a verb's act is aimed at when its object does not say: who is asked to act ('demanded the withdrawal
of Serbian forces'), what a measure is against ('called for sanctions against Moscow'), what a complaint is
about, who must act first for a refusal to end, and what a protest defies."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..models import Mention, MentionKind
from .arguments import MentionIndex, _pobj, _preps, _unique, actors_of

_ASKED_FOR = {
    "withdrawal",
    "release",
    "resignation",
    "removal",
    "ouster",
    "surrender",
    "extradition",
    "return",
    "disarmament",
    "departure",
    "pullout",
    "meeting",
    "session",
    "intervention",
    "help",
    "support",
}


# Measures a demand asks someone to take against an actor: "called for sanctions against Moscow", "urged an
# inquiry into the army": the demand is a criticism of that actor (ACCUSE), who is asked nothing.
_MEASURES = frozenset(
    {
        "boycott",
        "sanction",
        "embargo",
        "action",
        "measure",
        "blockade",
        "ban",
        "crackdown",
        "investigation",
        "probe",
        "inquiry",
        "punishment",
        "prosecution",
    }
)
_AGAINST = frozenset({"against", "on", "into"})


_CALM = {"peace", "calm", "restraint", "stability", "ceasefire", "truce", "de-escalation", "dialogue"}


def asked_of(verb: Token, object_token: Token | None, index: MentionIndex) -> list[Mention]:
    """'demanded the withdrawal of Serbian forces', 'called for a meeting of the Security Council': the actor
    a demand asks to act is the one the demanded act belongs to."""
    objects = [object_token] if object_token is not None else [c for c in verb.children if c.dep_ == "dobj"]
    objects += [o for o in _preps(verb, frozenset({"for"})) if o not in objects]
    for obj in objects:
        if obj is None:
            continue
        if obj.lemma_.lower() in _CALM:  # "appealed for peace in Sudan": the sides in that country are asked
            found = [
                m for o in _preps(obj, frozenset({"in"})) for m in actors_of(o, index) if m.actor.country
            ]
            if found:
                return found
        if obj.lemma_.lower() not in _ASKED_FOR:
            continue
        found = [
            m
            for c in obj.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for m in actors_of(_pobj(c), index)
        ]
        if found:
            return found
    return []


def measure_against(verb: Token, object_token: Token | None, index: MentionIndex) -> list[Mention]:
    """'called for sanctions against Moscow', 'demanded a probe into the police': whom the demanded measure is
    against (the demand is then a criticism of them)."""
    objects = [object_token] if object_token is not None else [c for c in verb.children if c.dep_ == "dobj"]
    objects += [o for o in _preps(verb, frozenset({"for"})) if o not in objects]
    for obj in objects:
        if obj is not None and obj.lemma_.lower() in _MEASURES:
            found = [m for o in _preps(obj, _AGAINST) for m in actors_of(o, index)]
            if found:
                return _unique(found)
    return []


def grievance_of(verb: Token, index: MentionIndex) -> list[Mention]:
    """'complained to the UN over Israeli air raids', 'protested about Iran's tests': the actor a complaint is
    about is the one whose act the 'over'/'about' phrase names (the addressee is only who hears it)."""
    for obj in _preps(verb, frozenset({"over", "about"})):
        found = actors_of(obj, index) or [
            m
            for c in obj.children
            if c.dep_ in ("amod", "compound", "poss", "nmod")
            for m in [index.modifier_at(c)]
            if m is not None and m.actor.country
        ]
        if found:
            return found
    return []


def condition_subjects(
    verb: Token, index: MentionIndex, marks: frozenset[str] = frozenset({"unless", "if"})
) -> list[Mention]:
    """'threatened to strike unless Israel rescinded ...', 'warned that if Iran ...', 'will not lift the embargo
    until Cuba reforms', '... until their demands are met by the company': the target is the actor whose act
    the condition names."""
    for clause in verb.subtree:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children):
            found = [
                m for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") for m in actors_of(c, index)
            ] or [m for c in clause.children if c.dep_ == "agent" for m in actors_of(_pobj(c), index)]
            if found:
                return found
    return []


_NOT_TARGET_EDGES = {"nsubj", "nsubjpass", "csubj", "relcl", "ccomp", "parataxis", "punct", "appos"}
_WHERE = {"in", "at", "near", "outside", "across", "through", "from", "throughout", "on"}
_AGAINST_HEADS = {"defiance", "removal", "ouster", "resignation", "policy", "policies", "rule", "decision"}


def protest_target(trigger: Token, sources: Sequence[Mention], index: MentionIndex) -> list[Mention]:
    """Whom a protest is against: 'against X', 'in defiance of X', 'calling for the removal of X', or the
    first actor of the protest's clause that is not where it happened ('in Hong Kong')."""
    taken = {(m.start, m.end) for m in sources}
    ordered, stack = [], [c for c in trigger.children if c.dep_ not in _NOT_TARGET_EDGES]
    if trigger.dep_ in ("dobj", "pobj") and trigger.head.pos_ in ("VERB", "ADP"):  # "staged rallies against"
        stack.extend(c for c in trigger.head.children if c.dep_ not in _NOT_TARGET_EDGES and c is not trigger)
    while stack and len(ordered) < 60:
        current = stack.pop(0)
        ordered.append(current)
        stack.extend(c for c in current.children if c.dep_ not in _NOT_TARGET_EDGES)

    def fresh(mentions: list[Mention]) -> list[Mention]:
        return [
            m
            for m in mentions
            if (m.start, m.end) not in taken and m.kind != MentionKind.PRONOUN and m.actor.code
        ]

    for token in ordered:
        against = token.dep_ == "prep" and (
            token.lower_ == "against"
            or (token.lower_ == "of" and token.head.lemma_.lower() in _AGAINST_HEADS)
        )
        if against and (found := fresh(actors_of(_pobj(token), index))):
            return found
    for token in sorted(ordered, key=lambda t: t.i):
        if token.dep_ == "pobj" and token.head.lower_ in _WHERE:
            continue
        if found := fresh(index.at(token)):
            return found[:1]
    return []
