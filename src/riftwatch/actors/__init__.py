"""Actors: who is who in an article, at the time of the article."""

from .dictionary import ActorDictionary, Entry, EntryKind, legacy_codes, load_dictionary, shipped_dictionary
from .resolver import article_mentions, ner_mentions, prepare_matchers, sentence_mentions

__all__ = [
    "ActorDictionary",
    "Entry",
    "EntryKind",
    "article_mentions",
    "legacy_codes",
    "load_dictionary",
    "ner_mentions",
    "prepare_matchers",
    "sentence_mentions",
    "shipped_dictionary",
]
