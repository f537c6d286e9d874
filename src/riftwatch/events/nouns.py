"""Candidates from nouns: event nouns ('the attack on X', 'X's sanctions'), light verbs with their object noun
('launched an attack'), what actors undergo, and stances ('relations have soured').
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from ..models import EventType, Mention
from .arguments import (
    MentionIndex,
    _of_objects,
    _pobj,
    _preps,
    _unique,
    actors_of,
    clause_verb,
    is_passive,
    passive_agent,
    per_doc,
    subject_of,
)
from .candidates import _RECIPROCAL_TRIGGERS, Candidate, make_candidates, releases_no_one
from .content import ORDERS, in_content
from .dates import in_date
from .lexicon import Lexicon, LexiconEntry

_BETWEEN = frozenset({"between", "among"})
# Verbs that make a noun the event ("launched an attack", "held talks") and give it their subject.
LIGHT_VERBS = {
    "launch",
    "carry",
    "stage",
    "mount",
    "conduct",
    "hold",
    "make",
    "issue",
    "impose",
    "sign",
    "wage",
    "begin",
    "start",
    "continue",
    "resume",
    "renew",
    "announce",
    "order",
    "lead",
    "open",
    "step",
    "take",
    "give",
    "provide",
    "deliver",
    "send",
    "extend",
    "reach",
    "conclude",
    "have",
    "join",
}


def noun_entry(token: Token, lexicon: Lexicon) -> LexiconEntry | None:
    """The lexicon row of an event noun: one whose modifier matches ('air strike'), else the plain row."""
    entries = lexicon.noun_entries(token.lemma_.lower())
    if not entries:
        return None  # most nouns: no need to read their modifiers
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    specific = [e for e in entries if e.objects and e.objects & modifiers]
    plain = [e for e in entries if not e.objects]
    return (specific or plain or [None])[0]


def hyphenated_word(token: Token) -> tuple[str, str] | None:
    """A hyphenated noun spaCy split into words ('shoot-out', 'sit-in'), read at the word of it the rest of the
    sentence hangs on (its head lies outside the hyphenated word): its lexicon form (last part lemmatised)
    and its text; None for any other token."""
    doc = token.doc

    def joined(k: int) -> bool:  # doc[k] and doc[k + 2] are one word, written with a hyphen
        return doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_

    first = last = token.i
    while first >= 2 and joined(first - 2):
        first -= 2
    while last + 2 < len(doc) and joined(last):
        last += 2
    if first == last or (first <= token.head.i <= last and token.head is not token):
        return None
    words = [doc[k].lower_ for k in range(first, last + 1)]
    return "".join(words[:-1]) + doc[last].lemma_.lower(), doc[first : last + 1].text


def hyphenated_entry(token: Token, lexicon: Lexicon) -> LexiconEntry | None:
    word = hyphenated_word(token)
    entries = lexicon.noun_entries(word[0]) if word else []
    return next((e for e in entries if not e.objects), None)


_TRIGGERS = "riftwatch.events.noun_triggers"  # doc.user_data key of `_triggers`


def _triggers(doc: Doc, lexicon: Lexicon) -> list[tuple[int, LexiconEntry]]:
    """The event nouns of a parsed sentence that make a record of their own, with their lexicon rows, in text
    order: what `noun_candidates` reads from the parse alone, before looking for any actor."""
    found = []
    for token in doc:
        pos = token.pos  # the symbol's id: cheaper than `pos_`, which looks its string up, for every token
        if pos != NOUN and pos != PROPN:
            continue
        entry = hyphenated_entry(token, lexicon) or noun_entry(token, lexicon)
        if entry is None or in_date(token):
            continue  # "last March", "a May Day rally" is the rally: a date names no act
        if releases_no_one(entry, next(_of_objects(token), None)):
            continue
        if token.lemma_.lower() in _NEEDS_PREP and not any(
            c.dep_ == "prep" and c.lower_ in _NEEDS_PREP[token.lemma_.lower()] for c in token.children
        ):
            continue  # "citing domestic opposition": the opposition is people, 'opposition to X' an act
        if (
            token.dep_ == "compound"
            and token.head.pos_ in ("NOUN", "PROPN")
            and not noun_entry(token.head, lexicon)
        ):
            continue  # "invasion forces", "riot police", "attack helicopters": a modifier, not an act
        if token.dep_ in ("dobj", "nsubjpass") and _light_verb_entry(token, lexicon):
            continue  # the light verb's own entry codes it ("imposed sanctions on")
        if _governed_by_trigger(token, lexicon):
            continue  # "rejected the mediation", "condemned the attack": the governing act is the event
        if in_content(token):
            continue  # "efforts to forge a settlement", "demanded that the US match the EU's support"
        found.append((token.i, entry))
    return found


def noun_candidates(doc: Doc, index: MentionIndex, lexicon: Lexicon) -> Iterator[Candidate]:
    for i, entry in per_doc(doc, _TRIGGERS, lambda doc: _triggers(doc, lexicon), lexicon):
        token = doc[i]
        sources = _noun_sources(token, index)
        targets = []
        for slot in entry.target_slots:
            if slot == "none":
                break
            if slot == "of":
                targets = [m for obj in _of_objects(token) for m in actors_of(obj, index)]
            elif slot not in ("dobj", "dative"):
                targets = [m for obj in _preps(token, frozenset({slot})) for m in actors_of(obj, index)]
                if not targets:  # "the withdrawal of troops from Panama": the parser hangs 'from' on 'troops'
                    targets = [
                        m
                        for held in _of_objects(token)
                        for obj in _preps(held, frozenset({slot}))
                        for m in actors_of(obj, index)
                    ]
            if targets:
                break
            holder = token
            while (
                not targets
                and holder.dep_ in ("nsubj", "nsubjpass", "xcomp", "attr")
                and holder.head is not holder
            ):
                holder = holder.head  # "a schism appears to be developing between Iran and Russia"
                targets = [m for obj in _preps(holder, entry.target_preps) for m in actors_of(obj, index)]
                for child in holder.children:
                    if not targets and child.dep_ == "xcomp":
                        targets = [
                            m for obj in _preps(child, entry.target_preps) for m in actors_of(obj, index)
                        ]
        if not targets and token.lemma_.lower() in _UNDERGONE and not any(True for _ in _of_objects(token)):
            targets = [m for c in token.children if c.dep_ == "poss" for m in actors_of(c, index)]
        if entry.kind.value == "stance":
            if entry.type.value == "SUPPORT" and _souring(token):
                entry = replace(entry, type=EventType.ACCUSE, cameo="110")  # "relations have soured"
            yield from _stance_candidates(entry, token, sources, targets)
            continue
        if (
            not sources
            and token.dep_ == "dobj"
            and token.head.pos_ == "VERB"
            and token.head.lemma_.lower() not in _UNDERGO
        ):
            sources, _ = subject_of(
                token.head, index
            )  # "Israel reimposed blockades": whoever does it to the act
        if not sources and token.head.lemma_.lower() in LIGHT_VERBS and token.dep_ in ("dobj", "attr"):
            sources, _ = subject_of(token.head, index)
        elif not sources and token.head.lemma_.lower() in LIGHT_VERBS and token.dep_ == "nsubjpass":
            sources = passive_agent(token.head, index)  # "three arrests were made by the police"
        elif not sources and token.dep_ == "pobj" and token.head.lower_ in _DURING:
            governor = clause_verb(token)  # "threw stones during demonstrations", "converged for a rally"
            sources = (
                subject_of(governor, index)[0] if governor is not None and not is_passive(governor) else []
            )
        targets = _unique(targets)
        sides = _unique([m for obj in _preps(token, _BETWEEN) for m in actors_of(obj, index)])
        if not sources and len(sides) > 1 and entry.head in _RECIPROCAL_TRIGGERS:
            # "talks between Ethiopia and Eritrea", "clashes between X and Y": both sides act, each to the other
            sources, targets = sides, []
        hyphenated = hyphenated_word(token)
        text = hyphenated[1] if hyphenated else token.text
        yield from make_candidates(entry, token, text, sources, targets, index)


# Event nouns that are an act only with their preposition: 'opposition to the plan' (the bare noun is the
# political opposition, an actor).
_NEEDS_PREP = {"opposition": {"to"}}
# Verbs whose subject undergoes, sees or judges an act named as their object, rather than doing it.
_UNDERGO = {
    "suffer",
    "face",
    "survive",
    "witness",
    "fear",
    "see",
    "report",
    "experience",
    "endure",
    "escape",
    "repel",
    "thwart",
    "foil",
    "investigate",
    "recall",
    "mark",
    "commemorate",
    "expect",
    "predict",
    "blame",
    "protest",
    "condemn",
    "denounce",
    "criticise",
    "criticize",
    "deny",
    "discuss",
    "call",
    "demand",
    "urge",
    "welcome",
    "support",
    "oppose",
    "reject",
    "prevent",
    "avert",
    "halt",
    "stop",
    "end",
    "resist",
    "meet",
    "fulfil",
    "fulfill",
    "satisfy",
    "heed",
    "ignore",
    "accept",
}


_DURING = {"during", "in", "at", "for", "amid"}


_SOURING = {
    "sour",
    "deteriorate",
    "worsen",
    "strain",
    "fray",
    "cool",
    "chill",
    "collapse",
    "break",
    "suffer",
    "plunge",
    "plummet",
    "unravel",
    "crumble",
    "tense",
    "hit",
}


def _souring(token: Token) -> bool:
    """'Relations between Ankara and Washington have soured': a cooperative noun in a conflictual clause."""
    head = token.head
    return (token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _SOURING) or any(
        c.dep_ == "amod" and c.lemma_.lower() in {"strained", "frayed", "tense", "troubled", "poor", "bad"}
        for c in token.children
    )


def _governed_by_trigger(token: Token, lexicon: Lexicon) -> bool:
    governor = token.head
    if token.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if token.dep_ not in ("dobj", "pobj", "nsubjpass", "attr") or governor is token:
        return False
    if governor.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ == "dobj" and governor.lemma_.lower() in ORDERS:
        return False  # "ordered the arrest of X": the order is the arrest, by whoever ordered it
    entries = lexicon.verb_entries(governor.lemma_.lower())
    if (
        token.dep_ in ("dobj", "nsubjpass")
        and governor.lemma_.lower() in LIGHT_VERBS
        and all(e.objects for e in entries)
    ):
        # 'renewed ties' is a row of 'renew'; 'renewed negotiations' and 'arrests were made' are the noun's own
        return False
    return bool(entries)


def _light_verb_entry(token: Token, lexicon: Lexicon) -> bool:
    verb = token.head
    return any(token.lemma_.lower() in e.objects for e in lexicon.verb_entries(verb.lemma_.lower()))


def _noun_sources(token: Token, index: MentionIndex) -> list[Mention]:
    """'Iran's attack', 'the Russian attack', 'a Hezbollah raid', 'attacks by rebels'."""
    found: list[Mention] = []
    undergone = token.lemma_.lower() in _UNDERGONE and not any(True for _ in _of_objects(token))
    for child in token.children:
        if child.dep_ == "poss" and undergone:
            continue  # "ordered the tanker's release", "Navalny's arrest": whose release, not who released
        if child.dep_ == "poss":
            found.extend(actors_of(child, index))
        elif child.dep_ in ("amod", "compound", "nmod"):
            mention = index.modifier_at(child)
            if mention is not None:
                found.append(mention)
        elif child.dep_ == "prep" and (
            child.lower_ == "by" or (child.lower_ == "of" and _on_whose_word(token))
        ):
            found.extend(actors_of(_pobj(child), index))
    return _unique(found)


# Acts whose possessor is who undergoes them when no 'of' names that ('the journalist's release', 'Navalny's
# arrest'); with one, the possessor is the doer ('Iran's release of the sailors').
_UNDERGONE = frozenset(
    {
        "release",
        "arrest",
        "detention",
        "extradition",
        "deportation",
        "expulsion",
        "execution",
        "killing",
        "murder",
        "assassination",
        "kidnapping",
        "abduction",
        "jailing",
        "imprisonment",
        "ouster",
        "removal",
    }
)


def _on_whose_word(token: Token) -> bool:
    """'trains pilots at the request of Iraq's government', 'on the invitation of X': X asked or invited."""
    return token.dep_ == "pobj" and token.head.lower_ in ("at", "on", "upon")


def _stance_candidates(
    entry: LexiconEntry, token: Token, sources: list[Mention], targets: list[Mention]
) -> Iterator[Candidate]:
    """'a schism between Iran and Russia', 'their differences', 'tensions with Ankara': a relation between
    two sides, one record each way."""
    sides = _unique(sources + targets)
    countries = {m.actor.code for m in sides}
    if len(countries) < 2:
        return
    for first in sides:
        for second in sides:
            if first is not second and first.actor.code != second.actor.code:
                yield Candidate(entry, token, token.text, (first,), (second,), reciprocal=True)
