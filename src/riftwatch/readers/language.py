"""Language identification (py3langid: a naive Bayes model over byte n-grams, shipped inside the package).

riftwatch codes English only for now, so a document the detector is sure is in another language becomes a
`language` rejection. Sure means: long enough to judge (short English sentences full of names are often taken
for something else) and a normalised probability of at least `language_min_confidence`.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from ..models import RawDocument, Rejection, RejectionReason
from ..settings import Settings

logger = logging.getLogger(__name__)

ENGLISH = "en"
# Enough to judge; more only costs time (a sample from the start and one from the middle).
_SAMPLE_CHARS = 2000
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and normalised probability for a text (judged on two samples at most)."""
    if len(text) > 2 * _SAMPLE_CHARS:
        middle = len(text) // 2
        text = text[:_SAMPLE_CHARS] + "\n" + text[middle : middle + _SAMPLE_CHARS]
    language, probability = _get_identifier().classify(text)
    return str(language), float(probability)


def is_confidently_foreign(text: str, settings: Settings) -> tuple[str, float] | None:
    """(language, probability) when `text` is long enough and surely not English, else None."""
    if (
        len(text) < settings.language_min_chars
        or len(_LETTERS.findall(text[:20000])) < settings.language_min_chars // 2
    ):
        return None
    language, probability = detect_language(text)
    if language != ENGLISH and probability >= settings.language_min_confidence:
        return language, probability
    return None


def check_language(document: RawDocument, settings: Settings) -> RawDocument | Rejection:
    """The document itself, or a `language` rejection when it is surely not English."""
    found = is_confidently_foreign(document.text, settings)
    if found is None:
        return document
    language, probability = found
    return Rejection(
        source_id=document.source_id,
        reason=RejectionReason.LANGUAGE,
        detail=f"written in {language!r} (p={probability:.3f}); riftwatch codes English text only",
    )
