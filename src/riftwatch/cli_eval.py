"""`riftwatch eval`: score riftwatch against gold data. Each command checks its file, calls the scorer in
riftwatch.evaluation and renders the report through output.py (or prints it as JSON).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .cli_common import DebugOption, _fail, _setup, app
from .errors import ConfigError
from .output import (
    print_case_report,
    print_petrarch_report,
    print_plover_report,
    print_police_report,
    report_json,
)


def _show(report: dict[str, Any], as_json: bool, render: Callable[[dict[str, Any], Console], None]) -> None:
    """A report on stdout: as JSON, or rendered for people by output.py."""
    if as_json:
        sys.stdout.write(report_json(report) + "\n")
    else:
        render(report, Console())


def _score(
    path: Path,
    what: str,
    evaluate: Callable[[], dict[str, Any]],
    render: Callable[[dict[str, Any], Console], None],
    as_json: bool,
    debug: bool,
) -> None:
    """What every file-scoring command does: a missing file exits 2, a file that is not `what` gets one clear
    line (never a traceback), else the report is shown."""
    _setup(debug)
    if not path.exists():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    try:
        report = evaluate()
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        raise _fail(ConfigError(f"{path} is not {what}: {exc}"), debug) from None
    _show(report, as_json, render)


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
    from .evaluation import plover

    _score(
        path,
        "a PLOVER gold file",
        lambda: plover.evaluate(path, rounds=rounds),
        print_plover_report,
        as_json,
        debug,
    )


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
    from .evaluation import plv

    _score(
        path,
        "a PLV file of marked sentences",
        lambda: plv.evaluate(path, rounds=rounds),
        print_plover_report,
        as_json,
        debug,
    )


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
    from .evaluation import police

    _score(
        path, "an IndiaPoliceEvents file", lambda: police.evaluate(path), print_police_report, as_json, debug
    )


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
    from .evaluation import case

    _score(path, "a CASE 2021 task 2 file", lambda: case.evaluate(path), print_case_report, as_json, debug)


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
    _show(report, as_json, print_petrarch_report)
