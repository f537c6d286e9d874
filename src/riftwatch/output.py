"""Flat renderings of coded documents (TSV) shared by the CLI and the API."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from .errors import ConfigError
from .models import CodedDocument, Event, Kind, json_line
from .relations.detect import Direction

TSV_COLUMNS = [
    "source_id",
    "status",
    "reason",
    "article_id",
    "article_date",
    "title",
    "event_id",
    "kind",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source_code",
    "source_text",
    "target_code",
    "target_text",
    "event_date",
    "date_precision",
    "certainty",
    "location",
    "location_country",
    "evidence_start",
    "evidence_end",
    "trigger",
    "sentence",
    "mode",
    "acled_event_type",
    "acled_sub_event_type",
    "background",
]


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
        yield [_cell(v) for v in (document.source_id, "rejected", f"{reason}: {detail}")] + [""] * (
            len(TSV_COLUMNS) - 3
        )
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
        event.id,
        event.kind,
        event.type,
        event.cameo,
        event.goldstein,
        event.quad_class,
        event.source.code if event.source else None,
        event.source.text if event.source else None,
        event.target.code if event.target else None,
        event.target.text if event.target else None,
        event.date,
        event.date_precision,
        event.certainty,
        location.name if location else None,
        location.country if location else None,
        event.evidence.start,
        event.evidence.end,
        event.evidence.trigger,
        event.evidence.sentence,
        event.mode,
        event.acled.event_type if event.acled else None,
        event.acled.sub_event_type if event.acled else None,
        "true" if event.background else "false",
    ]


def write_documents(documents: Iterable[CodedDocument], fmt: str, out: TextIO) -> None:
    """Coded documents on `out` as `jsonl` (one record a line), `json` (one array) or `tsv` (one row per
    event, TSV_COLUMNS)."""
    if fmt == "jsonl":
        for document in documents:
            out.write(json_line(document.to_dict()) + "\n")
    elif fmt == "json":
        out.write("[")
        for index, document in enumerate(documents):
            out.write(("," if index else "") + "\n" + json_line(document.to_dict()))
        out.write("\n]\n")
    elif fmt == "tsv":
        out.write("\t".join(TSV_COLUMNS) + "\n")
        for document in documents:
            for row in tsv_rows(document):
                out.write("\t".join(row) + "\n")
    else:
        raise ConfigError(f"unknown format {fmt!r}: choose jsonl, json or tsv")


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
        console.print(
            f"{document.source_id}: rejected ({document.rejection.reason}: {document.rejection.detail})"
        )
        return
    article = document.article
    date = article.date.isoformat() if article and article.date else "no date"
    table = Table(title=f"{document.source_id} ({date})", show_edge=False, title_justify="left")
    for column in ("sent.", "mention", "code", "actor", "kind", "why"):
        table.add_column(column, overflow="fold")
    for mention in document.mentions:
        kind = mention.kind + (" (modifier)" if mention.modifier else "")
        table.add_row(
            str(mention.sentence + 1),
            mention.text,
            mention.actor.code or "-",
            mention.actor.name or "",
            kind,
            mention.rule,
        )
    console.print(table)


def print_plover_report(report: dict, console: Console) -> None:  # type: ignore[type-arg]
    """Overall scores, a per-type table with 95% bootstrap intervals, the confusion matrix, actor scores."""
    overall = report["overall"]
    console.print(f"[bold]Gold: {report['file']}[/] — {overall['sentences']} sentences", highlight=False)
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

        table.add_row(
            label,
            str(values["gold"]),
            str(values["predicted"]),
            cell("precision"),
            cell("recall"),
            cell("f1"),
            f"{values['dyad_accuracy']:.2f}",
        )
    console.print(table)
    _confusion_table(
        "Confusion matrix (rows: gold; columns: riftwatch's best reading)",
        report["confusion"],
        console,
        width=4,
    )
    for role, values in report.get("actors", {}).items():
        console.print(
            f"actors ({role}): " + ", ".join(f"{k} {v}" for k, v in values.items()), highlight=False
        )
    errors = report.get("errors")
    if errors:
        console.print(
            "errors by class: "
            + ", ".join(f"{name} {v['count']} ({v['share']:.0%})" for name, v in errors.items()),
            highlight=False,
        )


def _class_table(title: str, rows: dict, console: Console) -> None:  # type: ignore[type-arg]
    table = Table(title=title, show_edge=False)
    for column in ("class", "support", "pred.", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for label, values in rows.items():
        table.add_row(
            label,
            str(values["support"]),
            str(values["predicted"]),
            f"{values['precision']:.3f}",
            f"{values['recall']:.3f}",
            f"{values['f1']:.3f}",
        )
    console.print(table)


def _confusion_table(title: str, confusion: dict, console: Console, width: int = 6) -> None:  # type: ignore[type-arg]
    """The matrix when the terminal is wide enough for it; otherwise its largest off-diagonal cells as a list
    (a squeezed matrix with wrapped headers cannot be read). --json always has the whole matrix."""
    gold, predicted, cells = confusion["gold"], confusion["predicted"], confusion["matrix"]
    label_width = max([len("gold \\ pred."), *(len(label) for label in gold)])
    if label_width + 2 + len(predicted) * (width + 2) <= console.width:
        matrix = Table(title=title, show_edge=False)
        matrix.add_column("gold \\ pred.")
        for column in predicted:
            matrix.add_column(column[:width], justify="right")
        for label, row in zip(gold, cells, strict=True):
            matrix.add_row(label, *[str(n) if n else "." for n in row])
        console.print(matrix)
        return
    mixed = sorted(
        (
            (n, truth, guess)
            for truth, row in zip(gold, cells, strict=True)
            for guess, n in zip(predicted, row, strict=True)
            if n and truth != guess
        ),
        key=lambda cell: (-cell[0], cell[1], cell[2]),
    )
    console.print(
        f"{title}: the {min(len(mixed), 20)} largest confusions (the whole matrix needs a wider terminal, "
        "e.g. COLUMNS=160, or --json)",
        highlight=False,
    )
    table = Table(show_edge=False)
    for column in ("gold", "riftwatch", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for n, truth, guess in mixed[:20]:
        table.add_row(truth, guess, str(n))
    console.print(table)


def report_json(report: dict[str, Any]) -> str:
    """A scoring report as indented JSON (dates and other values as text)."""
    return json.dumps(report, indent=2, default=str)


def print_petrarch_report(report: dict[str, Any], console: Console) -> None:
    """PETRARCH validation scores, one per line (the misses are in the JSON report)."""
    for key, value in report.items():
        if key != "misses":
            console.print(f"{key:>28}: {value}", highlight=False)


def print_police_report(report: dict, console: Console) -> None:  # type: ignore[type-arg]
    """Per question (ARREST, FORCE): P/R/F1 of 'yes' with support, and the 2x2 confusion table."""
    console.print(
        f"[bold]IndiaPoliceEvents: {report['file']}[/] — {report['documents']} documents", highlight=False
    )
    _class_table("Per question (document level, class 'yes')", report["questions"], console)
    for question, values in report["questions"].items():
        _confusion_table(f"{question} (rows: gold; columns: riftwatch)", values["confusion"], console)


def print_case_report(report: dict, console: Console) -> None:  # type: ignore[type-arg]
    """Weighted F1, per ACLED sub-event type P/R/F1 with support, the confusion matrix, false-event rate."""
    console.print(
        f"[bold]CASE 2021: {report['file']}[/] — {report['scored']} of {report['snippets']} snippets "
        f"with an ACLED label",
        highlight=False,
    )
    console.print(
        f"weighted F1 {report['weighted_f1']:.3f} · accuracy {report['accuracy']:.3f} · no event "
        f"{report['no_event']:.3f} · false-event rate on non-ACLED snippets {report['false_event_rate']:.3f}",
        highlight=False,
    )
    _class_table("Per ACLED sub-event type", report["per_class"], console)
    _confusion_table(
        "Confusion matrix (rows: gold; columns: riftwatch)", report["confusion"], console, width=5
    )


# --- relations ---------------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    """A JSON-ready cell: dates as ISO strings, NaN as null, numpy scalars as Python ones."""
    import math

    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 19 and text[10] == "T" else text
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def frame_records(frame) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict(orient="records")]


def write_frame(frame, fmt: str, out) -> None:  # type: ignore[no-untyped-def]
    """A frame as JSON lines or CSV (lists joined with `;`)."""
    import csv

    records = frame_records(frame)
    if fmt == "jsonl":
        for record in records:
            out.write(json_line(record) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for record in records:
        writer.writerow(
            [
                ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                for v in record.values()
            ]
        )


def print_dyad(series, events, console: Console, *, title: str) -> None:  # type: ignore[no-untyped-def]
    """The series, one row per period, then the events behind each point (stances marked, not counted)."""
    table = Table(title=title, show_edge=False, title_justify="left")
    for column in (
        "period",
        "events",
        "coop.",
        "confl.",
        "Goldstein",
        "balance",
        "per art.",
        "articles",
        "stances",
    ):
        table.add_column(column, justify="left" if column == "period" else "right", no_wrap=True)
    for row in series.itertuples(index=False):
        balance = "" if row.balance != row.balance else f"{row.balance:+.2f}"
        per_article = "" if row.per_article != row.per_article else f"{row.per_article:+.2f}"
        table.add_row(
            str(row.period.date()),
            str(row.events),
            f"{row.q1 + row.q2:.1f}",
            f"{row.q3 + row.q4:.1f}",
            f"{row.goldstein_sum:+.1f}",
            balance,
            per_article,
            str(row.articles),
            str(row.stances),
        )
    console.print(table)
    if events.empty:
        return
    behind = Table(title="The events behind each point", show_edge=False, title_justify="left")
    for column in ("period", "date", "who", "type", "weight", "G"):
        behind.add_column(column, no_wrap=True, justify="right" if column in ("weight", "G") else "left")
    behind.add_column("evidence", overflow="fold", min_width=20, ratio=1)
    for event in events.sort_values(["period", "date"]).itertuples(index=False):
        weight = "stance" if event.kind == Kind.STANCE else f"{event.weight:.2f}"
        sentence = " ".join(str(getattr(event, "evidence_sentence", "") or "").split())
        behind.add_row(
            str(event.period.date()),
            str(event.date.date()),
            f"{event.actor}→{event.recipient}",
            str(event.type),
            weight,
            f"{event.goldstein:+.1f}",
            sentence,
        )
    console.print(behind)


def print_alerts(alerts, console: Console, *, title: str = "Rifts and rapprochements") -> None:  # type: ignore[no-untyped-def]
    """One row per alert. Columns every alert leaves empty (a third party, for alerts that are not splits)
    are left out, so that the table fits an 80-column terminal."""
    if not alerts:
        console.print(f"{title}: none.")
        return
    columns = ["dyad", "direction", "kind", "third", "from", "seen", "before", "after", "score", "events"]
    if not any(alert.third for alert in alerts):
        columns.remove("third")
    numeric = ("before", "after", "score", "events")
    table = Table(
        title=title,
        show_edge=False,
        title_justify="left",
        box=None,
        padding=(0, 1, 0, 0),
        header_style="bold underline",
    )
    for column in columns:
        table.add_column(column, justify="right" if column in numeric else "left", no_wrap=True)
    for alert in alerts:
        colour = "red" if alert.direction == Direction.RIFT else "green"
        cells = {
            "dyad": f"{alert.source}–{alert.target}",
            "direction": f"[{colour}]{alert.direction}[/]",
            "kind": str(alert.kind),
            "third": alert.third or "",
            "from": alert.date,
            "seen": alert.detected_on,
            "before": f"{alert.before:+.2f}",
            "after": f"{alert.after:+.2f}",
            "score": f"{alert.score:.1f}",
            "events": str(len(alert.events)),
        }
        table.add_row(*[cells[column] for column in columns])
    console.print(table)


def print_network(edges, console: Console, *, title: str) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=title, show_edge=False, title_justify="left")
    columns = [c for c in edges.columns]
    for column in columns:
        table.add_column(column)
    for record in frame_records(edges):
        table.add_row(*["" if v is None else str(v) for v in record.values()])
    console.print(table)
    triangles = edges.attrs.get("triangles")
    if triangles:
        console.print(
            f"triangles: balanced {triangles['balanced']}, unbalanced {triangles['unbalanced']}; "
            f"edges the blocs do not explain: {edges.attrs.get('frustration', 0)}",
            highlight=False,
        )


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
    figures = [
        f"{name} {row[f'{name}_reported']}" for name in ("dead", "injured", "size") if row[f"{name}_reported"]
    ]
    if figures:
        console.print("figures reported: " + "; ".join(figures), highlight=False)
    table = Table(
        "event", "outlet", "published", "type", "certainty", "date", "why merged", "sentence", show_lines=True
    )
    for m in report["mentions"]:
        speaker = m["attribution"]["speaker"] or ("anonymous" if m["attribution"]["anonymous"] else "")
        table.add_row(
            m["event_id"],
            m["outlet"],
            str(m["published"] or ""),
            m["type"],
            m["certainty"] + (f" ({speaker})" if speaker else ""),
            f"{m['date']} ({m['date_precision']})",
            m["why"],
            f"[{m['start']}:{m['end']}] {m['sentence']}",
        )
    console.print(table)
    if not report["near"]:
        console.print("no near candidate kept apart", highlight=False)
    for near in report["near"]:
        console.print(
            f"kept apart from {near['id']} ({near['type']} {near['source'] or '?'} -> {near['target'] or '?'} on "
            f"{near['date']}, {near['num_mentions']} mentions): " + "; ".join(near["kept_apart_by"]),
            highlight=False,
        )
