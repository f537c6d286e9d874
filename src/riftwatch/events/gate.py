"""What the events stage asks of spaCy, decided as early as possible (parsing and NER are the pipeline's cost).

- Before any tagger runs (`may_want_parse`): could a sentence's parse yield an event or a place note at all?
- After the parse, before NER (`entity_demand`): will the stage read entities in this sentence? Only where
  its parse holds an event candidate (dates, attribution and unlisted actors come from entities) or a place
  note (a later event there takes the date said beside it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import cache

from spacy.tokens import Doc

from .. import nlp
from ..models import Actor, Article, Mention, MentionKind
from ..vocabulary import PLACE_NOUNS, SAYING_VERBS
from .arguments import PlaceNote, note_places
from .extract import sentence_candidates
from .lexicon import Lexicon, shipped_lexicon
from .modality import REQUIRING
from .scope import is_listing

# What events read from a parsed sentence: tags and POS (verb forms, modality), the dependency parse
# (arguments), lemmas (the lexicon is keyed by lemma); entities only in sentences `entity_demand` picks.
NEEDS = frozenset({nlp.Annotation.TAG, nlp.Annotation.POS, nlp.Annotation.DEP, nlp.Annotation.LEMMA})


@cache
def trigger_forms(lexicon: Lexicon) -> frozenset[str] | None:
    """Every word whose lemma the events stage could look up in a parse: forms of the lexicon's heads and of
    the place nouns, and of the last part of a hyphenated verb ('lathi-charged': spaCy splits it, and the
    stage joins the words before the last token's lemma). None: any word might be one."""
    lemmas = {*lexicon.verbs, *lexicon.nouns, *PLACE_NOUNS}
    lemmas.update(head.rsplit("-", 1)[-1] for head in lexicon.verbs if "-" in head)
    return nlp.lemma_forms(lemmas)


@cache
def _saying_forms() -> frozenset[str] | None:
    return nlp.lemma_forms(SAYING_VERBS)


def may_want_parse(words: Iterable[str], lexicon: Lexicon | None = None) -> bool:
    """Phase-two gate, before any tagger runs: could the parse of a sentence of these lower-case words (its
    tokens from phase one) yield an event or a place note? Only with a form of a trigger or place noun, or
    with a requirement ('said Israel must leave': a modal word and a form of a saying verb); any other
    sentence holds none, however many names it has."""
    forms, saying = trigger_forms(lexicon or shipped_lexicon()), _saying_forms()
    if forms is None or saying is None:
        return True
    seen = set(words)
    seen.update(part for word in list(seen) if "-" in word for part in word.split("-"))
    return not forms.isdisjoint(seen) or (not REQUIRING.isdisjoint(seen) and not saying.isdisjoint(seen))


def possible_names(doc: Doc, mentions: Sequence[Mention], offset: int, sentence: int) -> list[Mention]:
    """Stand-ins for the names NER might add to a sentence (the actors stage's fallback keeps the PERSON, ORG
    and NORP entities no dictionary mention overlaps): every run of capitalised words no mention covers (a
    sentence's first word only when tagged a proper noun, 'The' and 'Police' open sentences). Entities are
    capitalised names, so an event that NER's actors would make possible is found with these in their place."""
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
        span = doc[run[0] : run[-1] + 1]
        names.append(
            Mention(
                start=offset + span.start_char,
                end=offset + span.end_char,
                text=span.text,
                actor=Actor(text=span.text, name=span.text),
                kind=MentionKind.NER,
                rule="ner:possible",
                sentence=sentence,
            )
        )
    return names


class Demand(StrEnum):
    """What the events stage needs of a parsed sentence beyond the parse (`entity_demand`)."""

    NOTHING = (
        "nothing"  # it holds no event and no place note, with entities or without: no NER, no extraction
    )
    PARSE = "parse"  # extraction reads the parse alone
    ENTITIES = "entities"  # NER first: extraction reads dates, attribution and unlisted actors from entities


def entity_demand(
    article: Article,
    sentence: nlp.Sentence,
    index: int,
    doc: Doc,
    mentions: Sequence[Mention],
    notes: list[PlaceNote],
    lexicon: Lexicon | None = None,
) -> Demand:
    """What `extract_events` will read in this parsed sentence (so whether NER must run on it first):
    entities only where the parse holds an event candidate, with the actors the dictionaries found or with
    the names NER may add (`possible_names`), or a place note; a sentence with neither yields nothing whether
    NER runs or not (entities only add actors and dates to candidates; a DATE only takes a noun away).
    A sentence without a single capital letter ('police lathicharged protesters in delhi', lower-cased
    feeds) hides its names from `possible_names`, while NER still finds some: there entities are read
    wherever a trigger's lemma stands, and nothing is proved empty.
    Call it for the parsed sentences of an article in text order: `notes` gathers their place notes (without
    dates), so that 'the town' in a later sentence finds the place named before, as in `extract_events`."""
    if (article.title and sentence.end <= len(article.title)) or is_listing(sentence.text):
        return Demand.NOTHING  # never coded (see extract_events)
    lexicon = lexicon or shipped_lexicon()
    own = note_places(doc, mentions, sentence.start)
    if not any(char.isupper() for char in sentence.text):
        notes.extend(own)
        return Demand.ENTITIES if _names_trigger(doc, lexicon) else Demand.PARSE
    names = possible_names(doc, mentions, sentence.start, index)
    found = bool(
        sentence_candidates(doc, [*mentions, *names], sentence.start, lexicon, notes)
        or (names and sentence_candidates(doc, mentions, sentence.start, lexicon, notes))
    )
    notes.extend(own)
    return Demand.ENTITIES if found or own else Demand.NOTHING


def _names_trigger(doc: Doc, lexicon: Lexicon) -> bool:
    """A token whose lemma is a trigger (a verb or noun head, whatever its part of speech) or a place noun."""
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in lexicon.verbs or lemma in lexicon.nouns or lemma in PLACE_NOUNS:
            return True
    return False
