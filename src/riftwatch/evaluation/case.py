"""CASE 2021 shared task 2 snippets (Haneczok et al. 2021): ACLED sub-event types, scored as the task did.

A snippet's class is the ACLED sub-event type of its first event in text order that has one and is real
(certainty not negated, future or hypothetical); "none" when there is no such event (a miss). The score is
the F1 per class weighted by gold support over the snippets with an ACLED label. On the snippets of the five
classes ACLED does not code, the share given a violence or protest class is reported as a false-event rate.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import ACLED_EVENT_TYPE, AcledSubEvent, Certainty, CodedDocument, RawDocument
from ..pipeline import code_documents
from ..settings import Settings
from .classes import confusion, per_class, weighted_f1

NONE = "none"
UNREAL = {Certainty.NEGATED, Certainty.FUTURE, Certainty.HYPOTHETICAL}
# The task's label names and ACLED's (its README gives the same table).
CASE_TO_ACLED = {
    "ABDUCT_DISSAP": AcledSubEvent.ABDUCTION,
    "AIR_STRIKE": AcledSubEvent.AIR_DRONE_STRIKE,
    "ARMED_CLASH": AcledSubEvent.ARMED_CLASH,
    "ARREST": AcledSubEvent.ARRESTS,
    "ART_MISS_ATTACK": AcledSubEvent.SHELLING,
    "ATTACK": AcledSubEvent.ATTACK,
    "AGREEMENT": AcledSubEvent.AGREEMENT,
    "CHANGE_TO_GROUP_ACT": AcledSubEvent.CHANGE_TO_GROUP,
    "CHEM_WEAP": AcledSubEvent.CHEMICAL_WEAPON,
    "DISR_WEAP": AcledSubEvent.DISRUPTED_WEAPONS_USE,
    "FORCE_AGAINST_PROTEST": AcledSubEvent.EXCESSIVE_FORCE,
    "GOV_REGAINS_TERIT": AcledSubEvent.GOVERNMENT_REGAINS_TERRITORY,
    "GRENADE": AcledSubEvent.GRENADE,
    "HQ_ESTABLISHED": AcledSubEvent.HEADQUARTERS_ESTABLISHED,
    "MOB_VIOL": AcledSubEvent.MOB_VIOLENCE,
    "NON_STATE_ACTOR_OVERTAKES_TER": AcledSubEvent.NON_STATE_OVERTAKES_TERRITORY,
    "NON_VIOL_TERRIT_TRANSFER": AcledSubEvent.NON_VIOLENT_TRANSFER,
    "OTHER": AcledSubEvent.OTHER,
    "PEACE_PROTEST": AcledSubEvent.PEACEFUL_PROTEST,
    "PROPERTY_DISTRUCT": AcledSubEvent.LOOTING,
    "PROTEST_WITH_INTER": AcledSubEvent.PROTEST_WITH_INTERVENTION,
    "REM_EXPLOS": AcledSubEvent.REMOTE_EXPLOSIVE,
    "SEX_VIOL": AcledSubEvent.SEXUAL_VIOLENCE,
    "SUIC_BOMB": AcledSubEvent.SUICIDE_BOMB,
    "VIOL_DEMONSTR": AcledSubEvent.VIOLENT_DEMONSTRATION,
}
VIOLENT_OR_PROTEST = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
}


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    text: str
    label: str  # the task's label (ARMED_CLASH, DIPLO, ...)

    @property
    def acled(self) -> str | None:
        sub = CASE_TO_ACLED.get(self.label)
        return str(sub) if sub is not None else None


def load_gold(path: str | Path) -> list[Snippet]:
    snippets = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not {"id", "EventSnippet", "SubType"} <= set(reader.fieldnames or ()):
            raise ValueError("the header must name the columns id, EventSnippet and SubType")
        for row in reader:
            if not row.get("EventSnippet") or not row.get("SubType"):
                raise ValueError(f"row {row.get('id')!r} has no EventSnippet or SubType")
            snippets.append(Snippet(row["id"], row["EventSnippet"], row["SubType"].strip()))
    return snippets


def code_gold(snippets: Iterable[Snippet], settings: Settings | None = None) -> list[CodedDocument]:
    raw = [RawDocument(source_id=s.id, text=s.text) for s in snippets]
    return list(code_documents(raw, settings or Settings(n_process=1)))


def predicted_class(document: CodedDocument) -> str:
    """The sub-event type of the first real event in text order that has one, else "none"."""
    events = [e for e in document.events if e.acled is not None and e.certainty not in UNREAL]
    if not events:
        return NONE

    def position(event) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        offset = (
            event.evidence.sentence.find(event.evidence.trigger.split()[0]) if event.evidence.trigger else 0
        )
        return event.evidence.start, max(offset, 0)

    first = min(events, key=position)
    assert first.acled is not None
    return str(first.acled.sub_event_type)


def score(snippets: list[Snippet], coded: list[CodedDocument]) -> dict[str, Any]:
    guesses = [predicted_class(c) for c in coded]
    scored = [(s, g) for s, g in zip(snippets, guesses, strict=True) if s.acled is not None]
    truth = [s.acled or NONE for s, _ in scored]
    guess = [g for _, g in scored]
    labels = sorted(set(truth))
    table = per_class(truth, guess, labels)
    others = [(s, g) for s, g in zip(snippets, guesses, strict=True) if s.acled is None]
    false_events = [
        (s, g) for s, g in others if g != NONE and ACLED_EVENT_TYPE[AcledSubEvent(g)] in VIOLENT_OR_PROTEST
    ]
    by_label: dict[str, list[int]] = {}
    for s, g in others:
        counts = by_label.setdefault(s.label, [0, 0])
        counts[0] += 1
        counts[1] += (s, g) in false_events
    return {
        "snippets": len(snippets),
        "scored": len(scored),
        "weighted_f1": weighted_f1(table),
        "accuracy": round(sum(t == g for t, g in zip(truth, guess, strict=True)) / len(scored), 4)
        if scored
        else 0.0,
        "no_event": round(guess.count(NONE) / len(guess), 4) if guess else 0.0,
        "per_class": table,
        "confusion": confusion(truth, guess, labels),
        "false_event_rate": round(len(false_events) / len(others), 4) if others else 0.0,
        "false_events_by_label": {
            label: {"snippets": n, "violent_or_protest": k} for label, (n, k) in sorted(by_label.items())
        },
        "errors": [{"id": s.id, "gold": s.acled, "predicted": g} for s, g in scored if s.acled != g],
    }


def evaluate(path: str | Path, settings: Settings | None = None) -> dict[str, Any]:
    snippets = load_gold(path)
    return {"file": str(path), **score(snippets, code_gold(snippets, settings))}
