"""Targets the dictionaries cannot code: a person an act is done to, named only by a common noun the actor
dictionaries give no sector ("detained the captain of a fishing boat", "the owner was questioned"). Such a
target is kept with its words and a null code (docs/CONTRACT.md), so that the event says whom it was done to
instead of no one; it is looked for only where the lexicon's slots and the nearest actor found nobody."""

from __future__ import annotations

from spacy.tokens import Token

from ..models import Mention
from ..vocabulary import UNCODED_PEOPLE
from .arguments import MentionIndex, _preps, uncoded_mention
from .lexicon import LexiconEntry


def uncoded_target(
    token: Token, entry: LexiconEntry, object_token: Token | None, passive: bool, index: MentionIndex
) -> list[Mention]:
    """The uncoded person in the first of the lexicon's target slots that holds one (the subject of a
    passive, the direct object, or the object of a named preposition), as a mention; [] when there is none."""
    for head in _slot_heads(token, entry, object_token, passive):
        if head.lemma_.lower() in UNCODED_PEOPLE and not index.at(head) and head.pos_ in ("NOUN", "PROPN"):
            return [uncoded_mention(head, index)]
    return []


def _slot_heads(token: Token, entry: LexiconEntry, object_token: Token | None, passive: bool) -> list[Token]:
    holder = object_token if object_token is not None else token
    heads: list[Token] = []
    for slot in entry.target_slots:
        if slot == "none":
            return []
        if slot == "dobj":
            deps = ("nsubjpass",) if passive else ("dobj",)
            heads += [c for c in token.children if c.dep_ in deps and c is not object_token]
        elif slot == "dative":
            heads += [c for c in token.children if c.dep_ == "dative"]
        elif slot != "of":
            places = (holder, token) if holder is not token else (token,)
            heads += [obj for place in places for obj in _preps(place, frozenset({slot}))]
    return heads
