"""How an act was done (its PLOVER mode) and its class in ACLED's typology.

Both read the event's own entry first (the lexicon knows that "shelled" is heavy weapons), then the words
of its sentence: the cue groups of `events/data/cues.csv` (weapons, crowds, ground taken, bases, ...). The
mode names are those of NGEC's structured PLOVER codebook (`events/data/modes.csv`). The ACLED class follows
ACLED's codebook: the weapon decides among explosions and remote violence, who fought whom between battles
and violence against civilians, and how the authorities met a crowd among the protest classes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..models import Acled, AcledSubEvent, EventType

# Sectors of the state's armed and police forces, and of armed groups outside it.
STATE_FORCES = {"MIL", "COP", "SPY", "GOV"}
NON_STATE_ARMED = {"REB", "INS", "UAF", "IMG", "CRM", "SEP"}
UNARMED = {"CVL", "OPP", "LAB", "EDU", "REL", "MED", "REF", "BUS", "HRI", "NGO", "AGR", "JUD", "LEG", "ELI"}

# Sentence cues that give an ASSAULT its mode when its own words do not, strongest first: "tear-gas shells"
# are crowd control before they are shells; a suicide bomb is an explosive before it is a bomb.
_ASSAULT_MODES = [
    ("chemical", "unconventional"),
    ("sexual", "sexual"),
    ("abduct", "abduct"),
    ("crowd-control", "crowd-control"),
    ("suicide", "suicide-attack"),
    ("drone", "drone"),
    ("aerial", "aerial"),
    ("grenade", "explosives"),
    ("heavy-weapons", "heavy-weapons"),
    ("explosives", "explosives"),
    ("firearms", "firearms"),
    ("primitive", "primitive"),
    ("destroy", "destroy"),
]
_MODE_SUB_EVENT = {
    "unconventional": AcledSubEvent.CHEMICAL_WEAPON,
    "sexual": AcledSubEvent.SEXUAL_VIOLENCE,
    "abduct": AcledSubEvent.ABDUCTION,
    "suicide-attack": AcledSubEvent.SUICIDE_BOMB,
    "aerial": AcledSubEvent.AIR_DRONE_STRIKE,
    "drone": AcledSubEvent.AIR_DRONE_STRIKE,
    "heavy-weapons": AcledSubEvent.SHELLING,
    "explosives": AcledSubEvent.REMOTE_EXPLOSIVE,
    "destroy": AcledSubEvent.LOOTING,
}


def _folder() -> Path:
    return Path(str(resources.files("riftwatch.events") / "data"))


def _pattern(cues: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        prefix = cue.endswith("*")
        words = [re.escape(w) for w in re.split(r"[\s-]+", cue.rstrip("*")) if w]
        parts.append(r"[\s-]+".join(words) + (r"[\w-]*" if prefix else r"\b"))
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


@cache
def _cue_table() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    with open(_folder() / "cues.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row["group"], []).append(row["cue"].strip().lower())
    return groups


@cache
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per cue group of cues.csv ('bomb*' is a prefix, 'tear gas' also matches 'tear-gas')."""
    return {group: _pattern(cues) for group, cues in _cue_table().items()}


@cache
def _first_words() -> dict[str, tuple[str, ...]]:
    """Per cue group, the first word of each of its cues: a match of the group's pattern in an ASCII text
    starts with one of them (any case), so a lower-cased text holding none of them cannot match."""
    firsts = {
        group: tuple({next(w for w in re.split(r"[\s-]+", cue.rstrip("*")) if w) for cue in cues})
        for group, cues in _cue_table().items()
    }
    if not all(word.isascii() for words in firsts.values() for word in words):
        return {}  # the shortcut below holds for ASCII cues only
    return firsts


@cache
def codebook_modes() -> dict[str, frozenset[str]]:
    """The modes NGEC's structured PLOVER codebook names for each type."""
    table: dict[str, set[str]] = {}
    with open(_folder() / "modes.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["type"], set()).add(row["mode"])
    return {key: frozenset(value) for key, value in table.items()}


# The cue group whose words are taken out of a sentence before the others are read: words that hold another
# group's cue without meaning it ("riot police", "anti-riot").
MASK = "mask"


@lru_cache(maxsize=4096)
def cues(text: str) -> frozenset[str]:
    """The cue groups whose words the text holds (remembered for the last texts: every event of a sentence
    asks for its mode and its ACLED class, each reading the same sentence)."""
    patterns = cue_patterns()
    if MASK in patterns:  # "riot police" are police, no riot
        text = patterns[MASK].sub(" ", text)
    # Case-insensitive matching of an ASCII text against ASCII words is plain ASCII case folding, so a group
    # none of whose first words the lower-cased text holds cannot match: its regex (~20 us each) is skipped.
    firsts = _first_words() if text.isascii() else {}
    lowered = text.lower()
    return frozenset(
        group
        for group, pattern in patterns.items()
        if group != MASK
        and (group not in firsts or any(word in lowered for word in firsts[group]))
        and pattern.search(text)
    )


def mode_of(event_type: EventType, mode: str | None, text: str) -> str | None:
    """The event's mode: its own (from its lexicon row or CAMEO code), else what its sentence says."""
    found = cues(text)
    if event_type is EventType.ASSAULT and mode in (
        None,
        "explosives",
        "aerial",
        "heavy-weapons",
        "firearms",
    ):
        # the sentence may say more than the verb: "bombers blew themselves up" (suicide), "rockets laden
        # with chlorine" (chemical)
        if "chemical" in found:
            return "unconventional"
        if "suicide" in found and mode in (None, "explosives"):
            return "suicide-attack"
    if mode:
        return mode
    if event_type is EventType.ASSAULT:
        return next((name for group, name in _ASSAULT_MODES if group in found), None)
    if event_type is EventType.PROTEST:
        return "riot" if "riot" in found else None
    if (
        event_type is EventType.COERCE
        and "intervention" in found
        and re.search(r"\b(?:arrest|detain)", text, re.I)
    ):
        return "arrest"
    return None


# CAMEO codes of concluded agreements: ceasefire agreed, formal agreement signed, settlement.
_AGREEMENT_CODES = {"0356", "057", "037"}


def acled_of(
    event_type: EventType,
    mode: str | None,
    text: str,
    *,
    trigger: str = "",
    cameo: str = "",
    source_sector: str | None = None,
    target_sector: str | None = None,
    target_text: str = "",
) -> Acled | None:
    """The ACLED sub-event type of an event, or None for the kinds of act ACLED does not code."""
    if event_type is EventType.AGREE and cameo in _AGREEMENT_CODES:
        return Acled(sub_event_type=AcledSubEvent.AGREEMENT)
    sub = _sub_event(event_type, mode, text, trigger.lower(), source_sector, target_sector, target_text)
    return Acled(sub_event_type=sub) if sub is not None else None


def _sub_event(
    event_type: EventType,
    mode: str | None,
    text: str,
    trigger: str,
    source: str | None,
    target: str | None,
    target_text: str,
) -> AcledSubEvent | None:
    found = cues(text)
    if event_type is EventType.ASSAULT:
        return _violence(mode, found, trigger, source, target, target_text, text)
    if event_type is EventType.PROTEST:
        return _protest(mode, found, text)
    if event_type is EventType.COERCE:
        if mode == "arrest":
            return AcledSubEvent.ARRESTS
        if "weapons" in found and "disrupt" in found:
            return AcledSubEvent.DISRUPTED_WEAPONS_USE
        if mode == "seize" and "destroy" in found:
            return AcledSubEvent.LOOTING
        return None
    if event_type in (EventType.AGREE, EventType.RETREAT) and mode in ("ceasefire", "release"):
        return AcledSubEvent.AGREEMENT
    if event_type is EventType.RETREAT and mode == "withdraw" and "transfer" in found:
        return AcledSubEvent.NON_VIOLENT_TRANSFER
    if event_type is EventType.RETREAT and mode == "disarm":
        return AcledSubEvent.AGREEMENT  # surrender and disarmament are settled between the sides
    if event_type is EventType.AGREE and "agreement" in _trigger_cues(trigger):
        return AcledSubEvent.AGREEMENT
    if event_type is EventType.MOBILIZE:
        return AcledSubEvent.HEADQUARTERS_ESTABLISHED if "base" in found else AcledSubEvent.CHANGE_TO_GROUP
    return None


def _trigger_cues(trigger: str) -> frozenset[str]:
    return cues(trigger) if trigger else frozenset()


_CROWD = frozenset({"crowd", "demonstrators", "riot"})  # cue groups that put a crowd in the sentence


def _violence(
    mode: str | None,
    found: frozenset[str],
    trigger: str,
    source: str | None,
    target: str | None,
    target_text: str,
    text: str,
) -> AcledSubEvent:
    own = _trigger_cues(trigger)
    if "disrupt" in own and "weapons" in found and "takeover" not in own:
        return AcledSubEvent.DISRUPTED_WEAPONS_USE  # "shot down a drone", "intercepted the missiles"
    if "demonstrators" in found and ("clash" in found or "clash" in own):
        return AcledSubEvent.VIOLENT_DEMONSTRATION  # demonstrators in a clash took part in the violence
    crowd_control = mode == "crowd-control" or ("crowd-control" in found and mode in (None, "firearms"))
    if crowd_control and (found & _CROWD or target in UNARMED):  # not 'fired water cannon at a supply boat'
        if "riot" in found:
            return AcledSubEvent.VIOLENT_DEMONSTRATION
        return AcledSubEvent.EXCESSIVE_FORCE if "lethal" in found else AcledSubEvent.PROTEST_WITH_INTERVENTION
    if "grenade" in found and mode in (None, "explosives"):
        return AcledSubEvent.GRENADE
    if mode in _MODE_SUB_EVENT and not (mode == "destroy" and "takeover" in own):
        return _MODE_SUB_EVENT[mode]
    for group, name in _ASSAULT_MODES:  # the sentence names the weapon the trigger does not
        if group in found and name in _MODE_SUB_EVENT and name != "destroy":
            return _MODE_SUB_EVENT[name]
    if "takeover" in own or "regain" in own:
        if source not in NON_STATE_ARMED and ("regain" in own or source in STATE_FORCES):
            return AcledSubEvent.GOVERNMENT_REGAINS_TERRITORY
        return AcledSubEvent.NON_STATE_OVERTAKES_TERRITORY
    if "riot" in found and "crowd" in found and source in UNARMED | {None}:
        return AcledSubEvent.VIOLENT_DEMONSTRATION
    if "mob" in found or source in UNARMED:
        return AcledSubEvent.MOB_VIOLENCE
    if "clash" in own or "clash" in found:
        return AcledSubEvent.ARMED_CLASH
    armed = STATE_FORCES | NON_STATE_ARMED
    if source in armed and target in armed:
        return AcledSubEvent.ARMED_CLASH
    if target in UNARMED or "civilians" in cues(target_text) or (target is None and "civilians" in found):
        return AcledSubEvent.ATTACK
    return AcledSubEvent.ARMED_CLASH if source in armed or target in armed else AcledSubEvent.ATTACK


def _protest(mode: str | None, found: frozenset[str], text: str) -> AcledSubEvent:
    if mode == "riot" or "riot" in found or ("demonstrators" in found and "clash" in found):
        return AcledSubEvent.VIOLENT_DEMONSTRATION
    if "intervention" in found:
        forceful = "lethal" in found and re.search(r"\b(?:police|forces|troops|soldiers)\b", text, re.I)
        return AcledSubEvent.EXCESSIVE_FORCE if forceful else AcledSubEvent.PROTEST_WITH_INTERVENTION
    return AcledSubEvent.PEACEFUL_PROTEST
