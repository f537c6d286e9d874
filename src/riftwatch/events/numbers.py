"""Numbers the text states: the dead, the injured, the size of a crowd."""

from __future__ import annotations

import functools
import re

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": None,
}
_NUMBER = r"(?P<n>\d[\d,]*|" + "|".join(k for k in _WORDS if _WORDS[k]) + r")"
_SCALE = r"(?:\s+(?P<scale>hundred|thousand|million))?"
_QUALIFIER = r"(?:at least|more than|over|about|around|some|nearly|almost|up to)\s+"
_PEOPLE = (
    "people|persons|civilians|soldiers|troops|fighters|militants|members|protesters|demonstrators|police(?:men)?|"
    "officers|children|women|men|others|workers|students|personnel|guards|advisers|advisors|residents|pilgrims|"
    "villagers|rebels"
)
# Up to three words between a number and the people it counts ('12 Nigerian army soldiers'), none of them a word
# that opens another phrase: in 'the 2018 attack on Syrian troops killed nine' the year counts no troops.
_LINK_WORDS = "on|in|at|of|by|for|from|with|near|against|after|before|during|and|or|who|which|that"
_NOUNS = r"(?:\s+(?:(?!(?:" + _LINK_WORDS + r")\s)[a-z-]+\s+){0,3}?(?:" + _PEOPLE + r"))?"
_COUNT = r"(?:\d|(?:" + "|".join(k for k in _WORDS if _WORDS[k]) + r")\b)"


def _counted_as(verbs: str, auxiliaries: str) -> str:
    """'12 people were killed', 'three soldiers killed in a blast': a number, the people it counts, the verb.
    Without an auxiliary, a count right after the verb makes it active ('two gunmen killed three soldiers':
    the number before the verb counts the killers)."""
    return (
        rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}{_NOUNS}\s+(?:(?:{auxiliaries})\s*(?:{verbs})"
        rf"|(?:{verbs})(?!\s+(?:{_QUALIFIER})?{_COUNT}))"
    )


DEAD = [
    re.compile(
        _counted_as("killed|dead|died|slain|executed|massacred", "were|was|have been|had been|are|being"),
        re.I,
    ),
    re.compile(rf"(?:killing|killed|kill|leaving|left)\s+(?:{_QUALIFIER})?{_NUMBER}{_SCALE}", re.I),
    re.compile(
        rf"death toll\s+(?:rose to|reached|climbed to|of|stood at|at)\s+(?:{_QUALIFIER})?{_NUMBER}{_SCALE}",
        re.I,
    ),
    re.compile(rf"{_NUMBER}{_SCALE}\s+dead\b", re.I),
]
INJURED = [
    re.compile(_counted_as("injured|wounded|hurt", "were|was|have been|had been|are"), re.I),
    re.compile(rf"(?:injuring|wounding|injured|wounded)\s+(?:{_QUALIFIER})?{_NUMBER}{_SCALE}", re.I),
]
SIZE = [
    re.compile(
        rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?:people|protesters|demonstrators|marchers|supporters|students|workers|activists)\b",
        re.I,
    ),
    re.compile(rf"crowds? of\s+(?:{_QUALIFIER})?{_NUMBER}{_SCALE}", re.I),
]


def _value(match: re.Match[str]) -> int | None:
    raw = match["n"].lower().replace(",", "")
    value = int(raw) if raw.isdigit() else _WORDS.get(raw)
    if value is None:
        return None
    scale = match.groupdict().get("scale")
    if scale:
        value *= {"hundred": 100, "thousand": 1000, "million": 1_000_000}[scale.lower()]
    return value


# A word every pattern of a list needs (case-insensitively): an ASCII sentence holding none of them, lower-cased,
# cannot match any (most sentences of an article name no dead, no injured, no crowd).
_NEEDED = {
    "dead": ("kill", "dead", "died", "slain", "executed", "massacred", "leaving", "left", "death toll"),
    "injured": ("injur", "wound", "hurt"),
    "size": (
        "people",
        "protesters",
        "demonstrators",
        "marchers",
        "supporters",
        "students",
        "workers",
        "activists",
        "crowd",
    ),
}


def _first(patterns: list[re.Pattern[str]], text: str, needed: tuple[str, ...] = ()) -> int | None:
    if needed and text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in needed):
            return None
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            value = _value(match)
            if value is not None and value < 10_000_000:
                return value
    return None


@functools.lru_cache(maxsize=1024)  # every assault of a sentence asks
def casualties(text: str) -> tuple[int | None, int | None]:
    """(dead, injured) stated in a sentence, or None each."""
    return _first(DEAD, text, _NEEDED["dead"]), _first(INJURED, text, _NEEDED["injured"])


@functools.lru_cache(maxsize=1024)
def crowd_size(text: str) -> int | None:
    return _first(SIZE, text, _NEEDED["size"])
