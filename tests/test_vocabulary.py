"""Closed vocabularies are `StrEnum`s, and the code compares against their members, never against the bare
strings: a scan of src/ for `x.kind == "pronoun"`, `place.role in ("location", ...)`, `row["kind"] == "stance"`
and the like, for every field that holds one of these vocabularies."""

from __future__ import annotations

import ast
import enum

import pytest

from riftwatch.actors.entries import EntryKind
from riftwatch.geo.gazetteer import GeoKind
from riftwatch.models import (
    Certainty,
    Kind,
    MentionKind,
    PlacePrecision,
    PlaceRole,
    Precision,
    RejectionReason,
)
from riftwatch.relations.detect import AlertKind, Direction

from .conftest import ROOT

# The field (attribute or column) -> the vocabularies it holds.
VOCABULARIES: dict[str, tuple[type[enum.StrEnum], ...]] = {
    "kind": (MentionKind, Kind, GeoKind, EntryKind, AlertKind),
    "role": (PlaceRole,),
    "precision": (PlacePrecision, Precision),
    "date_precision": (Precision,),
    "location_precision": (PlacePrecision,),
    "certainty": (Certainty,),
    "reason": (RejectionReason,),
    "direction": (Direction,),
}


def _field(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value if isinstance(node.slice.value, str) else None
    return None


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def literal_comparisons(source: str, where: str = "<text>") -> list[str]:
    """`file:line field 'value'` for every comparison of a vocabulary field against a bare string of it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in zip(operands, operands[1:], strict=False):
            for side, other in ((left, right), (right, left)):
                field = _field(side)
                values = {str(m) for vocabulary in VOCABULARIES.get(field or "", ()) for m in vocabulary}
                hits = [value for value in _literals(other) if value in values]
                if hits:
                    found.append(f"{where}:{node.lineno} {field} {hits}")
    return found


def test_no_comparison_against_a_bare_vocabulary_string():
    found = []
    for path in sorted((ROOT / "src" / "riftwatch").rglob("*.py")):
        found += literal_comparisons(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ('if mention.kind == "pronoun": pass', 1),
        ('ok = place.role in ("location", "actor")', 1),
        ('frame = frame[frame["kind"] != "stance"]', 1),
        ('if "rift" == alert.direction: pass', 1),
        ("if mention.kind == MentionKind.PRONOUN: pass", 0),
        ('if fmt == "jsonl": pass', 0),  # not a vocabulary field
        ('if mention.kind == "unheard-of": pass', 0),  # not a vocabulary value
    ],
)
def test_scan_finds_bare_strings_and_only_them(source, count):
    assert len(literal_comparisons(source)) == count


def test_vocabularies_compare_equal_to_their_strings():
    # Why the change is safe: a StrEnum member is the string it stands for (stored rows, JSON, frames).
    assert MentionKind.PRONOUN == "pronoun" and PlaceRole.DATELINE == "dateline"
    assert {"country": 1}[PlacePrecision.COUNTRY] == 1


def _word_lists(source: str) -> list[tuple[int, frozenset[str]]]:
    """(line, words) of every set, list or tuple literal made only of string constants."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Set | ast.List | ast.Tuple) and node.elts:
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) == len(node.elts):
                found.append((node.lineno, frozenset(words)))
    return found


def copies_of(lists: dict[str, frozenset[str]], source: str, where: str) -> list[str]:
    """Literals in `source` that re-type a shared list: five or more of its words, and most of their own."""
    found = []
    for line, words in _word_lists(source):
        for name, shared in lists.items():
            common = words & shared
            if len(common) >= 5 and len(common) >= 0.8 * len(words):
                found.append(f"{where}:{line} copies vocabulary.{name} ({sorted(common)[:5]}...)")
    return found


def _shared_lists() -> dict[str, frozenset[str]]:
    from riftwatch import vocabulary

    return {name: value for name, value in vars(vocabulary).items() if isinstance(value, frozenset)}


def test_word_lists_are_written_once():
    lists = _shared_lists()
    assert {"STATE_SECTORS", "PRONOUNS", "REPORTING_VERBS", "PLACE_NOUNS", "GEO_NOUNS"} <= set(lists)
    found = []
    for path in sorted((ROOT / "src" / "riftwatch").rglob("*.py")):
        if path.name != "vocabulary.py":
            found += copies_of(lists, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_copy_finder_finds_a_retyped_list():
    lists = {"PRONOUNS": frozenset({"it", "its", "they", "their", "them", "he", "his"})}
    assert copies_of(lists, '_P = {"it", "its", "they", "their", "them"}', "x.py") != []
    assert copies_of(lists, 'WORDS = ("it", "and", "or", "but", "so", "the", "a")', "x.py") == []


def test_pronouns_agree_everywhere():
    from riftwatch import pipeline
    from riftwatch.actors import resolver
    from riftwatch.vocabulary import PRONOUNS

    assert "theirs" in PRONOUNS
    assert not hasattr(pipeline, "_PRONOUNS") and not hasattr(resolver, "_PLURAL_PRONOUNS")


def test_state_sectors_are_one_list_for_merging_and_relations():
    from riftwatch import merge_rules
    from riftwatch.relations import weights
    from riftwatch.vocabulary import STATE_SECTORS

    assert merge_rules.STATE_SECTORS is STATE_SECTORS is weights.STATE_SECTORS
