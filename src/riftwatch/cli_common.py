"""What every `riftwatch` command shares: the app, the common options, the settings built from the flags, and
how a failure becomes one line on stderr and an exit status (2 for a usage error, 1 when the run failed).

The commands live in cli.py (coding and the store), cli_relations.py (dyads, rifts, the network, imports) and
cli_eval.py (gold scores); each parses its arguments, calls the library and renders through output.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

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

from .actors import load_dictionary
from .errors import ConfigError, RiftwatchError
from .models import RunSummary
from .readers import check_paths
from .settings import Settings

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


HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (default: this machine only).")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def _day(value: str | None, flag: str, debug: bool) -> dt.date | None:
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
