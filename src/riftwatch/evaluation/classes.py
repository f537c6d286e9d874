"""Per-class precision, recall and F1 with support, and confusion matrices: the scoring shared by the
single-label gold sets (IndiaPoliceEvents questions, CASE 2021 sub-event types)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def per_class(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """For each label: precision, recall, F1, support (gold count) and predicted count."""
    table: dict[str, dict[str, Any]] = {}
    pairs = list(zip(gold, predicted, strict=True))
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        table[label] = {**prf(tp, fp, fn), "support": tp + fn, "predicted": tp + fp}
    return table


def weighted_f1(table: dict[str, dict[str, Any]]) -> float:
    """F1 averaged over classes, weighted by gold support (as scikit-learn's average='weighted')."""
    total = sum(row["support"] for row in table.values())
    return round(sum(row["f1"] * row["support"] for row in table.values()) / total, 4) if total else 0.0


def confusion(
    gold: Sequence[str], predicted: Sequence[str], rows: Sequence[str] | None = None
) -> dict[str, Any]:
    """Rows: gold labels; columns: predicted labels (those seen, in the rows' order first)."""
    rows = list(rows) if rows is not None else sorted(set(gold))
    columns = [*rows, *sorted(set(predicted) - set(rows))]
    pairs = list(zip(gold, predicted, strict=True))
    matrix = [[sum(1 for g, p in pairs if g == row and p == column) for column in columns] for row in rows]
    return {"gold": rows, "predicted": columns, "matrix": matrix}
