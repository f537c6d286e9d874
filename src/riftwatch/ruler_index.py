"""The model's attribute ruler without spaCy's Matcher (`index_attribute_ruler`, applied by `nlp` when it loads
the pipeline): the ruler's patterns are looked up by the word, tag or dependency they need instead of being run
through a Matcher on every parsed sentence. Same matches, so the same annotations."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc


class _RulerIndex:
    """The attribute ruler's matches, found without its Matcher for the patterns of one token constrained only
    by TAG and LOWER (158 of en_core_web_sm's 179: the tag map and word exceptions), by a dictionary per tag.
    The Matcher, run for every sentence, cost as much as the parser. The rest of its patterns (several
    tokens, DEP, IS_SPACE, REGEX: fixed sequences of token tests, `_TokenTests`) are tried only where their
    first token's word, tag or dependency stands; a pattern this cannot express (an operator, another
    attribute) still goes through a Matcher of its own. Same matches, same order of application: the ruler
    sorts them by pattern id, so later rules still win."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        # tag hash (None: any tag) -> (pattern id, its key's hash, lower-case word hashes or None: any word)
        self.by_tag: dict[int | None, list[tuple[int, int, frozenset[int] | None]]] = {}
        self.rest = Matcher(ruler.vocab, validate=False)
        self.sequences = _Sequences(self.strings)
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            if key not in ruler.matcher:
                continue
            key_hash = self.strings.add(key)
            for pattern in ruler.matcher.get(key)[1]:
                simple = _single_token(pattern)
                if simple is None:
                    sequence = _sequence(pattern, self.strings)
                    if sequence is None:
                        self.rest.add(key, [pattern])
                    else:
                        self.sequences.add(attr_id, key_hash, sequence)
                    continue
                tags, lowers = simple
                words = frozenset(self.strings.add(w) for w in lowers) if lowers is not None else None
                for tag in tags:
                    tag_hash = self.strings.add(tag) if tag is not None else None
                    self.by_tag.setdefault(tag_hash, []).append((attr_id, key_hash, words))
        # the rules a token of each tag is tried with: its tag's, then those of any tag
        self.any_tag = self.by_tag.get(None, [])
        self.for_tag = {tag: rules + self.any_tag for tag, rules in self.by_tag.items() if tag is not None}

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        matches: list[tuple[int, int, int, int]] = []
        rows = doc.to_array(list(_COLUMNS)).tolist() if len(doc) else []
        for_tag, any_tag = self.for_tag, self.any_tag
        for i, (tag, lower, _, _) in enumerate(rows):
            for attr_id, key_hash, lowers in for_tag.get(tag, any_tag):
                if lowers is None or lower in lowers:
                    matches.append((attr_id, key_hash, i, i + 1))
        self.sequences.match(rows, matches)
        if len(self.rest):
            for key_hash, start, end in self.rest(doc, allow_missing=True, as_spans=False):
                matches.append((int(self.strings[key_hash]), key_hash, start, end))
        matches.sort()
        return matches


# The token attributes `_Sequences` reads, in the order of `doc.to_array` columns.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# A test of one column: equal to a hash (or 0/1), in or not in a set of hashes, or a regular expression
# searched in the column's string (as spaCy's Matcher does each of them).
_Test = tuple[int, str, Any]


def _token_tests(token_pattern: dict[str, Any], strings: Any) -> list[_Test] | None:
    """The tests of one Matcher token pattern over `_COLUMNS`, None when it uses anything else."""
    tests: list[_Test] = []
    for key, value in token_pattern.items():
        if key not in _COLUMNS:
            return None
        column = _COLUMNS.index(key)
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((column, "==", int(value)))
        elif isinstance(value, str):
            tests.append((column, "==", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                tests.append((column, op, frozenset(strings.add(v) for v in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                tests.append((column, op, re.compile(arg)))
            else:
                return None
        else:
            return None
    return tests


def _sequence(pattern: list[dict[str, Any]], strings: Any) -> list[list[_Test]] | None:
    """A Matcher pattern as a fixed sequence of token tests, None when it is not one (an operator...)."""
    sequence = [_token_tests(token, strings) for token in pattern]
    if not sequence or any(tests is None for tests in sequence):
        return None
    return [tests for tests in sequence if tests is not None]


class _Sequences:
    """Fixed sequences of token tests, each tried only where one of its tokens can hold: a word, tag,
    dependency or space flag a test of it names (its anchor, on the first token that has one); a sequence
    without one is tried everywhere."""

    def __init__(self, strings: Any) -> None:
        self.strings = strings
        # column -> value -> (pattern id, key hash, sequence, position of the anchor in the sequence)
        self.anchored: list[dict[int, list[tuple[int, int, list[list[_Test]], int]]]] = [{} for _ in _COLUMNS]
        self.everywhere: list[tuple[int, int, list[list[_Test]]]] = []
        self.searched: dict[tuple[re.Pattern[str], int], bool] = {}

    def add(self, attr_id: int, key_hash: int, sequence: list[list[_Test]]) -> None:
        for position, tests in enumerate(sequence):
            for preferred in (_COLUMNS.index("LOWER"), _COLUMNS.index("TAG"), _COLUMNS.index("DEP"), 3):
                for column, op, arg in tests:
                    if column == preferred and op in ("==", "IN"):
                        for value in arg if op == "IN" else (arg,):
                            self.anchored[column].setdefault(value, []).append(
                                (attr_id, key_hash, sequence, position)
                            )
                        return
        self.everywhere.append((attr_id, key_hash, sequence))

    def match(self, rows: list[list[int]], matches: list[tuple[int, int, int, int]]) -> None:
        """Append (pattern id, key hash, start, end) for every place a sequence matches in these token rows."""
        anchored = [(column, by_value) for column, by_value in enumerate(self.anchored) if by_value]
        if not self.everywhere and not anchored:
            return
        for i, row in enumerate(rows):
            for column, by_value in anchored:
                for attr_id, key_hash, sequence, position in by_value.get(row[column], ()):
                    start = i - position
                    if start >= 0 and self._fits(sequence, rows, start):
                        matches.append((attr_id, key_hash, start, start + len(sequence)))
            for attr_id, key_hash, sequence in self.everywhere:
                if self._fits(sequence, rows, i):
                    matches.append((attr_id, key_hash, i, i + len(sequence)))

    def _search(self, regex: re.Pattern[str], value: int) -> bool:
        found = self.searched.get((regex, value))
        if found is None:  # the same words recur: each is searched once (a bounded memory)
            if len(self.searched) > 100_000:
                self.searched.clear()
            found = self.searched[(regex, value)] = bool(regex.search(self.strings[value]))
        return found

    def _fits(self, sequence: list[list[_Test]], rows: list[list[int]], start: int) -> bool:
        if start + len(sequence) > len(rows):
            return False
        for tests, row in zip(sequence, rows[start : start + len(sequence)], strict=True):
            for column, op, arg in tests:
                value = row[column]
                if op == "==":
                    ok = value == arg
                elif op == "IN":
                    ok = value in arg
                elif op == "NOT_IN":
                    ok = value not in arg
                else:
                    ok = self._search(arg, value)
                if not ok:
                    return False
        return True


def _single_token(pattern: list[dict[str, Any]]) -> tuple[list[str | None], frozenset[str] | None] | None:
    """(tags, lower-case words) of a one-token pattern keyed only on TAG and LOWER (None: any), else None."""
    if len(pattern) != 1 or not set(pattern[0]) <= {"TAG", "LOWER"}:
        return None
    values = []
    for key in ("TAG", "LOWER"):
        value = pattern[0].get(key)
        if value is None or isinstance(value, str):
            values.append(None if value is None else [value])
        elif (
            isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"])
        ):
            values.append(list(value["IN"]))
        else:
            return None
    tags, lowers = values
    return (tags if tags is not None else [None]), (frozenset(lowers) if lowers is not None else None)


def index_attribute_ruler(ruler: Any) -> None:
    """Give the model's attribute ruler the indexed `match` (an instance attribute: its `__call__` reads
    `self.match`, so everything else about it, patterns and serialisation included, stays spaCy's)."""
    ruler.match = _RulerIndex(ruler).match
