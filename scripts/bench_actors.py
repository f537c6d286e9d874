"""Benchmark: the cost of actor matching per article, against the phase-one split it runs on.

Usage: python scripts/bench_actors.py [--copies N] [PATH...]   (default: the bundled demo corpus)
Prints dictionary size, matcher build time, and per-article milliseconds for splitting and for actors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time

from riftwatch import demo, nlp
from riftwatch.actors import article_mentions, shipped_dictionary
from riftwatch.actors.matching import _matchers
from riftwatch.clean import prepare_article
from riftwatch.models import RawDocument
from riftwatch.readers import read_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args()
    raw = [d for d in read_inputs(args.paths or demo.corpus_paths()) if isinstance(d, RawDocument)]
    texts = [prepare_article(d).text for d in raw] * args.copies
    nlp.get_nlp()
    start = time.perf_counter()
    dictionary = shipped_dictionary()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    _matchers(dictionary)
    built = time.perf_counter() - start

    start = time.perf_counter()
    split = list(nlp.split(texts))
    split_s = time.perf_counter() - start
    start = time.perf_counter()
    mentions = [article_mentions(sentences, dt.date(2017, 1, 1), dictionary) for sentences in split]
    actors_s = time.perf_counter() - start
    count = sum(len(m) for article in mentions for m in article)
    print(
        json.dumps(
            {
                "articles": len(texts),
                "dictionary_entries": len(dictionary),
                "dictionary_load_s": round(loaded, 2),
                "matcher_build_s": round(built, 2),
                "split_ms_per_article": round(1000 * split_s / len(texts), 2),
                "actors_ms_per_article": round(1000 * actors_s / len(texts), 2),
                "mentions": count,
                "mentions_per_article": round(count / len(texts), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
