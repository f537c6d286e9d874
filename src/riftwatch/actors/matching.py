"""Dictionary phrases found in a sentence (spaCy matchers over the actor dictionary, the most specific entry
winning), and the builder that turns a match into a Mention for the article's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span

from .. import nlp
from ..models import Actor, Mention
from .dictionary import ActorDictionary
from .entries import PRIORITY, Entry, EntryKind


@dataclass(slots=True)
class Match:
    start: int  # token indices in the phase-one doc
    end: int
    entry: Entry
    candidates: list[Entry]


class _Matchers:
    def __init__(self, dictionary: ActorDictionary) -> None:
        model = nlp.get_nlp()
        self.case = PhraseMatcher(model.vocab, attr="ORTH")
        self.lower = PhraseMatcher(model.vocab, attr="LOWER")
        self.stems = Matcher(model.vocab)
        for phrase in dictionary.by_stem:
            words = [token.lower_ for token in model.tokenizer(phrase)]
            pattern: list[dict[str, object]] = [{"LOWER": word} for word in words[:-1]]
            pattern.append({"LOWER": {"REGEX": f"^{re.escape(words[-1])}"}})
            self.stems.add(phrase, [pattern])
        phrases = list(dictionary.by_phrase)
        for phrase, doc in zip(phrases, model.tokenizer.pipe(phrases), strict=True):
            self.case.add(phrase, [doc])
        lowered = list(dictionary.by_lower)
        for phrase, doc in zip(lowered, model.tokenizer.pipe(lowered), strict=True):
            self.lower.add(phrase, [doc])


_MATCHERS: dict[int, tuple[ActorDictionary, _Matchers]] = {}


def prepare_matchers(dictionary: ActorDictionary) -> None:
    """Build the dictionary's matchers now. Call it outside spaCy's memory zone (`nlp.transient`): the
    matchers and the phrase strings their match ids stand for must outlive every batch."""
    _matchers(dictionary)


def _matchers(dictionary: ActorDictionary) -> _Matchers:
    key = id(dictionary)
    if key not in _MATCHERS or _MATCHERS[key][0] is not dictionary:
        _MATCHERS[key] = (dictionary, _Matchers(dictionary))
    return _MATCHERS[key][1]


def _choose(entries: list[Entry], day: dt.date) -> Entry | None:
    """The entry that holds on `day`, most specific first; a person out of office keeps only a country."""
    holding = [e for e in entries if e.holds_on(day)]
    if holding:
        return max(holding, key=lambda e: (PRIORITY[e.kind], e.start or dt.date.min))
    bodies = [e for e in entries if e.kind is EntryKind.ORGANISATION and e.sector in ("IGO", "NGO")]
    if bodies and len({(e.country, e.sector) for e in bodies}) == 1:
        # an international body outside its dates keeps its code ("the European Community" named in a later
        # article); armed groups and national bodies change coding with time and are not carried over
        return max(bodies, key=lambda e: e.end or dt.date.max)
    people = [e for e in entries if e.kind is EntryKind.PERSON]
    if people:
        latest = max(people, key=lambda e: e.end or dt.date.max)
        return Entry(
            latest.phrase,
            EntryKind.PERSON,
            latest.country,
            None,
            latest.name,
            role="not in office",
            source=latest.source,
        )
    return None


def find_matches(span: Span, dictionary: ActorDictionary, day: dt.date) -> list[Match]:
    matchers = _matchers(dictionary)
    vocab = span.doc.vocab
    found: list[Match] = []
    spans: dict[tuple[int, int], list[Entry]] = {}
    unmatched: dict[tuple[int, int], int] = {}  # letters of the last word a stem leaves over (0: whole word)
    tables = (dictionary.by_phrase, dictionary.by_lower, dictionary.by_stem)
    for matcher, table in zip((matchers.case, matchers.lower, matchers.stems), tables, strict=True):
        if not table:
            continue
        for match_id, start, end in matcher(span):
            phrase = vocab.strings[match_id]
            entries = table.get(phrase, [])
            known = spans.setdefault((start, end), [])
            known.extend(e for e in entries if e not in known)
            left = (
                max(0, len(span[end - 1].text) - len(phrase.split()[-1]))
                if table is dictionary.by_stem
                else 0
            )
            unmatched[(start, end)] = min(unmatched.get((start, end), left), left)
    # "The Kuwait government": the stem THE_KU ("the K.U.") yields to the whole word "Kuwait" it ends on
    closest: dict[int, int] = {}
    for (_, end), left in unmatched.items():
        closest[end] = min(closest.get(end, left), left)
    spans = {key: entries for key, entries in spans.items() if unmatched[key] == closest[key[1]]}
    for (start, end), entries in spans.items():
        entry = _choose(entries, day)
        if entry is not None:
            found.append(Match(start, end, entry, entries))
    found.sort(key=lambda m: (-(m.end - m.start), -PRIORITY[m.entry.kind], m.start))
    taken: set[int] = set()
    kept = []
    for match in found:
        if taken.isdisjoint(range(match.start, match.end)):
            kept.append(match)
            taken.update(range(match.start, match.end))
    return sorted(kept, key=lambda m: m.start)


def plural_agent(text: str, name: str | None) -> bool:
    """Whether an agent's words are plural: a listed plural form of a singular term ('soldiers'), or a term
    listed only in the plural ('authorities', 'armed forces': 'they' points back to them, 'it' does not);
    the head before 'of' decides ('ministry of foreign affairs' is one body)."""
    word = text.lower()
    if word != (name or "").lower():
        return word.endswith("s")
    head = word.split(" of ", 1)[0]
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def is_plural_form(match: Match, doc_text: str) -> bool:
    entry = match.entry
    if entry.kind is EntryKind.AGENT:
        return plural_agent(doc_text, entry.name)
    if entry.kind is EntryKind.ADJECTIVE:
        return doc_text.endswith("s") and not doc_text.endswith("ss")  # "Israelis", "Somalis"; not "Swiss"
    return False


class MentionBuilder:
    def __init__(self, sentence: nlp.Sentence, index: int) -> None:
        self.sentence = sentence
        self.index = index
        self.doc = sentence.span.doc
        self.base = sentence.start - sentence.span.start_char

    def mention(
        self,
        start: int,
        end: int,
        actor_kind: str,
        rule: str,
        *,
        country: str | None,
        sector: str | None,
        name: str | None,
        modifier: bool = False,
        plural: bool = False,
    ) -> Mention:
        span = self.doc[start:end]
        text = span.text
        return Mention(
            start=self.base + span.start_char,
            end=self.base + span.end_char,
            text=text,
            actor=Actor(text=text, name=name, country=country, sector=sector),
            kind=actor_kind,
            rule=rule,
            sentence=self.index,
            modifier=modifier,
            plural=plural,
        )


def why(entry: Entry) -> str:
    return f"{entry.kind}:{entry.source}"
