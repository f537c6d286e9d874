"""What the events stage asks of spaCy, decided as early as possible (parsing and NER are the pipeline's cost).

- Before any tagger runs (`may_want_parse`): could a sentence's parse yield an event or a place note at all?
- After the parse, before NER (`entity_demand`): will entities change what the stage reads in this sentence?
  Only where its parse holds an event candidate or a place note, and there only where the names NER may add
  change a candidate's actors, or attribution may read a named source; dates come from the date matcher where
  NER does not run (`dates.date_spans`). Where the sentence is left to the parse alone, extraction reuses the
  candidates found to decide (`candidates_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from spacy.tokens import Doc

from .. import nlp
from ..models import Actor, Article, Mention, MentionKind
from ..vocabulary import PLACE_NOUNS, SAYING_VERBS
from .arguments import PlaceNote, note_places
from .attribution import may_read_names
from .dates import ner_kept_dates
from .extract import Candidate, sentence_candidates
from .lexicon import Lexicon, shipped_lexicon
from .modality import REQUIRING
from .scope import never_coded

# What events read from a parsed sentence: tags and POS (verb forms, modality), the dependency parse
# (arguments), lemmas (the lexicon is keyed by lemma); entities only in sentences `entity_demand` picks.
NEEDS = frozenset({nlp.Annotation.TAG, nlp.Annotation.POS, nlp.Annotation.DEP, nlp.Annotation.LEMMA})


@dataclass(frozen=True, slots=True)
class _Row:
    """What a lexicon row needs in a sentence besides a form of its head: literal words (its particle, the
    first part of a hyphenated head) and, for a light verb or a modified noun, a form of one of its object
    words (None: any object)."""

    words: frozenset[str]
    objects: frozenset[str] | None

    def fits(self, seen: set[str]) -> bool:
        return self.words <= seen and (self.objects is None or not self.objects.isdisjoint(seen))


@dataclass(frozen=True, slots=True)
class Triggers:
    """The lexicon inverted for the gate: forms of heads with a row that needs nothing more (`free`), forms
    of heads whose every row needs a particle or an object (`bound`, with those rows), and forms of the
    place nouns (a place note needs 'of': 'the town of Homs')."""

    free: frozenset[str]
    bound: dict[str, tuple[_Row, ...]]
    places: frozenset[str]

    def fit(self, seen: set[str], *, strict: bool = True) -> bool:
        """Whether these words hold a trigger with what its rows need; not `strict`: any trigger form."""
        if (
            not self.free.isdisjoint(seen)
            or ("of" in seen or not strict)
            and not self.places.isdisjoint(seen)
        ):
            return True
        # the sentence's words are looked up in `bound`, never `bound` read against them: a set operation with
        # a dict argument walks all its ~1,600 keys (75 us a sentence)
        if not strict:
            return any(word in self.bound for word in seen)
        return any(row.fits(seen) for word in seen if word in self.bound for row in self.bound[word])


@cache
def triggers(lexicon: Lexicon) -> Triggers | None:
    """The lexicon's heads as the words a sentence must hold for `sentence_candidates` to find anything: a
    verb row with a particle or an object (`_choose_verb_entry`) and a noun row with modifiers (`noun_entry`)
    match only with those words present, so a sentence with 'made', 'open' or 'move' alone holds no event of
    theirs. Hyphenated verbs are looked up by their last part ('lathi-charged': spaCy splits it) with the
    first part as a word they need. None: the pipeline's lemmas cannot be bounded, any word might be one."""
    heads: dict[str, list[_Row | None]] = {}  # head lemma -> its rows (None: needs nothing more)
    object_words: set[str] = set()
    for entry in (e for table in (lexicon.verbs, lexicon.nouns) for rows in table.values() for e in rows):
        words = frozenset({entry.particle} if entry.particle else set())
        objects = None
        if entry.objects:
            objects = frozenset(p for o in entry.objects for w in o.split() for p in (w, *w.split("-")) if p)
            object_words.update(objects)
        heads.setdefault(entry.head, []).append(_Row(words, objects) if words or objects else None)
        if entry.pos == "verb" and "-" in entry.head:
            first, last = entry.head.rsplit("-", 1)
            heads.setdefault(last, []).append(_Row(words | {first}, objects))
    forms = nlp.forms_by_lemma({*heads, *object_words, *PLACE_NOUNS})
    if forms is None:
        return None
    free: set[str] = set()
    bound: dict[str, list[_Row]] = {}
    for head, rows in heads.items():
        if any(row is None for row in rows):
            free.update(forms[head])
            continue
        for row in rows:
            assert row is not None
            objects = frozenset(f for w in row.objects for f in forms[w]) if row.objects is not None else None
            for form in forms[head]:
                bound.setdefault(form, []).append(_Row(row.words, objects))
    return Triggers(
        free=frozenset(free),
        bound={form: tuple(rows) for form, rows in bound.items() if form not in free},
        places=frozenset(f for noun in PLACE_NOUNS for f in forms[noun]),
    )


@cache
def _saying_forms() -> frozenset[str] | None:
    return nlp.lemma_forms(SAYING_VERBS)


def may_want_parse(words: Iterable[str], lexicon: Lexicon | None = None, *, cased: bool = True) -> bool:
    """Phase-two gate, before any tagger runs: could the parse of a sentence of these lower-case words (its
    tokens from phase one) yield an event or a place note? Only with a form of a trigger and the words its
    lexicon row needs (`triggers`), a place noun with 'of', or a requirement ('said Israel must leave': a
    modal word and a form of a saying verb); any other sentence holds none, however many names it has.
    A sentence written without capitals (not `cased`) is parsed with any form of a trigger or place noun:
    there NER is the only reader of its places (see `entity_demand`), and it runs where a trigger stands."""
    table, saying = triggers(lexicon or shipped_lexicon()), _saying_forms()
    if table is None or saying is None:
        return True
    seen = set(words)
    seen.update(part for word in list(seen) if "-" in word for part in word.split("-") if part)
    return table.fit(seen, strict=cased) or (not REQUIRING.isdisjoint(seen) and not saying.isdisjoint(seen))


def has_capitals(text: str) -> bool:
    """Whether a text is written with capital letters: one without any ('police lathicharged protesters in
    delhi', lower-cased feeds) hides its names from everything that reads capitals."""
    return any(char.isupper() for char in text)


_POSSIBLE = "ner:possible"  # the rule of `possible_names`' stand-ins


def possible_names(doc: Doc, mentions: Sequence[Mention], offset: int, sentence: int) -> list[Mention]:
    """Stand-ins for the names NER might add to a sentence (the actors stage's fallback keeps the PERSON, ORG
    and NORP entities no dictionary mention overlaps): every run of capitalised words no mention covers (a
    sentence's first word only when tagged a proper noun, 'The' and 'Police' open sentences), with a prefix
    joined by a hyphen ('anti-Islam'). Entities are capitalised names, so an event that NER's actors would
    make possible is found with these in their place."""
    taken = [(m.start - offset, m.end - offset) for m in mentions]
    runs: list[list[int]] = []
    for token in doc:
        name = (
            token.is_alpha
            and token.text[0].isupper()
            and token.pos_ != "PRON"
            and (token.i > 0 or token.pos_ == "PROPN")
            and not any(start < token.idx + len(token) and token.idx < end for start, end in taken)
        )
        if not name:
            continue
        if runs and runs[-1][-1] == token.i - 1:
            runs[-1].append(token.i)
        else:
            runs.append([token.i])
    names = []
    for run in runs:
        first, last = run[0], run[-1]
        # 'anti-Islam', 'pro-Kremlin': NER takes the hyphenated prefix into the name
        while (
            first >= 2
            and doc[first - 1].text == "-"
            and not doc[first - 1].whitespace_
            and not doc[first - 2].whitespace_
            and doc[first - 2].is_alpha
            and not any(start < doc[first - 1].idx and doc[first - 2].idx < end for start, end in taken)
        ):
            first -= 2
        span = doc[first : last + 1]
        names.append(
            Mention(
                start=offset + span.start_char,
                end=offset + span.end_char,
                text=span.text,
                actor=Actor(text=span.text, name=span.text),
                kind=MentionKind.NER,
                rule=_POSSIBLE,
                sentence=sentence,
            )
        )
    return names


class Demand(StrEnum):
    """What the events stage needs of a parsed sentence beyond the parse (`entity_demand`)."""

    NOTHING = (
        "nothing"  # it holds no event and no place note, with entities or without: no NER, no extraction
    )
    PARSE = "parse"  # extraction reads the parse alone: entities would change none of its events
    ENTITIES = "entities"  # NER first: extraction reads unlisted actors or attribution from entities


def entity_demand(
    article: Article,
    sentence: nlp.Sentence,
    index: int,
    doc: Doc,
    mentions: Sequence[Mention],
    notes: list[PlaceNote],
    lexicon: Lexicon | None = None,
) -> Demand:
    """What `extract_events` will read in this parsed sentence (so whether NER must run on it first).
    A sentence whose parse holds no event candidate, with the actors the dictionaries found or with the names
    NER may add (`possible_names`), and no place note, yields nothing whether NER runs or not (entities only
    add actors and dates to candidates; a DATE only takes a noun away). Where it holds some, entities are
    read only where they can change an answer, each reader asked apart (dates never ask: without NER they
    come from the date matcher, `dates.date_spans`):
    - unlisted actors (`actors.ner_mentions`): only where the names NER may add change the candidates'
      sources or targets (or which candidates there are);
    - attribution: only where a vague source has a capitalised word under it (`attribution.may_read_names`).
    A sentence without a single capital letter ('police lathicharged protesters in delhi', lower-cased
    feeds) hides its names from `possible_names`, while NER still finds some: there entities are read
    wherever a trigger's lemma stands, and nothing is proved empty.
    Call it for the parsed sentences of an article in text order: `notes` gathers their place notes (without
    dates), so that 'the town' in a later sentence finds the place named before, as in `extract_events`."""
    if never_coded(article.title, sentence.start, sentence.end, sentence.text):
        return Demand.NOTHING  # see extract_events
    lexicon = lexicon or shipped_lexicon()
    own = note_places(doc, mentions, sentence.start)
    if not has_capitals(sentence.text):
        notes.extend(own)
        return Demand.ENTITIES if _names_trigger(doc, lexicon) else Demand.PARSE
    names = possible_names(doc, mentions, sentence.start, index)
    with_names = sentence_candidates(doc, [*mentions, *names], sentence.start, lexicon, notes)
    if any(m is not None and _POSSIBLE in m.rule for c in with_names for m in (*c.sources, *c.targets)):
        notes.extend(own)
        return Demand.ENTITIES  # a name fills a slot: NER's actors change the event
    if (with_names or own) and may_read_names(doc):
        notes.extend(own)
        return Demand.ENTITIES  # attribution reads a named source: what the names change no longer matters
    alone = sentence_candidates(doc, mentions, sentence.start, lexicon, notes) if names else with_names
    notes.extend(own)
    if not (with_names or alone or own):
        return Demand.NOTHING
    if names and _arguments(with_names) != _arguments(alone):
        return Demand.ENTITIES
    doc.user_data[_MEMO] = (tuple(mentions), tuple(notes[: len(notes) - len(own)]), lexicon, alone)
    return Demand.PARSE


_MEMO = "riftwatch.events.candidates"  # where a sentence's candidates wait for extraction (`candidates_of`)


def candidates_of(
    doc: Doc, mentions: Sequence[Mention], offset: int, lexicon: Lexicon, places: Sequence[PlaceNote]
) -> list[Candidate]:
    """`sentence_candidates`, or what `entity_demand` found for the same doc, mentions, place notes and
    lexicon when it left the sentence to the parse alone (before NER), unless NER, run for another stage
    since, changed the doc's dates: it changes nothing else that candidates read (`dates.ner_kept_dates`)."""
    memo = doc.user_data.get(_MEMO)
    if (
        memo is not None
        and memo[2] is lexicon
        and memo[0] == tuple(mentions)
        and memo[1] == tuple(places)
        and ner_kept_dates(doc)
    ):
        return memo[3]
    return sentence_candidates(doc, mentions, offset, lexicon, places)


def _arguments(candidates: Sequence[Candidate]) -> set[tuple]:
    """What names can change in a sentence's candidates: which there are, and their sources and targets."""
    return {
        (
            c.trigger.i,
            c.entry.type,
            c.entry.cameo,
            tuple(None if m is None else (m.start, m.end) for m in c.sources),
            tuple(None if m is None else (m.start, m.end) for m in c.targets),
        )
        for c in candidates
    }


def _names_trigger(doc: Doc, lexicon: Lexicon) -> bool:
    """A token whose lemma is a trigger (a verb or noun head, whatever its part of speech) or a place noun."""
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in lexicon.verbs or lemma in lexicon.nouns or lemma in PLACE_NOUNS:
            return True
    return False
