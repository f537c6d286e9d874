"""The PLOVER gold-standard records (PLOVER_GSR_*.json): loading, and scoring riftwatch's actors and events.

Gold actor codes are normalised the way riftwatch writes codes: old CAMEO country codes become ISO
(JAP -> JPN), international codes (IGO, NGO, IMG) become a sector with no country.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import legacy_codes
from ..models import CodedDocument, Mention, MentionKind, RawDocument
from ..pipeline import code_documents
from ..settings import Settings

# Old PLOVER names used by the gold file, and what they are now.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
INTERNATIONAL = {"IGO", "NGO", "IMG"}
# Older CAMEO sector codes in the gold file and riftwatch's codes for them (actors/data/README.md, Sectors):
# civilians, journalists, unaligned armed forces.
OLD_SECTORS = {"CIV": "CVL", "JRN": "MED", "UAF": "REB"}


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    country: str | None
    sector: str | None

    def matches(self, mention: Mention) -> bool:
        """Same country (or the same international sector for IGO/NGO/IMG actors); the sector only when the
        gold record gives one."""
        if self.country is None:
            return mention.actor.country is None and mention.actor.sector == self.sector
        if mention.actor.country != self.country:
            return False
        return self.sector is None or mention.actor.sector == self.sector


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: dt.date | None
    type: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)


def normalise_code(code: str, sector: str | None = None) -> tuple[str | None, str | None]:
    code = (code or "").strip().upper()
    head = code[:3]
    sector = (sector or code[3:6] or "").strip().upper()[:3]
    sector = sector if sector.isalpha() else None  # '***' marks an unknown sector in the gold file
    sector = OLD_SECTORS.get(sector, sector) if sector else None
    if head in INTERNATIONAL:
        return None, head
    return legacy_codes().get(head, head) or None, sector


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()
    found = []
    for item in value:
        if isinstance(item, dict) and item.get("code"):
            country, sector = normalise_code(item["code"], item.get("sector"))
            found.append(GoldActor(" ".join(str(item.get("actorText", "")).split()), country, sector))
    return tuple(found)


def load_gold(path: str | Path) -> list[GoldRecord]:
    records = []
    for raw in json.loads(Path(path).read_text(encoding="utf-8")):
        if raw.get("event") in (None, "DOCUMENT") or not raw.get("text"):
            continue
        try:
            date = dt.date.fromisoformat(raw["date"]) if raw.get("date") else None
        except ValueError:
            date = None
        kind = str(raw["event"]).upper()
        records.append(
            GoldRecord(
                id=raw["id"],
                text=str(raw["text"]).strip().strip("{}").strip(),
                date=date,
                type=OLD_TYPES.get(kind, kind),
                sources=_actors(raw.get("source")),
                targets=_actors(raw.get("target")),
                raw=raw,
            )
        )
    return records


def code_gold(records: Iterable[GoldRecord], settings: Settings | None = None) -> list[CodedDocument]:
    """Code every gold sentence as a one-sentence article of its date."""
    raw = [
        RawDocument(source_id=r.id, text=r.text, date=r.date.isoformat() if r.date else None) for r in records
    ]
    return list(code_documents(raw, settings or Settings(n_process=1)))


def _span(text: str, actor_text: str) -> tuple[int, int] | None:
    words = [re.escape(w) for w in actor_text.replace("..", " ").split() if w]
    if not words:
        return None
    match = re.search(r"\s+".join(words), text)
    return (match.start(), match.end()) if match else None


@dataclass(slots=True)
class ActorScores:
    gold: int = 0
    found: int = 0  # gold actors with an overlapping mention
    correct: int = 0  # ... whose code matches
    predicted: int = 0  # coded mentions (not modifiers, not pronouns) in gold sentences
    predicted_correct: int = 0  # ... that match some gold actor of their sentence
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        recall = self.correct / self.gold if self.gold else 0.0
        result: dict[str, Any] = {
            "gold_actors": self.gold,
            "recall": round(recall, 3),
            "found_any_mention": round(self.found / self.gold, 3) if self.gold else 0.0,
            "code_accuracy_when_found": round(self.correct / self.found, 3) if self.found else 0.0,
        }
        if self.predicted:  # mention precision is measured over all gold actors of a sentence, not per role
            result["predicted_mentions"] = self.predicted
            result["precision"] = round(self.predicted_correct / self.predicted, 3)
        return result


def score_actors(records: list[GoldRecord], documents: list[CodedDocument]) -> dict[str, ActorScores]:
    """Per role (source, target, all): does riftwatch resolve the gold actors to the gold codes?

    Recall: a gold actor counts as found when a riftwatch mention overlaps its words, and as correct when
    that mention's code matches. Precision: riftwatch's coded mentions in the sentence that match a gold
    source or target actor (mentions of other actors the gold does not code count against it)."""
    scores = {"source": ActorScores(), "target": ActorScores(), "all": ActorScores()}
    for record, document in zip(records, documents, strict=True):
        mentions = [
            m for m in document.mentions if not m.modifier and m.kind != MentionKind.PRONOUN and m.actor.code
        ]
        gold_all = record.sources + record.targets
        for role, actors in (("source", record.sources), ("target", record.targets)):
            for actor in actors:
                for bucket in (scores[role], scores["all"]):
                    bucket.gold += 1
                span = _span(record.text, actor.text)
                overlapping = [m for m in mentions if span and m.start < span[1] and span[0] < m.end]
                if not overlapping:
                    overlapping = [m for m in mentions if actor.matches(m)] if span is None else []
                if overlapping:
                    for bucket in (scores[role], scores["all"]):
                        bucket.found += 1
                    if any(actor.matches(m) for m in overlapping):
                        for bucket in (scores[role], scores["all"]):
                            bucket.correct += 1
                    else:
                        scores["all"].errors.append((record.id, actor.text, overlapping[0].actor.code))
                else:
                    scores["all"].errors.append((record.id, actor.text, "-"))
        scores["all"].predicted += len(mentions)
        scores["all"].predicted_correct += sum(any(a.matches(m) for a in gold_all) for m in mentions)
    return scores


def score_event_roles(
    records: list[GoldRecord], documents: list[CodedDocument]
) -> dict[str, dict[str, float]]:
    """Sources and targets of riftwatch's events against the gold source and target actors, per role:
    precision (event actors that match a gold actor of that role) and recall (gold actors some event has)."""
    result = {}
    for role in ("source", "target"):
        predicted = correct = gold = found = 0
        for record, document in zip(records, documents, strict=True):
            golds = record.sources if role == "source" else record.targets
            actors = [getattr(e, role) for e in document.events if e.kind.value == "event"]
            probes = [
                Mention(start=0, end=0, text=a.text, actor=a, kind="", rule="", sentence=0)
                for a in actors
                if a is not None and a.code
            ]
            predicted += len(probes)
            correct += sum(any(g.matches(p) for g in golds) for p in probes)
            gold += len(golds)
            found += sum(any(g.matches(p) for p in probes) for g in golds)
        result[role] = {
            "gold": gold,
            "predicted": predicted,
            "precision": round(correct / predicted, 3) if predicted else 0.0,
            "recall": round(found / gold, 3) if gold else 0.0,
        }
    return result


# --- events ------------------------------------------------------------------------------------------------

NONE = "NONE"


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """What riftwatch made of one gold sentence."""

    gold_type: str
    predicted_types: frozenset[str]
    main_type: str  # the most confident event's type, or NONE
    dyad_correct: bool | None  # None when riftwatch did not find the gold type


def _dyad_correct(record: GoldRecord, document: CodedDocument) -> bool | None:
    events = [
        e
        for e in document.events
        if e.kind.value == "event" and e.type.value == record.type and not e.background
    ]
    if not events:
        return None

    def fits(gold: tuple[GoldActor, ...], actor) -> bool:  # type: ignore[no-untyped-def]
        if not gold:
            return True
        if actor is None:
            return False
        probe = Mention(start=0, end=0, text=actor.text, actor=actor, kind="", rule="", sentence=0)
        return any(g.matches(probe) for g in gold)

    return any(fits(record.sources, e.source) and fits(record.targets, e.target) for e in events)


def sentence_results(records: list[GoldRecord], documents: list[CodedDocument]) -> list[SentenceResult]:
    results = []
    for record, document in zip(records, documents, strict=True):
        # background events (an earlier act the sentence recalls: "after two days of fighting") are not the
        # sentence's news, which is what the gold codes
        events = [
            e
            for e in document.events
            if e.kind.value == "event" and e.certainty.value != "negated" and not e.background
        ]
        types = frozenset(e.type.value for e in events)
        main = max(events, key=lambda e: e.confidence).type.value if events else NONE
        if record.type in types:
            main = record.type  # the confusion matrix shows the best reading, not an arbitrary one
        results.append(SentenceResult(record.type, types, main, _dyad_correct(record, document)))
    return results


def type_scores(results: list[SentenceResult]) -> dict[str, dict[str, float]]:
    """Per type: sentence-level precision, recall, F1 (a type is predicted when any event has it)."""
    labels = sorted({r.gold_type for r in results} | {t for r in results for t in r.predicted_types})
    table: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for r in results if r.gold_type == label and label in r.predicted_types)
        fn = sum(1 for r in results if r.gold_type == label and label not in r.predicted_types)
        fp = sum(1 for r in results if r.gold_type != label and label in r.predicted_types)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        dyads = [r.dyad_correct for r in results if r.gold_type == label and r.dyad_correct is not None]
        table[label] = {
            "gold": tp + fn,
            "predicted": tp + fp,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "dyad_accuracy": (sum(dyads) / len(dyads)) if dyads else 0.0,
        }
    return table


def overall(results: list[SentenceResult]) -> dict[str, float]:
    gold = len(results)
    found = sum(1 for r in results if r.gold_type in r.predicted_types)
    predicted = sum(len(r.predicted_types) for r in results)
    dyads = [r.dyad_correct for r in results if r.dyad_correct is not None]
    return {
        "sentences": gold,
        "type_recall": found / gold if gold else 0.0,
        "type_precision": found / predicted if predicted else 0.0,
        "dyad_accuracy": sum(dyads) / len(dyads) if dyads else 0.0,
        "no_event": sum(1 for r in results if not r.predicted_types) / gold if gold else 0.0,
    }


def bootstrap(
    results: list[SentenceResult], rounds: int = 1000, seed: int = 7
) -> dict[str, dict[str, tuple[float, float]]]:
    """95% intervals of per-type precision, recall and F1 by resampling sentences (several types have only a
    handful of gold sentences: read the intervals before the point values)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    samples: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        picked = [results[i] for i in rng.integers(0, len(results), len(results))]
        for label, values in type_scores(picked).items():
            bucket = samples.setdefault(label, {"precision": [], "recall": [], "f1": []})
            for metric in bucket:
                bucket[metric].append(values[metric])
    return {
        label: {
            metric: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
            for metric, v in metrics.items()
        }
        for label, metrics in samples.items()
    }


def confusion(results: list[SentenceResult]) -> tuple[list[str], list[str], list[list[int]]]:
    rows = sorted({r.gold_type for r in results})
    columns = sorted({r.main_type for r in results} - {NONE}) + [NONE]
    matrix = [
        [sum(1 for r in results if r.gold_type == g and r.main_type == p) for p in columns] for g in rows
    ]
    return rows, columns, matrix


def evaluate(path: str | Path, settings: Settings | None = None, rounds: int = 1000) -> dict[str, Any]:
    """The whole PLOVER report: overall scores, per-type scores with bootstrap intervals, the confusion
    matrix, and actor scores."""
    records = load_gold(path)
    documents = code_gold(records, settings)
    results = sentence_results(records, documents)
    intervals = bootstrap(results, rounds=rounds) if rounds else {}
    per_type = type_scores(results)
    for label, values in per_type.items():
        values["interval"] = intervals.get(label, {})  # type: ignore[assignment]
    rows, columns, matrix = confusion(results)
    actors = {role: scores.to_dict() for role, scores in score_actors(records, documents).items()}
    actors.update({f"event_{role}": values for role, values in score_event_roles(records, documents).items()})
    return {
        "file": str(path),
        "overall": overall(results),
        "per_type": per_type,
        "confusion": {"gold": rows, "predicted": columns, "matrix": matrix},
        "actors": actors,
    }
