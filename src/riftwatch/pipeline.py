"""ingest -> clean -> phase one (sentences) -> phase two (parse what can hold an event) -> extract.

The pipeline yields exactly one CodedDocument per input item, in input order. A document that fails at any
stage becomes a Rejection with its reason; it never stops the run or loses the documents around it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from . import events as events_stage
from . import geo as geo_stage
from . import nlp
from .actors import ActorDictionary, article_mentions, load_dictionary, ner_mentions, prepare_matchers
from .clean import clean_document, parse_dateline
from .dedup import DuplicateFinder
from .errors import ConfigError, InputError, StoreError
from .events import extract_events, shipped_lexicon
from .geo import geoparse, locate_event
from .ingest import check_paths, read_inputs
from .ingest.budget import TimedOut, within_budget
from .merge import refresh as refresh_merged
from .merge import refresh_all as refresh_all_merged
from .models import (
    Article,
    CodedDocument,
    Location,
    Mention,
    RawDocument,
    Rejection,
    RejectionReason,
    RunSummary,
)
from .settings import Settings
from .store import Store, iter_batches

logger = logging.getLogger(__name__)

_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her"}
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(www\.)?", re.IGNORECASE)


def article_id(text: str, url: str | None = None) -> str:
    """Deterministic id: a hash of the normalised URL when there is one, else of the normalised text."""
    if url and url.strip():
        key = "url:" + _URL_SCHEME.sub("", url.strip()).rstrip("/").lower()
    else:
        key = "text:" + " ".join(text.lower().split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def prepare_article(raw: RawDocument) -> Article:
    """Clean a raw document into an Article (raises InputError subclasses for unusable documents)."""
    cleaned = clean_document(raw.text, title=raw.title, date=raw.date)
    return Article(
        id=article_id(cleaned.text, raw.url),
        source_id=raw.source_id,
        text=cleaned.text,
        title=cleaned.title,
        date=cleaned.date,
        dateline=cleaned.dateline,
        url=raw.url,
        source_name=raw.source_name,
        removed=cleaned.removed,
        author=raw.author,
    )


def split_off_dateline(
    article: Article, sentences: list[nlp.Sentence]
) -> tuple[list[nlp.Sentence], int | None]:
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
                nlp.Sentence(sentence.start, head_end, article.text[sentence.start : head_end], head),
                nlp.Sentence(cut, sentence.end, article.text[cut : sentence.end], rest),
            ]
            return sentences[:index] + pieces + sentences[index + 1 :], index
    return sentences, None


def may_hold_event(sentence: nlp.Sentence, mentions: Sequence[Mention] = ()) -> bool:
    """Phase-two gate: parse a sentence only when it names an actor the dictionaries know, may point back to
    one (a personal pronoun), or names someone they do not know (a capitalised word past its first token), or
    names an act coded even when nobody is named ('shots were fired', 'weapons were seized')."""
    if any(not mention.modifier for mention in mentions):
        return True
    for token in sentence.span:
        if token.i > sentence.span.start and (token.is_title or token.is_upper) and token.is_alpha:
            return True
        if token.lower_ in _PRONOUNS:
            return True
    return shipped_lexicon().may_name_act([token.lower_ for token in sentence.span])


@dataclass(slots=True)
class _Pending:
    """A document on its way through the two phases."""

    seq: int
    source_id: str
    article: Article | None = None
    rejection: Rejection | None = None
    sentences: list[nlp.Sentence] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    parsed: dict[int, nlp.Doc] = field(default_factory=dict)
    spent: float = 0.0  # seconds of the document's time budget used so far


def code_documents(
    items: Iterable[RawDocument | Rejection], settings: Settings | None = None
) -> Iterator[CodedDocument]:
    """Code every item; one CodedDocument per item, in order.

    With several processes (settings.n_process, or automatically when the input fills more than one batch),
    whole batches go to worker processes that each load spaCy once; results come back in input order."""
    settings = settings or Settings()
    iterator = iter(items)
    first = list(itertools.islice(iterator, settings.batch_size + 1))
    n_process = settings.n_process or (nlp.cores() if len(first) > settings.batch_size else 1)
    if n_process > 1:
        yield from _code_in_workers(itertools.chain(first, iterator), settings, n_process)
        return
    yield from _code_serially(itertools.chain(first, iterator), settings)


def _code_serially(items: Iterable[RawDocument | Rejection], settings: Settings) -> Iterator[CodedDocument]:
    dictionary = load_dictionary(settings.dictionaries, shipped=settings.shipped_actors)
    nlp.get_nlp()  # loading spaCy is the run's cost, not the first document's: load it before any budget starts
    prepare_matchers(dictionary)  # outside any memory zone: the matchers serve every batch
    yield from _parse_and_finish(_prepare(items, settings, dictionary), settings, 1)


def _code_batch(args: tuple[list[RawDocument | Rejection], Settings]) -> list[CodedDocument]:
    """A worker's share: one batch, coded serially (spaCy and the dictionaries load once per process)."""
    batch, settings = args
    return list(_code_serially(batch, settings))


def _code_in_workers(
    items: Iterable[RawDocument | Rejection], settings: Settings, n_process: int
) -> Iterator[CodedDocument]:
    import multiprocessing
    from collections import deque

    iterator = iter(items)
    batches = iter(lambda: list(itertools.islice(iterator, settings.batch_size)), [])
    # spawn: a fresh interpreter per worker; never fork a process that holds a loaded pipeline.
    with multiprocessing.get_context("spawn").Pool(n_process) as pool:
        # At most two batches per worker in flight (Pool.imap would read the whole input ahead): memory stays
        # flat on any input size, and results come back in input order.
        running: deque = deque()
        for batch in batches:
            running.append(pool.apply_async(_code_batch, ((batch, settings),)))
            if len(running) >= 2 * n_process:
                yield from running.popleft().get()
        while running:
            yield from running.popleft().get()


def _prepare(
    items: Iterable[RawDocument | Rejection], settings: Settings, dictionary: ActorDictionary
) -> Iterator[_Pending]:
    """Clean, split into sentences and find actor mentions, a document at a time under its time budget
    (phase one)."""
    fallback_day = (
        dt.date.fromisoformat(settings.reference_date) if settings.reference_date else dt.date.today()
    )
    for seq, item in enumerate(items):
        started = time.monotonic()
        p = (
            _Pending(seq, item.source_id, rejection=item)
            if isinstance(item, Rejection)
            else _Pending(seq, item.source_id)
        )
        if p.rejection is None:
            try:
                within_budget(
                    settings.document_time_budget,
                    "coding the document",
                    _phase_one,
                    p,
                    item,
                    settings,
                    dictionary,
                    fallback_day,
                )
            except TimedOut as exc:
                _reject(p, RejectionReason.TIMEOUT, str(exc))
        p.spent = time.monotonic() - started
        yield p


def _phase_one(
    p: _Pending, raw: RawDocument, settings: Settings, dictionary: ActorDictionary, fallback_day: dt.date
) -> None:
    _clean(p, raw)
    if p.article is None:
        return
    sentences = _split_one(p)
    if p.article is None:
        return
    sentences, dateline_index = split_off_dateline(p.article, sentences)
    p.sentences = sentences
    try:
        p.mentions = article_mentions(sentences, p.article.date or fallback_day, dictionary)
    except Exception as exc:  # a bug on one document: reject it, keep the batch
        logger.exception("actor resolution failed for %s", p.source_id)
        _reject(p, RejectionReason.PROCESSING_ERROR, f"actors: {exc}")
        return
    p.selected = [
        i
        for i, sentence in enumerate(sentences)
        if i != dateline_index and (settings.parse_all_sentences or may_hold_event(sentence, p.mentions[i]))
    ]


def _reject(p: _Pending, reason: RejectionReason, detail: str) -> None:
    p.rejection = Rejection(source_id=p.source_id, reason=reason, detail=detail)
    p.article = None
    p.sentences, p.mentions, p.selected = [], [], []


def _split_one(p: _Pending) -> list[nlp.Sentence]:
    try:
        return next(nlp.split([p.article.text])) if p.article else []
    except Exception as exc:
        logger.exception("sentence splitting failed for %s", p.source_id)
        _reject(p, RejectionReason.PROCESSING_ERROR, f"sentences: {type(exc).__name__}: {exc}")
        return []


def _clean(p: _Pending, raw: RawDocument) -> None:
    try:
        p.article = prepare_article(raw)
    except InputError as exc:
        _reject(p, exc.reason, str(exc))
    except Exception as exc:  # a bug on one document: keep going, say so
        logger.exception("cleaning failed for %s", raw.source_id)
        _reject(p, RejectionReason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")


# What phase two runs on every selected sentence: what the stages declare they read. Entities are added
# only where a stage asks for them (`wants_entities`), unless settings.ner_everywhere.
PARSE_NEEDS = events_stage.NEEDS | geo_stage.NEEDS


def _wants_entities(p: _Pending, index: int, doc: nlp.Doc) -> bool:
    try:
        return events_stage.wants_entities(doc) or geo_stage.wants_entities(
            p.sentences[index], p.mentions[index]
        )
    except Exception:  # deciding must never cost a document: when in doubt, run NER
        logger.exception("deciding on NER failed for %s", p.source_id)
        return True


def _parse_and_finish(
    prepared: Iterable[_Pending], settings: Settings, n_process: int
) -> Iterator[CodedDocument]:
    """Phase two, a batch of documents at a time: the selected sentences of the whole batch go to spaCy in
    one stream (and NER in another, for the sentences that ask). A batch that fails is parsed again one
    document at a time, so that only the document that breaks spaCy is rejected. The stream's share is
    counted in CPU time: on a busy machine a batch can wait long in wall-clock time, and that wait must not be
    charged to the one document that happens to open the next batch (the soak found exactly that).

    Each batch, from phase one to its coded documents, runs in a spaCy memory zone (`nlp.transient`): the words
    it brings are forgotten once its documents are coded (they hold no spaCy object), so a long ingest does not
    grow spaCy's vocabulary."""
    budget = settings.document_time_budget
    iterator = iter(prepared)
    while True:
        with nlp.transient():
            chunk = list(itertools.islice(iterator, settings.batch_size))
            coded = _parse_and_finish_batch(chunk, settings, n_process, budget)
        if not chunk:
            return
        yield from coded


def _parse_and_finish_batch(
    chunk: list[_Pending], settings: Settings, n_process: int, budget: float
) -> list[CodedDocument]:
    if not chunk:
        return []
    try:
        _parse_batch(chunk, settings, n_process)
    except Exception:
        logger.exception("parsing failed on a batch; parsing it again document by document")
        for p in chunk:
            p.parsed = {}
            try:
                _parse_batch([p], settings, 1)
            except Exception as exc:
                logger.exception("parsing failed for %s", p.source_id)
                _reject(p, RejectionReason.PROCESSING_ERROR, f"parse: {type(exc).__name__}: {exc}")
    coded = [_finish(p, budget) for p in chunk]
    for p in chunk:  # the batch's Docs must not outlive its memory zone
        p.sentences, p.parsed = [], {}
    return coded


def _parse_batch(batch: Sequence[_Pending], settings: Settings, n_process: int) -> None:
    """Fill `parsed` of every document in the batch. The time the stream takes is charged to the document
    whose sentences come back (to within one spaCy batch); a document past its budget sends no more
    sentences and `_finish` rejects it as `timeout`."""
    budget = settings.document_time_budget
    by_seq = {p.seq: p for p in batch}

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for p in batch:
            for index in p.selected:
                if budget and p.spent > budget:
                    break
                yield p.sentences[index].text, (p.seq, index)

    needs = PARSE_NEEDS | ({nlp.Annotation.ENTS} if settings.ner_everywhere else set())
    stream = nlp.parse(feed(), needs=needs, n_process=n_process, batch_size=settings.batch_size)
    if not settings.ner_everywhere:
        stream = nlp.add_entities(
            stream, lambda doc, key: _wants_entities(by_seq[key[0]], key[1], doc), settings.batch_size
        )
    last = time.process_time()
    for doc, (seq, index) in stream:
        now = time.process_time()
        p = by_seq[seq]
        p.spent += now - last
        p.parsed[index] = doc
        last = now


def _finish(p: _Pending, budget: float = 0.0) -> CodedDocument:
    """The rest of the document's stages, within what is left of its time budget."""
    if p.article is not None and budget:
        left = budget - p.spent
        try:
            if left <= 0:
                raise TimedOut(
                    f"coding the document took longer than the {budget:g}-second budget per document "
                    "(set RIFTWATCH_DOCUMENT_TIME_BUDGET to change it)"
                )
            return within_budget(left, "coding the document", _finish_coding, p)
        except TimedOut as exc:
            _reject(p, RejectionReason.TIMEOUT, str(exc).replace(f"{left:g}-second", f"{budget:g}-second"))
    return _finish_coding(p)


def _finish_coding(p: _Pending) -> CodedDocument:
    if p.article is None:
        rejection = p.rejection or Rejection(
            source_id=p.source_id, reason=RejectionReason.PROCESSING_ERROR, detail="no article"
        )
        return CodedDocument(source_id=p.source_id, rejection=rejection)
    article = p.article
    mentions = list(p.mentions)
    try:
        for index, doc in p.parsed.items():
            mentions[index] = sorted(
                mentions[index] + ner_mentions(doc, p.sentences[index], index, mentions[index]),
                key=lambda m: m.start,
            )
        places = geoparse(article.text, p.sentences, mentions, dateline=article.dateline, parsed=p.parsed)

        def locate(index: int, trigger: Token) -> Location | None:
            sentence = p.sentences[index]
            return locate_event(places, sentence.start, sentence.end, trigger=trigger, text=article.text)

        events = tuple(extract_events(article, p.sentences, mentions, p.parsed, locate=locate))
    except Exception as exc:  # a bug on one document: reject it with the reason, keep the run going
        logger.exception("event extraction failed for %s", p.source_id)
        detail = f"events: {type(exc).__name__}: {exc}"
        rejection = Rejection(source_id=p.source_id, reason=RejectionReason.PROCESSING_ERROR, detail=detail)
        return CodedDocument(source_id=p.source_id, rejection=rejection)
    flat = tuple(m for sentence in mentions for m in sentence)
    return CodedDocument(
        source_id=p.source_id, article=article, events=events, mentions=flat, places=tuple(places)
    )


def code_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[CodedDocument]:
    """Read and code files, folders or '-' (standard input); exact repeats and near-duplicates point to the
    earlier article they repeat (`duplicate_of`), none is dropped."""
    settings = settings or Settings()
    finder = DuplicateFinder(settings.near_duplicate_threshold)
    yield from finder.mark_all(code_documents(read_inputs(paths, settings), settings))


def ingest_paths(
    paths: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    on_document: Callable[[CodedDocument, bool], None] | None = None,
) -> RunSummary:
    """Code inputs into a store, one transaction per batch; returns what became of every input."""
    settings = settings or Settings()
    paths = check_paths(paths)
    documents = code_documents(read_inputs(paths, settings), settings)
    return store_documents(documents, paths, store, settings, on_document)


def store_documents(
    documents: Iterable[CodedDocument],
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    on_document: Callable[[CodedDocument, bool], None] | None = None,
) -> RunSummary:
    """Coded documents, in input order, into the store: duplicates marked against everything stored before,
    one transaction per batch, the run recorded (shared by the serial and the Dask engine)."""
    started = dt.datetime.now()
    run_id = hashlib.sha1(f"{started.isoformat()}|{os.getpid()}|{paths}".encode()).hexdigest()[:16]
    summary = RunSummary()
    # The store is the index of earlier originals: a resumed run marks what a whole run would, and memory does
    # not grow with the store.
    finder = DuplicateFinder.over_store(store, settings.near_duplicate_threshold)
    events_before = store.accounting()["events"]
    refresh_all_merged(store, settings)  # events an interrupted run or an older riftwatch stored unmerged
    for coded in iter_batches(documents, settings.batch_size):
        batch, signatures = finder.mark_batch(coded)
        new_events: list[str] = []
        for document, duplicate in zip(batch, store.write_batch(batch, signatures), strict=True):
            summary.count(document, duplicate=duplicate)
            if not duplicate:
                new_events.extend(event.id for event in document.events)
            if on_document is not None:
                on_document(document, duplicate)
        refresh_merged(store, new_events, settings)  # new reports join the merged events they tell of
    stored = store.accounting()["events"] - events_before
    if stored != summary.events:  # events counted = events stored, or the run says so loudly
        raise StoreError(f"the run coded {summary.events} events but {stored} were stored in {store.path}")
    store.record_run(run_id, started, list(paths), summary)
    return summary


def _looks_like_path(text: str) -> bool:
    """'news/a.txt', 'report.jsonl': one word with a slash or a file extension, not a sentence."""
    return " " not in text.strip() and bool(
        re.search(r"/|\.(?:txt|jsonl|ndjson|csv|tsv|html?|warc|arc|gz|xml|rss|atom)$", text)
    )


def explain_actors(text_or_path: str, settings: Settings | None = None) -> Iterator[CodedDocument]:
    """Code a path (file, folder, '-') or, when no such path exists, the argument itself as text."""
    settings = settings or Settings()
    if text_or_path == "-" or os.path.exists(text_or_path):
        yield from code_paths([text_or_path], settings)
    elif _looks_like_path(text_or_path):
        raise ConfigError(
            f"no such file or folder: {text_or_path} (to code it as text, add a space or a full stop)"
        )
    else:
        yield from code_documents([RawDocument(source_id="<text>", text=text_or_path)], settings)
