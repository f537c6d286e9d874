"""Groups and people the dictionaries place by what the text says around them: 'rebels in Chad', 'ethnic
Albanians in southern Serbia', 'President Reagan' (the title in the text asserts the office), and generic
actors ('the police', 'villagers') that take the article's country when the article makes it clear."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..models import Mention, MentionKind, clear_country
from ..vocabulary import LEADER_TITLES, STATE_SECTORS, UNKNOWN_ATTACKERS
from .entries import Entry, EntryKind

if TYPE_CHECKING:
    from .matching import Match, MentionBuilder

# Sectors of groups that a place phrase locates ("rebels in Chad"); state organs are not placed by where they
# are ("soldiers in Syria" may be Russian soldiers), except legislatures and courts, which sit at home
# ("lawmakers in Kenya", "a court in Paris").
PLACED_SECTORS = {
    "REB",
    "INS",
    "CVL",
    "OPP",
    "RAD",
    "LAB",
    "EDU",
    "REF",
    "CRM",
    "BUS",
    "MED",
    "HLH",
    "PTY",
    "LEG",
    "JUD",
}
_PLACE_WORDS = {
    "the",
    "south",
    "southern",
    "north",
    "northern",
    "east",
    "eastern",
    "west",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "neighbouring",
    "neighboring",
}
# International sectors never take a country from the article.
_INTERNATIONAL = {"IGO", "NGO", "IMG"}
_PAST = {"former", "ex", "ex-", "late", "ousted", "deposed"}


def titled(match: Match, doc: Sequence[Token], floor: int) -> Entry | None:
    """'President Reagan' out of the article's dates: the title in the text says the person holds the
    office the dictionary gives them ('former President Reagan' does not)."""
    if doc[match.start].lower_ not in LEADER_TITLES or (
        match.start > floor and doc[match.start - 1].lower_ in _PAST
    ):
        return None
    offices = [e for e in match.candidates if e.kind is EntryKind.PERSON and e.sector is not None]
    if not offices:
        return None
    latest = max(offices, key=lambda e: e.end or dt.date.max)
    return Entry(
        latest.phrase,
        EntryKind.PERSON,
        latest.country,
        latest.sector,
        latest.name,
        role="title in text",
        source=latest.source,
    )


def former_office(mentions: list[Mention], text: str, base: int) -> list[Mention]:
    """'former prime minister Andreas Papandreou', 'ousted President Askar Akayev': someone who no longer holds
    the office the title names is one of the country's elite (ELI), not its government."""
    result = []
    for mention in mentions:
        before = text[max(0, mention.start - base - 30) : mention.start - base].lower().split()[-2:]
        if (
            mention.actor.sector in STATE_SECTORS
            and mention.kind in (MentionKind.AGENT, MentionKind.COMPOSED, MentionKind.PERSON)
            and _PAST & set(before)
        ):
            mention = replace(
                mention, actor=replace(mention.actor, sector="ELI"), rule=f"{mention.rule}+former"
            )
        result.append(mention)
    return result


def ethnic_minorities(mentions: list[Mention], build: MentionBuilder) -> list[Mention]:
    """'ethnic Albanians' (ethnic + a people) name a people living in another country: the first other
    country the sentence names ('ethnic Turks ... Sweden', 'ethnic Albanian guerrillas operating in Macedonia')."""
    text = build.sentence.text
    result = []
    for mention in mentions:
        before = text[: mention.start - build.sentence.start].rstrip().lower()
        own = mention.actor.country
        if (
            own
            and "+in:" not in mention.rule
            and (before.endswith("ethnic") or mention.text.lower().startswith("ethnic "))
            and not mention.modifier
        ):
            others = [
                m
                for m in mentions
                if m.start > mention.start
                and m.actor.country
                and m.actor.country != own
                and m.kind
                in (MentionKind.COUNTRY, MentionKind.CAPITAL, MentionKind.ADJECTIVE, MentionKind.COMPOSED)
                and m.actor.sector is None
            ]
            if others:
                country = others[0].actor.country
                mention = replace(
                    mention,
                    actor=replace(mention.actor, country=country),
                    rule=f"{mention.rule}+ethnic-in:{others[0].text}",
                )
        result.append(mention)
    return result


def placed_in(matches: list[Match], i: int, doc: Sequence[Token]) -> int | None:
    """'rebels in Chad', 'Albanians of southern Serbia', 'Palestinians living in Gaza': the country a group is in."""
    position = matches[i].end
    if position < len(doc) and doc[position].lower_ == "living":
        position += 1
    if position >= len(doc) or doc[position].lower_ not in ("in", "of", "inside"):
        return None
    position += 1
    starts = {position}  # a name may begin at "the" ("the West Bank") or after it ("the Syrian Golan")
    while position < len(doc) and doc[position].lower_ in _PLACE_WORDS:
        position += 1
        starts.add(position)
    for j in range(i + 1, len(matches)):
        hyphen = matches[j].end < len(doc) and doc[matches[j].end].text == "-"  # "the Israeli-occupied ..."
        if matches[j].start in starts and (
            matches[j].entry.kind is EntryKind.COUNTRY
            or (matches[j].entry.kind is EntryKind.ADJECTIVE and not hyphen)
        ):
            return j  # "of Nepal", "of the Syrian Golan Heights"
    return None


def people_of(
    build: MentionBuilder, matches: list[Match], i: int, doc: Sequence[Token], floor: int
) -> Mention | None:
    """A plural demonym standing for people: 'ethnic Albanians' (civilians of that people), 'Albanians in
    southern Serbia' (civilians of the country the text puts them in)."""
    match = matches[i]
    ethnic = match.start > floor and doc[match.start - 1].lower_ == "ethnic"
    placed = placed_in(matches, i, doc)
    if placed is None and not ethnic:
        return None
    country = matches[placed].entry.country if placed is not None else match.entry.country
    start = match.start - 1 if ethnic else match.start
    rule = f"people:{match.entry.source}" + (
        f"+in:{matches[placed].entry.source}" if placed is not None else ""
    )
    return build.mention(
        start, match.end, "composed", rule, country=country, sector="CVL", name=None, plural=True
    )


def article_country(per_sentence: list[list[Mention]]) -> list[list[Mention]]:
    """Generic actors with no country of their own ('the police', 'villagers', 'President Askar Akayev') take
    the article's country when the article makes it clear (`clear_country`); the rule says so."""
    country = clear_country(m for mentions in per_sentence for m in mentions)
    if country is None:
        return per_sentence
    return [[with_country(m, country) for m in mentions] for mentions in per_sentence]


def with_country(mention: Mention, country: str) -> Mention:
    actor = mention.actor
    if (
        actor.country is not None
        or mention.modifier
        or mention.kind not in (MentionKind.AGENT, MentionKind.COMPOSED)
        or actor.sector is None
        or actor.sector in _INTERNATIONAL
        or (mention.kind == MentionKind.AGENT and mention.text.lower() in UNKNOWN_ATTACKERS)
    ):
        return mention
    return replace(
        mention, actor=replace(actor, country=country), rule=f"{mention.rule}+article-country:{country}"
    )


def place_named(
    per_sentence: list[list[Mention]], places: Sequence[tuple[int, int, str]], text: str
) -> list[list[Mention]]:
    """'Darfur rebels', 'Kashmir police', 'Donbas separatists', 'Texas Governor Greg Abbott': a generic agent,
    or a title with a name, right after the name of a place (a region or town the gazetteer places in a
    country) belongs to that country; this beats a country only guessed from the article. `places` are
    (start, end, country) of the article's toponyms."""
    before = {end: (start, country) for start, end, country in places}
    result = []
    for mentions in per_sentence:
        kept = []
        for mention in mentions:
            actor = mention.actor
            place = before.get(mention.start - 1)
            if (
                place is not None
                and text[mention.start - 1] == " "
                and (
                    mention.kind == MentionKind.AGENT
                    or (mention.kind == MentionKind.COMPOSED and actor.name is not None)
                )
                and not mention.modifier
                and actor.sector is not None
                and actor.sector not in _INTERNATIONAL
                and (actor.country is None or "+article-country:" in mention.rule)
            ):
                start, country = place
                words = text[start : mention.end]
                mention = replace(
                    mention,
                    start=start,
                    text=words,
                    actor=replace(actor, text=words, country=country),
                    kind="composed",
                    rule=f"{mention.rule.split('+article-country:')[0]}+place:{text[start : mention.start - 1]}",
                )
            kept.append(mention)
        result.append(kept)
    return result


def inside_places(
    per_sentence: list[list[Mention]], places: Sequence[tuple[int, int, str]], text: str
) -> list[list[Mention]]:
    """'Northern Ireland', 'New Mexico': a country's name inside the longer name of a place the gazetteer puts
    in another country names that place, not the country; the article's country, counted from the names, is
    counted again (generic actors took it from the wrong one), and pronouns pointing back to the name and
    agents it placed ('a militant group in Northern Ireland') follow it. `places` are (start, end, country) of
    the article's toponyms."""
    renamed: dict[tuple[str | None, str | None], tuple[str, str]] = {}
    moved: list[tuple[int, str | None, str]] = []  # (where the place starts, the country named, the place's)
    result = []
    for mentions in per_sentence:
        kept = []
        for mention in mentions:
            place = None
            if mention.kind == MentionKind.COUNTRY and not mention.modifier:
                place = next(
                    (
                        (start, end, country)
                        for start, end, country in places
                        if start <= mention.start
                        and mention.end <= end
                        and end - start > mention.end - mention.start
                        and country != mention.actor.country
                    ),
                    None,
                )
            if place is not None:
                start, end, country = place
                words = text[start:end]
                renamed[(mention.actor.name, mention.actor.country)] = (words, country)
                moved.append((start, mention.actor.country, country))
                mention = replace(
                    mention,
                    start=start,
                    end=end,
                    text=words,
                    actor=replace(mention.actor, text=words, name=words, country=country),
                    rule=f"{mention.rule}+inside:{words}",
                )
            kept.append(mention)
        result.append(kept)
    if not renamed:
        return per_sentence
    result = [[_followed(m, renamed, moved) for m in mentions] for mentions in result]
    guessed = [[_unguessed(m) for m in mentions] for mentions in result]
    return article_country(guessed)


def _followed(
    mention: Mention,
    renamed: dict[tuple[str | None, str | None], tuple[str, str]],
    moved: list[tuple[int, str | None, str]],
) -> Mention:
    if mention.kind == MentionKind.COMPOSED and mention.rule.startswith(_PLACING_RULES):
        for start, old, new in moved:
            if mention.actor.country == old and 0 < start - mention.end <= 12:  # "group in (the) New ..."
                return replace(
                    mention, actor=replace(mention.actor, country=new), rule=f"{mention.rule}+in-place"
                )
        return mention
    named = renamed.get((mention.actor.name, mention.actor.country))
    if mention.kind != MentionKind.PRONOUN or named is None:
        return mention
    return replace(mention, actor=replace(mention.actor, name=named[0], country=named[1]))


_PLACING_RULES = ("agent+in+", "agent+of+", "agent+from+")


def _unguessed(mention: Mention) -> Mention:
    if "+article-country:" not in mention.rule:
        return mention
    return replace(
        mention, actor=replace(mention.actor, country=None), rule=mention.rule.split("+article-country:")[0]
    )
