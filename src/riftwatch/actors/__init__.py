"""Actors: who is who in an article, at the time of the article."""

from .dictionary import ActorDictionary, load_dictionary, shipped_dictionary
from .entries import Entry, EntryKind, legacy_codes
from .groups import inside_places, place_named
from .matching import prepare_matchers
from .resolver import article_mentions, ner_mentions, sentence_mentions

__all__ = [
    "ActorDictionary",
    "Entry",
    "EntryKind",
    "article_mentions",
    "inside_places",
    "legacy_codes",
    "load_dictionary",
    "ner_mentions",
    "place_named",
    "prepare_matchers",
    "sentence_mentions",
    "shipped_dictionary",
]
