"""Actor mentions in sentences: dictionary matches, composed into actors, resolved for the article's date.

Works on phase-one tokens (no parse needed), so it also decides which sentences are worth parsing:

1. match every dictionary phrase (one compiled PhraseMatcher per case mode) and keep the longest, most
   specific non-overlapping matches;
2. compose: a country, person or organisation word with an agent noun ("Russian soldiers", "Assad's
   government", "Hezbollah fighters", "the government of Syria", "anti-Assad fighters"), and a composed title
   with the name after it ("U.S. negotiator Paul Nitze");
3. resolve people by the article's date (a role holds between its start and end dates);
4. point pronouns back to the nearest fitting actor ("It has enlarged its naval base" -> Moscow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .. import nlp
from ..models import Actor, Mention, MentionKind
from ..vocabulary import CALENDAR_NAMES, HONORIFICS, OFFICE_NOUNS
from .dictionary import ActorDictionary, shipped_dictionary
from .entries import Entry, EntryKind
from .groups import (
    PLACED_SECTORS,
    article_country,
    ethnic_minorities,
    former_office,
    people_of,
    placed_in,
    titled,
)
from .matching import Match, MentionBuilder, find_matches, is_plural_form, plural_agent, why
from .pronouns import group_mentions, pronoun_mentions

# Words that may stand between a country word and its agent noun ("Russian special forces").
_AGENT_MODIFIERS = {
    "special",
    "security",
    "armed",
    "government",
    "state",
    "top",
    "senior",
    "junior",
    "local",
    "national",
    "regional",
    "federal",
    "provincial",
    "military",
    "elite",
    "former",
    "new",
    "interim",
    "acting",
    "deputy",
    "rank",
    "and",
    "-",
    "file",
    "rank-and-file",
    "official",
    "opposition",
    "rebel",
    "riot",
    "border",
    "naval",
    "air",
    "ground",
    "foreign",
    "defence",
    "defense",
    "interior",
    "chief",
    "main",
    "leading",
    "allied",
    # "Irish nationalist guerrillas", "Saudi-led coalition", "Kurdish separatist rebels"
    "nationalist",
    "separatist",
    "islamist",
    "militant",
    "ethnic",
    "led",
    "backed",
    "marxist",
    "maoist",
    "leftist",
    "rightist",
    "extremist",
    "radical",
    "tribal",
    "sectarian",
    "exiled",
    "ousted",
    "religious",
    "spiritual",
    "supreme",
}
# Capitalised words after a title that are not a name ("President Tuesday said" never happens, but
# "Minister Monday" can).
_NOT_NAMES = CALENDAR_NAMES | {  # a month or weekday is capitalised, and never part of a name
    "office",
    "party",
    "council",
    "ministry",
    "department",
    "house",
    "palace",
    "general",
    "and",
}
# Agent words that are ranks only when written as titles (agents.csv notes say so): "General Aoun".
_TITLE_ONLY = {"general", "generals"}
_QUANTIFIERS = {
    "of",
    "many",
    "some",
    "several",
    "ordinary",
    "fellow",
    "young",
    "elderly",
    "stranded",
    "innocent",
}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_ARMED = {"MIL", "REB", "INS", "UAF", "SPY", "COP"}


def _agent_after(matches: list[Match], i: int, doc: Sequence[Token]) -> int | None:
    """Index of an agent match that the match at `i` modifies, looking past a possessive and modifiers. An
    office ('minister', 'ministry', 'spokesman') may also have its portfolio before it, any lower-case content
    word or two ("Sudan's irrigation minister", "the Egyptian water ministry"), but only after a possessive
    or an adjective: "Ethiopia criticised ministers" composes nothing."""
    position = matches[i].end
    limit = min(len(doc), position + 4)
    j = i + 1
    portfolio = 0  # words of the office's portfolio passed
    possessor = position < len(doc) and doc[position].lower_ in _POSSESSIVE
    while position < limit:
        if j < len(matches) and matches[j].start == position:
            if matches[j].entry.kind is not EntryKind.AGENT:
                return None
            if portfolio and doc[matches[j].start].lower_ not in OFFICE_NOUNS:
                return None
            return j
        token = doc[position]
        word = token.lower_
        if word in _POSSESSIVE or word in _AGENT_MODIFIERS:
            position += 1
            continue
        if (
            (possessor or matches[i].entry.kind is EntryKind.ADJECTIVE)
            and token.is_alpha
            and token.is_lower
            and not token.is_stop
            and portfolio < 2
        ):
            portfolio += 1
            position += 1
            continue
        return None
    return None


def sentence_mentions(
    sentence: nlp.Sentence, index: int, day: dt.date, dictionary: ActorDictionary | None = None
) -> list[Mention]:
    """Actor mentions of one sentence (pronouns are resolved at article level, by `article_mentions`)."""
    dictionary = dictionary or shipped_dictionary()
    span = sentence.span
    doc = span.doc
    matches = find_matches(span, dictionary, day)
    build = MentionBuilder(sentence, index)
    mentions: list[Mention] = []
    used: set[int] = set()
    for i, match in enumerate(matches):
        if i in used:
            continue
        entry = match.entry
        text = doc[match.start : match.end].text
        j = _agent_after(matches, i, doc) if entry.kind is not EntryKind.AGENT else None
        if j is not None:
            first = j
            while (  # "British military police", "Syrian army officers": the last agent word is the head
                j + 1 < len(matches)
                and matches[j + 1].start == matches[j].end
                and matches[j + 1].entry.kind is EntryKind.AGENT
                and not doc[matches[j + 1].start].is_title
            ):
                j += 1
            agent = matches[j].entry
            start, end = match.start, matches[j].end
            anti = _prefix(doc, match.start, span.start)
            if anti is not None:
                start = anti[1]
            agent_text = doc[matches[j].start : matches[j].end].text
            mention = _compose(build, entry, agent, start, end, anti[0] if anti else None, agent_text)
            person = (
                matches[j + 1]
                if j + 1 < len(matches) and matches[j + 1].entry.kind is EntryKind.PERSON
                else None
            )
            absorbed = _absorb_name(build, mention, end, span.end, person)
            if (
                person is not None
                and absorbed.end > mention.end
                and absorbed.end >= build.base + doc[person.end - 1].idx
            ):
                used.add(j + 1)
            mentions.append(absorbed)
            used.update({i, *range(first, j + 1)})
            continue
        if entry.kind is EntryKind.AGENT:
            of = _of_country(matches, i, doc)
            if of is not None:
                country_entry = matches[of].entry
                mentions.append(
                    build.mention(
                        match.start,
                        matches[of].end,
                        "composed",
                        f"agent+{doc[match.end].lower_}+{country_entry.kind}:{entry.source}+{country_entry.source}",
                        country=country_entry.country,
                        sector=entry.sector,
                        name=None,
                        plural=is_plural_form(match, text),
                    )
                )
                used.update({i, of})
                continue
            plural = is_plural_form(match, text)
            placed = placed_in(matches, i, doc) if entry.sector in PLACED_SECTORS else None
            if placed is not None:  # "rebels in Chad", "villagers in southern Nepal"
                country_entry = matches[placed].entry
                mentions.append(
                    build.mention(
                        match.start,
                        match.end,
                        "composed",
                        f"agent+in+{country_entry.kind}:{entry.source}+{country_entry.source}",
                        country=country_entry.country,
                        sector=entry.sector,
                        name=None,
                        plural=plural,
                    )
                )
                continue
            if doc[match.start].lower_ in _TITLE_ONLY and not doc[match.start].is_title:
                continue  # "a general strike": lower-case "general" is an adjective, not a rank
            mention = build.mention(
                match.start,
                match.end,
                "agent",
                why(entry),
                country=None,
                sector=entry.sector,
                name=None,
                plural=plural,
            )
            if not plural and doc[match.start].is_title:  # a title: "President Askar Akayev", "Judge Rivera"
                person = (
                    matches[i + 1]
                    if i + 1 < len(matches) and matches[i + 1].entry.kind is EntryKind.PERSON
                    else None
                )
                absorbed = _absorb_name(build, mention, match.end, span.end, person, min_words=1)
                if person is not None and absorbed.end >= build.base + doc[person.end - 1].idx:
                    used.add(i + 1)
                mention = absorbed
            mentions.append(mention)
            continue
        if entry.kind is EntryKind.ADJECTIVE:
            shared = _shared_agent(matches, i, doc)
            if shared is not None:
                agent = matches[shared].entry
                mentions.append(
                    build.mention(
                        match.start,
                        match.end,
                        "composed",
                        f"coordinated-adjective+agent:{entry.source}+{agent.source}",
                        country=entry.country,
                        sector=agent.sector,
                        name=None,
                        plural=True,
                    )
                )
                continue
            plural = is_plural_form(match, text)
            if plural:
                group = people_of(build, matches, i, doc, span.start)
                if group is not None:
                    mentions.append(group)
                    continue
            follower = doc[match.end] if match.end < span.end else None
            modifies = not plural and follower is not None and (follower.is_lower or follower.text == "-")
            # counted people of a nation ("deported 168 Liberians", "thousands of Nigerians") are civilians;
            # "the Iranians" alone often stands for the state and keeps no sector
            counted = (
                plural
                and match.start > span.start
                and (doc[match.start - 1].like_num or doc[match.start - 1].lower_ in _QUANTIFIERS)
            )
            mentions.append(
                build.mention(
                    match.start,
                    match.end,
                    "adjective",
                    why(entry),
                    country=entry.country,
                    sector="CVL" if counted else None,
                    name=entry.name,
                    modifier=modifies,
                    plural=plural,
                )
            )
            continue
        if entry.kind is EntryKind.PERSON and _after_another_name(match, matches, doc, span):
            continue
        if entry.kind is EntryKind.PERSON and entry.sector is None:
            entry = titled(match, doc, span.start) or entry
        for country, sector in [(entry.country, entry.sector), *entry.also]:
            mentions.append(
                build.mention(
                    match.start,
                    match.end,
                    str(entry.kind),
                    why(entry) + (f" ({entry.role})" if entry.role else ""),
                    country=country,
                    sector=sector,
                    name=entry.name,
                )
            )
    return former_office(ethnic_minorities(mentions, build), build.sentence.text, build.sentence.start)


# Capitalised words before a name that are not part of it: words of address, months and weekdays.
_LEAVE_NAMES = HONORIFICS | CALENDAR_NAMES


def _after_another_name(match: Match, matches: list[Match], doc: Sequence[Token], span: Span) -> bool:
    """'Bandar Abbas', 'Ali Abbas': a listed person's name right after a capitalised word that is no word of
    address (`vocabulary.HONORIFICS`), month or weekday, no other dictionary match and not the sentence's
    first word is part of a longer name: a place or someone else who shares the surname, never the listed
    person (the gazetteer or NER reads the whole name). Not in a headline written in capitals, where most other
    words are capitalised too."""
    if match.start <= span.start + 1:
        return False
    before = doc[match.start - 1]
    if not (before.is_alpha and before.text[:1].isupper()) or before.lower_ in _LEAVE_NAMES:
        return False
    if any(m.start <= before.i < m.end for m in matches):
        return False
    rest = [t for t in span[1:] if t.is_alpha and not before.i <= t.i < match.end]
    return 2 * sum(t.text[:1].isupper() for t in rest) <= len(rest)


def _shared_agent(matches: list[Match], i: int, doc: Sequence[Token]) -> int | None:
    """'Iranian and Hezbollah fighters': an adjective coordinated with a word that has an agent after it."""
    position = matches[i].end
    if position >= len(doc) or doc[position].lower_ not in ("and", "or", ","):
        return None
    if i + 1 < len(matches) and matches[i + 1].start == position + 1:
        return _agent_after(matches, i + 1, doc)
    return None


def _prefix(doc: Sequence[Token], start: int, floor: int) -> tuple[str, int] | None:
    """'anti-Assad' / 'pro-government': the prefix word and where it starts."""
    if start - 2 >= floor and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("anti", "pro"):
        return doc[start - 2].lower_, start - 2
    return None


def _compose(
    build: MentionBuilder,
    head: Entry,
    agent: Entry,
    start: int,
    end: int,
    prefix: str | None,
    agent_text: str,
) -> Mention:
    sector = agent.sector
    country = head.country
    name = None
    if head.kind in (EntryKind.ORGANISATION, EntryKind.INSTITUTION):
        # "Hezbollah fighters", "IRGC commanders": the organisation is the more specific actor.
        sector, name = head.sector, head.name
    if prefix == "anti":
        sector = "REB" if agent.sector in _ARMED else "OPP"
    elif prefix == "pro":
        sector = "MIL" if agent.sector in _ARMED else agent.sector
    rule = f"{prefix + '-' if prefix else ''}{head.kind}+agent:{head.source}+{agent.source}"
    plural = plural_agent(agent_text, agent.name)
    return build.mention(
        start, end, "composed", rule, country=country, sector=sector, name=name, plural=plural
    )


def _absorb_name(
    build: MentionBuilder, mention: Mention, end: int, limit: int, person: Match | None, min_words: int = 2
) -> Mention:
    """'Syrian President Bashar al-Assad', 'U.S. negotiator Paul Nitze': the name after a title joins it.

    A known person keeps their own code when they hold a role on the day; otherwise the title's code stands."""
    doc = build.doc
    if mention.plural:
        return mention
    if person is not None and person.start == end:
        position, entry = person.end, person.entry
        holds = entry.sector is not None
        country = entry.country if holds else (mention.actor.country or entry.country)
        sector = entry.sector if holds else mention.actor.sector
        name, rule = entry.name, f"{mention.rule}+person:{entry.source}"
    else:
        position = end
        while (
            position < limit
            and doc[position].is_title
            and doc[position].is_alpha
            and doc[position].lower_ not in _NOT_NAMES
        ):
            position += 1
        if position - end < min_words:
            return mention
        country, sector = mention.actor.country, mention.actor.sector
        name, rule = doc[end:position].text, f"{mention.rule}+name"
    text = build.sentence.text[
        mention.start - build.sentence.start : build.base
        + doc[position - 1].idx
        + len(doc[position - 1])
        - build.sentence.start
    ]
    return Mention(
        start=mention.start,
        end=mention.start + len(text),
        text=text,
        actor=Actor(text=text, name=name, country=country, sector=sector),
        kind="composed",
        rule=rule,
        sentence=mention.sentence,
    )


# Words of moving forces away: "withdraw/pull out/evacuate (its) troops from X" names where they leave.
_MOVING_AWAY = ("withdr", "pull", "remov", "evacuat", "redeploy", "relocat", "recall", "exit")


def _moved_from(doc: Sequence[Token], start: int) -> bool:
    """The agent is the object of a verb or noun of moving away, a few words before it."""
    return any(token.lower_.startswith(_MOVING_AWAY) for token in doc[max(0, start - 4) : start])


def _of_country(matches: list[Match], i: int, doc: Sequence[Token]) -> int | None:
    """'the government of Syria', 'foreign minister of Iran', 'soldiers from Gondor'."""
    position = matches[i].end
    if position < len(doc) and doc[position].lower_ == "from" and _moved_from(doc, matches[i].start):
        return None  # "withdrew its troops from Somalia": where they leave, not whose they are
    if position < len(doc) and doc[position].lower_ in ("of", "from"):
        position += 1
        if position < len(doc) and doc[position].lower_ == "the":
            position += 1
        for j in range(i + 1, len(matches)):
            if matches[j].start == position and matches[j].entry.kind in (
                EntryKind.COUNTRY,
                EntryKind.CAPITAL,
            ):
                return j
    return None


# --- the article: sentences in order, pronouns pointed back --------------------------------------------


def article_mentions(
    sentences: Sequence[nlp.Sentence], day: dt.date, dictionary: ActorDictionary | None = None
) -> list[list[Mention]]:
    """Mentions of every sentence, pronouns included (resolved to the nearest fitting actor before them)."""
    per_sentence = [sentence_mentions(s, i, day, dictionary) for i, s in enumerate(sentences)]
    per_sentence = article_country(per_sentence)
    for index, sentence in enumerate(sentences):
        pronouns = pronoun_mentions(sentences, index, per_sentence)
        groups, covered = group_mentions(sentences, index, per_sentence)
        if groups:
            kept = [
                m for m in per_sentence[index] if not any(a <= m.start and m.end <= b for a, b in covered)
            ]
            per_sentence[index] = sorted(kept + groups, key=lambda m: m.start)
        if pronouns:
            per_sentence[index] = _possessive_agents(
                sorted(per_sentence[index] + pronouns, key=lambda m: m.start), sentence
            )
    return per_sentence


def _possessive_agents(mentions: list[Mention], sentence: nlp.Sentence) -> list[Mention]:
    """'his government', 'its army': a possessive pronoun gives its antecedent's country to the agent after it."""
    result: list[Mention] = []
    skip: set[int] = set()
    for k, mention in enumerate(mentions):
        if k in skip:
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        possessive = mention.kind == MentionKind.PRONOUN and mention.text.lower() in (
            "his",
            "her",
            "its",
            "their",
        )
        if possessive and nxt is not None and nxt.kind == MentionKind.AGENT and nxt.actor.country is None:
            gap = sentence.text[mention.end - sentence.start : nxt.start - sentence.start]
            if gap == " " and mention.actor.country is not None:
                text = sentence.text[mention.start - sentence.start : nxt.end - sentence.start]
                result.append(
                    Mention(
                        start=mention.start,
                        end=nxt.end,
                        text=text,
                        actor=Actor(
                            text=text, name=None, country=mention.actor.country, sector=nxt.actor.sector
                        ),
                        kind="composed",
                        rule=f"{mention.rule}+{nxt.rule}",
                        sentence=mention.sentence,
                        plural=nxt.plural,
                    )
                )
                skip.add(k + 1)
                continue
        result.append(mention)
    return result


# --- names the dictionaries do not know ----------------------------------------------------------------

# Places (GPE, LOC) are left to the gazetteer; a capital acting as a government is in the dictionary.
NER_LABELS = {"PERSON", "ORG", "NORP"}


def ner_mentions(doc: Doc, sentence: nlp.Sentence, index: int, known: Sequence[Mention]) -> list[Mention]:
    """spaCy's entities in a parsed sentence that no dictionary mention covers: kept with their text and
    no code, so the actor is not lost ('rule' says it came from the statistical model)."""
    result = []
    taken = [(m.start, m.end) for m in known]
    for entity in doc.ents:
        if entity.label_ not in NER_LABELS:
            continue
        start, end = sentence.start + entity.start_char, sentence.start + entity.end_char
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        text = entity.text
        result.append(
            Mention(
                start=start,
                end=end,
                text=text,
                actor=Actor(text=text, name=text),
                kind="ner",
                rule=f"ner:{entity.label_}",
                sentence=index,
            )
        )
    return result
