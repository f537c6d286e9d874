"""IndiaPoliceEvents (Halterman et al. 2021): what the police did in a document, scored per question.

The scoring rule is the one in the data's README: a document answers ARREST when riftwatch finds a COERCE
event (mode arrest, or no mode) whose source has sector COP, and FORCE when it finds an ASSAULT event whose
source has sector COP; in both cases the event's certainty must not be negated, future or hypothetical.
Precision, recall and F1 are per question over the documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Certainty, CodedDocument, Event, EventType, RawDocument
from ..pipeline import code_documents
from ..settings import Settings
from .classes import confusion, per_class

QUESTIONS = ("ARREST", "FORCE")
UNREAL = {Certainty.NEGATED, Certainty.FUTURE, Certainty.HYPOTHETICAL}


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    labels: frozenset[str]


def load_gold(path: str | Path) -> list[GoldDocument]:
    documents = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            if "doc_text" not in raw or "doc_labels" not in raw:
                raise ValueError(f"line {number} has no doc_text or doc_labels")
            documents.append(
                GoldDocument(
                    str(raw.get("doc_id", number)), str(raw["doc_text"]), frozenset(raw["doc_labels"])
                )
            )
    return documents


def code_gold(documents: Iterable[GoldDocument], settings: Settings | None = None) -> list[CodedDocument]:
    raw = [RawDocument(source_id=d.id, text=d.text) for d in documents]
    return list(code_documents(raw, settings or Settings(n_process=1)))


def _police(event: Event) -> bool:
    return event.source is not None and event.source.sector == "COP" and event.certainty not in UNREAL


def answers(event: Event) -> set[str]:
    """The questions this one event answers yes."""
    found = set()
    if _police(event) and event.type is EventType.COERCE and event.mode in (None, "arrest"):
        found.add("ARREST")
    if _police(event) and event.type is EventType.ASSAULT:
        found.add("FORCE")
    return found


def document_answers(document: CodedDocument) -> set[str]:
    return {question for event in document.events for question in answers(event)}


def score(gold: list[GoldDocument], coded: list[CodedDocument]) -> dict[str, Any]:
    """Per question: P/R/F1 of the 'yes' answer with support, and a 2x2 confusion table; the documents
    riftwatch got wrong, with the evidence of its false answers, for error analysis."""
    report: dict[str, Any] = {"documents": len(gold), "questions": {}, "errors": {}}
    for question in QUESTIONS:
        truth = ["yes" if question in g.labels else "no" for g in gold]
        guess = ["yes" if question in document_answers(c) else "no" for c in coded]
        row = per_class(truth, guess, ["yes"])["yes"]
        report["questions"][question] = {**row, "confusion": confusion(truth, guess, ["yes", "no"])}
        report["errors"][question] = {
            "false_positive": [
                {
                    "id": g.id,
                    "evidence": [e.evidence.sentence for e in c.events if question in answers(e)][:3],
                }
                for g, c, t, p in zip(gold, coded, truth, guess, strict=True)
                if t == "no" and p == "yes"
            ],
            "false_negative": [
                g.id for g, t, p in zip(gold, truth, guess, strict=True) if t == "yes" and p == "no"
            ],
        }
    return report


def evaluate(path: str | Path, settings: Settings | None = None) -> dict[str, Any]:
    gold = load_gold(path)
    report = score(gold, code_gold(gold, settings))
    return {"file": str(path), **report}
