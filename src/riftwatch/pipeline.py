"""ingest -> clean -> phase one (sentences) -> phase two (parse what can hold an event) -> extract.

The pipeline yields exactly one CodedDocument per input item, in input order. A document that fails at any
stage becomes a Rejection with its reason; it never stops the run or loses the documents around it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import itertools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from spacy.tokens import Token

from . import events as events_stage
from . import geo as geo_stage
from . import nlp
from .actors import (
    ActorDictionary,
    article_mentions,
    inside_places,
    load_dictionary,
    ner_mentions,
    place_named,
    prepare_matchers,
)
from .clean import prepare_article
from .dedup import DuplicateFinder
from .errors import InputError, StoreError
from .events import extract_events
from .events.arguments import PlaceNote
from .geo import geoparse, locate_event
from .merge import refresh as refresh_merged
from .merge import refresh_all as refresh_all_merged
from .models import (
    Article,
    CodedDocument,
    Location,
    Mention,
    PlaceRole,
    RawDocument,
    Rejection,
    RejectionReason,
    RunSummary,
)
from .nlp import split_off_dateline
from .readers import check_paths, read_inputs
from .readers.budget import TimedOut, within_budget
from .settings import Settings
from .store import Store, iter_batches

logger = logging.getLogger(__name__)


class Gate(StrEnum):
    """What phase one decides for a sentence (`gate`)."""

    SKIP = "skip"  # no parse: it changes no output
    PLACES = "places"  # parsed for the places stage alone: the events stage codes nothing in it
    EVENTS = "events"  # parsed; the events stage may code it (and places read its parse too)


def gate(
    sentence: nlp.Sentence,
    mentions: Sequence[Mention],
    *,
    trigger_gate: bool = True,
    title: str | None = None,
) -> Gate:
    """Whether to parse a sentence, and for which stages. Both must hold:
    - someone may act in it (`events.may_name_actor`);
    - its parse can yield something: a form of a trigger with the words its lexicon row needs, a place noun
      with 'of', or a requirement (the events stage's own gate, `may_want_parse`): `Gate.EVENTS`, or
      `Gate.PLACES` in a sentence the events stage never codes (`events.never_coded`: the article's `title`,
      a list of other articles' headlines); else a place whose role the parse tells or a name NER may confirm
      (`geo.wants_parse`): `Gate.PLACES`.
    A sentence failing the second holds no event and no place note, and no stage asks NER there: its parse
    would change nothing, and the statistical model never sees it. A sentence parsed for places alone holds
    no event and no place note either: the events stage is not asked about it (`events.entity_demand`).
    Whether NER runs on a parsed sentence is decided once it is parsed (`_wants_entities`), with its tags."""
    if not events_stage.may_name_actor(sentence, mentions):
        return Gate.SKIP
    if not trigger_gate:
        return Gate.EVENTS
    words = [token.lower_ for token in sentence.span]
    if events_stage.may_want_parse(words, cased=events_stage.has_capitals(sentence.text)):
        # a title with a trigger is still parsed: NER, asked by places once its tags are read, may find a
        # place in it ('Decatur to discuss ...': an untagged name opening a sentence does not ask)
        coded = not events_stage.never_coded(title, sentence.start, sentence.end, sentence.text)
        return Gate.EVENTS if coded else Gate.PLACES
    return Gate.PLACES if geo_stage.wants_parse(sentence, mentions) else Gate.SKIP


def parse_gate(
    sentence: nlp.Sentence,
    mentions: Sequence[Mention],
    *,
    trigger_gate: bool = True,
    title: str | None = None,
) -> bool:
    """Whether to parse a sentence (`gate`)."""
    return gate(sentence, mentions, trigger_gate=trigger_gate, title=title) is not Gate.SKIP


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
    for_places: set[int] = field(default_factory=set)  # selected sentences parsed for the places stage alone
    parsed: dict[int, nlp.Doc] = field(default_factory=dict)
    notes: list[PlaceNote] = field(default_factory=list)  # place notes so far, for `events.entity_demand`
    eventless: set[int] = field(default_factory=set)  # parsed sentences proved to hold no event and no note
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
    _settle()
    yield from _parse_and_finish(_prepare(items, settings, dictionary), settings, 1)


_settled = False


def _settle() -> None:
    """Once per process, with spaCy, the dictionaries, the gazetteer and the lexicon loaded: they live as long
    as the process, so the cyclic garbage collector stops walking them (`gc.freeze`, after one collection, so
    no garbage is kept). Else every full collection of a long run walks their ~250,000 objects again: 1.1 of
    ~30 CPU seconds of the 400-article benchmark."""
    global _settled
    if _settled:
        return
    geo_stage.gazetteer()
    events_stage.shipped_lexicon()
    gc.collect()
    gc.freeze()
    _settled = True


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
    for i, sentence in enumerate(sentences):
        if i == dateline_index:
            continue
        try:
            decided = (
                Gate.EVENTS
                if settings.parse_all_sentences
                else gate(
                    sentence,
                    p.mentions[i],
                    trigger_gate=not settings.parse_without_trigger,
                    title=p.article.title,
                )
            )
        except Exception:  # deciding must never cost a document: when in doubt, parse for every stage
            logger.exception("deciding what to parse failed for %s", p.source_id)
            decided = Gate.EVENTS
        if decided is not Gate.SKIP:
            p.selected.append(i)
        if decided is Gate.PLACES:
            p.for_places.add(i)


def _reject(p: _Pending, reason: RejectionReason, detail: str) -> None:
    p.rejection = Rejection(source_id=p.source_id, reason=reason, detail=detail)
    p.article = None
    p.sentences, p.mentions, p.selected, p.for_places = [], [], [], set()


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
    """NER for a parsed sentence only where a stage will read its entities: events where names or a named
    source change a candidate (`events.entity_demand`, called in text order for each document), places where
    the gazetteer is unsure of a name NER may make a place of (`geo.wants_entities`, read with the sentence's
    tags), and, in a sentence holding an event, where a name no dictionary knows
    may be its place (`geo.unknown_name`). A sentence events proved empty, or that phase one parsed for places
    alone (`Gate.PLACES`), is left out of extraction (its result is known: nothing)."""
    try:
        if p.article is None:
            return False
        demand = (
            events_stage.Demand.NOTHING
            if index in p.for_places
            else events_stage.entity_demand(
                p.article, p.sentences[index], index, doc, p.mentions[index], p.notes
            )
        )
        if demand is events_stage.Demand.NOTHING:
            p.eventless.add(index)
        sentence, mentions = p.sentences[index], p.mentions[index]
        return (
            demand is events_stage.Demand.ENTITIES
            or geo_stage.wants_entities(sentence, mentions, doc)
            or (
                demand is events_stage.Demand.PARSE
                and geo_stage.unknown_name(sentence, mentions, doc, events_stage.date_spans(doc))
            )
        )
    except Exception:  # deciding must never cost a document: when in doubt, run NER and extract
        logger.exception("deciding on NER failed for %s", p.source_id)
        p.eventless.discard(index)
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
            p.parsed, p.notes, p.eventless = {}, [], set()
            try:
                _parse_batch([p], settings, 1)
            except Exception as exc:
                logger.exception("parsing failed for %s", p.source_id)
                _reject(p, RejectionReason.PROCESSING_ERROR, f"parse: {type(exc).__name__}: {exc}")
    coded = [_finish(p, budget) for p in chunk]
    for p in chunk:  # the batch's Docs must not outlive its memory zone
        p.sentences, p.parsed, p.notes = [], {}, []
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
        named = [
            (pl.start, pl.end, pl.country) for pl in places if pl.country and pl.role != PlaceRole.DATELINE
        ]
        mentions = inside_places(mentions, named, article.text)  # "Northern Ireland" is no Ireland
        mentions = place_named(mentions, named, article.text)  # "Darfur rebels": the gazetteer's country

        def locate(index: int, trigger: Token, fallback: bool = True) -> Location | None:
            sentence = p.sentences[index]
            return locate_event(
                places, sentence.start, sentence.end, trigger=trigger, text=article.text, fallback=fallback
            )

        eventful = {i: doc for i, doc in p.parsed.items() if i not in p.eventless}
        events = tuple(extract_events(article, p.sentences, mentions, eventful, locate=locate))
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
