"""Near-duplicate articles: syndicated copies and re-posts of an article already read.

Each article's body (its text without the title line, lower-cased words) is cut into word 5-shingles and
summarised by a MinHash signature (datasketch, 128 permutations, fixed seed, so signatures are the same in
every process and every run). Locality-sensitive hashing finds the earlier articles that may be similar; the
estimated Jaccard similarity decides. A near-duplicate is never dropped: `article.duplicate_of` points to the
earlier article (the most similar one; the smallest id on a tie), and the store keeps the link but not its
events, so nothing is counted twice. An exact repeat (same article id) points to its own id, as before.

Only originals are indexed, so a copy of a copy links to the original only when it is similar enough to it.
Articles shorter than MIN_SHINGLES shingles are matched on exact repeats only: short texts share too much by
chance. The signatures of stored originals live in the store, so that a resumed or later run finds the same
duplicates as one uninterrupted run would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

import numpy as np
from datasketch import MinHash, MinHashLSH

from .models import Article, CodedDocument

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


class DuplicateFinder:
    """Marks exact repeats and near-duplicates of the articles it has seen (or was given) before."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM) if threshold > 0 else None
        self._signatures: dict[str, MinHash] = {}
        self._seen: set[str] = set()

    def load(self, stored: Iterable[tuple[str, bytes]]) -> None:
        """Index originals stored by earlier runs: (article id, signature bytes) pairs."""
        for article_id, data in stored:
            self._index(article_id, from_bytes(data))

    def mark(self, document: CodedDocument) -> tuple[CodedDocument, bytes | None]:
        """The document, its `duplicate_of` set when it repeats an earlier article, and the signature to store
        when it is a new original (None otherwise, and for articles too short to compare)."""
        article = document.article
        if article is None:
            return document, None
        if article.id in self._seen:
            return replace(document, article=replace(article, duplicate_of=article.id)), None
        minhash = signature(body_text(article)) if self._lsh is not None else None
        if minhash is None:
            self._seen.add(article.id)
            return document, None
        original = self._most_similar(minhash)
        if original is not None:
            return replace(document, article=replace(article, duplicate_of=original)), None
        self._index(article.id, minhash)
        return document, to_bytes(minhash)

    def mark_batch(self, documents: Sequence[CodedDocument]) -> tuple[list[CodedDocument], dict[str, bytes]]:
        """Mark a batch in order; returns the documents and the signatures of its new originals by article id."""
        marked: list[CodedDocument] = []
        signatures: dict[str, bytes] = {}
        for document in documents:
            document, data = self.mark(document)
            marked.append(document)
            if data is not None and document.article is not None:
                signatures[document.article.id] = data
        return marked, signatures

    def mark_all(self, documents: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
        for document in documents:
            yield self.mark(document)[0]

    def _most_similar(self, minhash: MinHash) -> str | None:
        assert self._lsh is not None
        scored = [(self._signatures[key].jaccard(minhash), key) for key in self._lsh.query(minhash)]
        scored = [(similarity, key) for similarity, key in scored if similarity >= self.threshold]
        if not scored:
            return None
        return min(scored, key=lambda pair: (-pair[0], pair[1]))[1]

    def _index(self, article_id: str, minhash: MinHash) -> None:
        self._seen.add(article_id)
        if self._lsh is None or article_id in self._signatures:
            return
        self._signatures[article_id] = minhash
        self._lsh.insert(article_id, minhash)
