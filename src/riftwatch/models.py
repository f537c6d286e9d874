"""Frozen records passed between pipeline stages, and their contract serialisation.

The JSON shape of every record is fixed by docs/CONTRACT.md; `to_dict` and `from_dict` are the only
places that know it, so the CLI, the store and the API all agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .vocabulary import SHARED_INSTITUTION_NAMES


class EventType(StrEnum):
    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Kind(StrEnum):
    EVENT = "event"
    STANCE = "stance"


class Certainty(StrEnum):
    ASSERTED = "asserted"
    HEDGED = "hedged"
    NEGATED = "negated"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"


class AcledSubEvent(StrEnum):
    """ACLED's sub-event types, with ACLED's own names; `ACLED_EVENT_TYPE` gives each one's event type."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established"
    LOOTING = "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
    OTHER = "Other"


_ACLED_GROUPS = {
    "Battles": "ARMED_CLASH GOVERNMENT_REGAINS_TERRITORY NON_STATE_OVERTAKES_TERRITORY",
    "Explosions/Remote violence": "CHEMICAL_WEAPON AIR_DRONE_STRIKE SUICIDE_BOMB SHELLING REMOTE_EXPLOSIVE GRENADE",
    "Violence against civilians": "SEXUAL_VIOLENCE ATTACK ABDUCTION",
    "Protests": "PEACEFUL_PROTEST PROTEST_WITH_INTERVENTION EXCESSIVE_FORCE",
    "Riots": "VIOLENT_DEMONSTRATION MOB_VIOLENCE",
    "Strategic developments": "AGREEMENT ARRESTS CHANGE_TO_GROUP DISRUPTED_WEAPONS_USE HEADQUARTERS_ESTABLISHED "
    "LOOTING NON_VIOLENT_TRANSFER OTHER",
}
# ACLED's event type of each sub-event type.
ACLED_EVENT_TYPE: dict[AcledSubEvent, str] = {
    AcledSubEvent[name]: group for group, names in _ACLED_GROUPS.items() for name in names.split()
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Acled:
    """An event's class in ACLED's typology, beside its PLOVER type and CAMEO code."""

    sub_event_type: AcledSubEvent

    @property
    def event_type(self) -> str:
        return ACLED_EVENT_TYPE[self.sub_event_type]

    def to_dict(self) -> dict[str, str]:
        return {"event_type": self.event_type, "sub_event_type": str(self.sub_event_type)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Acled:
        return cls(sub_event_type=AcledSubEvent(data["sub_event_type"]))


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class MentionKind(StrEnum):
    """How an actor mention was found: the dictionary kind of its entry, or how it was formed."""

    COUNTRY = "country"
    CAPITAL = "capital"
    ADJECTIVE = "adjective"
    INSTITUTION = "institution"
    ORGANISATION = "organisation"
    PERSON = "person"
    AGENT = "agent"
    COMPOSED = "composed"  # an agent with its country ("Iranian officials")
    PRONOUN = "pronoun"
    NER = "ner"  # a name spaCy's NER found and the dictionary did not know
    PLACE = "place"  # a place standing for its people or government
    UNCODED = "uncoded"  # a person an act is done to, named by a noun no dictionary codes ("the captain")


class PlaceRole(StrEnum):
    """What a place does in the text (docs/CONTRACT.md)."""

    LOCATION = "location"
    ACTOR = "actor"  # a capital acting as its government: "Moscow said"
    DATELINE = "dateline"  # where the reporter is


class PlacePrecision(StrEnum):
    """How precisely a place (and an event's location, which never claims more than admin1 below a country)
    is known."""

    PLACE = "place"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"


class RejectionReason(StrEnum):
    DECODE_ERROR = "decode_error"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_FORMAT = "unsupported_format"
    LANGUAGE = "language"
    BAD_RECORD = "bad_record"
    PROCESSING_ERROR = "processing_error"
    TIMEOUT = "timeout"


def json_line(data: Any) -> str:
    """One JSON Lines record: UTF-8 text kept readable, but the Unicode line and paragraph separators
    escaped, so that no reader splitting on line breaks cuts a record in two."""
    return json.dumps(data, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned document: `text` is what every offset points into."""

    id: str
    source_id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    dateline: str | None = None
    url: str | None = None
    source_name: str | None = None
    removed: tuple[str, ...] = ()
    duplicate_of: str | None = None
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "title": self.title,
            "date": _iso(self.date),
            "dateline": self.dateline,
            "url": self.url,
            "source_name": self.source_name,
            "text": self.text,
            "removed": list(self.removed),
            "duplicate_of": self.duplicate_of,
            "author": self.author,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            source_id=data["source_id"],
            text=data["text"],
            title=data.get("title"),
            date=_date(data.get("date")),
            dateline=data.get("dateline"),
            url=data.get("url"),
            source_name=data.get("source_name"),
            removed=tuple(data.get("removed") or ()),
            duplicate_of=data.get("duplicate_of"),
            author=data.get("author"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    # True when the text names no agent but the act fixes it ("were arrested": the police); the inferring
    # rule is in the event's evidence.rule.
    implied: bool = False

    @property
    def code(self) -> str | None:
        """Country then sector ("SYRREB"); None, never "", when neither is known (docs/CONTRACT.md)."""
        return f"{self.country or ''}{self.sector or ''}" or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "implied": self.implied,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            text=data["text"],
            name=data.get("name"),
            country=data.get("country") or None,
            sector=data.get("sector") or None,
            implied=bool(data.get("implied")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str
    geonames_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(
            name=data["name"],
            country=data.get("country"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            geonames_id=data.get("geonames_id"),
            precision=data["precision"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    speaker: str | None = None
    anonymous: bool = False
    via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "anonymous": self.anonymous, "via": self.via}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        return cls(speaker=data.get("speaker"), anonymous=bool(data.get("anonymous")), via=data.get("via"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Where an event was read: `article.text[start:end] == sentence`."""

    sentence: str
    start: int
    end: int
    trigger: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            sentence=data["sentence"],
            start=data["start"],
            end=data["end"],
            trigger=data["trigger"],
            rule=data["rule"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    id: str
    article_id: str
    type: EventType
    cameo: str
    goldstein: float
    quad_class: int
    evidence: Evidence
    kind: Kind = Kind.EVENT
    mode: str | None = None
    context: tuple[str, ...] = ()
    acled: Acled | None = None
    background: bool = False  # a past or habitual act the article mentions as background, not today's news
    source: Actor | None = None
    target: Actor | None = None
    date: dt.date | None = None
    date_precision: Precision | None = None
    location: Location | None = None
    certainty: Certainty = Certainty.ASSERTED
    attribution: Attribution = field(default_factory=Attribution)
    dead: int | None = None
    injured: int | None = None
    size: int | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "kind": str(self.kind),
            "type": str(self.type),
            "mode": self.mode,
            "context": list(self.context),
            "acled": self.acled.to_dict() if self.acled else None,
            "background": self.background,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "date": _iso(self.date),
            "date_precision": str(self.date_precision) if self.date_precision else None,
            "location": self.location.to_dict() if self.location else None,
            "certainty": str(self.certainty),
            "attribution": self.attribution.to_dict(),
            "evidence": self.evidence.to_dict(),
            "dead": self.dead,
            "injured": self.injured,
            "size": self.size,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=data["id"],
            article_id=data["article_id"],
            kind=Kind(data.get("kind") or "event"),
            type=EventType(data["type"]),
            mode=data.get("mode"),
            context=tuple(data.get("context") or ()),
            acled=Acled.from_dict(data["acled"]) if data.get("acled") else None,
            background=bool(data.get("background")),
            cameo=data["cameo"],
            goldstein=float(data["goldstein"]),
            quad_class=int(data["quad_class"]),
            source=Actor.from_dict(data["source"]) if data.get("source") else None,
            target=Actor.from_dict(data["target"]) if data.get("target") else None,
            date=_date(data.get("date")),
            date_precision=Precision(data["date_precision"]) if data.get("date_precision") else None,
            location=Location.from_dict(data["location"]) if data.get("location") else None,
            certainty=Certainty(data.get("certainty") or "asserted"),
            attribution=Attribution.from_dict(data.get("attribution") or {}),
            evidence=Evidence.from_dict(data["evidence"]),
            dead=data.get("dead"),
            injured=data.get("injured"),
            size=data.get("size"),
            confidence=float(data.get("confidence") or 0.0),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """A document that could not be coded, and why. Data, not an error."""

    source_id: str
    reason: RejectionReason
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "reason": str(self.reason), "detail": self.detail}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rejection:
        return cls(source_id=data["source_id"], reason=RejectionReason(data["reason"]), detail=data["detail"])


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedDocument:
    """One output record: exactly one per input document, coded or rejected."""

    source_id: str
    article: Article | None = None
    events: tuple[Event, ...] = ()
    rejection: Rejection | None = None
    mentions: tuple[Mention, ...] = ()  # actor mentions, for `riftwatch actors`; not part of the contract
    places: tuple[
        Place, ...
    ] = ()  # toponyms with their roles, for `riftwatch geoparse`; not in `code` output

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict() if self.article else None,
            "events": [event.to_dict() for event in self.events],
            "rejection": self.rejection.to_dict() if self.rejection else None,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """A document as read from its input, before cleaning. `date` is the raw string the input gave."""

    source_id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source_name: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """What near-duplicate detection (riftwatch.dedup) keeps of an original article: its MinHash (little-endian
    uint32 values) and the LSH bucket keys it is found under, one per band of the banding `layout`."""

    minhash: bytes
    layout: str
    buckets: tuple[int, ...]


@dataclass(slots=True, kw_only=True)
class RunSummary:
    """What a run did with its inputs: read = coded + duplicates + rejected."""

    read: int = 0
    coded: int = 0
    duplicates: int = 0
    events: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def count(self, document: CodedDocument, *, duplicate: bool = False) -> None:
        self.read += 1
        if document.rejection is not None:
            reason = str(document.rejection.reason)
            self.rejected[reason] = self.rejected.get(reason, 0) + 1
        elif duplicate:
            self.duplicates += 1
        else:
            self.coded += 1
            self.events += len(document.events)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "coded": self.coded,
            "duplicates": self.duplicates,
            "rejected": self.rejected_total,
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "events": self.events,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """An actor named in an article: where (offsets into article.text), who, and why riftwatch thinks so.

    `kind` is the dictionary kind or how the mention was formed (composed, pronoun, ner); a `modifier`
    mention ("Syrian town", "Russian-imposed") names a country without being an actor of its own.
    """

    start: int
    end: int
    text: str
    actor: Actor
    kind: str
    rule: str
    sentence: int
    modifier: bool = False
    plural: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "actor": self.actor.to_dict(),
            "kind": self.kind,
            "rule": self.rule,
            "sentence": self.sentence,
            "modifier": self.modifier,
            "plural": self.plural,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A toponym in an article and the place it names: offsets into article.text, the gazetteer entry chosen
    (None where nothing can be justified) and what the place does in the text.

    `precision`: place (town, village, facility), admin2 (district), admin1 (province), country, region
    (continent, region, sea, river), or None when unresolved. `role`: location, actor ("Moscow said") or
    dateline (where the reporter is). `rule` says how it was found and resolved.
    """

    text: str
    start: int
    end: int
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int | None
    feature_class: str | None
    precision: str | None
    role: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "population": self.population,
            "feature_class": self.feature_class,
            "precision": self.precision,
            "role": self.role,
        }

    def location(self) -> Location | None:
        """The event `location` this place justifies: a district counts as admin1 (never claim more than is
        known); regions, seas and unresolved names give none."""
        if (
            self.name is None
            or self.lat is None
            or self.precision
            not in (
                PlacePrecision.PLACE,
                PlacePrecision.ADMIN2,
                PlacePrecision.ADMIN1,
                PlacePrecision.COUNTRY,
            )
        ):
            return None
        precision = "admin1" if self.precision == PlacePrecision.ADMIN2 else self.precision
        return Location(
            name=self.name,
            country=self.country,
            lat=self.lat,
            lon=self.lon,
            geonames_id=self.geonames_id,
            precision=precision,
        )


def clear_country(mentions: Iterable[Mention]) -> str | None:
    """The country an article is clearly about: the one its actor mentions name most, when it holds more than
    half of the country-bearing mentions (pronouns left out, and institutions named by a name other countries'
    bodies share: 'Congress leaders met the governor in Karnal'). None when no country stands out."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.kind != MentionKind.PRONOUN and mention.actor.country and not _shared_name(mention):
            counts[mention.actor.country] = counts.get(mention.actor.country, 0) + 1
    if not counts:
        return None
    country, top = max(counts.items(), key=lambda item: item[1])
    return country if top * 2 > sum(counts.values()) else None


def _shared_name(mention: Mention) -> bool:
    """A mention of an institution by a bare name other countries' bodies share ('Congress', 'Congress
    leaders'; not 'US Congress')."""
    if not mention.rule.startswith("institution"):
        return False
    text = mention.text.lower().removeprefix("the ")
    return any(text == name or text.startswith(name + " ") for name in SHARED_INSTITUTION_NAMES)
