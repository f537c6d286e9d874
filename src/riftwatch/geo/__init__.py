"""Places: toponyms in an article -> GeoNames places (and the project's own), with their role, and the
location of each event.

    places = geoparse(article.text, sentences, mentions, dateline=article.dateline, parsed=parsed)
    location = locate_event(places, sentence.start, sentence.end, trigger=token, text=article.text)

`sentences` are phase one's (`nlp.split`), `mentions` the actor resolver's (per sentence or flat), `parsed`
maps a sentence index to its phase-two Doc (with NER where `wants_entities` asked) for the sentences that
were parsed. Nothing is
downloaded: the gazetteer index is built once from installed packages (see `gazetteer.py`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from .. import nlp
from ..models import Location, Mention, MentionKind, Place, PlacePrecision, PlaceRole
from ..vocabulary import CALENDAR_NAMES
from .gazetteer import ALTERNATE, Candidate, Gazetteer, GeoKind, build_index, gazetteer, index_path, name_key
from .resolve import resolve
from .toponyms import (
    LOCATIVE,
    SentenceScanner,
    Toponym,
    metonym_capable,
    role_from_parse,
    role_from_words,
)

__all__ = [
    "NEEDS",
    "Place",
    "build_index",
    "geoparse",
    "geoparse_texts",
    "index_path",
    "locate_event",
    "main_country",
    "name_key",
    "unknown_name",
    "wants_entities",
    "wants_parse",
]

_PRECISION = {
    "city": "place",
    "village": "place",
    "facility": "place",
    "admin2": "admin2",
    "admin1": "admin1",
    "country": "country",
    "continent": "region",
    "region": "region",
    "sea": "region",
    "river": "region",
}
_HINT_BETWEEN = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}(?:town|city|village|suburb|port|capital|province|region|district|"
    r"governorate|towns|cities|villages)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def geoparse(
    text: str,
    sentences: Sequence[nlp.Sentence],
    mentions: Iterable[Mention] | Sequence[Sequence[Mention]] = (),
    *,
    dateline: str | None = None,
    parsed: Mapping[int, Doc] | None = None,
) -> list[Place]:
    """Every toponym of an article, resolved, in text order, each with its role (location, actor, dateline)."""
    g = gazetteer()
    parsed = parsed or {}
    flat = _flatten(mentions)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in flat:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    zone = _dateline_zone(text, dateline)
    toponyms: list[Toponym] = []
    read_parsed: set[int] = set()
    for index, sentence in enumerate(sentences):
        doc = parsed.get(index)
        if doc is not None and nlp.text_of(doc) == sentence.text:
            # roles come from the parse wherever there is one; names are confirmed and blocked by NER only
            # where NER ran (`wants_entities`)
            tokens, base, entities = doc, sentence.start, doc.has_annotation("ENT_IOB")
            read_parsed.add(index)
        else:
            tokens, base, entities = sentence.span, sentence.start - sentence.span.start_char, False
        scanner = SentenceScanner(g, index, tokens, base, entities, by_sentence.get(index, []), zone)
        found = scanner.scan()
        _link_qualifiers(found, text)
        toponyms.extend(found)
    _hints_from_adjectives(toponyms, flat, text)
    for toponym in toponyms:
        if zone is not None and zone[0] <= toponym.start < zone[1]:
            toponym.role = PlaceRole.DATELINE
    actor_countries = Counter(
        m.actor.country
        for m in flat
        if m.actor.country and m.kind in (MentionKind.COUNTRY, MentionKind.CAPITAL, MentionKind.ADJECTIVE)
    )
    chosen = resolve(toponyms, actor_countries)
    places = []
    for toponym, (candidate, margin) in zip(toponyms, chosen, strict=True):
        place = _place(g, toponym, candidate, margin, is_parsed=toponym.sentence in read_parsed)
        if place is not None:
            places.append(place)
    return places


# What places read from a parsed sentence: the dependency parse (roles, the event's clause) and lemmas
# (movement verbs); entities only where `wants_entities` says the gazetteer cannot decide alone.
NEEDS = frozenset({nlp.Annotation.DEP, nlp.Annotation.POS, nlp.Annotation.LEMMA})


def wants_parse(sentence: nlp.Sentence, mentions: Sequence[Mention]) -> bool:
    """Whether the parse of a sentence can change its places: where it names a country or capital whose role
    the words around it do not already tell (the parse tells an actor, 'Kenya and Somalia signed', from a
    location better than the words around it; 'in Kenya' is a location either way) or a name the gazetteer
    knows but is unsure of (see `wants_entities`)."""
    return any(
        m.kind in (MentionKind.COUNTRY, MentionKind.CAPITAL) and not _placed_by_words(sentence, m)
        for m in mentions
    ) or _unsure(sentence, mentions, for_entities=False)


def _placed_by_words(sentence: nlp.Sentence, mention: Mention) -> bool:
    """A mention right after a locative word ('in', 'near', 'visited') and not a possessor ("in Kenya's war"):
    the words make it a location (`role_from_words`), and so does the parse (the object of a locative
    preposition or a movement verb, `role_from_parse`)."""
    offset = sentence.span.start_char - sentence.start
    span = sentence.span.doc.char_span(mention.start + offset, mention.end + offset, alignment_mode="expand")
    if span is None or span.start <= sentence.span.start:
        return False
    after = span.doc[span.end].lower_ if span.end < sentence.span.end else ""
    return span.doc[span.start - 1].lower_ in LOCATIVE and after not in ("'s", "’s")


def wants_entities(sentence: nlp.Sentence, mentions: Sequence[Mention], doc: Doc | None = None) -> bool:
    """Whether NER must confirm or block a name in this sentence: only where the gazetteer is unsure, i.e.
    it knows a capitalised name (a place, or a person, a team, a company) that no country or capital mention
    of the dictionaries covers, also where the scan would not take the name without NER ('descend on
    Toronto Saturday', 'Fargo' with no 'in' before it), which NER may still call a place
    (`SentenceScanner.may_be_place`), or a mention stands inside a bigger name ('Khartoum United'). A country
    or capital mention itself is a place with NER or without (the scan takes it from the mention, and reads
    its role from the parse where there is one): a sentence whose only known names are those does not ask.
    Nor does a weak name that reads as words of the language ('Oil prices fell', 'Valley students met'; read
    with the sentence's tags where `doc`, its parse, is given; see `SentenceScanner.may_be_place`)."""
    return _unsure(sentence, mentions, doc)


def unknown_name(
    sentence: nlp.Sentence, mentions: Sequence[Mention], doc: Doc | None = None, dates: Sequence[Span] = ()
) -> bool:
    """Whether a capitalised word stands that no dictionary mention covers (a sentence's first word only when
    the gazetteer knows it: 'Vancouver has seen...'): NER may find a place there that the gazetteer lacks or
    cannot take alone ('the town of Qatraneh'). The pipeline asks NER for it in sentences that hold an event,
    whose location it may be. With the sentence's parse (`doc`), a word of the language's lexicon counts only
    where the tagger calls it a proper noun ('Valley students', 'Olympic budget': no names NER makes places
    of; 'Chapin man dies' still counts, whatever its tag). Nor does a month or weekday inside one of the
    sentence's `dates` (spans of `doc`: 'on Saturday', 'in March'): NER makes a date of it, never a place
    ('March for Babies' still counts)."""
    tokens = _tokens(sentence, doc)
    offset = 0 if tokens is doc else sentence.span.start_char
    tagged = tokens is doc
    named = [(m.start - sentence.start, m.end - sentence.start) for m in mentions]

    def unnamed(token: Token) -> bool:
        at = token.idx - offset
        return (
            token.text[:1].isupper()
            and any(char.isalpha() for char in token.text)
            and (not tagged or token.pos_ == "PROPN" or not nlp.is_word(token.lower_))
            and not (
                tagged and token.lower_ in CALENDAR_NAMES and any(d.start <= token.i < d.end for d in dates)
            )
            and not any(start <= at < end for start, end in named)
        )

    if any(unnamed(token) for token in tokens[1:]):
        return True
    opening = tokens[0]
    if not unnamed(opening):
        return False
    scanner = SentenceScanner(gazetteer(), 0, tokens, 0, False, (), None)
    return any(span.start == opening.i for span, _ in scanner.known_names())


def _tokens(sentence: nlp.Sentence, doc: Doc | None) -> Doc | Span:
    """The sentence's parse when it has one (with tags), else its tokens from phase one."""
    return doc if doc is not None and len(doc) and nlp.text_of(doc) == sentence.text else sentence.span


def _unsure(
    sentence: nlp.Sentence, mentions: Sequence[Mention], doc: Doc | None = None, *, for_entities: bool = True
) -> bool:
    covered = [
        (m.start - sentence.start, m.end - sentence.start)
        for m in mentions
        if m.kind in (MentionKind.COUNTRY, MentionKind.CAPITAL)
    ]
    # for NER, a country's name inside any other mention of that country ('diplomats from Sudan', 'the
    # government of Syria'): the dictionary vouches for it as for a country mention, and the scan takes a
    # country with NER or without (its role still asks for the parse)
    within = [
        (m.start - sentence.start, m.end - sentence.start, m.actor.country)
        for m in mentions
        if m.actor.country and for_entities
    ]
    tokens = _tokens(sentence, doc)
    scanner = SentenceScanner(gazetteer(), 0, tokens, 0, False, (), None)
    offset = 0 if tokens is doc else sentence.span.start_char
    for span, candidates in scanner.known_names(scanner.may_be_place):
        start, end = span.start_char - offset, span.end_char - offset
        vouched = any(first <= start and end <= last for first, last in covered) or any(
            first <= start
            and end <= last
            and any(
                c.kind == GeoKind.COUNTRY and c.country == country and c.how < ALTERNATE for c in candidates
            )
            for first, last, country in within
        )
        if not vouched or scanner.in_bigger_name(span):
            # a name no mention vouches for, also one opening the sentence, which the scan takes only when NER
            # calls it a place ('Kaohsiung is a county'), or a mention inside a bigger name ('Khartoum United')
            return True
    return False


def _flatten(mentions: Iterable[Mention] | Sequence[Sequence[Mention]]) -> list[Mention]:
    flat: list[Mention] = []
    for item in mentions:
        if isinstance(item, Mention):
            flat.append(item)
        else:
            flat.extend(item)
    return flat


def _dateline_zone(text: str, dateline: str | None) -> tuple[int, int] | None:
    """Where the dateline's place stands in the text: at the start of one of the first lines."""
    if not dateline:
        return None
    first = re.split(r"[/,]", dateline)[0].strip()
    last = re.split(r"[/,]", dateline)[-1].strip()
    offset = 0
    for line in text.split("\n")[:6]:
        stripped = len(line) - len(line.lstrip())
        if line.lower().lstrip().startswith(first.lower()):
            end = line.lower().find(last.lower(), stripped)
            return offset + stripped, offset + (end + len(last) if end >= 0 else stripped + len(first))
        offset += len(line) + 1
    return None


def _link_qualifiers(found: list[Toponym], text: str) -> None:
    """'Paris, Texas', 'Alexandria, Va.', 'Homs, Syria': the second name says where the first is."""
    for first, second in zip(found, found[1:], strict=False):
        if text[first.end : second.start].strip() == "," and any(
            c.kind in (GeoKind.ADMIN1, GeoKind.COUNTRY) for c in second.candidates
        ):
            first.qualifier = second


def _hints_from_adjectives(toponyms: list[Toponym], mentions: list[Mention], text: str) -> None:
    """'the Syrian town of Khan Tuman': the adjective says which country the town is in."""
    adjectives = [m for m in mentions if m.kind == MentionKind.ADJECTIVE and m.actor.country]
    for toponym in toponyms:
        for mention in adjectives:
            if mention.end <= toponym.start <= mention.end + 40 and _HINT_BETWEEN.fullmatch(
                text[mention.end : toponym.start]
            ):
                toponym.hint = toponym.hint or mention.actor.country


def _ascii_name(name: str) -> str:
    if name.isascii():
        return name
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("`", "'")
    return folded.strip("'‘ ") or name


def _place(
    g: Gazetteer, toponym: Toponym, candidate: Candidate | None, margin: float, *, is_parsed: bool
) -> Place | None:
    rule = f"{toponym.source}"
    if candidate is None:
        candidate = _fallback(g, toponym)
        if candidate is None:
            if toponym.source == "gazetteer":
                return None
            return Place(
                text=toponym.text,
                start=toponym.start,
                end=toponym.end,
                name=None,
                country=None,
                admin1=None,
                lat=None,
                lon=None,
                geonames_id=None,
                population=None,
                feature_class=None,
                precision=None,
                role=_role(toponym, None, is_parsed),
                rule=f"{rule}; unresolved",
            )
        rule += f"; not in the gazetteer, placed by its {candidate.kind}"
        precision = candidate.kind if candidate.kind in (GeoKind.ADMIN1, GeoKind.COUNTRY) else None
        return Place(
            text=toponym.text,
            start=toponym.start,
            end=toponym.end,
            name=toponym.text,
            country=candidate.country,
            admin1=candidate.admin1,
            lat=candidate.lat,
            lon=candidate.lon,
            geonames_id=None,
            population=None,
            feature_class=None,
            precision=precision,
            role=_role(toponym, None, is_parsed),
            rule=rule,
        )
    rule += f"; {candidate.source}; margin {margin:.1f}"
    return Place(
        text=toponym.text,
        start=toponym.start,
        end=toponym.end,
        name=_ascii_name(candidate.name),
        country=candidate.country,
        admin1=candidate.admin1,
        lat=candidate.lat,
        lon=candidate.lon,
        geonames_id=candidate.geonames_id,
        population=candidate.population or None,
        feature_class=candidate.feature_class,
        precision=_PRECISION.get(candidate.kind),
        role=_role(toponym, candidate, is_parsed),
        rule=rule,
    )


def _fallback(g: Gazetteer, toponym: Toponym) -> Candidate | None:
    """A name the gazetteer lacks, placed no more precisely than the text allows: 'X, Aleppo' or
    'X in Aleppo province' -> the province, 'the Syrian town of X' or 'X, Syria' -> the country."""
    q = toponym.qualifier
    if q is not None and q.candidates:
        best = max(
            q.candidates, key=lambda c: (c.kind == GeoKind.ADMIN1, c.kind == GeoKind.COUNTRY, c.population)
        )
        if best.kind == GeoKind.ADMIN1 and best.admin1_code:
            return g.admin1(best.admin1_code)
        if best.kind == GeoKind.COUNTRY and best.country:
            return g.country(best.country)
    if toponym.hint:
        return g.country(toponym.hint)
    return None


def _role(toponym: Toponym, candidate: Candidate | None, is_parsed: bool) -> str:
    if toponym.role == PlaceRole.DATELINE:
        return PlaceRole.DATELINE
    kind = candidate.kind if candidate else None
    code = candidate.feature_code if candidate else None
    if not metonym_capable(toponym, kind, code):
        return PlaceRole.LOCATION
    return role_from_parse(toponym.tokens) if is_parsed else role_from_words(toponym.tokens)


# --- events --------------------------------------------------------------------------------------------

_SPECIFIC = {"place": 0, "admin2": 1, "admin1": 2, "country": 3}
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "xcomp", "pcomp", "acl", "csubj", "parataxis"}
_ANAPHORA = re.compile(
    r"\b[Tt]he\s+(town|city|village|base|airbase|port|province|governorate|region|country)\b"
)
_ANAPHOR_PRECISION = {
    "town": "place",
    "city": "place",
    "village": "place",
    "base": "place",
    "airbase": "place",
    "port": "place",
    "province": "admin1",
    "governorate": "admin1",
    "region": "admin1",
    "country": "country",
}


def _clause(trigger: Token) -> list[tuple[int, int]]:
    """Character spans (in the trigger's doc) of the tokens of the clause the trigger heads or stands in,
    without the clauses embedded in it at any depth nor the predicates coordinated with it: in 'Armenia denied the charge
    and accused Azerbaijan of moving artillery close to Iran', Iran is where the alleged moving was, not
    where the denial or the accusation happened."""
    head = trigger
    while head.dep_ not in _CLAUSE_DEPS and head.head is not head:
        head = head.head
    excluded: set[int] = set()
    for token in head.subtree:
        if token.i != head.i and token.i not in excluded and _opens_clause(token):
            inner = {t.i for t in token.subtree}
            if trigger.i not in inner:
                excluded |= inner
    return [(t.idx, t.idx + len(t)) for t in head.subtree if t.i not in excluded]


def _opens_clause(token: Token) -> bool:
    """A clause of its own below a predicate: an embedded clause, or a verb coordinated with another."""
    return token.dep_ in _CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))


def _best(places: list[Place], near: int) -> Place:
    return min(places, key=lambda p: (_SPECIFIC[p.precision or "country"], abs(p.start - near)))


def locate_event(
    places: Sequence[Place],
    sentence_start: int,
    sentence_end: int,
    *,
    trigger: Token | None = None,
    text: str | None = None,
    fallback: bool = True,
) -> Location | None:
    """The location of an event read in article.text[sentence_start:sentence_end].

    `trigger` is the event's trigger token in the sentence's phase-two Doc (whose char 0 is sentence_start).
    Order: a location in the trigger's own clause ('in the Syrian town of X'), then in the sentence, then
    'the town' pointing back to the last town named before it (needs `text`), then the article's main
    country (unless the sentence places the event in a region or sea, which the contract's precisions cannot
    express; and only when `fallback`). Actor and dateline mentions never locate an event; None when nothing
    justifies a location.
    """
    usable = [
        p for p in places if p.role == PlaceRole.LOCATION and p.precision in _SPECIFIC and p.lat is not None
    ]
    near = sentence_start + (trigger.idx if trigger is not None else 0)
    # the trigger's clause is read only where the sentence holds a place (most events' sentences hold none)
    if trigger is not None and any(sentence_start <= p.start < sentence_end for p in usable):
        spans = _clause(trigger)
        inside = [p for p in usable if any(a <= p.start - sentence_start < b for a, b in spans)]
        if inside:
            return _best(inside, near).location()
    # Outside the trigger's clause only a town, district or province places the event: a country named
    # elsewhere in the sentence is more often a party or a topic ('cut ties with Qatar, too close to Iran').
    in_sentence = [
        p
        for p in usable
        if sentence_start <= p.start < sentence_end and p.precision != PlacePrecision.COUNTRY
    ]
    if in_sentence:
        return _best(in_sentence, near).location()
    if text is not None:
        match = _ANAPHORA.search(text, sentence_start, sentence_end)
        if match:
            wanted = _ANAPHOR_PRECISION[match[1]]
            before = [
                p
                for p in usable
                if p.end <= sentence_start
                and sentence_start - p.end < 1500
                and (p.precision == wanted or (wanted == "admin1" and p.precision == PlacePrecision.ADMIN2))
            ]
            if before:
                return before[-1].location()
    if any(
        p.role == PlaceRole.LOCATION
        and p.precision == PlacePrecision.REGION
        and sentence_start <= p.start < sentence_end
        for p in places
    ):
        return None  # 'a presence in the Middle East': the article's main country would be a guess
    return main_country(places) if fallback else None


def main_country(places: Sequence[Place]) -> Location | None:
    """The country an article is about, when it clearly has one: the country of most of its locations
    (dateline and actor mentions aside), named at least twice and twice as often as any other."""
    counts = Counter(
        p.country
        for p in places
        if p.role == PlaceRole.LOCATION and p.country and p.precision != PlacePrecision.REGION
    )
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    runner_up = rest[0][1]
    if n < 2 or n < 2 * runner_up:
        return None
    g = gazetteer()
    country = g.country(top)
    if country is None or country.lat is None:
        return None
    return Location(
        name=_ascii_name(country.name),
        country=top,
        lat=country.lat,
        lon=country.lon,
        geonames_id=country.geonames_id,
        precision="country",
    )


def geoparse_texts(
    texts: Iterable[str],
    *,
    actor_mentions: Callable[[Sequence[nlp.Sentence]], Sequence[Sequence[Mention]]] | None = None,
    n_process: int = 1,
) -> list[list[Place]]:
    """Convenience for notebooks and evaluation: split and parse whole texts (NER on), then geoparse them.
    `actor_mentions` is e.g. `lambda s: riftwatch.actors.article_mentions(s, day)`. The pipeline calls
    `geoparse` with its own phase-one and phase-two results instead."""
    texts = list(texts)
    split = list(nlp.split(texts))
    mentions = [actor_mentions(sentences) if actor_mentions else () for sentences in split]
    items = [(s.text, (d, i)) for d, sentences in enumerate(split) for i, s in enumerate(sentences)]
    parsed: list[dict[int, Doc]] = [{} for _ in texts]
    for doc, (d, i) in nlp.parse(items, n_process=n_process):
        parsed[d][i] = doc
    return [
        geoparse(text, sentences, mentions[d], parsed=parsed[d])
        for d, (text, sentences) in enumerate(zip(texts, split, strict=True))
    ]
