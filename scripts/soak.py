"""Soak: ingest many generated documents into one store and watch throughput and memory.

Every REPORT documents it prints the documents done, the throughput of the last stretch and overall, the
process's resident memory now and its peak, and what DuckDB counts against its memory limit (part of the
resident memory; RIFTWATCH_STORE_MEMORY_LIMIT bounds it). Memory must stay flat: a leak shows as resident
memory that keeps climbing from report to report. At the end it checks the accounting: read = coded +
duplicates + rejected and events counted = events stored. Run by hand (not in CI), at low priority:

    nice -n 19 .venv/bin/python scripts/soak.py [--documents 100000] [--report 10000] [--db FILE]

To find where memory goes: --diagnose (slower: tracemalloc traces every allocation) adds, at every report,
DuckDB's own account (`Store.memory`: what it counts against its limit, by component), the Python heap
tracemalloc sees and its top growers since the last report, the object types whose count grew most, the sizes
of the caches a run fills, and resident memory after `malloc_trim` (what glibc keeps but no one uses).
--replay N codes only N documents and stores copies of them (the store's share, quickly); --skip-merge leaves
merging out (its share).

Documents are short and mostly not political (so the run is about the plumbing, not parsing): market notes,
weather and sport, with one in ten a political sentence between two of a few dozen countries, a hundred
documents a day from 2016-01-01. Every tenth input is a malformed JSONL line, every fiftieth a repeat of an
earlier document.
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import dataclasses
import datetime as dt
import gc
import itertools
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riftwatch import nlp, pipeline  # noqa: E402
from riftwatch.events import dates  # noqa: E402
from riftwatch.geo import gazetteer as process_gazetteer  # noqa: E402
from riftwatch.models import CodedDocument  # noqa: E402
from riftwatch.pipeline import code_documents, ingest_paths, store_documents  # noqa: E402
from riftwatch.readers import read_inputs  # noqa: E402
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


# A news stream spreads over time: 100,000 documents all of one day would make every political sentence of a
# dyad one real-world event with thousands of reports, which no stream has.
FIRST_DAY = dt.date(2016, 1, 1)
# What the verdict calls flat, in KiB of resident memory per 1,000 documents: 32 KiB per 1,000 documents is
# 32 MiB per million, ~32 bytes a document; the per-document index memory that made the store grow was ~500.
FLAT_KIB = 32.0
DOCUMENTS_PER_DAY = 100


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
        day = FIRST_DAY + dt.timedelta(days=i // DOCUMENTS_PER_DAY)
        line = json.dumps({"id": f"soak-{i}", "date": day.isoformat(), "text": " ".join(sentences)})
        if len(earlier) < 1000:
            earlier.append(line)
        yield line


def replayed(coded: list[CodedDocument], count: int, seed: int = 11) -> Iterator[CodedDocument]:
    """`count` copies of coded documents, each under new ids and with a text of its own (so that near-duplicate
    detection sees new articles): what the store does with a long ingest, without the language processing."""
    rng = random.Random(seed)
    words = [word for line in (TOPICS + NOTES) for word in line.split()]
    for i in range(count):
        document = coded[i % len(coded)]
        source_id = f"replay-{i}"
        if document.article is None:
            assert document.rejection is not None
            rejection = dataclasses.replace(document.rejection, source_id=source_id)
            yield dataclasses.replace(document, source_id=source_id, rejection=rejection)
            continue
        article_id = f"{document.article.id}-{i}"
        text = " ".join(rng.choice(words) for _ in range(40)) + f" {i}."
        day = FIRST_DAY + dt.timedelta(days=i // DOCUMENTS_PER_DAY)  # the stream's days, as in `documents`
        article = dataclasses.replace(
            document.article, id=article_id, source_id=source_id, text=text, date=day
        )
        events = tuple(
            dataclasses.replace(event, id=f"{event.id}-{i}", article_id=article_id, date=day)
            for event in document.events
        )
        yield dataclasses.replace(document, source_id=source_id, article=article, events=events)


@dataclasses.dataclass(frozen=True, slots=True)
class Sample:
    """One report: documents done, seconds since the start, resident memory and DuckDB's share of it (MiB)."""

    documents: int
    seconds: float
    rss: float
    duckdb: float


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of y over x (0 with fewer than two distinct x)."""
    if len({x for x, _ in points}) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def verdict(samples: list[Sample], flat_kib: float) -> tuple[bool, str]:
    """Is memory flat? The slope of resident memory over the second half of the run (the reports at or past
    half the documents, when the store is large and the caches are full), in KiB per 1,000 documents, at most
    `flat_kib` (a slope below -`flat_kib` is memory that falls: bounded, said as such); and the throughput of the second half beside the first (a store that slows as it grows shows
    here). Returns (flat, one line saying so with the figures)."""
    if len(samples) < 4:
        return (
            False,
            f"verdict: too few reports ({len(samples)}) to tell; use --report so that there are 4 or more",
        )
    last = samples[-1]
    half = [s for s in samples if 2 * s.documents >= last.documents]
    if len(half) < 2:
        half = samples[-2:]
    rss_slope = slope([(s.documents / 1000, s.rss * 1024) for s in half])
    duck_slope = slope([(s.documents / 1000, s.duckdb * 1024) for s in half])
    rest_slope = slope([(s.documents / 1000, (s.rss - s.duckdb) * 1024) for s in half])
    # Throughput from the first report (after start-up: loading models, coding the replayed documents) to the
    # middle one, and from there to the end.
    first, middle = samples[0], half[0]

    def rate(a: Sample, b: Sample) -> float:
        return (b.documents - a.documents) / (b.seconds - a.seconds) if b.seconds > a.seconds else 0.0

    # Memory that falls (DuckDB evicting its cache as the limit binds) is bounded too: only growth fails.
    flat = rss_slope <= flat_kib
    state = "GROWS" if not flat else "FALLS" if rss_slope < -flat_kib else "FLAT"
    line = (
        f"verdict: memory {state}: rss slope {rss_slope:+.1f} KiB per 1,000 documents over "
        f"{middle.documents:,}-{last.documents:,} ({len(half)} reports; flat means within +-{flat_kib:g}), duckdb's "
        f"share {duck_slope:+.1f}, the rest {rest_slope:+.1f}; at the end duckdb holds {last.duckdb:.1f} of {last.rss:.1f} MiB rss "
        f"({100 * last.duckdb / last.rss if last.rss else 0:.0f}%); throughput {rate(first, middle):.1f} docs/s "
        f"from {first.documents:,} to {middle.documents:,}, {rate(middle, last):.1f} docs/s after"
    )
    return flat, line


def resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # kilobytes on Linux


class Diagnosis:
    """Where memory goes, report by report: what grew since the last one."""

    def __init__(self) -> None:
        tracemalloc.start(1)
        self.snapshot: tracemalloc.Snapshot | None = None
        self.types: collections.Counter[str] = collections.Counter()

    def report(self, store: Store) -> None:
        mib = 2**20
        duck = store.memory()
        limit, counted = duck.pop("limit"), duck.pop("used")
        used = {tag: value for tag, value in duck.items() if value}
        print(
            f"    duckdb: {counted / mib:.1f} MiB counted against its limit of {limit / mib:.0f} MiB; by component  "
            + "  ".join(f"{tag} {value / mib:.1f}" for tag, value in sorted(used.items())),
            flush=True,
        )
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        print(
            f"    python heap (tracemalloc): {current / mib:.1f} MiB now, {peak / mib:.1f} MiB peak",
            flush=True,
        )
        if self.snapshot is not None:
            for stat in snapshot.compare_to(self.snapshot, "lineno")[:8]:
                frame = stat.traceback[0]
                print(
                    f"      {stat.size_diff / mib:+7.2f} MiB {stat.count_diff:+8d} blocks  "
                    f"{frame.filename.split('site-packages/')[-1].split('src/')[-1]}:{frame.lineno}",
                    flush=True,
                )
        self.snapshot = snapshot
        types = collections.Counter(type(o).__name__ for o in gc.get_objects())
        grown = sorted(((n - self.types[t], t) for t, n in types.items()), reverse=True)[:6]
        print("    gc objects grown: " + ", ".join(f"{t} {n:+d}" for n, t in grown if n > 0), flush=True)
        self.types = types
        vocab = nlp.get_nlp().vocab
        print(
            f"    caches: gazetteer look-ups {process_gazetteer().lookup.cache_info().currsize}, "
            f"date phrases {dates.resolve.cache_info().currsize}, spaCy strings {len(vocab.strings)}",
            flush=True,
        )
        before = resident_mb()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        print(f"    rss {before:.1f} MiB, after malloc_trim {resident_mb():.1f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--report", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None, help="store file (default: a temporary one)")
    parser.add_argument("--diagnose", action="store_true", help="say where memory goes at every report")
    parser.add_argument(
        "--skip-merge",
        action="store_true",
        help="store without merging events across articles (a diagnostic: merging's share of time and memory)",
    )
    parser.add_argument(
        "--replay",
        type=int,
        default=0,
        metavar="N",
        help="code only the first N documents, then store copies of them (new ids and texts) until --documents: "
        "the store's share of memory without language processing, and quick",
    )
    parser.add_argument(
        "--flat",
        type=float,
        default=FLAT_KIB,
        metavar="KIB",
        help="the verdict calls memory flat when resident memory's slope over the second half of the run is "
        f"within this many KiB per 1,000 documents (default {FLAT_KIB:g})",
    )
    args = parser.parse_args()
    diagnosis = Diagnosis() if args.diagnose else None
    if args.skip_merge:  # the pipeline's own names for merging, replaced for this process only
        pipeline.refresh_merged = pipeline.refresh_all_merged = lambda *_, **__: 0
    folder = Path(tempfile.mkdtemp(prefix="riftwatch-soak-"))
    corpus = folder / "soak.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for line in documents(args.documents):
            handle.write(line + "\n")
    db = args.db or folder / "soak.duckdb"
    settings = Settings.from_env(reference_date="2018-03-01", n_process=1)
    started = last_time = time.monotonic()
    done = 0
    samples: list[Sample] = []

    def report(*_: object) -> None:
        nonlocal done, last_time
        done += 1
        if done % args.report == 0:
            now = time.monotonic()
            samples.append(Sample(done, now - started, resident_mb(), store.memory()["used"] / 2**20))
            print(
                f"{done:>8} docs  {args.report / (now - last_time):7.1f} docs/s (last {args.report:,})  "
                f"{done / (now - started):7.1f} docs/s overall  rss {samples[-1].rss:7.1f} MiB  "
                f"peak {peak_mb():7.1f} MiB  duckdb {samples[-1].duckdb:6.1f} MiB "
                f"(indexes {store.memory().get('art_index', 0) / 2**20:.1f}; store reopened {store.reopened}x)",
                flush=True,
            )
            if diagnosis is not None:
                diagnosis.report(store)
            last_time = now

    print(
        f"soak: {args.documents:,} inputs from {corpus} into {db} "
        f"(store memory limit {settings.store_memory_limit or 'DuckDB default'})",
        flush=True,
    )
    with Store(db, memory_limit=settings.store_memory_limit) as store:
        if args.replay:
            coded = list(
                itertools.islice(code_documents(read_inputs([str(corpus)], settings), settings), args.replay)
            )
            summary = store_documents(replayed(coded, args.documents), [str(corpus)], store, settings, report)
        else:
            summary = ingest_paths([str(corpus)], store, settings, on_document=report)
        stored = store.accounting()
    values = summary.to_dict()
    print(f"done in {time.monotonic() - started:.0f} s: {json.dumps(values)}")
    print(f"store: {json.dumps(stored)}")
    balanced = values["read"] == values["coded"] + values["duplicates"] + values["rejected"] == args.documents
    counted = values["events"] == stored["events"]
    print(f"read = coded + duplicates + rejected: {balanced}; events counted = stored: {counted}")
    flat, line = verdict(samples, args.flat)
    print(line, flush=True)
    sys.exit(0 if flat and balanced and counted else 1)


if __name__ == "__main__":
    main()
