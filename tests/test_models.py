from __future__ import annotations

import json

from hypothesis import given

import riftwatch
from riftwatch.models import Article, CodedDocument, Event, Rejection, RejectionReason, RunSummary

from .strategies import coded_documents, events


@given(events())
def test_event_round_trips_through_its_contract_dict(event):
    data = json.loads(json.dumps(event.to_dict()))
    assert Event.from_dict(data) == event


@given(coded_documents())
def test_article_round_trips_through_its_contract_dict(document):
    assert Article.from_dict(json.loads(json.dumps(document.article.to_dict()))) == document.article


@given(events())
def test_event_dict_has_every_contract_field(event):
    assert list(event.to_dict()) == [
        "id",
        "article_id",
        "kind",
        "type",
        "mode",
        "context",
        "acled",
        "background",
        "cameo",
        "goldstein",
        "quad_class",
        "source",
        "target",
        "date",
        "date_precision",
        "location",
        "certainty",
        "attribution",
        "evidence",
        "dead",
        "injured",
        "size",
        "confidence",
    ]


def test_rejected_document_shape():
    rejection = Rejection(source_id="x.txt", reason=RejectionReason.EMPTY, detail="empty file")
    assert CodedDocument(source_id="x.txt", rejection=rejection).to_dict() == {
        "article": None,
        "events": [],
        "rejection": {"source_id": "x.txt", "reason": "empty", "detail": "empty file"},
    }


def test_run_summary_accounts_for_every_document():
    summary = RunSummary()
    coded = CodedDocument(source_id="a", article=Article(id="1", source_id="a", text="t"))
    summary.count(coded)
    summary.count(coded, duplicate=True)
    summary.count(
        CodedDocument(
            source_id="b", rejection=Rejection(source_id="b", reason=RejectionReason.EMPTY, detail="")
        )
    )
    assert summary.to_dict() == {
        "read": 3,
        "coded": 1,
        "duplicates": 1,
        "rejected": 1,
        "rejected_by_reason": {"empty": 1},
        "events": 0,
    }


def test_public_api_exports_exist():
    for name in riftwatch.__all__:
        assert hasattr(riftwatch, name), name
    assert {"code_text", "code_files", "Store", "ingest", "Article", "Event", "Rejection"} <= set(
        riftwatch.__all__
    )
