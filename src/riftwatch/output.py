"""Flat renderings of coded documents (TSV) shared by the CLI and the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


def places_record(document: CodedDocument) -> dict:  # type: ignore[type-arg]
    """The `riftwatch geoparse` record of one document (docs/CONTRACT.md)."""
    article = document.article
    record = {
        "article_id": article.id if article else None,
        "source_id": document.source_id,
        "places": [place.to_dict() for place in document.places],
    }
    if document.rejection is not None:
        record["rejection"] = document.rejection.to_dict()
    return record


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


def print_plover_report(report: dict, console: Console) -> None:  # type: ignore[type-arg]
    """Overall scores, a per-type table with 95% bootstrap intervals, the confusion matrix, actor scores."""
    overall = report["overall"]
    console.print(f"[bold]PLOVER gold: {report['file']}[/] — {overall['sentences']} sentences", highlight=False)
    console.print(
        f"type recall {overall['type_recall']:.3f} · type precision {overall['type_precision']:.3f} · "
        f"dyad accuracy {overall['dyad_accuracy']:.3f} · sentences with no event {overall['no_event']:.3f}",
        highlight=False,
    )
    table = Table(title="Per type (sentence level; [95% bootstrap interval])", show_edge=False)
    for column in ("type", "gold", "pred.", "precision", "recall", "F1", "dyad acc."):
        table.add_column(column, justify="right" if column != "type" else "left")
    for label, values in report["per_type"].items():
        interval = values.get("interval") or {}

        def cell(metric: str, values=values, interval=interval) -> str:  # type: ignore[no-untyped-def]
            low_high = interval.get(metric)
            suffix = f" [{low_high[0]:.2f}-{low_high[1]:.2f}]" if low_high else ""
            return f"{values[metric]:.2f}{suffix}"

        table.add_row(label, str(values["gold"]), str(values["predicted"]), cell("precision"), cell("recall"),
                      cell("f1"), f"{values['dyad_accuracy']:.2f}")  # fmt: skip
    console.print(table)
    confusion = report["confusion"]
    matrix = Table(title="Confusion matrix (rows: gold; columns: riftwatch's best reading)", show_edge=False)
    matrix.add_column("gold \\ pred.")
    for column in confusion["predicted"]:
        matrix.add_column(column[:4], justify="right")
    for label, row in zip(confusion["gold"], confusion["matrix"], strict=True):
        matrix.add_row(label, *[str(n) if n else "." for n in row])
    console.print(matrix)
    for role, values in report["actors"].items():
        console.print(f"actors ({role}): " + ", ".join(f"{k} {v}" for k, v in values.items()), highlight=False)


def print_merge_explanation(report: dict[str, Any], console: Console) -> None:
    """`riftwatch explain`: the merged event, each mention with why it belongs, and what kept near ones apart."""
    row = report["merged"]
    place = f" at {row['location_name']}" if row["location_name"] else ""
    console.print(
        f"[bold]{row['id']}[/] {row['type']} {row['source_key'] or '?'} -> {row['target_key'] or '?'} on "
        f"{row['date']} ({row['date_precision']}){place}: {row['num_mentions']} mentions, {row['num_articles']} "
        f"articles, {row['num_sources']} outlets, corroboration {row['corroboration']}",
        highlight=False,
    )
    figures = [f"{name} {row[f'{name}_reported']}" for name in ("dead", "injured", "size") if row[f"{name}_reported"]]
    if figures:
        console.print("figures reported: " + "; ".join(figures), highlight=False)
    table = Table("event", "outlet", "published", "type", "certainty", "date", "why merged", "sentence", show_lines=True)
    for m in report["mentions"]:
        speaker = m["attribution"]["speaker"] or ("anonymous" if m["attribution"]["anonymous"] else "")
        table.add_row(m["event_id"], m["outlet"], str(m["published"] or ""), m["type"],
                      m["certainty"] + (f" ({speaker})" if speaker else ""), f"{m['date']} ({m['date_precision']})",
                      m["why"], f"[{m['start']}:{m['end']}] {m['sentence']}")  # fmt: skip
    console.print(table)
    if not report["near"]:
        console.print("no near candidate kept apart", highlight=False)
    for near in report["near"]:
        console.print(
            f"kept apart from {near['id']} ({near['type']} {near['source'] or '?'} -> {near['target'] or '?'} on "
            f"{near['date']}, {near['num_mentions']} mentions): " + "; ".join(near["kept_apart_by"]),
            highlight=False,
        )
