"""A candidate event of one sentence, and how a trigger with its sources and targets becomes candidates
(one each way for reciprocal acts; none for a source the sentence rules out). Shared by verbs.py and nouns.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from ..models import EventType, Mention, MentionKind
from ..vocabulary import ECONOMY_WORDS, NOT_HELD
from .agents import implied_rule
from .arguments import (
    MentionIndex,
    is_passive,
)
from .lexicon import AGENTLESS, LexiconEntry


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event read from the parse, before dating, certainty and attribution are added."""

    entry: LexiconEntry
    trigger: Token  # the predicate: verb, or event noun
    trigger_text: str
    sources: tuple[Mention | None, ...]
    targets: tuple[Mention | None, ...]
    reciprocal: bool = False
    negated: bool = False  # "partnering with the military but not Iran": this target is excluded
    nearest_target: bool = False  # the target was not in a slot the lexicon names, but nearby in the clause
    date_text: str | None = None  # a date expression inherited from where a place was first named


# Types that need a counterpart: a consultation, aid or cooperation with nobody is a misreading.
NEEDS_TARGET = frozenset({"CONSULT", "AID", "COOPERATE"})  # no event without a counterpart
_RELATIONS = {"tie", "relation", "relationship", "diplomatic relation"}
# Two-sided undertakings that coordinated subjects break or keep with each other ("Chile and Peru violated
# the truce").
_TWO_SIDED = {"ceasefire", "cease-fire", "truce", "armistice", "ceasefire agreement", "cease-fire agreement"}


# Acts that coordinated subjects do with each other ("Moscow and Beijing signed a deal"), one record each way.
_RECIPROCAL_TRIGGERS = {
    "clash",
    "fight",
    "meet",
    "talk",
    "negotiate",
    "cooperate",
    "sign",
    "agree",
    "ink",
    "discuss",
    "reconcile",
    "consult",
    "partner",
    "ally",
    "exchange",
    "trade",
    # nouns of two-sided acts ("talks between X and Y")
    "negotiation",
    "meeting",
    "summit",
    "reconciliation",
    "dialogue",
    "agreement",
    "accord",
    "pact",
    "treaty",
    "truce",
    "ceasefire",
    "fighting",
    "cooperation",
    "consultation",
    "discussion",
}


_EXCLUDED = re.compile(
    r"\b(?:but|and|or)?\s*not\s+(?:(?:the|its|their)\s+)?(?:[\w’'-]+\s+){0,3}?(?:(?:and|or|nor)\s+)?$",
    re.IGNORECASE,
)


def _excluded(index: MentionIndex, mention: Mention | None) -> bool:
    """'... partnering with the Syrian military but not Iran and Hezbollah': a target the text leaves out."""
    if mention is None:
        return False
    before = index.text[: max(0, mention.start - index.offset)]
    return bool(_EXCLUDED.search(before[-40:])) and " not " in f" {before[-40:]}"


def _on_the_economy(token: Token) -> bool:
    """Whether the act's object or doer is a word of the economy ('sanctions hit the economy', 'costs crushed
    profits'); a participle with no subject of its own has its clause's ('prices jumped, hitting airlines')."""
    words = [c for c in token.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    if token.dep_ in ("advcl", "xcomp", "conj") and not any(
        c.dep_.startswith("nsubj") for c in token.children
    ):
        words += [c for c in token.head.children if c.dep_ == "nsubj"]
    return any(word.lemma_.lower() in ECONOMY_WORDS for word in words)


def make_candidates(
    entry: LexiconEntry,
    token: Token,
    text: str,
    sources: list[Mention],
    targets: list[Mention],
    index: MentionIndex,
) -> Iterator[Candidate]:
    if not sources and entry.type is EventType.ASSAULT and _on_the_economy(token):
        return  # "oil prices jumped, hitting airlines and shipping firms": a figure of speech
    if not sources and not targets:
        if (
            token.pos_ in ("VERB", "ADJ")
            and token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
            and any(c.dep_ == "det" for c in token.children)
        ):
            return  # "evacuated the wounded", "buried the dead": a participle naming people, not an act
        if token.dep_ == "amod" and token.tag_ == "VBN":
            return  # "released the seized tanker": a participle describing what the sentence is about
        agentless = (
            entry.type in AGENTLESS
            and entry.kind.value == "event"
            and (
                entry.type is not EventType.COERCE
                or token.pos_ != "VERB"
                or is_passive(token)
                or entry.target == "none"
            )
        )  # an active coercion verb with no actor at all is more often a figure of speech ("picked up pace")
        if (
            agentless or implied_rule(entry.cameo, token) is not None
        ):  # "a curfew was imposed": the authorities
            yield Candidate(entry, token, text, (None,), (None,))
        return
    # "Riyadh and Tehran restored ties": an act on the relation between the subjects is done by each to the other
    reciprocal = is_reciprocal(entry) and not targets
    if not targets and entry.type.value in NEEDS_TARGET and not (reciprocal and len(sources) > 1):
        return
    if reciprocal and len(sources) > 1:
        for first in sources:
            for second in sources:
                if first is not second and not _one_actor(first, second):
                    yield Candidate(entry, token, text, (first,), (second,), reciprocal=True)
        return
    for source in sources or [None]:
        kept = 0
        for target in targets or [None]:
            if source is not None and target is not None and _same_actor(source, target):
                continue  # an actor acting on itself is a misreading ("it" and its antecedent)
            kept += 1
            inherited = next(
                (
                    index.place_dates[(m.start, m.end)]
                    for m in (source, target)
                    if m is not None and (m.start, m.end) in index.place_dates
                ),
                None,
            )
            yield Candidate(
                entry,
                token,
                text,
                (source,),
                (target,),
                negated=_excluded(index, target),
                date_text=inherited,
            )
        if not kept and source is not None and entry.type.value not in NEEDS_TARGET:
            # every target was the source itself ("protesters rallied to mourn demonstrators"): the act stands
            yield Candidate(entry, token, text, (source,), (None,))


def releases_no_one(entry: LexiconEntry, released: Token | None) -> bool:
    """'released a statement', 'the release of water from the dam': what the release lets go of is nothing
    anyone held (`vocabulary.NOT_HELD`), so it is no RETREAT; people and property returned are."""
    return entry.mode == "release" and released is not None and released.lemma_.lower() in NOT_HELD


def is_reciprocal(entry: LexiconEntry) -> bool:
    """An act that coordinated subjects do with each other: a meeting, a deal, a clash, a truce broken."""
    return entry.head in _RECIPROCAL_TRIGGERS or bool(entry.objects & (_RELATIONS | _TWO_SIDED))


def sides(sources: list[Mention]) -> bool:
    """Two or more distinct actors ('Trump and Putin'), not two readings of one."""
    return any(
        not _one_actor(first, second) and first.actor.code != second.actor.code
        for i, first in enumerate(sources)
        for second in sources[i + 1 :]
    )


def _same_actor(source: Mention, target: Mention) -> bool:
    """One actor in both roles: the same words, or a pronoun and the actor it points back to. Two different
    people or bodies of one country and sector ('Iceland's president refused a request from the prime
    minister') are two actors, even though their codes are the same."""
    if source.start == target.start:
        return True
    if source.actor.code != target.actor.code or source.actor.name != target.actor.name:
        return False
    pronoun = MentionKind.PRONOUN in (source.kind, target.kind)
    return pronoun or source.actor.name is not None or source.text.lower() == target.text.lower()


def _one_actor(first: Mention, second: Mention) -> bool:
    """'Dagolath's Deputy Prime Minister' read as Dagolath and as its government: two readings of one side."""
    same = first.actor.country is not None and first.actor.country == second.actor.country
    return same and (first.actor.sector is None or second.actor.sector is None)
