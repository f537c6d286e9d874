"""Rows of the store's tables from riftwatch's records and back (no SQL here: the shapes only)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import StoreError
from ..models import Article, CodedDocument, Event, Rejection
from .schema import ACTOR_FIELDS, ATTRIBUTION_FIELDS, EVIDENCE_FIELDS, LOCATION_FIELDS


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def article_row(article: Article) -> dict[str, Any]:
    row = article.to_dict()
    row["date"] = article.date
    return row


def event_row(event: Event) -> dict[str, Any]:
    data = event.to_dict()
    row: dict[str, Any] = {
        key: data[key]
        for key in (
            "id",
            "article_id",
            "kind",
            "type",
            "mode",
            "context",
            "cameo",
            "goldstein",
            "quad_class",
            "date_precision",
            "certainty",
            "dead",
            "injured",
            "size",
            "confidence",
        )
    }
    row["date"] = event.date
    row["background"] = event.background
    row["acled_event_type"] = event.acled.event_type if event.acled else None
    row["acled_sub_event_type"] = str(event.acled.sub_event_type) if event.acled else None
    for role in ("source", "target"):
        actor = data[role] or {}
        row.update({f"{role}_{c}": actor.get(c) for c in ACTOR_FIELDS})
        row[f"{role}_implied"] = actor.get("implied") if data[role] else None
    location = data["location"] or {}
    row.update({f"location_{c}": location.get(c) for c in LOCATION_FIELDS})
    row.update({f"attribution_{c}": data["attribution"].get(c) for c in ATTRIBUTION_FIELDS})
    row.update({f"evidence_{c}": data["evidence"].get(c) for c in EVIDENCE_FIELDS})
    return row


def event_from_row(row: dict[str, Any]) -> Event:
    def nested(prefix: str, keys: list[str]) -> dict[str, Any]:
        return {key: row[f"{prefix}_{key}"] for key in keys}

    data = {
        key: row[key]
        for key in (
            "id",
            "article_id",
            "kind",
            "type",
            "mode",
            "context",
            "cameo",
            "goldstein",
            "quad_class",
            "date",
            "date_precision",
            "certainty",
            "dead",
            "injured",
            "size",
            "confidence",
        )
    }
    for role in ("source", "target"):
        data[role] = (
            nested(role, ACTOR_FIELDS) | {"implied": bool(row.get(f"{role}_implied"))}
            if row[f"{role}_text"] is not None
            else None
        )
    data["location"] = nested("location", LOCATION_FIELDS) if row["location_name"] is not None else None
    data["attribution"] = nested("attribution", ATTRIBUTION_FIELDS)
    data["evidence"] = nested("evidence", EVIDENCE_FIELDS)
    data["background"] = bool(row.get("background"))
    data["acled"] = (
        {"sub_event_type": row["acled_sub_event_type"]} if row.get("acled_sub_event_type") else None
    )
    return Event.from_dict(data)


def refuse_shared_ids(events: list[dict[str, Any]], path: str) -> None:
    """Two events of one batch under one id: one would overwrite the other, so nothing is written."""
    seen: dict[str, dict[str, Any]] = {}
    for row in events:
        if row["id"] in seen:
            raise StoreError(
                f"refusing to drop an event: two events of article {row['article_id']} share the id {row['id']} "
                f"({seen[row['id']]['type']} and {row['type']}); nothing of this batch was written to {path}"
            )
        seen[row["id"]] = row


def input_key(document: CodedDocument) -> str:
    """What makes an input the same input again: its source id and the article it held."""
    return f"{document.source_id}|{document.article.id if document.article else ''}"


def rejection_row(rejection: Rejection) -> dict[str, Any]:
    key = f"{rejection.source_id}\x00{rejection.reason}\x00{rejection.detail}"
    return rejection.to_dict() | {"id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]}


def iter_batches(documents: Iterable[CodedDocument], size: int) -> Iterator[list[CodedDocument]]:
    batch: list[CodedDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
