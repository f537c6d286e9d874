"""The bundled demo corpus (re-told news, written for riftwatch) and the report `riftwatch demo` prints."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from .relations.detect import Direction
from .store import Store

SOURCE_NAME = "riftwatch demo (re-told)"
WEAK_THRESHOLD = 5.0  # shown only when nothing reaches the real threshold, and labelled as weaker


def corpus_folder() -> Path:
    return Path(str(resources.files("riftwatch") / "data" / "demo"))


def corpus_paths() -> list[str]:
    """The demo's JSONL files, in a fixed order."""
    return [str(path) for path in sorted(corpus_folder().glob("*.jsonl"))]


def corpus_size() -> int:
    total = 0
    for path in corpus_paths():
        with open(path, encoding="utf-8") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def print_report(store: Store, console: Console, path: Path) -> None:
    """A readable overview of what the store now holds."""
    overview = store.overview()
    console.print(f"\n[bold]riftwatch demo[/] — store [cyan]{path}[/]", highlight=False)
    console.print(
        f"{overview['articles']} articles from {overview['first_date']} to {overview['last_date']}, "
        f"{overview['events']} events, {overview['rejections']} rejected inputs",
        highlight=False,
    )
    months = Table(title="Articles per quarter", show_edge=False)
    months.add_column("quarter")
    months.add_column("articles", justify="right")
    for quarter, count in overview["per_quarter"]:
        months.add_row(quarter, str(count))
    console.print(months)
    places = Table(title="Most frequent datelines", show_edge=False)
    places.add_column("dateline")
    places.add_column("articles", justify="right")
    for place, count in overview["datelines"]:
        places.add_row(place, str(count))
    console.print(places)
    if overview["events"]:
        dyads = Table(title="Most active dyads", show_edge=False)
        for column in ("source", "target", "events", "mean Goldstein"):
            dyads.add_column(column)
        for source, target, count, goldstein in overview["dyads"]:
            dyads.add_row(source, target, str(count), f"{goldstein:+.1f}")
        console.print(dyads)
    else:
        console.print("No events coded yet: event extraction is not part of this build.")
    console.print(f"Explore it: [bold]riftwatch events --db {path} --format csv[/]", highlight=False)


def print_rifts(store: Store, console: Console, chart: Path) -> list:  # type: ignore[type-arg]
    """The demo corpus's rift and rapprochement alerts, and one chart: the timeline of the dyad with the
    strongest rift (IRN-RUS when there is none), alerts marked."""
    from . import relations
    from .output import print_alerts
    from .relations.charts import dyad_chart

    alerts = relations.rift_alerts(store)
    print_alerts(alerts, console, title="Rifts and rapprochements in the demo corpus")
    shown_alerts = alerts
    if not alerts:
        # The corpus is small (a hundred articles over six years): say how close the evidence came, with
        # the threshold lowered and labelled as such, rather than lowering the default for everyone.
        default = relations.DetectorSettings()
        weak = relations.rift_alerts(store, settings=replace(default, threshold=WEAK_THRESHOLD))
        console.print(
            f"No dyad reached the alert threshold ({default.threshold:g}): the demo corpus has too few "
            f"articles per day for a daily detector.",
            highlight=False,
        )
        print_alerts(
            weak, console, title=f"Weaker signals (score >= {WEAK_THRESHOLD:g}, below the threshold)"
        )
        shown_alerts = weak
    rifts = [a for a in shown_alerts if a.direction == Direction.RIFT] or shown_alerts
    top = max(rifts, key=lambda a: a.score) if rifts else None
    pair = (top.source, top.target) if top else ("IRN", "RUS")
    shown = [
        a for a in shown_alerts if (a.source, a.target) == pair and (alerts or a.direction == Direction.RIFT)
    ]
    span = relations.dyad_series(store, *pair, by="week")
    if shown:  # show the months around the alerts, not the whole history
        first = pd.Timestamp(min(a.date for a in shown)) - pd.Timedelta(days=120)
        last = pd.Timestamp(max(a.detected_on for a in shown)) + pd.Timedelta(days=120)
        span = span[(span["period"] >= first) & (span["period"] <= last)]
    note = "" if alerts else f" (signal below the alert threshold, score >= {WEAK_THRESHOLD:g})"
    dyad_chart(span, shown, chart, title=f"{pair[0]}–{pair[1]} per week, riftwatch demo corpus{note}")
    console.print(
        f"Chart: [cyan]{chart}[/] · explore a dyad: [bold]riftwatch dyad {pair[0]} {pair[1]} "
        f"--db {store.path}[/]",
        highlight=False,
    )
    return alerts
