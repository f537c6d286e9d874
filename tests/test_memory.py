"""What a long ingest must not accumulate: spaCy's vocabulary (every new word, number and name would stay in
its string store, vocabulary and tokenizer cache) and the caches the stages keep (bounded).

The soak (scripts/soak.py) measures the process; these tests pin the mechanisms one by one."""

from __future__ import annotations

import random

import pytest

from riftwatch import nlp
from riftwatch.errors import ConfigError, StoreError
from riftwatch.models import Article, CodedDocument, RawDocument
from riftwatch.pipeline import code_documents
from riftwatch.settings import Settings
from riftwatch.store import Store

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


# --- the store's memory: DuckDB caches what it reads and writes up to its memory limit ----------------------


def _limit_mb(store: Store) -> float:
    return store.memory()["limit"] / 1000**2


def test_the_store_memory_limit_reaches_duckdb(tmp_path):
    with Store(tmp_path / "s.duckdb", memory_limit="100MB") as store:
        assert _limit_mb(store) == pytest.approx(100, rel=0.01)
    with Store(tmp_path / "s.duckdb", memory_limit="1GB") as store:  # applied on every connect
        assert _limit_mb(store) == pytest.approx(1000, rel=0.01)


def test_the_store_memory_limit_is_a_setting_with_a_default_and_an_environment_variable(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("RIFTWATCH_STORE_MEMORY_LIMIT", raising=False)
    with Store(tmp_path / "s.duckdb") as store:  # the shipped default, not DuckDB's 80% of RAM
        assert _limit_mb(store) == pytest.approx(
            float(Settings().store_memory_limit.removesuffix("MB")), rel=0.01
        )
    monkeypatch.setenv("RIFTWATCH_STORE_MEMORY_LIMIT", "300MB")
    assert Settings.from_env().store_memory_limit == "300MB"
    with Store(tmp_path / "s.duckdb") as store:
        assert _limit_mb(store) == pytest.approx(300, rel=0.01)
    monkeypatch.setenv("RIFTWATCH_STORE_MEMORY_LIMIT", "")
    with Store(tmp_path / "s.duckdb") as store:  # empty: DuckDB's own default, far above ours
        assert _limit_mb(store) > 300


@pytest.mark.parametrize("size", ["lots", "256", "-1GB", "1GB; DROP TABLE events"])
def test_a_memory_limit_that_is_no_size_is_refused_clearly(tmp_path, size):
    with pytest.raises(ConfigError, match="store_memory_limit"):
        Settings(store_memory_limit=size)
    with pytest.raises(StoreError, match="not a size"):
        Store(tmp_path / "s.duckdb", memory_limit=size)


def test_a_store_that_outgrows_its_memory_limit_names_the_setting(tmp_path):
    documents = [
        CodedDocument(
            source_id=f"s{i}", article=Article(id=f"article-{i:012d}", source_id=f"s{i}", text="x" * 200)
        )
        for i in range(20_000)
    ]
    with Store(tmp_path / "s.duckdb", memory_limit="8MB") as store:
        with pytest.raises(StoreError, match="RIFTWATCH_STORE_MEMORY_LIMIT"):
            store.write_batch(documents)
        assert store.counts()["articles"] == 0  # nothing half-written


def _articles(start: int, count: int) -> list[CodedDocument]:
    return [
        CodedDocument(
            source_id=f"s{i}",
            article=Article(id=f"{i * 2654435761 % 2**64:016x}", source_id=f"s{i}", text="x"),
        )
        for i in range(start, start + count)
    ]


def test_the_store_reopens_when_its_indexes_outgrow_their_budget(tmp_path):
    """DuckDB keeps the parts of an index it loaded to check a key until the connection closes (counted
    against the memory limit, never evicted): past the budget the store reopens the file, and every key stays
    enforced across the reopening."""
    with Store(tmp_path / "s.duckdb", memory_limit="64MB") as store:
        assert store.index_budget == 16 * 2**20  # at least what a few batches load, at most half the limit
        store.write_batch(_articles(0, 2000))
        assert store.reopened == 0  # a small index stays within its budget
        store.index_budget = 1  # every index now outgrows it
        for start in (2000, 4000):
            assert store.write_batch(_articles(start, 2000)) == [False] * 2000
            assert store.memory()["art_index"] == 0  # released: a new connection has loaded nothing yet
        assert store.reopened == 2
        assert store.write_batch(_articles(5000, 2000)) == [True] * 1000 + [False] * 1000
        assert store.counts()["articles"] == 7000 and store.accounting()["read"] == 7000
        assert _limit_mb(store) == pytest.approx(64, rel=0.01)  # the limit holds on the new connection


@pytest.mark.parametrize(
    ("limit", "budget"), [("1GB", 1000**3 / 8), ("64MB", 16 * 2**20), ("8MB", 8 * 1000**2 / 2)]
)
def test_the_index_budget_is_an_eighth_of_the_limit_but_not_below_what_a_batch_loads(tmp_path, limit, budget):
    with Store(tmp_path / "s.duckdb", memory_limit=limit) as store:
        assert store.index_budget == pytest.approx(budget, rel=0.03)


def test_a_read_only_store_never_reopens(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(_articles(0, 10))
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        store.index_budget = 1
        assert store.bound_index_memory() is False and store.reopened == 0
