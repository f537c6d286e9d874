"""The PLV sentences (PLV_train.tsv of the Zero-Shot-PLOVER data): one marked source and target per sentence
and the PLOVER type of what the source did to the target.

The gold gives actors as marked spans of the sentence (`<s>...</s>`, `<t>...</t>`), not codes, so a dyad is
right when riftwatch has an event of the gold type whose source words fall in the marked source span and
whose target words fall in the marked target span (as whole words: 'he' is not found inside 'the'); a pronoun
counts by the mention it stands for ('Ethiopia said it would allow ...': the source 'it' is Ethiopia). Errors are sorted into classes, so work goes where it
pays: `no event` (riftwatch coded nothing), `type` (events, none of the gold type), `resolution` (the gold
type, but a marked actor is not recognised as an actor at all) and `attachment` (both marked actors are
recognised, but no event of the gold type joins them as source and target).

YIELD, an older PLOVER type, covers what PLOVER 2.0 splits into CONCEDE and RETREAT; the PLV gold has no
CONCEDE or RETREAT label, so riftwatch's CONCEDE and RETREAT events are scored as YIELD.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Actor, CodedDocument, Event, Mention, MentionKind, RawDocument
from ..pipeline import code_documents
from ..settings import Settings
from ..vocabulary import PRONOUNS
from .plover import NONE, OLD_TYPES, SentenceResult, bootstrap, confusion, overall, type_scores

_MARK = re.compile(r"</?[st]>")
_WORD = re.compile(r"\w+")
_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "its", "their", "his", "her", "in", "on", "to", "for", "by"}
ERROR_CLASSES = ("no event", "type", "resolution", "attachment")


@dataclass(frozen=True, slots=True)
class PlvRecord:
    id: str
    text: str
    type: str
    source: tuple[int, int] | None  # character span of the marked source in `text`
    target: tuple[int, int] | None


def _spans(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The plain sentence and where its marked spans are."""
    text, spans, opened, position = [], {}, {}, 0
    for piece in re.split(r"(</?[st]>)", marked):
        if _MARK.fullmatch(piece):
            role = piece.strip("</>")
            if piece.startswith("</"):
                spans[role] = (opened.pop(role, position), position)
            else:
                opened[role] = position
            continue
        text.append(piece)
        position += len(piece)
    return "".join(text), spans


def load_records(path: str | Path) -> list[PlvRecord]:
    records = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            marked = row.get("marked_sentence") or ""
            kind = (row.get("gold_root") or "").strip().upper()
            if not marked or not kind:
                continue
            text, spans = _spans(marked)
            records.append(
                PlvRecord(
                    id=(row.get("sentence_id") or str(len(records))).strip(),
                    text=text,
                    type=OLD_TYPES.get(kind, kind),
                    source=spans.get("s"),
                    target=spans.get("t"),
                )
            )
    return records


def code_records(records: list[PlvRecord], settings: Settings | None = None) -> list[CodedDocument]:
    raw = [RawDocument(source_id=f"plv-{r.id}", text=r.text) for r in records]
    return list(code_documents(raw, settings or Settings(n_process=1)))


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _FUNCTION_WORDS


def _occurs_in(words: str, text: str, span: tuple[int, int]) -> bool:
    """An occurrence of `words` from the start of a word overlaps the span ('he' is not found inside 'the',
    nor 'it' inside 'military'); a name may run on into its demonym ('Sudan' in 'Sudanese'), a pronoun or
    other short word may not ('it' in 'Italy')."""
    end = r"(?!\w)" if words.lower() in PRONOUNS or len(words) < 4 else ""
    pattern = rf"(?<!\w){re.escape(words)}{end}"
    return any(m.start() < span[1] and span[0] < m.end() for m in re.finditer(pattern, text))


def _in_span(
    actor: Actor | None,
    text: str,
    span: tuple[int, int] | None,
    mentions: Sequence[Mention] = (),
) -> bool:
    """The actor's words are those of the marked span (an occurrence of its text overlaps the span), or the
    actor is a pronoun standing for a mention in the span ('Ethiopia said it would allow ...': 'it' is
    Ethiopia, so a source 'it' is right when the gold marks 'Ethiopia')."""
    if span is None:
        return True
    if actor is None or not actor.text:
        return False
    if _occurs_in(actor.text, text, span):
        return True
    if actor.text.lower() not in PRONOUNS:
        return False
    # a pronoun's actor keeps the antecedent's code and names it (`name` is its name or its words)
    return any(
        m.kind != MentionKind.PRONOUN
        and m.actor.code == actor.code
        and actor.name in (m.actor.name, m.text)
        and m.start < span[1]
        and span[0] < m.end
        for m in mentions
    )


_AS_YIELD = {"CONCEDE", "RETREAT"}


def _type(event: Event) -> str:
    return "YIELD" if event.type.value in _AS_YIELD else event.type.value


def _recognised(document: CodedDocument, span: tuple[int, int] | None) -> bool:
    """Some actor mention of riftwatch's covers part of the marked span."""
    return span is None or any(m.start < span[1] and span[0] < m.end for m in document.mentions)


def _moved(span: tuple[int, int] | None, record: PlvRecord, text: str) -> tuple[int, int] | None:
    """The marked span in the cleaned article text (cleaning may drop a dateline before it)."""
    if span is None or text == record.text:
        return span
    position = text.find(record.text[span[0] : span[1]])
    return (position, position + span[1] - span[0]) if position >= 0 else span


def score(
    records: list[PlvRecord], documents: list[CodedDocument]
) -> tuple[list[SentenceResult], Counter[str]]:
    """One result per sentence (for the PLOVER tables) and the count of each error class."""
    results, errors = [], Counter[str]()
    for record, document in zip(records, documents, strict=True):
        text = document.article.text if document.article else record.text
        source, target = _moved(record.source, record, text), _moved(record.target, record, text)
        events = [e for e in document.events if e.kind.value == "event" and e.certainty.value != "negated"]
        predicted = {_type(e) for e in events}
        gold = record.type
        of_type = [e for e in events if _type(e) == gold]
        dyad = None
        if of_type:
            mentions = document.mentions
            dyad = any(
                _in_span(e.source, text, source, mentions) and _in_span(e.target, text, target, mentions)
                for e in of_type
            )
        main = gold if of_type else (_type(max(events, key=lambda e: e.confidence)) if events else NONE)
        results.append(SentenceResult(gold, frozenset(predicted), main, dyad))
        if not events:
            errors["no event"] += 1
        elif not of_type:
            errors["type"] += 1
        elif not dyad:
            known = _recognised(document, source) and _recognised(document, target)
            errors["attachment" if known else "resolution"] += 1
    return results, errors


def evaluate(path: str | Path, settings: Settings | None = None, rounds: int = 1000) -> dict[str, Any]:
    """The PLV report, in the shape of the PLOVER report, with error classes instead of actor code scores."""
    records = load_records(path)
    if not records:
        raise ValueError("no marked sentences with a gold_root type")
    documents = code_records(records, settings)
    results, errors = score(records, documents)
    per_type = type_scores(results)
    intervals = bootstrap(results, rounds=rounds) if rounds else {}
    for label, values in per_type.items():
        values["interval"] = intervals.get(label, {})  # type: ignore[assignment]
    rows, columns, matrix = confusion(results)
    total = sum(errors.values())
    return {
        "file": str(path),
        "overall": overall(results),
        "per_type": per_type,
        "confusion": {"gold": rows, "predicted": columns, "matrix": matrix},
        "errors": {
            name: {"count": errors[name], "share": round(errors[name] / total, 3) if total else 0.0}
            for name in ERROR_CLASSES
        },
    }
