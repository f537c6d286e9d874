"""Soak: ingest many generated documents into one store and watch throughput and memory.

Every REPORT documents it prints the documents done, the throughput of the last stretch and overall, the
process's resident memory now and its peak. Memory must stay flat: a leak shows as resident memory that keeps
climbing from report to report. At the end it checks the accounting: read = coded + duplicates + rejected and
events counted = events stored. Run by hand (not in CI), at low priority:

    nice -n 19 .venv/bin/python scripts/soak.py [--documents 100000] [--report 10000] [--db FILE]

Documents are short and mostly not political (so the run is about the plumbing, not parsing): market notes,
weather and sport, with one in ten a political sentence between two of a few dozen countries. Every tenth
input is a malformed JSONL line, every fiftieth a repeat of an earlier document.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riftwatch.pipeline import ingest_paths  # noqa: E402
from riftwatch.settings import Settings  # noqa: E402
from riftwatch.store import Store  # noqa: E402

COUNTRIES = [
    "Iran",
    "Russia",
    "Turkey",
    "Qatar",
    "Egypt",
    "Jordan",
    "France",
    "Germany",
    "China",
    "India",
    "Brazil",
    "Japan",
    "Kenya",
    "Nigeria",
    "Peru",
    "Chile",
    "Poland",
    "Spain",
    "Italy",
    "Mexico",
]
VERBS = ["accused", "criticised", "praised", "met", "threatened", "thanked", "condemned", "urged"]
TOPICS = [
    "the harbour",
    "the old bridge",
    "the weekend market",
    "the river",
    "the rail line",
    "the stadium",
    "the museum",
    "the tram network",
    "the wheat harvest",
    "the ferry timetable",
]
NOTES = [
    "was busier than usual",
    "reopened after repairs",
    "saw heavy rain",
    "drew a large crowd",
    "closed early",
    "reported record sales",
    "was quiet",
    "got a new schedule",
]


def documents(count: int, seed: int = 7) -> Iterator[str]:
    """JSONL lines: short, distinct, mostly non-political documents, with bad lines and repeats among them."""
    rng = random.Random(seed)
    earlier: list[str] = []
    for i in range(count):
        if i % 10 == 9:
            yield "{not json " + str(i)
            continue
        if i % 50 == 25 and earlier:
            yield rng.choice(earlier)
            continue
        sentences = [f"Report {i}: {rng.choice(TOPICS)} {rng.choice(NOTES)} on day {rng.randint(1, 28)}."]
        sentences += [
            f"Visitors said {rng.choice(TOPICS)} {rng.choice(NOTES)} ({rng.randint(1, 10**6)})."
            for _ in range(rng.randint(1, 3))
        ]
        if i % 10 == 0:
            a, b = rng.sample(COUNTRIES, 2)
            sentences.append(f"{a} {rng.choice(VERBS)} {b} over the border crossing.")
        line = json.dumps({"id": f"soak-{i}", "date": "2018-03-01", "text": " ".join(sentences)})
        if len(earlier) < 1000:
            earlier.append(line)
        yield line


def resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--report", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None, help="store file (default: a temporary one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="riftwatch-soak-"))
    corpus = folder / "soak.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for line in documents(args.documents):
            handle.write(line + "\n")
    db = args.db or folder / "soak.duckdb"
    settings = Settings(reference_date="2018-03-01", n_process=1)
    started = last_time = time.monotonic()
    done = 0

    def report(*_: object) -> None:
        nonlocal done, last_time
        done += 1
        if done % args.report == 0:
            now = time.monotonic()
            print(
                f"{done:>8} docs  {args.report / (now - last_time):7.1f} docs/s (last {args.report:,})  "
                f"{done / (now - started):7.1f} docs/s overall  rss {resident_mb():7.1f} MiB  "
                f"peak {peak_mb():7.1f} MiB",
                flush=True,
            )
            last_time = now

    print(f"soak: {args.documents:,} inputs from {corpus} into {db}", flush=True)
    with Store(db) as store:
        summary = ingest_paths([str(corpus)], store, settings, on_document=report)
        stored = store.accounting()
    values = summary.to_dict()
    print(f"done in {time.monotonic() - started:.0f} s: {json.dumps(values)}")
    print(f"store: {json.dumps(stored)}")
    balanced = values["read"] == values["coded"] + values["duplicates"] + values["rejected"] == args.documents
    print(
        f"read = coded + duplicates + rejected: {balanced}; events counted = stored: {values['events'] == stored['events']}"
    )


if __name__ == "__main__":
    main()
