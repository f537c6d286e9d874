"""Benchmark: riftwatch's two-phase pipeline against plain spaCy on the same articles.

Prints documents/s, tokens/s, the share of sentences and tokens phase two parses, and peak memory.
Usage: python scripts/bench_pipeline.py [--copies N] [--n-process N] [PATH...]
(default input: the bundled demo corpus, repeated --copies times with distinct ids).
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from riftwatch import demo, nlp
from riftwatch.ingest import read_inputs
from riftwatch.models import RawDocument
from riftwatch.pipeline import code_documents, prepare_article
from riftwatch.settings import Settings


def load(paths: list[str], copies: int) -> list[RawDocument]:
    base = [item for item in read_inputs(paths) if isinstance(item, RawDocument)]
    return [
        RawDocument(source_id=f"{d.source_id}#{i}", text=f"{d.text}\nCopy {i}.", title=d.title, date=d.date)
        for i in range(copies)
        for d in base
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    raw = load(args.paths or demo.corpus_paths(), args.copies)
    nlp.get_nlp()  # model loading is not part of either timed run
    texts = [prepare_article(d).text for d in raw]
    tokens = sum(len(nlp.get_nlp().tokenizer(t)) for t in texts)

    start = time.perf_counter()
    full = nlp.get_nlp()
    with full.select_pipes(disable=["senter"]):
        for _ in full.pipe(texts, batch_size=64, n_process=args.n_process):
            pass
    plain = time.perf_counter() - start

    settings = Settings(n_process=args.n_process, batch_size=64)
    start = time.perf_counter()
    documents = list(code_documents(raw, settings))
    ours = time.perf_counter() - start

    split = list(nlp.split(texts))
    from riftwatch.pipeline import may_hold_event

    sentences = sum(len(s) for s in split)
    kept = [x for s in split for x in s if may_hold_event(x)]
    kept_tokens = sum(len(x.span) for x in kept)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "documents": len(raw), "tokens": tokens, "n_process": args.n_process,
        "plain_spacy_s": round(plain, 2), "plain_spacy_tokens_per_s": round(tokens / plain),
        "riftwatch_s": round(ours, 2), "riftwatch_docs_per_s": round(len(documents) / ours, 1),
        "riftwatch_tokens_per_s": round(tokens / ours), "speedup_vs_plain": round(plain / ours, 2),
        "sentences": sentences, "sentences_parsed_share": round(len(kept) / sentences, 3),
        "tokens_parsed_share": round(kept_tokens / tokens, 3), "peak_rss_mb": round(peak_mb),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
