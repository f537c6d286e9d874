"""Benchmark: what near-duplicate detection costs per document as the store fills, store index against memory.

Fills a store with N stored originals (random MinHash signatures, with their LSH buckets, through
`Store.write_batch`), then times `DuplicateFinder.mark_batch` on batches of 64 generated news stories (each
batch half new stories, half edited copies of earlier ones) with the store as the index and with every
signature in memory, at each size. Prints milliseconds per document (the MinHash of each text included) and
the resident memory the in-memory index took. Figures on a busy machine mean little: run it alone.

    nice .venv/bin/python scripts/bench_dedup.py [--sizes 10000,50000,100000] [--batches 5]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.webcorpus import story  # noqa: E402

from riftwatch.dedup import DuplicateFinder, layout_for, make_signature  # noqa: E402
from riftwatch.models import Article, CodedDocument  # noqa: E402
from riftwatch.pipeline import article_id  # noqa: E402
from riftwatch.store import Store  # noqa: E402

BATCH = 64


def resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def fill(store: Store, finder: DuplicateFinder, start: int, stop: int, rng: np.random.Generator) -> None:
    """Stored originals start..stop: tiny articles with random signatures (the text does not matter here)."""
    layout = layout_for(0.7)
    for first in range(start, stop, 1000):
        documents, signatures = [], {}
        for i in range(first, min(stop, first + 1000)):
            article = Article(id=f"{i:016x}", source_id=f"fill-{i}", text=f"stored article {i}")
            documents.append(CodedDocument(source_id=article.source_id, article=article))
            signatures[article.id] = make_signature(rng.integers(0, 2**32, 128, dtype=np.uint32), layout)
        store.write_batch(documents, signatures)
        finder.index.add(signatures, signatures)


def batches(count: int, seed: int) -> list[list[CodedDocument]]:
    rng = random.Random(seed)
    out = []
    for b in range(count):
        batch = []
        for i in range(BATCH):
            text = story(100_000 + seed * 1000 + b * BATCH + i, paragraphs=2).text
            if i % 2 and batch:
                words = batch[-1].article.text.split(" ")
                text = " ".join("again" if rng.random() < 0.02 else word for word in words)
            source = f"bench-{seed}-{b}-{i}"
            article = Article(id=article_id(text, source), source_id=source, text=text)
            batch.append(CodedDocument(source_id=source, article=article))
        out.append(batch)
    return out


def timed(finder: DuplicateFinder, work: list[list[CodedDocument]], store: Store | None) -> float:
    started = time.perf_counter()
    for batch in work:
        marked, signatures = finder.mark_batch(batch)
        if store is not None:  # the store learns the batch's originals as `ingest` would, outside the timing
            paused = time.perf_counter()
            store.write_batch(marked, signatures)
            started += time.perf_counter() - paused
    return (time.perf_counter() - started) * 1000 / (len(work) * BATCH)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    folder = Path(tempfile.mkdtemp(prefix="riftwatch-bench-dedup-"))
    memory = DuplicateFinder(0.7)
    before = resident_mb()
    done = 0
    with Store(folder / "bench.duckdb") as store:
        stored = DuplicateFinder.over_store(store, 0.7)
        for round_, size in enumerate(int(n) for n in args.sizes.split(",")):
            fill(store, memory, done, size, rng)
            done = size
            work = batches(args.batches, round_)
            in_store = timed(stored, work, store)
            in_memory = timed(memory, batches(args.batches, round_), None)
            print(
                f"{size:>8,} stored originals: store index {in_store:6.2f} ms/doc, memory index {in_memory:6.2f} "
                f"ms/doc; process rss +{resident_mb() - before:6.1f} MiB (the memory index holds them all)",
                flush=True,
            )


if __name__ == "__main__":
    main()
