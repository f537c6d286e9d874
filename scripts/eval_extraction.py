"""Score riftwatch's HTML extraction against gold article bodies (the scrapinghub article-extraction benchmark):
the scoring is riftwatch.evaluation.extraction (its docstring says what is measured).

Usage: python scripts/eval_extraction.py [FOLDER] [--trafilatura] [--worst N]
(default FOLDER: ../shared/eval/article-extraction next to the project).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riftwatch.evaluation.extraction import evaluate  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--trafilatura", action="store_true", help="score trafilatura.extract alone instead")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest body F1")
    args = parser.parse_args()
    if not (args.folder / "ground-truth.json").exists():
        sys.exit(f"no ground-truth.json in {args.folder}")
    result = evaluate(args.folder, trafilatura_alone=args.trafilatura)
    print(f"{result['pages']} pages in {result['seconds']:.1f} s")
    print(f"{'text':<12} {'F1':>6} {'prec.':>6} {'recall':>6}   (4-gram shingles, as the benchmark scores)")
    for kind, score in result["scores"].items():  # type: ignore[union-attr]
        print(f"{kind:<12} {score['f1']:6.3f} {score['precision']:6.3f} {score['recall']:6.3f}")
    print(f"{'text':<12} {'F1':>6} {'prec.':>6} {'recall':>6}   (single tokens)")
    for kind, score in result["token_scores"].items():  # type: ignore[union-attr]
        print(f"{kind:<12} {score['f1']:6.3f} {score['precision']:6.3f} {score['recall']:6.3f}")
    if not args.trafilatura:
        print(f"pages the language check would reject (not counted above): {result['language_rejected']}")
    if args.worst:
        kind = "trafilatura" if args.trafilatura else "body"
        ranked = sorted(zip(result["rows"][kind], result["keys"], strict=True))  # type: ignore[index]
        for (tp, fp, fn), key in ranked[: args.worst]:
            print(f"  {key[:16]}  tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}")


if __name__ == "__main__":
    main()
