"""Score riftwatch's geoparsing on the LGL, TR-News and GeoVirus gold corpora (../shared/eval/geoparsing).

    python scripts/eval_geoparsing.py [--data DIR] [--corpus lgl tr-news geovirus] [--limit N]

Each article goes through the pipeline users run (riftwatch.evaluation.geoparsing.code_corpus); the measures
are described in that module. tests/test_gold.py gates the first 40 articles of each corpus against
tests/gold_floors.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from riftwatch.evaluation.geoparsing import CORPORA, NearestTown, code_corpus, read_corpus, score  # noqa: E402


def _pct(value: object) -> str:
    return f"{100 * value:.1f}%" if isinstance(value, float) else "n/a"


def _km(value: object) -> str:
    return f"{value:.1f} km" if isinstance(value, float) else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "geoparsing")
    parser.add_argument(
        "--corpus", nargs="*", choices=sorted(CORPORA), default=["lgl", "tr-news", "geovirus"]
    )
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    parser.add_argument("--json", action="store_true", help="print one JSON object per corpus")
    args = parser.parse_args()
    nearest = NearestTown() if "geovirus" in args.corpus else None
    for name in args.corpus:
        articles, realigned = read_corpus(args.data / CORPORA[name], nearest if name == "geovirus" else None)
        articles = articles[: args.limit] if args.limit else articles
        started = time.perf_counter()
        predictions = code_corpus(articles)
        seconds = time.perf_counter() - started
        result = {
            "corpus": name,
            "articles": len(articles),
            "realigned_gold_spans": realigned,
            **score(articles, predictions),
            "seconds": round(seconds, 1),
        }
        if args.json:
            print(json.dumps(result))
            continue
        print(
            f"{name:9} articles {result['articles']:4}  gold {result['gold_toponyms']:5}  "
            f"recall {_pct(result['recall'])} (without {result['adjectival_gold']} adjectives "
            f"{_pct(result['recall_without_adjectives'])})  precision-vs-gold {_pct(result['precision_vs_gold'])}  |  "
            f"on {result['resolved_n']} recognised: exact {_pct(result['exact'])}  "
            f"acc@161 {_pct(result['acc161'])}  country {_pct(result['country'])}  "
            f"median {_km(result['median_km'])}  mean {_km(result['mean_km'])}  "
            f"({result['seconds']} s, {realigned} gold spans realigned)"
        )


if __name__ == "__main__":
    main()
