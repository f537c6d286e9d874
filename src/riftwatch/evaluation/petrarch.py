"""PETRARCH's validation suite: its records, coded with its own actor and agent dictionaries (fictional
countries) through riftwatch's importer. What counts is whether riftwatch finds the expected source and
target; the suite's event codes follow its own verb file (mostly WEIS) and are not chased."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..models import CodedDocument, RawDocument
from ..pipeline import code_documents
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class PetrarchRecord:
    id: str
    date: dt.date | None
    text: str
    codings: tuple[tuple[str, str, str], ...]  # (source, target, event code)
    no_events: bool


def load_records(folder: str | Path) -> list[PetrarchRecord]:
    parser = etree.XMLParser(recover=True, remove_comments=True)
    tree = etree.parse(str(Path(folder) / "PETR.UnitTest.records.xml"), parser)
    records = []
    for sentence in tree.iter("Sentence"):
        text_node = sentence.find("Text")
        if text_node is None or not (text_node.text or "").strip():
            continue
        raw_date = sentence.get("date") or ""
        try:
            date = dt.datetime.strptime(raw_date, "%Y%m%d").date()
        except ValueError:
            date = None
        codings, no_events = [], False
        for coding in sentence.iter("EventCoding"):
            if coding.get("noevents", "").lower() == "true":
                no_events = True
                continue
            if coding.get("sourcecode") and coding.get("targetcode"):
                codings.append(
                    (coding.get("sourcecode", ""), coding.get("targetcode", ""), coding.get("eventcode", ""))
                )
        records.append(
            PetrarchRecord(
                sentence.get("id", ""),
                date,
                " ".join(text_node.text.split()),
                tuple(codings),
                no_events or not codings,
            )
        )
    return records


def _code(actor: Any) -> str:
    return f"{actor.country or ''}{actor.sector or ''}" if actor is not None else ""


def evaluate(folder: str | Path) -> dict[str, Any]:
    folder = Path(folder)
    records = load_records(folder)
    settings = Settings(
        n_process=1,
        shipped_actors=False,
        dictionaries=(str(folder / "PETR.Validate.actors.txt"), str(folder / "PETR.Validate.agents.txt")),
    )
    raw = [
        RawDocument(source_id=r.id, text=r.text, date=r.date.isoformat() if r.date else None) for r in records
    ]
    documents: list[CodedDocument] = list(code_documents(raw, settings))
    expected = found = records_all = records_with_codings = quiet = quiet_right = events_made = 0
    misses = []
    for record, document in zip(records, documents, strict=True):
        made = {
            (_code(e.source)[:6], _code(e.target)[:6]) for e in document.events if e.kind.value == "event"
        }
        events_made += len(made)
        if record.no_events:
            quiet += 1
            quiet_right += not made
            continue
        records_with_codings += 1
        hits = sum((source[:6].upper(), target[:6].upper()) in made for source, target, _ in record.codings)
        expected += len(record.codings)
        found += hits
        records_all += hits == len(record.codings)
        if hits < len(record.codings):
            misses.append((record.id, record.codings, sorted(made)))
    return {
        "records": len(records),
        "records_with_events": records_with_codings,
        "expected_dyads": expected,
        "dyads_found": found,
        "dyad_recall": round(found / expected, 3) if expected else 0.0,
        "records_fully_right": records_all,
        "records_fully_right_share": round(records_all / records_with_codings, 3)
        if records_with_codings
        else 0.0,
        "no_event_records": quiet,
        "no_event_records_kept_quiet": quiet_right,
        "events_made": events_made,
        "misses": misses,
    }
