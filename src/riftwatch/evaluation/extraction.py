"""Score riftwatch's HTML extraction against gold article bodies (the scrapinghub article-extraction benchmark).

Each page goes through the real reader (gzip stream, format sniffing, charset, trafilatura) and then the same
cleaning every document gets (`prepare_article`). Scored, like the benchmark's own evaluate.py does: word
4-gram shingles, true/false positives and negatives normalised per page, precision and recall averaged over
pages, F1 of the two averages. Also printed: a bag-of-words token F1 with the same averaging.

Three texts are scored per page:
- `reader`: RawDocument.text as the HTML reader returns it;
- `article`: Article.text, the contract's text (title line, dateline and body, page residue removed);
- `body`: Article.text without the title line riftwatch puts on top (the gold bodies carry no title): the
  number the quality gate in tests/test_gold.py holds (floors in tests/gold_floors.json).
The language check is off here: it is not extraction (the count it would reject is printed apart).

`python scripts/eval_extraction.py [FOLDER] [--trafilatura] [--worst N]` prints these scores.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from ..clean import prepare_article
from ..errors import InputError
from ..models import RawDocument
from ..readers import read_bytes
from ..readers.language import is_confidently_foreign
from ..settings import Settings

_TOKEN = re.compile(r"\w+", re.UNICODE)
NO_LANGUAGE_CHECK = Settings(language_min_chars=10**9)


def shingle_counts(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Per-page counts, normalised so that long pages weigh no more than short ones."""
    gold, found = shingle_counts(true, n), shingle_counts(pred, n)
    tp = sum((gold & found).values())
    fp = sum(found.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aggregate(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(precision(*row) for row in rows if row[0] + row[1] > 0)
    r = statistics.mean(recall(*row) for row in rows if row[0] + row[2] > 0)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def extract(name: str, data: bytes) -> dict[str, str]:
    """The three texts riftwatch makes of one page (empty strings when the page is rejected)."""
    items = list(read_bytes(name, data, NO_LANGUAGE_CHECK))
    raw = items[0] if len(items) == 1 and isinstance(items[0], RawDocument) else None
    if raw is None:
        return {"reader": "", "article": "", "body": ""}
    try:
        article = prepare_article(raw)
    except InputError:
        return {"reader": raw.text, "article": "", "body": ""}
    body = article.text
    if article.title and body.startswith(article.title):
        body = body[len(article.title) :].lstrip("\n")
    return {"reader": raw.text, "article": article.text, "body": body}


def evaluate(folder: Path, *, trafilatura_alone: bool = False) -> dict[str, object]:
    """Scores of every text kind, with the per-page rows, seconds spent and pages the language check rejects."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list[tuple[float, float, float]]] = {}
    tokens: dict[str, list[tuple[float, float, float]]] = {}
    foreign = 0
    started = time.perf_counter()
    for key in sorted(gold):
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        if trafilatura_alone:
            import trafilatura

            texts = {
                "trafilatura": trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False)
                or ""
            }
        else:
            texts = extract(f"{key}.html", data)
            foreign += bool(texts["reader"] and is_confidently_foreign(texts["reader"], Settings()))
        true = gold[key].get("articleBody", "")
        for kind, text in texts.items():
            rows.setdefault(kind, []).append(tp_fp_fn(true, text))
            tokens.setdefault(kind, []).append(tp_fp_fn(true, text, n=1))
    seconds = time.perf_counter() - started
    return {
        "pages": len(gold),
        "seconds": seconds,
        "scores": {kind: aggregate(found) for kind, found in rows.items()},
        "token_scores": {kind: aggregate(found) for kind, found in tokens.items()},
        "rows": rows,
        "keys": sorted(gold),
        "language_rejected": foreign,
    }
