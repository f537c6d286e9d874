"""Scoring cross-article merging against a labelled set of articles (tests/data/merge/).

The articles go through the real pipeline into a fresh store (ingest, which merges as it goes). Each event
riftwatch extracts is mapped to the gold event of its article's labelled sentence; an event whose type family
differs from the gold event's is a mis-coding by the extractor and is reported, not scored. Merging is scored
on the mapped events: pairwise precision and recall (false merges and missed merges of pairs of mentions) and
B-cubed precision, recall and F1; merges across different days of one series of events between the same sides
are counted on their own. Gold articles none of whose events could be scored are extraction misses.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from ..merge import type_families
from ..models import EventType
from ..pipeline import ingest_paths
from ..settings import Settings
from ..store import Store


def read_gold(path: Path) -> tuple[dict[str, list[dict[str, str]]], dict[str, dict[str, str]]]:
    """(gold sentences per article id, gold events by label) from articles.jsonl and the events.csv beside it."""
    labels: dict[str, list[dict[str, str]]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                labels[record["id"]] = record["gold"]
    with open(path.parent / "events.csv", encoding="utf-8") as handle:
        events = {row["event"]: row for row in csv.DictReader(handle)}
    return labels, events


def score(items: dict[str, tuple[str, str]]) -> dict[str, float]:
    """items: mention id -> (predicted cluster, gold cluster). Pairwise and B-cubed scores."""
    predicted: dict[str, set[str]] = defaultdict(set)
    gold: dict[str, set[str]] = defaultdict(set)
    for key, (pred, true) in items.items():
        predicted[pred].add(key)
        gold[true].add(key)
    same_pred = same_gold = both = 0
    for a, b in combinations(sorted(items), 2):
        p = items[a][0] == items[b][0]
        g = items[a][1] == items[b][1]
        same_pred += p
        same_gold += g
        both += p and g
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_gold if same_gold else 1.0
    b3p = b3r = 0.0
    for pred, true in items.values():
        overlap = len(predicted[pred] & gold[true])
        b3p += overlap / len(predicted[pred])
        b3r += overlap / len(gold[true])
    n = len(items) or 1
    b3p, b3r = b3p / n, b3r / n
    return {
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "false_merge_pairs": same_pred - both,
        "missed_merge_pairs": same_gold - both,
        "bcubed_precision": round(b3p, 4),
        "bcubed_recall": round(b3r, 4),
        "bcubed_f1": round(2 * b3p * b3r / (b3p + b3r), 4) if b3p + b3r else 0.0,
    }


def evaluate(
    path: str | Path, settings: Settings | None = None, store_path: str | Path | None = None
) -> dict[str, Any]:
    """Ingest the labelled articles into a fresh store and score the merged events (module docstring)."""
    path = Path(path)
    settings = settings or Settings()
    labels, gold_events = read_gold(path)
    families = type_families()
    with tempfile.TemporaryDirectory() as folder, Store(store_path or Path(folder) / "merge.duckdb") as store:
        ingest_paths([str(path)], store, settings)
        sources = {article.id: article.source_id for article in store.articles()}
        events = list(store.events())
        merged = {i: row["id"] for row in store.merged_events().to_pylist() for i in row["mention_ids"]}
    items: dict[str, tuple[str, str]] = {}
    miscoded: list[dict[str, Any]] = []
    unlabelled = 0
    for event in events:
        article = sources[event.article_id]
        label = next(
            (g["event"] for g in labels.get(article, []) if g["sentence"] in event.evidence.sentence), None
        )
        if label is None:
            unlabelled += 1
            continue
        if families[event.type] != families[EventType(gold_events[label]["type"])]:
            miscoded.append({"article": article, "event": label, "coded": str(event.type)})
            continue
        items[event.id] = (merged[event.id], label)
    scored_articles = {sources[e.article_id] for e in events if e.id in items}
    report = score(items)
    day_of = {label: (row["series"], row["day"]) for label, row in gold_events.items()}
    cross_day = sum(
        1
        for a, b in combinations(sorted(items), 2)
        if items[a][0] == items[b][0]
        and day_of[items[a][1]][0] == day_of[items[b][1]][0]
        and day_of[items[a][1]][1] != day_of[items[b][1]][1]
    )
    false_merges = sorted(
        {
            tuple(sorted((items[a][1], items[b][1])))
            for a, b in combinations(sorted(items), 2)
            if items[a][0] == items[b][0] and items[a][1] != items[b][1]
        }
    )
    gold_groups: dict[str, set[str]] = defaultdict(set)
    for pred, true in items.values():
        gold_groups[true].add(pred)
    return {
        **report,
        "cross_day_merge_pairs": cross_day,
        "articles": len(labels),
        "gold_events": len(gold_events),
        "mentions_scored": len(items),
        "merged_events": len({pred for pred, _ in items.values()}),
        "extraction_misses": sorted(set(labels) - scored_articles),
        "miscoded": miscoded,
        "unlabelled_events": unlabelled,
        "false_merges": [list(pair) for pair in false_merges],
        "split_gold_events": {
            label: len(preds) for label, preds in sorted(gold_groups.items()) if len(preds) > 1
        },
    }
