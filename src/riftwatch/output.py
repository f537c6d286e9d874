"""Flat renderings of coded documents (TSV) shared by the CLI and the API."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.table import Table

from .models import CodedDocument, Event

TSV_COLUMNS = [
    "source_id", "status", "reason", "article_id", "article_date", "title", "event_id", "kind", "type",
    "cameo", "goldstein", "quad_class", "source_code", "source_text", "target_code", "target_text",
    "event_date", "date_precision", "certainty", "location", "location_country", "evidence_start",
    "evidence_end", "trigger", "sentence",
]  # fmt: skip


def _cell(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())  # no tabs or line breaks inside a cell


def tsv_rows(document: CodedDocument) -> Iterator[list[str]]:
    """One row per event; a document without events (or rejected) still gets exactly one row."""
    article = document.article
    if article is None:
        reason = document.rejection.reason if document.rejection else None
        detail = document.rejection.detail if document.rejection else None
        yield [_cell(v) for v in (document.source_id, "rejected", f"{reason}: {detail}")] + [""] * (len(TSV_COLUMNS) - 3)
        return
    status = "duplicate" if article.duplicate_of else "coded"
    head = [document.source_id, status, "", article.id, article.date, article.title]
    if not document.events:
        yield [_cell(v) for v in head] + [""] * (len(TSV_COLUMNS) - len(head))
        return
    for event in document.events:
        yield [_cell(v) for v in head + _event_cells(event)]


def _event_cells(event: Event) -> list[object]:
    location = event.location
    return [
        event.id, event.kind, event.type, event.cameo, event.goldstein, event.quad_class,
        event.source.code if event.source else None, event.source.text if event.source else None,
        event.target.code if event.target else None, event.target.text if event.target else None,
        event.date, event.date_precision, event.certainty,
        location.name if location else None, location.country if location else None,
        event.evidence.start, event.evidence.end, event.evidence.trigger, event.evidence.sentence,
    ]  # fmt: skip


def print_mentions(document: CodedDocument, console: Console) -> None:
    """A table of a document's actor mentions: text, code, named actor, kind and the rule that fired."""
    if document.rejection is not None:
        console.print(f"{document.source_id}: rejected ({document.rejection.reason}: {document.rejection.detail})")
        return
    article = document.article
    date = article.date.isoformat() if article and article.date else "no date"
    table = Table(title=f"{document.source_id} ({date})", show_edge=False, title_justify="left")
    for column in ("sent.", "mention", "code", "actor", "kind", "why"):
        table.add_column(column, overflow="fold")
    for mention in document.mentions:
        kind = mention.kind + (" (modifier)" if mention.modifier else "")
        table.add_row(str(mention.sentence + 1), mention.text, mention.actor.code or "-", mention.actor.name or "",
                      kind, mention.rule)  # fmt: skip
    console.print(table)
