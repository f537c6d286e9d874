"""The bundled demo corpus: enough articles, over enough time, each cleanly read, and our own words."""

from __future__ import annotations

import json
import re

import pytest

from riftwatch import demo
from riftwatch.clean import clean_document

from .conftest import SEED


def _records():
    for path in demo.corpus_paths():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def test_demo_corpus_size_and_span():
    records = list(_records())
    assert len(records) >= 60
    assert len({r["id"] for r in records}) == len(records)
    assert demo.corpus_size() == len(records)
    dates = sorted(clean_document(r["text"], date=r.get("date")).date for r in records)
    assert None not in dates
    assert (dates[-1] - dates[0]).days >= 365


def test_demo_corpus_every_article_is_labelled_and_cleanly_read():
    for record in _records():
        assert record["source"] == demo.SOURCE_NAME
        cleaned = clean_document(record["text"], date=record.get("date"))
        assert cleaned.title, record["id"]
        assert cleaned.dateline, record["id"]
        assert cleaned.date is not None, record["id"]
        if "date" in record:
            assert cleaned.date.isoformat() == record["date"]


def test_demo_corpus_has_no_sentence_from_the_reference_article():
    if not SEED.exists():
        pytest.skip("the reference article is not on this machine")
    seed_words = re.findall(r"\w+", SEED.read_text(encoding="utf-8").lower())
    seed_grams = {tuple(seed_words[i : i + 8]) for i in range(len(seed_words) - 7)}
    for record in _records():
        words = re.findall(r"\w+", record["text"].lower())
        assert not any(tuple(words[i : i + 8]) in seed_grams for i in range(len(words) - 7)), record["id"]
