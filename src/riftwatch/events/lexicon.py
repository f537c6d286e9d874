"""The event lexicon and the CAMEO table: which words mean which event, and what each code is worth.

Data: `events/data/lexicon.csv` (trigger lemma, part of speech, light-verb object, where the target sits,
PLOVER type, CAMEO code, mode, kind) and `events/data/cameo.csv` (code, name, Goldstein value, PLOVER type,
mode, context). Their README explains the columns and the choices made.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..models import EventType, Kind

SLOTS = {"dobj", "dative", "of", "none"}
QUAD_CLASS = {
    EventType.AGREE: 1,
    EventType.CONSULT: 1,
    EventType.SUPPORT: 1,
    EventType.CONCEDE: 1,
    EventType.COOPERATE: 2,
    EventType.AID: 2,
    EventType.RETREAT: 2,
    EventType.REQUEST: 3,
    EventType.ACCUSE: 3,
    EventType.REJECT: 3,
    EventType.THREATEN: 3,
    EventType.PROTEST: 4,
    EventType.SANCTION: 4,
    EventType.MOBILIZE: 4,
    EventType.COERCE: 4,
    EventType.ASSAULT: 4,
}
# Verbal cooperation and verbal conflict: statements, said somewhere the act itself does not tell.
STATEMENT_QUADS = frozenset({1, 3})


# Material acts that happen whoever did them: "an air strike killed 12", "a blast ripped through a bus", "shots
# were fired", "protests broke out", "weapons were seized". Coded with source and target null when the text
# names neither; talk, agreements and the like need someone to have said or done them.
AGENTLESS = frozenset({EventType.ASSAULT, EventType.PROTEST, EventType.COERCE})
_SUFFIXES = ("ing", "ed", "es", "s", "d")
# Coercion a text reports without its agent ("were arrested", "weapons were seized"); fines and restrictions
# without an agent are rarely news of their own, and 'fine' is mostly an adjective.
_AGENTLESS_COERCION = {"arrest", "seize", "curfew"}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    trigger: str  # lemma, or "verb particle"
    pos: str  # verb | noun
    objects: frozenset[str]  # light verbs: the lemmas their direct object must have
    target: str  # dobj | prep:a|b | of | none
    type: EventType
    cameo: str
    mode: str | None
    kind: Kind
    row: int

    @property
    def head(self) -> str:
        return self.trigger.split()[0]

    @property
    def particle(self) -> str | None:
        parts = self.trigger.split()
        return parts[1] if len(parts) > 1 else None

    @property
    def target_slots(self) -> tuple[str, ...]:
        """Where the target may sit, in order of preference: prepositions, then dobj, dative, of, none."""
        spec = self.target[5:] if self.target.startswith("prep:") else self.target
        return tuple(part.strip() for part in spec.split("|") if part.strip())

    @property
    def target_preps(self) -> frozenset[str]:
        return frozenset(s for s in self.target_slots if s not in SLOTS)

    @property
    def rule(self) -> str:
        obj = f"+{'|'.join(sorted(self.objects))}" if self.objects else ""
        return f"lexicon:{self.trigger.replace(' ', '_')}.{self.pos[0]}{obj}"


def _folder() -> Path:
    return Path(str(resources.files("riftwatch.events") / "data"))


@cache
def cameo_codes() -> dict[str, CameoCode]:
    table = {}
    with open(_folder() / "cameo.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            context = tuple(part for part in (row.get("context") or "").split("|") if part)
            table[row["code"]] = CameoCode(
                row["code"],
                row["name"],
                float(row["goldstein"]),
                row.get("plover") or None,
                row.get("mode") or None,
                context,
            )
    return table


class Lexicon:
    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        self.verbs: dict[str, list[LexiconEntry]] = {}
        self.nouns: dict[str, list[LexiconEntry]] = {}
        self.size = 0
        for entry in entries:
            table = self.verbs if entry.pos == "verb" else self.nouns
            table.setdefault(entry.head, []).append(entry)
            self.size += 1

    def verb_entries(self, lemma: str) -> list[LexiconEntry]:
        return self.verbs.get(lemma, [])

    def noun_entries(self, lemma: str) -> list[LexiconEntry]:
        return self.nouns.get(lemma, [])

    @cached_property
    def agentless_words(self) -> frozenset[str]:
        """Trigger words of the acts coded even when nobody is named (one word each, hyphenated joined)."""
        return frozenset(
            word
            for table in (self.verbs, self.nouns)
            for head, entries in table.items()
            if any(
                e.type in AGENTLESS and (e.type is not EventType.COERCE or e.mode in _AGENTLESS_COERCION)
                for e in entries
            )
            for word in (head, head.split("-")[-1])
        )

    def may_name_act(self, words: list[str]) -> bool:
        """Phase-two gate: do these lower-case words hold a trigger of an act coded without actors? Unparsed
        tokens have no lemma, so common inflections are stripped ('arrested', 'seized', 'shelling')."""
        known = self.agentless_words
        for word in words:
            if word in known or any(word.endswith(s) and word[: -len(s)] in known for s in _SUFFIXES):
                return True
            if word.endswith(("ied", "ies")) and word[:-3] + "y" in known:
                return True
            if len(word) > 4 and word[-3:-2] == word[-4:-3] and word.endswith("ed") and word[:-3] in known:
                return True  # "stabbed", "gunned": the consonant doubled before -ed
        return False


def read_lexicon(path: Path) -> list[LexiconEntry]:
    codes = cameo_codes()
    entries = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name}:{number}"
            try:
                kind = Kind(row.get("kind") or "event")
                event_type = EventType(row["type"].strip().upper())
            except ValueError as exc:
                raise ConfigError(f"{where}: {exc}") from exc
            if row["cameo"] not in codes:
                raise ConfigError(f"{where}: unknown CAMEO code {row['cameo']!r}")
            pos = row["pos"].strip().lower()
            if pos not in ("verb", "noun"):
                raise ConfigError(f"{where}: pos must be verb or noun, not {pos!r}")
            default_target = "dobj" if pos == "verb" else "of"
            entries.append(
                LexiconEntry(
                    trigger=" ".join(row["trigger"].lower().split()),
                    pos=pos,
                    objects=frozenset(
                        o.strip().lower() for o in (row.get("object") or "").split("|") if o.strip()
                    ),
                    target=(row.get("target") or default_target).strip(),
                    type=event_type,
                    cameo=row["cameo"],
                    mode=row.get("mode") or None,
                    kind=kind,
                    row=number,
                )
            )
    return entries


@dataclass(frozen=True, slots=True, kw_only=True)
class Remap:
    """What an entry becomes under a re-coding rule (one row of data/remaps.csv)."""

    type: EventType
    cameo: str
    mode: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Remaps:
    """How a lexicon entry is re-coded by its context (data/remaps.csv): a declared intent or threat (by the
    entry's type), an act of the police or a protest by a state (by its trigger word), a deployment of
    peacekeepers or a declared refusal (by its type)."""

    intent: dict[str, Remap]
    threat: dict[str, Remap]
    police: dict[str, Remap]
    peacekeeping: dict[str, Remap]
    refusal: dict[str, Remap]
    official: dict[str, Remap]


@cache
def cameo_remaps() -> Remaps:
    """The shipped re-codings, each CAMEO code checked against cameo.csv."""
    codes = cameo_codes()
    tables: dict[str, dict[str, Remap]] = {
        "intent": {},
        "threat": {},
        "police": {},
        "peacekeeping": {},
        "refusal": {},
        "official": {},
    }
    with open(_folder() / "remaps.csv", encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if row["cameo"] not in codes or row["rule"] not in tables:
                raise ConfigError(
                    f"remaps.csv:{number}: unknown rule or CAMEO code ({row['rule']}, {row['cameo']})"
                )
            remap = Remap(type=EventType(row["type"]), cameo=row["cameo"], mode=row["mode"] or None)
            tables[row["rule"]][row["match"]] = remap
    return Remaps(**tables)


@cache
def shipped_lexicon() -> Lexicon:
    return Lexicon(read_lexicon(_folder() / "lexicon.csv"))
