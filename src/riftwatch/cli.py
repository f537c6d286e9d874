"""The `riftwatch` command: each command parses its arguments and calls the library.

stdout carries records only; progress, summaries, warnings and errors go to stderr. Exit status: 0 when the
run completed (even with rejected documents), 2 for a usage error, 1 when the run itself failed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import Progress

from . import demo as demo_module
from .cli_common import (
    DateOption,
    DbOption,
    DebugOption,
    DictionaryOption,
    HostOption,
    PortOption,
    _chart_path,
    _checked_paths,
    _fail,
    _print_summary,
    _progress,
    _settings,
    _setup,
    app,
    err,
)
from .coding import actors_record, explain_actors
from .errors import ConfigError, RiftwatchError
from .merge import explain as explain_merge
from .models import CodedDocument, RunSummary, json_line
from .output import places_record, print_mentions, print_merge_explanation, report_json, write_documents
from .pipeline import code_paths, ingest_paths
from .store import Store


class CodeFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    tsv = "tsv"


class GeoFormat(StrEnum):
    jsonl = "jsonl"


class Engine(StrEnum):
    serial = "serial"
    dask = "dask"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or '-' for standard input.")],
    fmt: Annotated[
        CodeFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = CodeFormat.jsonl,
    date: DateOption = None,
    dictionary: DictionaryOption = None,
    debug: DebugOption = False,
) -> None:
    """Code documents and print one record per input document on stdout (nothing is stored)."""

    def write(documents: Iterator[CodedDocument], out: TextIO) -> None:
        write_documents(documents, fmt.value, out)

    _print_coded(paths, date, dictionary, debug, "code", write)


def _print_coded(
    paths: list[str],
    date: str | None,
    dictionary: list[str] | None,
    debug: bool,
    verb: str,
    write: Callable[[Iterator[CodedDocument], TextIO], None],
) -> None:
    """The shared body of `code` and `geoparse`: check the flags, code with a progress bar, let `write`
    print the records on stdout, close with the summary on stderr."""
    _setup(debug)
    paths = _checked_paths(paths, debug)
    settings = _settings(date, dictionary, debug)
    summary = RunSummary()
    try:
        with _progress() as progress:
            task = progress.add_task(verb, total=None)
            write(_counted(code_paths(paths, settings), summary, progress, task), sys.stdout)
            sys.stdout.flush()
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    _print_summary(summary, verb)


def _counted(
    documents: Iterator[CodedDocument], summary: RunSummary, progress: Progress, task: int
) -> Iterator[CodedDocument]:
    for document in documents:
        summary.count(document, duplicate=bool(document.article and document.article.duplicate_of))
        progress.advance(task)  # type: ignore[arg-type]
        yield document


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or '-' for standard input.")],
    db: DbOption = None,
    date: DateOption = None,
    dictionary: DictionaryOption = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine", help="serial: worker processes on this machine; dask: shards on a Dask cluster."
        ),
    ] = Engine.serial,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the scheduler's "
            "address (default: a local cluster, one worker per core).",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Code documents into a DuckDB store; re-ingesting the same input adds nothing."""
    _setup(debug)
    paths = _checked_paths(paths, debug)
    settings = _settings(date, dictionary, debug)
    if scheduler and engine is not Engine.dask:
        raise _fail(ConfigError("--scheduler needs --engine dask"), debug, code=2)
    try:
        with Store(db or settings.default_db) as store, _progress() as progress:
            task = progress.add_task("ingesting", total=None)
            if engine is Engine.dask:
                from .scaleout import ingest_with_dask

                summary = ingest_with_dask(
                    paths, store, settings, scheduler=scheduler, on_document=lambda *_: progress.advance(task)
                )
            else:
                summary = ingest_paths(paths, store, settings, on_document=lambda *_: progress.advance(task))
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    _print_summary(summary, "ingest")


@app.command()
def events(
    db: DbOption = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl (contract), csv or parquet.")
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    merged: Annotated[
        bool, typer.Option("--merged", help="One row per real-world event, with its mentions and counts.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Export the events of a store (or, with --merged, the merged events)."""
    _setup(debug)
    settings = _settings(debug=debug)
    if fmt is ExportFormat.parquet and output is None:
        raise _fail(ConfigError("parquet is a binary file format: give --output FILE.parquet"), debug, code=2)
    try:
        with Store(db or settings.default_db, read_only=True) as store:
            export = store.export_merged if merged else store.export_events
            if output is not None:
                with open(output, "wb") as handle:
                    count = export(fmt.value, handle)
            else:
                count = export(fmt.value, sys.stdout.buffer)
                sys.stdout.buffer.flush()
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    except OSError as exc:
        raise _fail(ConfigError(f"cannot write {output}: {exc.strerror}"), debug) from None
    err.print(f"events: exported {count}{' merged events' if merged else ''}", highlight=False)


@app.command()
def explain(
    event_id: Annotated[str, typer.Argument(help="A merged-event id, or the id of an event it merged.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    debug: DebugOption = False,
) -> None:
    """Show the mentions a merged event holds, why they were merged, and what kept near candidates apart."""
    _setup(debug)
    settings = _settings(debug=debug)
    try:
        with Store(db or settings.default_db, read_only=True) as store:
            report = explain_merge(store, event_id, settings)
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    if report is None:
        raise _fail(ConfigError(f"no merged event or event {event_id!r} in the store"), debug)
    if as_json:
        sys.stdout.write(report_json(report) + "\n")
        return
    print_merge_explanation(report, Console())


@app.command()
def actors(
    text_or_path: Annotated[
        str, typer.Argument(help="A file, a folder, '-' for standard input, or the text itself.")
    ],
    date: DateOption = None,
    dictionary: DictionaryOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    debug: DebugOption = False,
) -> None:
    """Show every actor mention with its resolution and why (which entry, which rule)."""
    _setup(debug)
    if fmt not in ("table", "jsonl"):
        raise _fail(ConfigError(f"unknown format {fmt!r}: choose table or jsonl"), debug, code=2)
    settings = _settings(date, dictionary, debug)
    try:
        documents = list(explain_actors(text_or_path, settings))
    except ConfigError as exc:
        raise _fail(exc, debug, code=2) from None
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    console = Console(soft_wrap=fmt == "jsonl")
    for document in documents:
        if fmt == "jsonl":
            sys.stdout.write(json_line(actors_record(document)) + "\n")
            continue
        print_mentions(document, console)


@app.command()
def geoparse(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or '-' for standard input.")],
    fmt: Annotated[
        GeoFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = GeoFormat.jsonl,
    date: DateOption = None,
    dictionary: DictionaryOption = None,
    debug: DebugOption = False,
) -> None:
    """Print every place of each document (one JSON line per document): resolved, with its role."""

    def write(documents: Iterator[CodedDocument], out: TextIO) -> None:
        for document in documents:
            out.write(json_line(places_record(document)) + "\n")

    _print_coded(paths, date, dictionary, debug, "geoparse", write)


@app.command()
def serve(
    db: DbOption = None, host: HostOption = "127.0.0.1", port: PortOption = 8000, debug: DebugOption = False
) -> None:
    """Serve the read-only REST API (docs at /docs) and the dashboard over a store."""
    _setup(debug)
    _serve(db or _settings(debug=debug).default_db, host, port, debug)


def _serve(db: Path | str, host: str, port: int, debug: bool) -> None:
    from .api import missing_web_assets
    from .api import serve as serve_api

    if missing := missing_web_assets():
        err.print(
            f"[yellow]warning:[/] the dashboard's libraries are not installed ({', '.join(missing)}): "
            "run `npm ci --prefix src/riftwatch/web`; the API works without them",
            highlight=False,
        )
    try:
        err.print(
            f"riftwatch: serving {db} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops",
            highlight=False,
        )
        serve_api(db, host=host, port=port, log_level="debug" if debug else "warning")
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Store file for the demo.")] = Path(
        "riftwatch-demo.duckdb"
    ),
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Where to draw the demo's chart (default: next to --db, .png)."),
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve", help="Then open the demo store in the dashboard.")
    ] = False,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    debug: DebugOption = False,
) -> None:
    """Ingest the bundled demo corpus (re-told news of allies drifting apart), summarise it, list its rifts
    and draw one chart."""
    _setup(debug)
    chart = _chart_path(chart, debug)
    settings = _settings(debug=debug)
    try:
        with Store(db) as store, _progress() as progress:
            task = progress.add_task("ingesting the demo corpus", total=demo_module.corpus_size())
            summary = ingest_paths(
                demo_module.corpus_paths(), store, settings, on_document=lambda *_: progress.advance(task)
            )
            _print_summary(summary, "demo")
            demo_module.print_report(store, Console(), db)
            demo_module.print_rifts(store, Console(), chart or db.with_suffix(".png"))
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    if serve_after:
        _serve(db, host, port, debug)


def main() -> None:  # pragma: no cover - console entry point alias
    app()


# The other command groups register themselves on `app` when imported.
from . import cli_eval, cli_relations  # noqa: E402,F401
