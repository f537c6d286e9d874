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
from ..models import CodedDocument, Mention, RawDocument
from ..pipeline import code_documents
from ..settings import Settings

# Old PLOVER names used by the gold file, and what they are now.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
INTERNATIONAL = {"IGO", "NGO", "IMG"}


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
        records.append(GoldRecord(
            id=raw["id"], text=str(raw["text"]).strip().strip("{}").strip(), date=date,
            type=OLD_TYPES.get(kind, kind), sources=_actors(raw.get("source")), targets=_actors(raw.get("target")),
            raw=raw,
        ))  # fmt: skip
    return records


def code_gold(records: Iterable[GoldRecord], settings: Settings | None = None) -> list[CodedDocument]:
    """Code every gold sentence as a one-sentence article of its date."""
    raw = [RawDocument(source_id=r.id, text=r.text, date=r.date.isoformat() if r.date else None) for r in records]
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
        precision = self.predicted_correct / self.predicted if self.predicted else 0.0
        return {
            "gold_actors": self.gold,
            "recall": round(recall, 3),
            "found_any_mention": round(self.found / self.gold, 3) if self.gold else 0.0,
            "code_accuracy_when_found": round(self.correct / self.found, 3) if self.found else 0.0,
            "predicted_mentions": self.predicted,
            "precision": round(precision, 3),
        }


def score_actors(records: list[GoldRecord], documents: list[CodedDocument]) -> dict[str, ActorScores]:
    """Per role (source, target, all): does riftwatch resolve the gold actors to the gold codes?

    Recall: a gold actor counts as found when a riftwatch mention overlaps its words, and as correct when
    that mention's code matches. Precision: riftwatch's coded mentions in the sentence that match a gold
    source or target actor (mentions of other actors the gold does not code count against it)."""
    scores = {"source": ActorScores(), "target": ActorScores(), "all": ActorScores()}
    for record, document in zip(records, documents, strict=True):
        mentions = [m for m in document.mentions if not m.modifier and m.kind != "pronoun" and m.actor.code]
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
