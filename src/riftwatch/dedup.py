"""Near-duplicate articles: syndicated copies and re-posts of an article already read.

Each article's body (its text without the title line, lower-cased words) is cut into word 5-shingles and
summarised by a MinHash signature (datasketch, 128 permutations, fixed seed, so signatures are the same in
every process and every run). Locality-sensitive hashing finds the earlier articles that may be similar; the
estimated Jaccard similarity decides. A near-duplicate is never dropped: `article.duplicate_of` points to the
earlier article (the most similar one; the smallest id on a tie), and the store keeps the link but not its
events, so nothing is counted twice. An exact repeat (same article id) points to its own id, as before.

Only originals are indexed, so a copy of a copy links to the original only when it is similar enough to it.
Articles shorter than MIN_SHINGLES shingles are matched on exact repeats only: short texts share too much by
chance.

The LSH banding is datasketch's for the threshold (14 bands of 9 values at 0.7); each band of a signature is
hashed to one 64-bit bucket key. Where the earlier articles live is an index: `MemoryIndex` (a stream coded
without a store) or `StoreIndex`, which asks the store, once per batch, which stored originals share a bucket
with the batch. With a store nothing grows in memory however long the ingest (the soak grew by ~7 KB per
article when every signature was kept in memory), and a resumed or later run finds exactly the duplicates one
uninterrupted run finds: the candidates are the same, only where they are looked up differs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from .models import Article, CodedDocument, Signature

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
# datasketch 2 hashing scheme: 32-bit values; fixed so stored signatures stay comparable.
SCHEME = "affine32"
MIN_SHINGLES = 30
_WORD = re.compile(r"\w+", re.UNICODE)


def body_text(article: Article) -> str:
    """The article without the title line riftwatch puts on top (re-posts often change the headline)."""
    text = article.text
    if article.title and text.startswith(article.title):
        return text[len(article.title) :]
    return text


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of a text's shingles, or None when the text is too short to compare."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(found))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").copy()
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True, slots=True)
class Layout:
    """LSH banding: `bands` bands of `rows` MinHash values each."""

    bands: int
    rows: int

    @property
    def name(self) -> str:
        return f"{self.bands}x{self.rows}"


@lru_cache(maxsize=16)
def layout_for(threshold: float) -> Layout:
    """datasketch's banding for a Jaccard threshold (what MinHashLSH would use; 14x9 at 0.7)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return Layout(bands=lsh.b, rows=lsh.r)


def bucket_keys(values: np.ndarray, layout: Layout) -> tuple[int, ...]:
    """One signed 64-bit key per band: two signatures share a key when they agree on a whole band (datasketch's
    LSH candidate rule), the layout and band number are part of the key so bands never mix."""
    data = values.astype("<u4")
    keys = []
    for band in range(layout.bands):
        digest = hashlib.blake2b(
            data[band * layout.rows : (band + 1) * layout.rows].tobytes(),
            digest_size=8,
            person=f"{layout.name}/{band}".encode()[:16],
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def make_signature(values: np.ndarray, layout: Layout, buckets: tuple[int, ...] | None = None) -> Signature:
    return Signature(
        minhash=values.astype("<u4").tobytes(),
        layout=layout.name,
        buckets=bucket_keys(values, layout) if buckets is None else buckets,
    )


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity, exactly as datasketch's MinHash.jaccard computes it."""
    return float(np.count_nonzero(a == b)) / float(NUM_PERM)


class SignatureIndex(Protocol):
    """Where the originals of earlier batches are found."""

    def known(self, article_ids: Collection[str]) -> set[str]:
        """Which of these articles were seen before (an exact repeat points to its own id)."""
        ...

    def find(self, buckets: Collection[int]) -> tuple[dict[int, list[str]], dict[str, np.ndarray]]:
        """The originals under these bucket keys (bucket -> article ids) and their MinHash values."""
        ...

    def add(self, seen: Iterable[str], signatures: Mapping[str, Signature]) -> None:
        """A batch is done: the articles it saw, and the signatures of its new originals."""
        ...


class MemoryIndex:
    """Everything in memory: for a stream coded without a store (`riftwatch code`), and for tests."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._buckets: dict[int, list[str]] = {}
        self._values: dict[str, np.ndarray] = {}

    def known(self, article_ids: Collection[str]) -> set[str]:
        return {article_id for article_id in article_ids if article_id in self._seen}

    def find(self, buckets: Collection[int]) -> tuple[dict[int, list[str]], dict[str, np.ndarray]]:
        found = {bucket: self._buckets[bucket] for bucket in buckets if bucket in self._buckets}
        ids = {article_id for members in found.values() for article_id in members}
        return found, {article_id: self._values[article_id] for article_id in ids}

    def add(self, seen: Iterable[str], signatures: Mapping[str, Signature]) -> None:
        self._seen.update(seen)
        for article_id, sig in signatures.items():
            if article_id in self._values:
                continue
            self._values[article_id] = np.frombuffer(sig.minhash, dtype="<u4")
            for bucket in sig.buckets:
                self._buckets.setdefault(bucket, []).append(article_id)


class SignatureStore(Protocol):
    """What StoreIndex needs of riftwatch.store.Store (the SQL stays there)."""

    def stored_article_ids(self, article_ids: Collection[str]) -> set[str]: ...

    def originals_in_buckets(self, buckets: Collection[int]) -> list[tuple[int, str, bytes]]: ...

    def signatures_without_buckets(self, layout: str) -> Iterator[tuple[str, bytes]]: ...

    def add_buckets(self, layout: str, rows: Sequence[tuple[str, Sequence[int]]]) -> None: ...


class StoreIndex:
    """The store is the index: one look-up per batch, nothing kept in memory between batches. The batch's own
    originals reach the store with the batch (`Store.write_batch`), before the next batch asks."""

    def __init__(self, store: SignatureStore, layout: Layout | None) -> None:
        self.store = store
        if layout is not None:
            self._add_missing_buckets(layout)

    def _add_missing_buckets(self, layout: Layout, chunk: int = 2000) -> None:
        """Signatures stored by an older riftwatch or under another threshold's banding get this banding's keys
        (once; a later run finds them in place)."""
        rows: list[tuple[str, Sequence[int]]] = []
        for article_id, data in self.store.signatures_without_buckets(layout.name):
            rows.append((article_id, bucket_keys(np.frombuffer(data, dtype="<u4"), layout)))
            if len(rows) >= chunk:
                self.store.add_buckets(layout.name, rows)
                rows = []
        if rows:
            self.store.add_buckets(layout.name, rows)

    def known(self, article_ids: Collection[str]) -> set[str]:
        return self.store.stored_article_ids(article_ids)

    def find(self, buckets: Collection[int]) -> tuple[dict[int, list[str]], dict[str, np.ndarray]]:
        found: dict[int, list[str]] = {}
        values: dict[str, np.ndarray] = {}
        for bucket, article_id, data in self.store.originals_in_buckets(buckets):
            found.setdefault(bucket, []).append(article_id)
            values[article_id] = np.frombuffer(data, dtype="<u4")
        return found, values

    def add(self, seen: Iterable[str], signatures: Mapping[str, Signature]) -> None:
        """Nothing to do: the store writes the batch and its signatures in one transaction."""


@dataclass(slots=True)
class _Entry:
    document: CodedDocument
    values: np.ndarray | None = None
    buckets: tuple[int, ...] = ()


class DuplicateFinder:
    """Marks exact repeats and near-duplicates of the articles it has seen (or its index holds) before."""

    def __init__(self, threshold: float = 0.7, index: SignatureIndex | None = None) -> None:
        self.threshold = threshold
        self.layout = layout_for(threshold) if threshold > 0 else None
        self.index: SignatureIndex = index if index is not None else MemoryIndex()

    @classmethod
    def over_store(cls, store: SignatureStore, threshold: float = 0.7) -> DuplicateFinder:
        """A finder whose index is the store: memory stays flat however many articles the store holds."""
        layout = layout_for(threshold) if threshold > 0 else None
        return cls(threshold, StoreIndex(store, layout))

    def load(self, stored: Iterable[tuple[str, bytes]]) -> None:
        """Index originals stored by earlier runs: (article id, signature bytes) pairs."""
        signatures = {}
        if self.layout is not None:
            for article_id, data in stored:
                signatures[article_id] = make_signature(np.frombuffer(data, dtype="<u4"), self.layout)
        self.index.add(signatures, signatures)

    def mark(self, document: CodedDocument) -> tuple[CodedDocument, Signature | None]:
        """The document, its `duplicate_of` set when it repeats an earlier article, and the signature to store
        when it is a new original (None otherwise, and for articles too short to compare)."""
        [marked], signatures = self.mark_batch([document])
        article = marked.article
        return marked, signatures.get(article.id) if article is not None else None

    def mark_batch(
        self, documents: Sequence[CodedDocument]
    ) -> tuple[list[CodedDocument], dict[str, Signature]]:
        """Mark a batch in order; returns the documents and the signatures of its new originals by article id.
        The index is asked once for the whole batch; the batch's own originals are matched here."""
        known = self.index.known({d.article.id for d in documents if d.article is not None})
        entries = [self._entry(document, known) for document in documents]
        wanted = {bucket for e in entries for bucket in e.buckets}
        earlier, values = self.index.find(wanted) if wanted else ({}, {})
        local: dict[int, list[str]] = {}
        seen: set[str] = set()
        marked: list[CodedDocument] = []
        signatures: dict[str, Signature] = {}
        for e in entries:
            document, article = e.document, e.document.article
            if article is None:
                marked.append(document)
                continue
            if article.id in known or article.id in seen:
                marked.append(replace(document, article=replace(article, duplicate_of=article.id)))
                continue
            if e.values is None:
                seen.add(article.id)
                marked.append(document)
                continue
            candidates = {
                key for bucket in e.buckets for key in (*earlier.get(bucket, ()), *local.get(bucket, ()))
            }
            original = self._most_similar(e.values, candidates, values)
            if original is not None:
                marked.append(replace(document, article=replace(article, duplicate_of=original)))
                continue
            seen.add(article.id)
            values[article.id] = e.values
            for bucket in e.buckets:
                local.setdefault(bucket, []).append(article.id)
            assert self.layout is not None
            signatures[article.id] = make_signature(e.values, self.layout, e.buckets)
            marked.append(document)
        self.index.add(seen, signatures)
        return marked, signatures

    def mark_all(self, documents: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
        for document in documents:
            yield self.mark(document)[0]

    def _entry(self, document: CodedDocument, known: Collection[str]) -> _Entry:
        """The document with its MinHash values and bucket keys (none for a repeat or a short article)."""
        article = document.article
        if article is None or self.layout is None or article.id in known:
            return _Entry(document)
        minhash = signature(body_text(article))
        if minhash is None:
            return _Entry(document)
        values = minhash.hashvalues.astype("<u4")
        return _Entry(document, values, bucket_keys(values, self.layout))

    def _most_similar(
        self, values: np.ndarray, candidates: Iterable[str], known: Mapping[str, np.ndarray]
    ) -> str | None:
        scored = [(_similarity(known[key], values), key) for key in candidates]
        scored = [(similarity, key) for similarity, key in scored if similarity >= self.threshold]
        if not scored:
            return None
        return min(scored, key=lambda pair: (-pair[0], pair[1]))[1]
