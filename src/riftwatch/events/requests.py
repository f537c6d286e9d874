"""When a request word asks nothing of anyone, when an order is the act it orders, and when 'call' names.

"seeking a second term" (no one asked), "insisted that the drills were not linked" (a claim), "asked about his
health" (a question), "appealed the verdict" (in court) are no requests; "the court ordered the arrest of X"
and "ordered nine ministers jailed" are the arrest and the jailing, done by whoever ordered them.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..models import EventType
from ..vocabulary import INSULTS
from .arguments import MentionIndex, _preps, actors_of
from .content import ORDERS
from .lexicon import Lexicon
from .nouns import noun_entry

# Verbs that request something only of someone named: "sought help from Russia" asks Russia; "seeking a
# second term", "people seeking a coup" ask no one.
_ASKS_ONLY_OF = {"seek": frozenset({"from"})}


def no_request(token: Token, lemma: str, index: MentionIndex) -> bool:
    """A request verb's reading that asks nothing of anyone: 'seeking a second term' (no one asked), 'insisted
    that the drills were not linked to Iraq' (a claim: 'insisted on', or 'insisted that X resign / must
    resign', is a demand), 'asked about his health' (a question), 'appealed the verdict' (in court)."""
    if lemma in _ASKS_ONLY_OF:
        holders = [token, *(c for c in token.children if c.dep_ == "dobj")]  # "sought clarification from X"
        asked = [m for h in holders for obj in _preps(h, _ASKS_ONLY_OF[lemma]) for m in actors_of(obj, index)]
        return not asked
    if lemma == "insist":  # "insisted that X must resign" is the requirement's own record (_requirement)
        if any(c.dep_ == "prep" and c.lower_ == "on" for c in token.children):
            return False
        return not any(
            c.dep_ == "ccomp" and c.tag_ == "VB" and not any(a.dep_ == "aux" for a in c.children)
            for c in token.children
        )
    if lemma == "appeal":  # "appealed the verdict", "appeals a conviction": a legal appeal asks no one
        return any(c.dep_ == "dobj" and not actors_of(c, index) for c in token.children)
    if lemma == "ask":
        return not any(c.dep_ in ("dobj", "dative", "xcomp", "ccomp") for c in token.children) and any(
            c.dep_ == "prep" and c.lower_ in ("about", "over") for c in token.children
        )
    return False


def orderer_of(token: Token) -> Token | None:
    """'ordered nine ministers jailed': the verb of the order whose object the participle describes."""
    head = token.head
    if (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in ORDERS
    ):
        return head.head
    return None


def orders_an_act(token: Token, lexicon: Lexicon) -> bool:
    """'ordered the release of X', 'ordered an inquiry into X', 'ordered X deported': the order names an act
    (an event noun or a participle of an event verb as its object), not something its addressee must do."""
    for child in token.children:
        if child.dep_ != "dobj":
            continue
        entry = noun_entry(child, lexicon)
        if entry is not None and entry.kind.value == "event" and entry.type is not EventType.REQUEST:
            return True
        if any(
            c.dep_ == "acl" and c.tag_ == "VBN" and lexicon.verb_entries(c.lemma_.lower())
            for c in child.children
        ):
            return True
    return False


def named_by_call(token: Token, index: MentionIndex) -> bool | None:
    """'called the ambassador a stupid guy', 'calling it anti-people': None when 'call' names nothing (a phone
    call: the parser may read the one called as a name, 'called the Sudanese president on Saturday'); else
    whether the name is an insult (an accusation)."""
    names = [c for c in token.children if c.dep_ == "oprd"]
    if not names or any(actors_of(n, index) and not _indefinite(n) for n in names):
        return None  # "called Assad a murderer": an agent word after "a" is what he is called, no one called
    words = {w.lemma_.lower() for n in names for w in n.subtree} | {
        w.lower_ for n in names for w in n.subtree
    }
    return bool(words & INSULTS)


def _indefinite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
