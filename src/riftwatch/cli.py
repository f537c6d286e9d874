"""The `riftwatch` command: each command parses its arguments and calls the library.

stdout carries records only; progress, summaries, warnings and errors go to stderr. Exit status: 0 when the
run completed (even with rejected documents), 2 for a usage error, 1 when the run itself failed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from . import demo as demo_module
from .actors import load_dictionary
from .errors import ConfigError, RiftwatchError
from .merge import explain as explain_merge
from .models import CodedDocument, RunSummary, json_line
from .output import (
    TSV_COLUMNS,
    places_record,
    print_case_report,
    print_mentions,
    print_merge_explanation,
    print_plover_report,
    print_police_report,
    tsv_rows,
)
from .pipeline import code_paths, explain_actors, ingest_paths
from .readers import check_paths
from .settings import Settings
from .store import Store

app = typer.Typer(
    name="riftwatch",
    help="Political event data from news as it comes off the web: who did what to whom, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"riftwatch {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Political event data from news as it comes off the web: who did what to whom, with evidence."""


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


DebugOption = Annotated[bool, typer.Option("--debug", help="Log details and show tracebacks on stderr.")]
DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB store file (default: riftwatch.duckdb).")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="YYYY-MM-DD: resolve roles against this day when an article has no date."),
]
DictionaryOption = Annotated[
    list[str] | None,
    typer.Option("--dictionary", "-d", help="Extra actor dictionary (CSV, YAML or PETRARCH); repeatable."),
]


def _settings(date: str | None = None, dictionary: list[str] | None = None, debug: bool = False) -> Settings:
    """Settings from defaults, environment and flags, checked (dictionaries loaded) before any work starts;
    the CLI uses every core unless RIFTWATCH_N_PROCESS says otherwise."""
    try:
        n_process = None if "RIFTWATCH_N_PROCESS" in os.environ else 0
        settings = Settings.from_env(
            reference_date=date, dictionaries=tuple(dictionary or ()) or None, n_process=n_process
        )
        load_dictionary(settings.dictionaries, shipped=settings.shipped_actors)
        return settings
    except ConfigError as exc:
        raise _fail(exc, debug, code=2) from None


def _setup(debug: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not debug:
        # A document that cannot be coded is reported as a rejection, not as a log traceback.
        logging.getLogger("riftwatch").setLevel(logging.CRITICAL)


def _fail(exc: RiftwatchError, debug: bool, code: int = 1) -> typer.Exit:
    if debug:
        err.print_exception()
    err.print(f"[bold red]error:[/] {exc}", highlight=False)
    return typer.Exit(code)


def _checked_paths(paths: list[str], debug: bool) -> list[str]:
    try:
        return check_paths(paths)
    except ConfigError as exc:
        raise _fail(exc, debug, code=2) from None


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _print_summary(summary: RunSummary, verb: str) -> None:
    values = summary.to_dict()
    reasons = ", ".join(f"{reason} {n}" for reason, n in values["rejected_by_reason"].items())
    err.print(
        f"{verb}: read {values['read']} · coded {values['coded']} · duplicates {values['duplicates']} · "
        f"rejected {values['rejected']}{f' ({reasons})' if reasons else ''} · events {values['events']}",
        highlight=False,
    )


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
        if fmt is CodeFormat.jsonl:
            for document in documents:
                out.write(json_line(document.to_dict()) + "\n")
        elif fmt is CodeFormat.json:
            out.write("[")
            for index, document in enumerate(documents):
                out.write(("," if index else "") + "\n" + json_line(document.to_dict()))
            out.write("\n]\n")
        else:
            out.write("\t".join(TSV_COLUMNS) + "\n")
            for document in documents:
                for row in tsv_rows(document):
                    out.write("\t".join(row) + "\n")

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
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
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
            sys.stdout.write(
                json_line(
                    {
                        "source_id": document.source_id,
                        "mentions": [m.to_dict() for m in document.mentions],
                        "rejection": document.rejection.to_dict() if document.rejection else None,
                    }
                )
                + "\n"
            )
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


HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (default: this machine only).")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


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


def _day(value: str | None, flag: str, debug: bool):  # type: ignore[no-untyped-def]
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(ConfigError(f"{flag} takes a date as YYYY-MM-DD, not {value!r}"), debug, code=2) from None


def _chart_path(chart: Path | None, debug: bool) -> Path | None:
    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise _fail(ConfigError(f"--chart writes a .png or .svg file, not {chart.name}"), debug, code=2)
    return chart


eval_app = typer.Typer(help="Score riftwatch against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("plover")
def eval_plover(
    path: Annotated[
        Path, typer.Argument(help="A PLOVER gold-standard JSON file (e.g. PLOVER_GSR_dev.json).")
    ],
    rounds: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap rounds for the intervals (0: none).")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    debug: DebugOption = False,
) -> None:
    """Per-type precision/recall/F1 with bootstrap intervals, dyad accuracy, confusion matrix, actor scores."""
    _setup(debug)
    if not path.exists():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    from .evaluation import plover

    try:
        report = plover.evaluate(path, rounds=rounds)
    except (ValueError, KeyError) as exc:
        raise _fail(ConfigError(f"{path} is not a PLOVER gold file: {exc}"), debug) from None
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    print_plover_report(report, Console())


@eval_app.command("plv")
def eval_plv(
    path: Annotated[Path, typer.Argument(help="A PLV file of marked sentences (e.g. PLV_train.tsv).")],
    rounds: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap rounds for the intervals (0: none).")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    debug: DebugOption = False,
) -> None:
    """PLOVER types and dyads of marked sentences: per-type P/R/F1 with support, dyad accuracy, confusion
    matrix, and the share of errors by class (no event, type, resolution, attachment)."""
    _setup(debug)
    if not path.exists():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    from .evaluation import plv

    try:
        report = plv.evaluate(path, rounds=rounds)
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        raise _fail(ConfigError(f"{path} is not a PLV file of marked sentences: {exc}"), debug) from None
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    print_plover_report(report, Console())


@eval_app.command("police")
def eval_police(
    path: Annotated[
        Path, typer.Argument(help="IndiaPoliceEvents JSONL (doc_id, doc_text, doc_labels), e.g. dev.jsonl.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (with the documents missed).")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """ARREST and FORCE per document: precision/recall/F1 with support and a confusion table per question."""
    _setup(debug)
    if not path.exists():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    from .evaluation import police

    try:
        report = police.evaluate(path)
    except (ValueError, KeyError) as exc:
        raise _fail(ConfigError(f"{path} is not an IndiaPoliceEvents file: {exc}"), debug) from None
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    print_police_report(report, Console())


@eval_app.command("case")
def eval_case(
    path: Annotated[
        Path, typer.Argument(help="CASE 2021 task 2 TSV (id, EventSnippet, SubType), e.g. dev.tsv.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (with the snippets missed).")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """ACLED sub-event types: weighted F1, per-class precision/recall/F1 with support, confusion matrix."""
    _setup(debug)
    if not path.exists():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    from .evaluation import case

    try:
        report = case.evaluate(path)
    except (ValueError, KeyError) as exc:
        raise _fail(ConfigError(f"{path} is not a CASE 2021 task 2 file: {exc}"), debug) from None
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    print_case_report(report, Console())


@eval_app.command("petrarch")
def eval_petrarch(
    folder: Annotated[
        Path, typer.Argument(help="PETRARCH's validation folder (records XML, actor and agent files).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    debug: DebugOption = False,
) -> None:
    """Run PETRARCH's validation suite with its own dictionaries; report source/target agreement."""
    _setup(debug)
    if not (folder / "PETR.UnitTest.records.xml").exists():
        raise _fail(ConfigError(f"{folder} holds no PETR.UnitTest.records.xml"), debug, code=2)
    from .evaluation import petrarch

    report = petrarch.evaluate(folder)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
        return
    console = Console()
    for key, value in report.items():
        if key != "misses":
            console.print(f"{key:>28}: {value}", highlight=False)


def main() -> None:  # pragma: no cover - console entry point alias
    app()


from . import cli_relations  # noqa: E402,F401  (registers dyad, rifts, network and import)
