"""Discourse scope: is an act today's news, or background the article recalls?

An event is marked `background: true` (kept, not dropped: an analyst may want the history, and a count of
today's events leaves it out with one filter) when
- it is the object of a preposition that places it before or behind the news: "after two days of fighting",
  "in retaliation for an air raid", "since the war began", "in the wake of the killing", "because of unrest";
- it is what a reaction answers: condemned, protested, complained about, charged or punished ("complained over
  raids in which 20 people were killed", "deported for travelling without papers");
- its clause is in the past perfect or is a "which had been ..." relative clause: "the violence, which had been
  simmering for months";
- the text dates it to an earlier year than the article ("in 1968", "the 2002 riots", "last year"), or more
  than a year before it;

A list of other articles' headlines or page boilerplate ("Related stories: ...", "Read more") is not this
article's news at all: its sentences are left out (`is_listing`), not marked.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from ..vocabulary import ANNOUNCING_VERBS

# Prepositions (one word, or the last word of a phrase with the words before it) that make their object a
# cause, antecedent or earlier act.
_BEFORE = {"after", "following", "since", "before", "amid", "amidst", "despite"}
_PHRASES = {
    ("response", "to"),
    ("retaliation", "for"),
    ("reprisal", "for"),
    ("revenge", "for"),
    ("wake", "of"),
    ("aftermath", "of"),
    ("protest", "against"),
    ("protest", "of"),
    ("protest", "over"),
    ("connection", "with"),
    ("because", "of"),
    ("due", "to"),
    ("anniversary", "of"),
    ("memory", "of"),
}
_LIST_LINE = re.compile(
    r"^\W*(?:related\s*(?:stories|articles|news|coverage|posts|links|:)|also read|read more|read also|see also|"
    r"more from|more on this|recommended|trending|most read|top stories|you may also like|more stories|full coverage)"
    r"(?:\b|(?=[^\x00-\x7f]))",  # mis-decoded pages glue the next headline on with a stray 'Â'
    re.IGNORECASE,
)


def never_coded(title: str | None, start: int, end: int, text: str) -> bool:
    """Whether the sentence at [start, end) of an article with this title (text: the sentence's) is left out of
    the events stage whatever its parse: the title (its news is coded from the body) and other articles'
    headlines (`is_listing`). The pipeline parses such a sentence only where places ask for its parse."""
    return bool(title and end <= len(title)) or is_listing(text)


def is_listing(sentence: str) -> bool:
    """'Related stories: Police arrest 5 in Surat | Curfew lifted in Vadodara': other articles' headlines."""
    return bool(_LIST_LINE.match(sentence)) or sentence.count(" | ") >= 2 or sentence.count("\u00c2") >= 2


def _governing_preposition(token: Token) -> Token | None:
    """The preposition (or subordinating word) an act hangs from: its pobj/pcomp head, or the mark of its clause."""
    if token.dep_ in ("pobj", "pcomp") and token.head.dep_ in ("prep", "agent", "mark"):
        return token.head
    if token.dep_ in ("dobj", "pobj") and token.head.lower_ in _BEFORE:
        return token.head  # "following the killing": the parser often reads 'following' as a verb
    if token.pos_ in ("VERB", "AUX"):
        return next((c for c in token.children if c.dep_ == "mark"), None)
    return None


def background_link(token: Token) -> bool:
    prep = _governing_preposition(token)
    if prep is None:
        return False
    word = prep.lower_
    if word in _BEFORE:
        return True
    head = prep.head
    return (head.lemma_.lower(), word) in _PHRASES or (head.lower_, word) in _PHRASES


# Reactions to an earlier act: what is condemned, protested, complained about, rejected, answered, charged or
# punished is the reaction's topic, an act the reader is reminded of, not today's news ("complained to the UN
# over raids in which 20 people were killed", "deported 168 Liberians for travelling without papers",
# "indicted for his part in atrocities", "demonstrations against abuses by the army").
_REACTIONS = frozenset(
    {
        "condemn",
        "denounce",
        "criticise",
        "criticize",
        "deplore",
        "decry",
        "complain",
        "protest",
        "demonstrate",
        "rally",
        "respond",
        "react",
        "retaliate",
        "accuse",
        "blame",
        "indict",
        "charge",
        "convict",
        "sentence",
        "punish",
        "arrest",
        "detain",
        "jail",
        "imprison",
        "deport",
        "expel",
        "fine",
        "investigate",
        "probe",
        "condemnation",
        "complaint",
        "demonstration",
        "response",
        "reaction",
        "accusation",
        "allegation",
        "indictment",
        "investigation",
        "inquiry",
    }
)
# Prepositions that introduce a reaction's topic; a direct object is one for the verbs of judgement only
# ('arrested 12 protesters' arrests people, it does not recall them).
_TOPIC_PREPS = frozenset({"over", "against", "for", "about", "of", "into", "to"})
_JUDGING = frozenset({"condemn", "denounce", "criticise", "criticize", "deplore", "decry", "protest"})


def reaction_topic(trigger: Token, depth: int = 6) -> bool:
    """Whether the act is (inside) what a reaction answers: condemned, protested, charged or punished."""
    child = trigger
    for _ in range(depth):
        head = child.head
        if head.i == child.i:
            return False
        lemma = head.lemma_.lower()
        # "staged demonstrations against ...", "lodged a complaint over ...": the light verb's object reacts
        objects = {c.lemma_.lower() for c in head.children if c.dep_ == "dobj"}
        if lemma in _REACTIONS or objects & _REACTIONS:
            if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS:
                return True
            if child.dep_ == "dobj" and lemma in _JUDGING:
                return True
        if child.dep_ == "ROOT":
            return False
        child = head
    return False


def _pluperfect(token: Token) -> bool:
    auxiliaries = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if token.dep_ == "ccomp" and token.head.lemma_.lower() in ANNOUNCING_VERBS:
        return False  # "Japan said it had halted aid": reported speech shifts the tense, not the time
    return "had" in auxiliaries and token.dep_ in ("relcl", "advcl", "ccomp", "acl", "conj", "ROOT")


def in_background(
    trigger: Token,
    sentence: str,
    event_date: dt.date | None,
    article_date: dt.date | None,
    year_only: bool = False,
) -> bool:
    """Whether the act of this trigger is background to the article's news (see the module docstring)."""
    if (
        event_date is not None
        and article_date is not None
        and ((year_only and event_date.year < article_date.year) or (article_date - event_date).days > 366)
    ):  # "in 1968", "last year"; "on Tuesday" in an article of 1 January is only days earlier
        return True
    if reaction_topic(trigger):
        return True
    # the act itself, or the noun phrase or clause it sits in, hangs from a 'before/after' link
    token: Token | None = trigger
    for _ in range(4):
        if token is None:
            break
        if background_link(token) or (
            token.pos_ in ("VERB", "AUX") and _pluperfect(token) and token is trigger
        ):
            return True
        if token.dep_ in ("ROOT",) or token.head is token:
            break
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            return background_link(token.head)  # "since the uprising began": the clause is the link
        if token.dep_ in ("dobj", "ccomp", "xcomp"):
            break  # an argument or complement of the main act shares its time
        token = token.head
    return False
