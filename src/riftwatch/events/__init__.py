"""Events: who did what to whom in an article, how sure, on whose word, when, with the evidence.

`extract_events` takes what the earlier stages made (the article, its sentences, their actor mentions and the
parses of the sentences phase two selected) and returns the contract's Event records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from .. import nlp
from ..models import (
    Actor,
    Article,
    Certainty,
    Event,
    EventType,
    Evidence,
    Kind,
    Location,
    Mention,
    MentionKind,
    Precision,
    clear_country,
)
from ..vocabulary import GROUP_NOUNS, PRONOUNS, UNKNOWN_ATTACKERS
from .agents import implied_source, implied_target, on_own_people, place_people, restricted_place
from .arguments import PlaceNote, note_places
from .attribution import attribution
from .classify import acled_of, mode_of
from .content import DENIALS
from .dates import date_spans, event_date
from .extract import Candidate
from .gate import NEEDS, Demand, candidates_of, entity_demand, has_capitals, may_want_parse, possible_names
from .lexicon import (
    QUAD_CLASS,
    STATEMENT_QUADS,
    Lexicon,
    LexiconEntry,
    cameo_codes,
    cameo_remaps,
    shipped_lexicon,
)
from .modality import announced_intent, certainty
from .numbers import casualties, crowd_size
from .scope import in_background, never_coded

__all__ = [
    "NEEDS",
    "Demand",
    "date_spans",
    "entity_demand",
    "extract_events",
    "has_capitals",
    "may_name_actor",
    "may_want_parse",
    "never_coded",
    "possible_names",
    "shipped_lexicon",
]

_INTERNATIONAL = {"IGO", "NGO", "IMG"}


def _actor(mention: Mention | None, place_country: str | None = None) -> Actor | None:
    """The event's actor. A generic actor with no country of its own ('the police', 'villagers') takes the
    country of the place the event happened in, unless its words name several states ('governments',
    'the leaders': GROUP_NOUNS), which no one place's country can stand for, or an unknown attacker
    ('gunmen': UNKNOWN_ATTACKERS), who is nobody's."""
    if mention is None:
        return None
    actor = mention.actor
    country = actor.country
    guessed = (
        country is None or "+article-country:" in mention.rule
    )  # the article's country is only a fallback
    if (
        guessed
        and place_country
        and actor.sector
        and actor.sector not in _INTERNATIONAL
        and mention.kind in (MentionKind.AGENT, MentionKind.COMPOSED)
        and not (mention.plural and mention.text.lower().rsplit(None, 1)[-1] in GROUP_NOUNS)
        and not (mention.kind == MentionKind.AGENT and mention.text.lower() in UNKNOWN_ATTACKERS)
    ):
        country = place_country  # "killed 12 people at a market in Saada": the people of the place
    # Pronouns and composed mentions keep their own words as `text`; the resolved name says who they are.
    return Actor(
        text=mention.text, name=actor.name, country=country, sector=actor.sector, implied=actor.implied
    )


def _capital(mention: Mention | None) -> bool:
    return mention is not None and mention.kind == MentionKind.CAPITAL


def as_declared_intent(entry: LexiconEntry) -> LexiconEntry:
    """A declared future act is coded as the declaration: intent to cooperate (CAMEO 03x) or a threat (13x)."""
    remaps = cameo_remaps()
    remap = remaps.intent.get(entry.type) or remaps.threat.get(entry.type)
    if remap is None:
        return entry
    return replace(entry, type=remap.type, cameo=remap.cameo, mode=remap.mode)


def as_police_act(entry: LexiconEntry, source: Actor | None) -> LexiconEntry:
    """NGEC's codebook: a search, raid or seizure carried out by police or other law-enforcement authorities
    is COERCE mode seize, not the armed raid or the taking of ground that the same words mean for soldiers."""
    remap = cameo_remaps().police.get(entry.head)
    if source is None or source.sector != "COP" or entry.type is not EventType.ASSAULT or remap is None:
        return entry
    return replace(entry, type=remap.type, cameo=remap.cameo, mode=remap.mode)


def as_official_protest(entry: LexiconEntry, source: Mention | None) -> LexiconEntry:
    """'Greece protested to Turkey over ...', 'the foreign ministry protested': a state's protest, by its
    government or named by its country or capital, is an official complaint, not a demonstration; 'Filipinos
    protested' (its people) stays one, and so does a state's rally or march (the word decides)."""
    remap = cameo_remaps().official.get(entry.head)
    if source is None or remap is None:
        return entry
    if source.actor.sector != "GOV" and source.kind not in (MentionKind.COUNTRY, MentionKind.CAPITAL):
        return entry
    return replace(entry, type=remap.type, cameo=remap.cameo, mode=remap.mode)


def as_peacekeeping(entry: LexiconEntry, trigger: Token) -> LexiconEntry:
    """'sent 200 troops to serve as a peacekeeping force', 'peacekeepers began deploying', 'the deployment of
    troops to Liberia on a peacekeeping mission': a deployment of peacekeepers is military protection (AID)."""
    remap = cameo_remaps().peacekeeping.get(entry.type)
    if remap is None:
        return entry
    clause = trigger
    while clause.pos_ not in ("VERB", "AUX") and clause.dep_ in ("dobj", "pobj", "prep", "attr", "nsubj"):
        clause = clause.head  # "announced the deployment of troops to Liberia on a peacekeeping mission"
    tokens = [clause, *(t for c in clause.children if not _beside(c) for t in c.subtree)]
    if clause.dep_ in ("xcomp", "conj"):  # "peacekeepers began deploying": the subject is the head's
        tokens += [t for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    if not any(t.lower_.startswith(("peacekeep", "peace-keep")) for t in tokens):
        return entry
    return replace(entry, type=remap.type, cameo=remap.cameo, mode=remap.mode)


def _beside(child: Token) -> bool:
    """A clause beside the act ('as UN peacekeepers left'), not its purpose ('to serve as a peacekeeping force')."""
    if child.dep_ in ("ccomp", "relcl", "parataxis", "conj"):
        return True
    return child.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)


def _confidence(candidate: Candidate, value: Certainty) -> float:
    score = 0.6
    for mention in (candidate.sources[0], candidate.targets[0]):
        if mention is None:
            continue
        if mention.actor.country is not None:
            score += 0.12
        if mention.kind == MentionKind.PRONOUN:
            score -= 0.08
        if mention.kind == MentionKind.NER:
            score -= 0.1
    if value is not Certainty.ASSERTED:
        score -= 0.05
    if candidate.nearest_target:
        score -= 0.1
    return round(max(0.05, min(score, 0.95)), 2)


def _event_id(article_id: str, start: int, candidate: Candidate) -> str:
    """Deterministic: the same input gives the same id on every run. The resolved actors are part of the key,
    because one pronoun ("they") can stand for two actors and so yield two events from the same words."""
    key = [article_id, str(start), str(candidate.trigger.i), candidate.entry.rule]
    for mention in (candidate.sources[0], candidate.targets[0]):
        actor = mention.actor if mention else None
        key += [mention.text, str(mention.start)] if mention else ["", ""]
        key += [actor.name or "", actor.country or "", actor.sector or ""] if actor else ["", "", ""]
    return hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:16]


def unique_ids(events: list[Event]) -> list[Event]:
    """Events that still share an id (the same words read twice the same way) get the id of their rank among
    the events of that id, so that no event overwrites another in the store; ranks follow text order, so the
    ids stay deterministic."""
    seen: dict[str, int] = {}
    result = []
    for event in events:
        rank = seen.get(event.id, 0)
        seen[event.id] = rank + 1
        if rank:
            event = replace(event, id=hashlib.sha1(f"{event.id}#{rank}".encode()).hexdigest()[:16])
        result.append(event)
    return result


def extract_events(
    article: Article,
    sentences: Sequence[nlp.Sentence],
    mentions: Sequence[Sequence[Mention]],
    parsed: Mapping[int, Doc],
    lexicon: Lexicon | None = None,
    locate: Callable[[int, Token, bool], Location | None] | None = None,
) -> list[Event]:
    """Events of every parsed sentence, in text order. The headline is not coded: the body says it again.

    `locate(sentence_index, trigger, fallback)` gives an event its place (the places stage supplies it; with
    `fallback`, the article's main country when the text places it nowhere); without it, events have no
    location. A statement (a verbal quad class) the text places nowhere was said where its speaker is, which
    the article's main country tells only when the speaker belongs to it: "Egypt accused Ethiopia ..." in an
    article mostly about Sudan is not located in Sudan."""
    lexicon = lexicon or shipped_lexicon()
    codes = cameo_codes()
    events: list[Event] = []
    rebuttals: list[int] = []  # REJECT records of an accusation whose accuser is named before
    sentence_of: list[int] = []  # the sentence of each record
    places: list[PlaceNote] = []
    article_country = clear_country(m for sentence_mentions in mentions for m in sentence_mentions)
    for index in sorted(parsed):
        sentence = sentences[index]
        if never_coded(article.title, sentence.start, sentence.end, sentence.text):
            continue  # the title, other articles' headlines ("Related stories: ...")
        doc = parsed[index]
        for candidate in candidates_of(doc, mentions[index], sentence.start, lexicon, places):
            entry = candidate.entry
            value = Certainty.NEGATED if candidate.negated else certainty(candidate.trigger)
            if (
                value is not Certainty.NEGATED
                and entry.kind is Kind.EVENT
                and announced_intent(candidate.trigger)
            ):
                declared = as_declared_intent(entry)
                if declared is not entry:  # the declaration is the event; a plain future act stays future
                    entry, value = declared, Certainty.ASSERTED
            elif (
                value is Certainty.NEGATED
                and entry.kind is Kind.EVENT
                and announced_intent(candidate.trigger)
            ):
                refusal = cameo_remaps().refusal.get(entry.type)
                if refusal is not None:  # "said it would not meet the demands": a refusal, asserted
                    entry = replace(entry, type=refusal.type, cameo=refusal.cameo, mode=refusal.mode)
                    value = Certainty.ASSERTED
            statement = QUAD_CLASS[entry.type] in STATEMENT_QUADS
            location = (
                locate(index, candidate.trigger, not statement)
                if locate is not None and entry.kind is Kind.EVENT
                else None
            )
            place_country = location.country if location is not None else None
            source, rule = _actor(candidate.sources[0], place_country), entry.rule
            target = _actor(candidate.targets[0], place_country)
            if location is None and statement and locate is not None and entry.kind is Kind.EVENT:
                said_at = locate(index, candidate.trigger, True)  # the article's main country, if any
                if said_at is not None and source is not None and source.country == said_at.country:
                    location = said_at
            if source is None and entry.kind is Kind.EVENT and value is not Certainty.NEGATED:
                implied = implied_source(entry.cameo, candidate.trigger, place_country or article_country)
                if implied is not None:
                    source, rule = implied[0], f"{rule}+{implied[1]}"
            peacekeeping = as_peacekeeping(entry, candidate.trigger)
            if peacekeeping is not entry:
                entry, rule = peacekeeping, f"{rule}+peacekeeping"
            if (
                (target is None or candidate.nearest_target)
                and entry.type is EventType.ASSAULT
                and value is not Certainty.NEGATED
            ):  # "attacked a market in Nigeria's Borno state": the market's people, not the state it lies in
                attacked = implied_target(candidate.trigger, place_country)
                if attacked is not None:
                    target, rule = attacked[0], f"{rule}+{attacked[1]}"
                    candidate = replace(candidate, nearest_target=False)
            place = restricted_place(candidate.trigger, candidate.entry.cameo)  # as the lexicon reads it
            if place is not None and (target is None or _capital(candidate.targets[0])):
                # "imposed a curfew in Basra / in Abidjan": the people of the place, not its government
                start, end = sentence.start + place.start_char, sentence.start + place.end_char
                named = [m.actor.country for m in mentions[index] if m.start < end and start < m.end]
                country = next((c for c in named if c), None) or place_country
                if country is None and source is not None and on_own_people(candidate.entry.cameo):
                    country = source.country
                if country is not None:
                    target, why = place_people(place, country)
                    rule = f"{rule}+{why}"
            official = as_official_protest(entry, candidate.sources[0])
            if official is not entry:
                entry, rule = official, f"{rule}+official-protest"
            police = as_police_act(entry, source)
            if police is not entry:
                entry, rule = police, f"{rule}+police-search"
            cameo = codes[entry.cameo]
            mode = (
                mode_of(entry.type, entry.mode or cameo.mode, sentence.text)
                if entry.kind is Kind.EVENT
                else None
            )
            acled = (
                acled_of(
                    entry.type,
                    mode,
                    sentence.text,
                    trigger=candidate.trigger_text,
                    cameo=entry.cameo,
                    source_sector=source.sector if source else None,
                    target_sector=target.sector if target else None,
                    target_text=target.text if target else "",
                )
                if entry.kind is Kind.EVENT
                else None
            )
            day, precision = event_date(doc, candidate.trigger, article.date, candidate.date_text)
            dead = injured = size = None
            if entry.type is EventType.ASSAULT:
                dead, injured = casualties(sentence.text)
            elif entry.type is EventType.PROTEST:
                size = crowd_size(sentence.text)
            events.append(
                Event(
                    id=_event_id(article.id, sentence.start, candidate),
                    article_id=article.id,
                    kind=entry.kind,
                    type=entry.type,
                    mode=mode,
                    context=cameo.context,
                    acled=acled,
                    background=entry.kind is Kind.EVENT
                    and in_background(
                        candidate.trigger,
                        sentence.text,
                        day,
                        article.date,
                        year_only=precision is Precision.YEAR,
                    ),
                    cameo=entry.cameo,
                    goldstein=cameo.goldstein,
                    quad_class=QUAD_CLASS[entry.type],
                    location=location,
                    source=source,
                    target=target,
                    date=day if entry.kind is Kind.EVENT else article.date,
                    date_precision=precision
                    if entry.kind is Kind.EVENT
                    else (Precision.DAY if article.date else None),
                    certainty=value,
                    attribution=attribution(doc, candidate.trigger),
                    evidence=Evidence(
                        sentence=sentence.text,
                        start=sentence.start,
                        end=sentence.end,
                        trigger=candidate.trigger_text,
                        rule=rule + ("+nearest-target" if candidate.nearest_target else ""),
                    ),
                    dead=dead,
                    injured=injured,
                    size=size,
                    confidence=_confidence(candidate, value),
                )
            )
            if _rebuts(candidate, target):
                rebuttals.append(len(events) - 1)
            sentence_of.append(index)
        places.extend(note_places(doc, mentions[index], sentence.start))
    return unique_ids(_with_accusers(events, rebuttals, sentence_of))


# What a denial or rejection may answer: "Sudan rejected the accusation", "Khartoum denied the charges".
_CHARGES = frozenset({"accusation", "charge", "allegation", "claim", "assertion", "report"})


def _rebuts(candidate: Candidate, target: Actor | None) -> bool:
    """A REJECT of an accusation that names no accuser: the accuser is found in the sentences before."""
    if candidate.entry.type is not EventType.REJECT or target is not None:
        return False
    trigger = candidate.trigger
    if trigger.lemma_.lower() in DENIALS and any(c.dep_ == "ccomp" for c in trigger.children):
        return True  # "Khartoum denied that its troops had crossed the border"
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _CHARGES for c in trigger.children)


def _with_accusers(events: list[Event], rebuttals: list[int], sentence_of: list[int]) -> list[Event]:
    """'Ethiopia accused Sudan of sending troops. Sudan rejected the accusation.': the rejection's target is
    the accuser of the two sentences before (one that accused the rejecting side, if any did); further back,
    only an accusation aimed at the rejecting side is the one it answers."""
    for position in rebuttals:
        rebuttal = events[position]
        if rebuttal.source is None:
            continue
        before = [
            (e, sentence_of[position] - sentence)
            for e, sentence in zip(events[:position], sentence_of[:position], strict=True)
            if e.type is EventType.ACCUSE
            and e.kind is Kind.EVENT
            and e.source is not None
            and e.source.country != rebuttal.source.country
        ]
        earlier = [e for e, distance in before if distance <= 2]
        aimed = [
            e
            for e, distance in before
            if e.target is not None and e.target.country == rebuttal.source.country
        ]
        near = [e for e in aimed if e in earlier]
        accusation = (near or earlier or aimed or [None])[-1]
        if accusation is not None:
            evidence = replace(rebuttal.evidence, rule=f"{rebuttal.evidence.rule}+accuser")
            events[position] = replace(rebuttal, target=accusation.source, evidence=evidence)
    return events


def may_name_actor(sentence: nlp.Sentence, mentions: Sequence[Mention] = ()) -> bool:
    """Whether someone may act in a sentence: it names an actor the dictionaries know, may point back to one
    (a personal pronoun), or names someone they do not know (a capitalised word past its first token), or
    names an act coded even when nobody is named ('shots were fired', 'weapons were seized')."""
    if any(not mention.modifier for mention in mentions):
        return True
    first = sentence.span.start
    words = []
    for token in sentence.span:
        word = token.lower_
        if word in PRONOUNS or (token.i > first and (token.is_title or token.is_upper) and token.is_alpha):
            return True
        words.append(word)
    return shipped_lexicon().may_name_act(words)
