"""The relations commands of `riftwatch`: dyad, rifts, network and import (registered on the main app).

Each parses its arguments, calls riftwatch.relations or riftwatch.importers, and renders through output.py.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .cli import DbOption, DebugOption, _chart_path, _day, _fail, _settings, _setup, app, err
from .errors import ConfigError, RiftwatchError
from .importers import Format as ImportFormat
from .models import json_line
from .relations import Unit
from .relations.detect import Method
from .relations.series import Period
from .store import Store


class TableFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")]
ChartOption = Annotated[Path | None, typer.Option("--chart", help="Also draw a chart: FILE.png or FILE.svg.")]
UnitOption = Annotated[
    Unit,
    typer.Option(
        "--unit",
        help="mentions (every stored event) or merged (each real-world event once, by corroboration).",
    ),
]


def _open_store(db: Path | None, debug: bool) -> Store:
    settings = _settings(debug=debug)
    return Store(db or settings.default_db, read_only=True)


@app.command()
def dyad(
    source: Annotated[
        str, typer.Argument(help="First actor (country code such as IRN, or a full code such as LBNREB).")
    ],
    target: Annotated[str, typer.Argument(help="Second actor.")],
    by: Annotated[Period, typer.Option("--by", help="day, week or month.")] = Period.WEEK,
    db: DbOption = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only SOURCE acting on TARGET.")] = False,
    stances: Annotated[
        bool, typer.Option("--stances", help="Count stance records in the series too.")
    ] = False,
    fmt: FormatOption = TableFormat.table,
    chart: ChartOption = None,
    unit: UnitOption = Unit.MENTIONS,
    debug: DebugOption = False,
) -> None:
    """The series of one dyad (per day, week or month) with the events behind each point."""
    from . import relations
    from .output import print_dyad, write_frame
    from .relations.charts import dyad_chart

    _setup(debug)
    chart = _chart_path(chart, debug)
    source, target = source.upper(), target.upper()
    try:
        with _open_store(db, debug) as store:
            series = relations.dyad_series(
                store, source, target, by=by, directed=directed, include_stances=stances, unit=unit
            )
            events = relations.dyad_events(store, source, target, by=by, directed=directed, unit=unit)
            alerts = [
                a
                for a in relations.rift_alerts(store, directed=directed, allies=False, unit=unit)
                if {a.source, a.target} == {source, target}
            ]
        if chart is not None:
            dyad_chart(series, alerts, chart, title=f"{source}–{target} per {by.value}")
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    if fmt is TableFormat.table:
        print_dyad(
            series, events, Console(), title=f"{source}–{target} per {by.value} (weighted; stances beside)"
        )
    else:
        write_frame(series, fmt.value, sys.stdout)
    err.print(
        f"dyad: {len(series)} periods, {int(series['events'].sum()) if len(series) else 0} events"
        + (f", chart {chart}" if chart else ""),
        highlight=False,
    )


@app.command()
def rifts(
    db: DbOption = None,
    series: Annotated[
        Path | None,
        typer.Option("--series", help="A daily dyad series CSV: date,source,target,value[,volume]."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only alerts detected on or after this day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Read no data after this day (YYYY-MM-DD).")
    ] = None,
    method: Annotated[Method, typer.Option("--method", help="cusum (default) or pelt.")] = Method.CUSUM,
    directed: Annotated[
        bool, typer.Option("--directed", help="Directed dyads (default: undirected pairs).")
    ] = False,
    fmt: Annotated[
        TableFormat, typer.Option("--format", "-f", help="jsonl (default), csv or table.")
    ] = TableFormat.jsonl,
    chart: ChartOption = None,
    unit: UnitOption = Unit.MENTIONS,
    debug: DebugOption = False,
) -> None:
    """Rift and rapprochement alerts, one per line (docs/CONTRACT.md, "Relations")."""
    from . import relations
    from .output import print_alerts, write_frame
    from .relations.rifts import alerts_frame

    _setup(debug)
    chart = _chart_path(chart, debug)
    first, last = _day(since, "--since", debug), _day(until, "--until", debug)
    if db is not None and series is not None:
        raise _fail(ConfigError("give --db or --series, not both"), debug, code=2)
    settings = relations.DetectorSettings(method=method)
    try:
        if series is not None:
            frame = relations.read_series(series)
            alerts = relations.rift_alerts(frame, since=first, until=last, settings=settings)
            data = None
        else:
            with _open_store(db, debug) as store:
                alerts = relations.rift_alerts(
                    store, since=first, until=last, settings=settings, directed=directed, unit=unit
                )
                data = relations.load(store, until=last, unit=unit)[0] if chart is not None else None
        if chart is not None:
            _rift_chart(alerts, data, frame if series is not None else None, chart)
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    if fmt is TableFormat.table:
        print_alerts(alerts, Console())
    elif fmt is TableFormat.jsonl:
        for alert in alerts:
            sys.stdout.write(json_line(alert.to_dict()) + "\n")
    else:
        write_frame(alerts_frame(alerts), "csv", sys.stdout)
    err.print(f"rifts: {len(alerts)} alerts" + (f", chart {chart}" if chart else ""), highlight=False)


def _rift_chart(alerts, events, series, chart: Path) -> None:  # type: ignore[no-untyped-def]
    """The timeline of the dyad with the strongest alert (or the first dyad when there is none)."""
    import pandas as pd

    from . import relations
    from .relations.charts import dyad_chart
    from .relations.series import period_start

    top = max(alerts, key=lambda a: a.score) if alerts else None
    if series is not None:
        pair = (
            (top.source, top.target)
            if top
            else tuple(series.iloc[0][["source", "target"]])
            if len(series)
            else ("", "")
        )
        rows = series[(series["source"] == pair[0]) & (series["target"] == pair[1])]
        weekly = rows.assign(period=period_start(rows["date"], "week"))
        frame = weekly.groupby("period")["value"].sum().rename("goldstein_sum").reset_index()
    else:
        pair = (top.source, top.target) if top else ("", "")
        frame = relations.dyad_series(events, *pair, by="week") if top else pd.DataFrame()
    chosen = [a for a in alerts if (a.source, a.target) == pair]
    dyad_chart(frame, chosen, chart, title=f"{pair[0]}–{pair[1]} per week" if top else "no alerts")


@app.command()
def network(
    period: Annotated[
        str, typer.Option("--period", help="START:END (YYYY-MM-DD:YYYY-MM-DD; either may be empty).")
    ],
    compare: Annotated[
        str | None, typer.Option("--compare", help="A second START:END: show how the network changed.")
    ] = None,
    db: DbOption = None,
    min_events: Annotated[int, typer.Option("--min-events", help="Leave out edges with fewer events.")] = 1,
    fmt: FormatOption = TableFormat.table,
    chart: ChartOption = None,
    unit: UnitOption = Unit.MENTIONS,
    debug: DebugOption = False,
) -> None:
    """The signed network of actors over a period, with blocs and balanced/unbalanced triangles."""
    from . import relations
    from .output import print_network, write_frame
    from .relations.charts import network_chart

    _setup(debug)
    chart = _chart_path(chart, debug)

    def bounds(text: str, flag: str):  # type: ignore[no-untyped-def]
        if ":" not in text:
            raise _fail(ConfigError(f"{flag} takes START:END, not {text!r}"), debug, code=2)
        start, end = text.split(":", 1)
        return _day(start or None, flag, debug), _day(end or None, flag, debug)

    first = bounds(period, "--period")
    second = bounds(compare, "--compare") if compare else None
    try:
        with _open_store(db, debug) as store:
            edges = relations.network(store, *first, min_events=min_events, unit=unit)
            change = (
                relations.network_between(store, first, second, min_events=min_events, unit=unit)
                if second
                else None
            )
        if chart is not None:
            network_chart(edges, chart, title=f"signed network {period}")
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    shown = change if change is not None else edges
    if fmt is TableFormat.table:
        print_network(shown, Console(), title=f"network {period}" + (f" → {compare}" if compare else ""))
    else:
        write_frame(shown, fmt.value, sys.stdout)
    err.print(f"network: {len(edges)} edges" + (f", chart {chart}" if chart else ""), highlight=False)


@app.command("import")
def import_(
    fmt: Annotated[
        ImportFormat,
        typer.Argument(help="gdelt (2.0 event export), icews (event file) or plover (PLOVER/POLECAT JSON)."),
    ],
    path: Annotated[Path, typer.Argument(help="The file to import.")],
    db: DbOption = None,
    debug: DebugOption = False,
) -> None:
    """Load another dataset's events into the store (source marked; every row imported or rejected)."""
    from .importers import import_events

    _setup(debug)
    settings = _settings(debug=debug)
    if not path.is_file():
        raise _fail(ConfigError(f"no such file: {path}"), debug, code=2)
    try:
        with Store(db or settings.default_db) as store:
            summary = import_events(fmt.value, path, store).to_dict()
    except RiftwatchError as exc:
        raise _fail(exc, debug) from None
    reasons = ", ".join(f"{reason} {n}" for reason, n in summary["rejected_by_reason"].items())
    err.print(
        f"import: read {summary['read']} · imported {summary['imported']} · duplicates {summary['duplicates']} · "
        f"rejected {summary['rejected']}{f' ({reasons})' if reasons else ''}",
        highlight=False,
    )
