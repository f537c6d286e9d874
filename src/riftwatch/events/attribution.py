"""On whose word an event is reported: the speaker, whether anonymous, and the outlet it came through."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token  # noqa: F401 - Span for typing

from ..models import Attribution
from ..nlp import text_of
from ..vocabulary import REPORTING_VERBS
from .arguments import per_doc

_ANONYMOUS = re.compile(
    r"\b(anonymity|anonymous(?:ly)?|not (?:be |being )?(?:named|identified)|unnamed|unidentified|"
    r"on condition|insisted on anonymity|declined to be (?:named|identified))\b",
    re.IGNORECASE,
)
_VAGUE_SOURCES = {
    "source",
    "sources",
    "official",
    "officials",
    "diplomat",
    "diplomats",
    "insider",
    "insiders",
    "observer",
    "observers",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "analyst",
    "analysts",
}
_ACCORDING = re.compile(
    r"\baccording to (?:(?:a|an|the) (?:report|statement|article|story|note) (?:by|from|in) )?(?P<who>[^,.;]+)",
    re.IGNORECASE,
)


def _phrase(token: Token) -> str:
    """A speaker's noun phrase, without its relative clause, participle or apposition."""
    skip = {t.i for child in token.children if child.dep_ in ("relcl", "acl", "appos") for t in child.subtree}
    words = [t for t in token.subtree if t.i not in skip and t.dep_ != "punct"]
    text = "".join(t.text_with_ws for t in words).strip(" ,")
    return text


def _is_anonymous(token: Token, sentence: Span | Doc) -> bool:
    phrase = " ".join(t.lower_ for t in token.subtree)
    if _ANONYMOUS.search(phrase):
        return True
    named = any(t.ent_type_ in ("PERSON", "ORG") for t in token.subtree)
    return token.lemma_.lower() in _VAGUE_SOURCES and not named


def may_read_names(doc: Doc) -> bool:
    """Whether `attribution` could read entities in this sentence: only to tell 'Pentagon officials said' (a
    named speaker) from 'officials said' (an anonymous one), so only where a vague source ('officials',
    'sources') has a capitalised word under it; entities are capitalised names (a sentence's first word
    counts only as a proper noun: 'The officials')."""
    return any(
        (token.lemma_.lower() in _VAGUE_SOURCES or token.lower_ in _VAGUE_SOURCES)
        and any(t.text[:1].isupper() and (t.i > 0 or t.pos_ == "PROPN") for t in token.subtree)
        for token in doc
    )


def attribution(doc: Doc, trigger: Token) -> Attribution:
    """The outermost reporting clause of the sentence that the event sits under, or 'according to'."""
    speaker = via = None
    anonymous = False
    reporters = [
        t for t in [trigger, *trigger.ancestors] if t.lemma_.lower() in REPORTING_VERBS and t is not trigger
    ]
    if not reporters:  # 'X said' may also be a sibling clause: '..., officials said.'
        root = doc[trigger.i].sent.root
        if root.lemma_.lower() in REPORTING_VERBS and root is not trigger and trigger in root.subtree:
            reporters = [root]
    if reporters:
        outer = reporters[-1]
        subject = next((c for c in outer.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            anonymous = _is_anonymous(subject, doc)
            if not (anonymous and subject.lemma_.lower() in _VAGUE_SOURCES):
                speaker = _phrase(subject)
        recipient = next((c for c in outer.children if c.dep_ in ("dobj", "dative")), None)
        if recipient is not None and outer.lemma_.lower() == "tell":
            via = _phrase(recipient)
        if outer.lemma_.lower() == "quote":  # 'the source quoted one soldier as saying'
            quoted = next((c for c in outer.children if c.dep_ == "dobj"), None)
            if quoted is not None:
                via, speaker = (None if anonymous else speaker), _phrase(quoted)
    text = text_of(doc)
    match = _ACCORDING.search(text)
    if match and speaker is None:
        speaker = match["who"].strip()
    if _ANONYMOUS.search(text) and speaker is None:
        anonymous = True
    if speaker is None and via is None:
        via = _via_outlet(doc)
    return Attribution(speaker=speaker, anonymous=anonymous, via=via)


def _via_outlet(doc: Doc) -> str | None:
    """'... sources tell G2 Bulletin': the outlet named after a reporting verb, even where the parse breaks
    (read once per sentence: it reads the words alone, and a sentence's events all ask)."""
    return per_doc(doc, _OUTLET, _find_outlet)


_OUTLET = "riftwatch.events.outlet"  # doc.user_data key of `_find_outlet`


def _find_outlet(doc: Doc) -> str | None:
    for token in doc:
        if token.lower_ in ("tell", "told") and token.i + 1 < len(doc):
            following = doc[token.i + 1 : min(len(doc), token.i + 5)]
            names = [t.text for t in following if t.is_title or t.like_num or t.is_upper]
            words = []
            for t in following:
                if t.text in names:
                    words.append(t.text)
                elif words:
                    break
            if words:
                return " ".join(words)
    return None
