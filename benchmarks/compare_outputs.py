"""Check a speed change (run by hand, never in CI): code the same documents before and after, compare.

`dump` codes the generated benchmark corpus (benchmarks/corpus.py, fixed seed) and, when ../shared/eval is
there, the PLOVER and IndiaPoliceEvents development texts, and writes one JSON line per document: its events
(the contract's output), places and actor mentions, plus how many sentences it had, how many were parsed and
how many went through NER. `diff` compares two dumps: events first (they must be equal), then places and
mentions, and prints every differing document's lines so that each difference can be read.

Usage:
    python benchmarks/compare_outputs.py dump before.jsonl [--articles 200]
    python benchmarks/compare_outputs.py dump after.jsonl
    python benchmarks/compare_outputs.py diff before.jsonl after.jsonl [--show 20]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent.parent / "shared" / "eval"


def _inputs(articles: int, seed: int) -> Iterator[tuple[str, list]]:
    """(corpus name, raw documents) for every corpus at hand."""
    from riftwatch.models import RawDocument

    sys.path.insert(0, str(HERE))
    from corpus import generate

    yield (
        "bench",
        [
            RawDocument(source_id=r["id"], text=r["text"], title=r["title"], date=r["date"], url=r["url"])
            for r in generate(articles, seed)
        ],
    )
    plover_path = EVAL / "plover-gsr" / "PLOVER_GSR_dev.json"
    if plover_path.exists():
        from riftwatch.evaluation import plover

        records = plover.load_gold(plover_path)
        yield (
            "plover",
            [
                RawDocument(source_id=r.id, text=r.text, date=r.date.isoformat() if r.date else None)
                for r in records
            ],
        )
    police_path = EVAL / "indiapoliceevents" / "dev.jsonl"
    if police_path.exists():
        from riftwatch.evaluation import police

        yield "police", [RawDocument(source_id=d.id, text=d.text) for d in police.load_gold(police_path)]


def dump(out: str, articles: int, seed: int) -> None:
    import time

    from riftwatch import pipeline
    from riftwatch.settings import Settings

    counts: Counter[str] = Counter()
    per_doc: Counter[tuple[str, str]] = Counter()
    real_parse_batch = pipeline._parse_batch

    def counting(batch, settings, n_process):  # type: ignore[no-untyped-def]
        real_parse_batch(batch, settings, n_process)
        for p in batch:
            per_doc[(p.source_id, "parsed")] += len(p.parsed)
            per_doc[(p.source_id, "ner")] += sum(d.has_annotation("ENT_IOB") for d in p.parsed.values())
            per_doc[(p.source_id, "sentences")] += len(p.sentences)

    pipeline._parse_batch = counting  # type: ignore[assignment]
    started = time.process_time()
    with open(out, "w", encoding="utf-8") as handle:
        for corpus, raw in _inputs(articles, seed):
            for document in pipeline.code_documents(raw, Settings(n_process=1)):
                record = {
                    "corpus": corpus,
                    "id": document.source_id,
                    "rejection": document.rejection.to_dict() if document.rejection else None,
                    "events": [event.to_dict() for event in document.events],
                    "places": [place.to_dict() for place in document.places],
                    "mentions": [mention.to_dict() for mention in document.mentions],
                }
                for key in ("sentences", "parsed", "ner"):
                    record[key] = per_doc[(document.source_id, key)]
                    counts[f"{corpus} {key}"] += record[key]
                counts[f"{corpus} documents"] += 1
                counts[f"{corpus} events"] += len(document.events)
                handle.write(json.dumps(record, sort_keys=True) + "\n")
    for key, value in sorted(counts.items()):
        print(f"{key:>22}: {value}")
    print(f"{'cpu seconds':>22}: {time.process_time() - started:.1f}")


def _load(path: str) -> dict[tuple[str, str], dict]:
    with open(path, encoding="utf-8") as handle:
        return {(r["corpus"], r["id"]): r for r in map(json.loads, handle)}


def diff(before_path: str, after_path: str, show: int) -> int:
    before, after = _load(before_path), _load(after_path)
    if before.keys() != after.keys():
        print(f"different documents: {len(before.keys() ^ after.keys())}")
        return 1
    changed: Counter[str] = Counter()
    shown = 0
    for key in before:
        for part in ("rejection", "events", "places", "mentions"):
            old, new = before[key][part], after[key][part]
            if old == new:
                continue
            changed[f"{key[0]} {part}"] += 1
            if shown < show:
                shown += 1
                old_lines = {json.dumps(x, sort_keys=True) for x in (old if isinstance(old, list) else [old])}
                new_lines = {json.dumps(x, sort_keys=True) for x in (new if isinstance(new, list) else [new])}
                print(f"== {key[0]} {key[1]} {part}")
                for line in sorted(old_lines - new_lines):
                    print(f"  - {line}")
                for line in sorted(new_lines - old_lines):
                    print(f"  + {line}")
    totals: Counter[str] = Counter()
    for side, records in (("before", before), ("after", after)):
        for record in records.values():
            for key in ("parsed", "ner", "sentences"):
                totals[f"{side} {record['corpus']} {key}"] += record[key]
    for key, value in sorted(totals.items()):
        print(f"{key:>26}: {value}")
    print("documents with differences:", dict(changed) or "none")
    return 1 if any(part.endswith("events") or part.endswith("rejection") for part in changed) else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("dump")
    one.add_argument("out")
    one.add_argument("--articles", type=int, default=200)
    one.add_argument("--seed", type=int, default=15)
    two = commands.add_parser("diff")
    two.add_argument("before")
    two.add_argument("after")
    two.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.articles, args.seed)
    else:
        sys.exit(diff(args.before, args.after, args.show))


if __name__ == "__main__":
    main()
