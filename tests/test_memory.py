"""What a long ingest must not accumulate: spaCy's vocabulary (every new word, number and name would stay in
its string store, vocabulary and tokenizer cache) and the caches the stages keep (bounded).

The soak (scripts/soak.py) measures the process; these tests pin the mechanisms one by one."""

from __future__ import annotations

import random

from riftwatch import nlp
from riftwatch.models import RawDocument
from riftwatch.pipeline import code_documents
from riftwatch.settings import Settings

SETTINGS = Settings(batch_size=4, n_process=1, reference_date="2018-03-01")


def _documents(seed: int, count: int = 10) -> list[RawDocument]:
    """Documents full of words spaCy has never seen: invented place names and numbers."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()

    return [
        RawDocument(
            source_id=f"mem-{seed}-{i}",
            text=f"France criticised Germany over {word()} on day {rng.randint(10**6, 10**7)}. "
            f"Officials in {word()} said the {word()} crossing reopened after {rng.randint(10**6, 10**7)} trucks.",
        )
        for i in range(count)
    ]


def test_coding_forgets_the_new_words_of_every_batch():
    list(code_documents(_documents(1), SETTINGS))  # loads spaCy and builds the matchers
    vocab = nlp.get_nlp().vocab
    strings = len(vocab.strings)
    documents = _documents(2)
    coded = list(code_documents(documents, SETTINGS))
    assert len(coded) == len(documents) and all(d.article is not None for d in coded)
    assert any(d.events for d in coded)  # the documents were coded, actors matched after the zones ended
    # (len(vocab) counts every lexeme ever made, freed or not: membership is what tells)
    assert len(vocab.strings) == strings
    for new in (documents[0].text.split("day ")[1].split(".")[0], documents[0].text.split()[-2]):
        assert new not in vocab.strings and new not in vocab


def test_coding_is_the_same_inside_memory_zones_as_outside():
    """The zones change what spaCy remembers, not what riftwatch codes: a second pass equals the first."""
    documents = _documents(3)
    first = [d.to_dict() for d in code_documents(documents, SETTINGS)]
    second = [d.to_dict() for d in code_documents(documents, SETTINGS)]
    assert first == second
