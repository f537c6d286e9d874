"""The bundled demo corpus (re-told news, written for riftwatch) and the report `riftwatch demo` prints."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .store import Store

SOURCE_NAME = "riftwatch demo (re-told)"


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
