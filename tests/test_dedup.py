"""Near-duplicate detection with the store as its index (riftwatch.dedup.StoreIndex).

The promise: nothing per article stays in memory between batches, and the marks are exactly those of the
in-memory MinHash LSH riftwatch used before (datasketch's MinHashLSH over every signature), whatever the batch
size, across runs on one store, and on a store written before the bucket table existed.
"""

from __future__ import annotations

import random

import duckdb
import pytest
from datasketch import MinHashLSH

from riftwatch.dedup import NUM_PERM, DuplicateFinder, body_text, layout_for, signature
from riftwatch.models import Article, CodedDocument
from riftwatch.pipeline import article_id
from riftwatch.store import Store

from .webcorpus import story

FILLERS = ["quietly", "notably", "again", "meanwhile", "largely", "formally", "briefly", "openly"]


def _document(source_id: str, text: str, url: str | None = None) -> CodedDocument:
    article = Article(id=article_id(text, url), source_id=source_id, text=text, url=url)
    return CodedDocument(source_id=source_id, article=article)


def _edited(text: str, share: float, rng: random.Random) -> str:
    """`text` with about `share` of its words replaced: copies on both sides of the 0.7 threshold."""
    words = text.split(" ")
    return " ".join(rng.choice(FILLERS) if rng.random() < share else word for word in words)


def corpus(count: int = 60, seed: int = 3) -> list[CodedDocument]:
    """Originals, edited copies from barely to much changed, copies of copies, exact repeats, short notes."""
    rng = random.Random(seed)
    documents: list[CodedDocument] = []
    texts: list[str] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.35 or not texts:
            text = story(7000 + i, paragraphs=rng.randint(1, 3)).text
        elif roll < 0.8:
            text = _edited(
                rng.choice(texts), rng.choice([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.12]), rng
            )
        elif roll < 0.9:
            documents.append(_document(f"again-{i}", rng.choice(texts)))
            continue
        else:
            text = f"Short note {i}: the ministry said little."
        texts.append(text)
        documents.append(_document(f"doc-{i}", text))
    return documents


def reference_marks(documents: list[CodedDocument], threshold: float = 0.7) -> list[str | None]:
    """What riftwatch marked when every signature lived in a datasketch MinHashLSH (the oracle)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    kept, seen, marks = {}, set(), []
    for document in documents:
        article = document.article
        if article.id in seen:
            marks.append(article.id)
            continue
        minhash = signature(body_text(article))
        if minhash is None:
            seen.add(article.id)
            marks.append(None)
            continue
        scored = [(kept[key].jaccard(minhash), key) for key in lsh.query(minhash)]
        scored = [pair for pair in scored if pair[0] >= threshold]
        if scored:
            marks.append(min(scored, key=lambda pair: (-pair[0], pair[1]))[1])
            continue
        seen.add(article.id)
        kept[article.id] = minhash
        lsh.insert(article.id, minhash)
        marks.append(None)
    return marks


def _marks(documents: list[CodedDocument]) -> list[str | None]:
    return [d.article.duplicate_of for d in documents]


def ingest_marks(documents: list[CodedDocument], db, batch: int, threshold: float = 0.7) -> list[str | None]:
    """Mark and store in batches, as `ingest` does; the store is the only index."""
    marks: list[str | None] = []
    with Store(db) as store:
        finder = DuplicateFinder.over_store(store, threshold)
        for start in range(0, len(documents), batch):
            marked, signatures = finder.mark_batch(documents[start : start + batch])
            store.write_batch(marked, signatures)
            marks.extend(_marks(marked))
    return marks


def test_corpus_has_copies_on_both_sides_of_the_threshold():
    marks = reference_marks(corpus())
    documents = corpus()
    edited = [m for d, m in zip(documents, marks, strict=True) if d.source_id.startswith("doc-")]
    assert sum(m is not None for m in edited) >= 5  # copies found
    assert sum(m is None for m in edited) >= 15  # originals, and copies edited too much to count
    assert any(
        m is not None for d, m in zip(documents, marks, strict=True) if d.source_id.startswith("again-")
    )


def test_memory_finder_marks_what_datasketch_lsh_marks():
    documents = corpus()
    assert _marks(DuplicateFinder(0.7).mark_all(documents)) == reference_marks(documents)
    marked, _ = DuplicateFinder(0.5).mark_batch(documents)
    assert _marks(marked) == reference_marks(documents, 0.5)


@pytest.mark.parametrize("batch", [1, 7, 64])
def test_store_index_marks_what_datasketch_lsh_marks_at_any_batch_size(tmp_path, batch):
    documents = corpus()
    assert ingest_marks(documents, tmp_path / "d.duckdb", batch) == reference_marks(documents)


def test_store_index_across_runs_equals_one_run(tmp_path):
    documents, db = corpus(), tmp_path / "d.duckdb"
    first = ingest_marks(documents[:25], db, 8)
    second = ingest_marks(documents[25:], db, 8)  # a new process: a new finder over the same store
    assert first + second == reference_marks(documents)


def test_store_index_keeps_nothing_between_batches(tmp_path):
    """The next batch finds the copy only through the store: remove the buckets and the copy goes unseen."""
    original = story(7301).text
    copy = _edited(original, 0.01, random.Random(1))
    with Store(tmp_path / "d.duckdb") as store:
        finder = DuplicateFinder.over_store(store)
        marked, signatures = finder.mark_batch([_document("a", original)])
        store.write_batch(marked, signatures)
        [found], _ = finder.mark_batch([_document("b", copy)])
        assert found.article.duplicate_of == marked[0].article.id
        store.con.execute("DELETE FROM signature_buckets")
        [missed], _ = finder.mark_batch([_document("c", copy)])
        assert missed.article.duplicate_of is None


def test_store_written_without_buckets_gets_them_on_the_next_run(tmp_path):
    """A store from before the bucket table (or under another threshold) is indexed when a run opens it."""
    documents, db = corpus(), tmp_path / "d.duckdb"
    ingest_marks(documents[:25], db, 8)
    con = duckdb.connect(str(db))
    stored = con.execute("SELECT count(*) FROM article_signatures").fetchone()[0]
    con.execute("DELETE FROM signature_buckets")
    con.close()
    assert ingest_marks(documents[25:], db, 8) == reference_marks(documents)[25:]
    con = duckdb.connect(str(db), read_only=True)
    layouts = con.execute("SELECT layout, count(DISTINCT article_id) FROM signature_buckets GROUP BY layout")
    assert dict(layouts.fetchall()) == {
        layout_for(0.7).name: con.execute("SELECT count(*) FROM article_signatures").fetchone()[0]
    }
    con.close()
    assert stored > 0
    # another threshold: another banding, added beside the first, and the marks of that threshold
    with Store(db) as store:
        finder = DuplicateFinder.over_store(store, 0.5)
        [copy], _ = finder.mark_batch(
            [_document("late", _edited(documents[0].article.text, 0.06, random.Random(2)))]
        )
        rows = store.query("SELECT layout, count(DISTINCT article_id) FROM signature_buckets GROUP BY layout")
    assert {layout for layout, _ in rows} == {layout_for(0.7).name, layout_for(0.5).name}
    assert len({n for _, n in rows}) == 1
    assert copy.article.duplicate_of == documents[0].article.id


def test_threshold_zero_marks_exact_repeats_only(tmp_path):
    documents = corpus()
    marks = ingest_marks(documents, tmp_path / "d.duckdb", 16, threshold=0)
    assert all(m is None or m == d.article.id for d, m in zip(documents, marks, strict=True))
    assert any(m is not None for m in marks)
