"""Score cross-article event merging on the labelled articles in tests/data/merge (or another file).

    .venv/bin/python scripts/eval_merge.py [tests/data/merge/articles.jsonl] [--window DAYS] [--json]

Prints pairwise precision/recall (false and missed merges), B-cubed precision/recall/F1, merges across
different days of one series between the same sides, and what the extractor missed or mis-coded.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from riftwatch.evaluation.merging import evaluate
from riftwatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "merge" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--window", type=int, default=None, help="merge_window_days (default: the setting's)")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = parser.parse_args()
    settings = (
        Settings(n_process=1, merge_window_days=args.window)
        if args.window is not None
        else Settings(n_process=1)
    )
    report = evaluate(args.path, settings)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
