"""Toponym recognition: where an article names places, and what each place does in its sentence.

Three sources, merged longest-first: the actor dictionary's country and capital mentions, spaCy's GPE/LOC/FAC
entities (in parsed sentences), and a gazetteer scan of capitalised word sequences. The gazetteer scan is
what finds what spaCy misses or mislabels ('Khan Tuman' tagged as a person, 'Tartus' as an organisation); to
keep it from reading every capitalised word as a town, a name it alone found must be a strong place (a
country, province, continent, one of the project's own places, a city of 100,000 or more) or stand where
places stand ('in X', 'the town of X', 'X, Texas').
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import nlp
from ..models import Mention, MentionKind, PlaceRole
from ..vocabulary import ADMIN_CUES, GEO_NOUNS, MONTHS, SETTLEMENT_CUES, WEEKDAYS
from .gazetteer import ALTERNATE, Candidate, Gazetteer, GeoKind, name_key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCKING_MENTIONS = {"person", "organisation", "institution"}
STRONG_KINDS = {"country", "admin1", "continent", "region", "sea", "river", "facility", "village"}
STRONG_POPULATION = 100_000
MAX_WORDS = 6
_CONNECTORS = {
    "of",
    "de",
    "del",
    "du",
    "la",
    "le",
    "les",
    "al",
    "el",
    "ez",
    "es",
    "az",
    "ad",
    "ed",
    "as",
    "ash",
    "ar",
    "an",
    "bin",
    "ibn",
    "-",
    "upon",
    "on",
    "sur",
    "am",
    "der",
    "den",
    "y",
    "da",
    "do",
    "dos",
    "das",
    "'s",
    "the",
    "and",
}
_ARTICLE_PREFIXES = {"al", "el", "ad", "ar", "as", "ash", "az", "an"}
LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "into",
    "across",
    "throughout",
    "from",
    "to",
    "toward",
    "towards",
    "around",
    "within",
    "along",
    "off",
    "through",
    "via",
    "onto",
    "beyond",
    "past",
    "nearby",
    "opposite",
    "reach",
    "reached",
    "entered",
    "visited",
    "visit",
    "visiting",
}
_ACTOR_PREPS = {"with", "against", "between", "by", "on", "for"}
_MOVEMENT_VERBS = {
    "visit",
    "enter",
    "leave",
    "reach",
    "invade",
    "travel",
    "return",
    "arrive",
    "flee",
    "fly",
    "move",
    "head",
    "deploy",
    "send",
    "evacuate",
    "tour",
    "cross",
    "land",
}
_ACTING_WORDS = {
    "said",
    "says",
    "say",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "is",
    "was",
    "are",
    "were",
    "wants",
    "wanted",
    "seeks",
    "sought",
    "warned",
    "accused",
    "denied",
    "rejected",
    "imposed",
    "announced",
    "agreed",
    "signed",
    "sent",
    "backs",
    "backed",
    "supports",
    "supported",
    "threatened",
    "demanded",
    "urged",
    "called",
    "insists",
    "insisted",
    "appears",
    "appeared",
    "plans",
    "planned",
    "refused",
    "condemned",
    "claims",
    "claimed",
}
# Capitalised words a gazetteer scan must not take for towns on its own (months, days, titles, common words
# that are also GeoNames places).
_NOT_ALONE = {
    *MONTHS,
    *WEEKDAYS,
    "god",
    "allah",
    "christmas",
    "easter",
    "police",
    "justice",
    "liberty",
    "independence",
    "union",
    "unity",
    "victory",
    "hope",
    "mercy",
    "faith",
    "progress",
    "university",
    "college",
    "president",
    "minister",
    "general",
    "king",
    "queen",
    "prince",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "saint",
    "st",
    "mount",
    "lake",
    "river",
    "north",
    "south",
    "east",
    "west",
    "central",
    "new",
    "republic",
    "state",
    "city",
    "county",
    "street",
    "avenue",
    "road",
    "park",
    "center",
    "centre",
    "man",
    "women",
    "people",
    "home",
    "house",
    "white",
    "black",
    "red",
    "green",
    "blue",
    "gold",
    "golden",
    "silver",
    "star",
    "sun",
    "moon",
    "church",
    "school",
    "hospital",
    "market",
    "bank",
    "court",
    "senate",
    "congress",
    "party",
    "army",
    "navy",
    "media",
    "news",
    "times",
    "post",
    "best",
    "nice",
    "reading",
    "mobile",
    "split",
    "bath",
    "wells",
    "sale",
    "deal",
    "most",
    "many",
    "more",
    "of",
}


@dataclass(slots=True)
class Toponym:
    """A place name found in a sentence, before resolution."""

    start: int  # article offsets
    end: int
    sentence: int
    tokens: Span  # its tokens, in the parsed doc when there is one
    candidates: tuple[Candidate, ...]
    source: str  # actor:country, ner:GPE, gazetteer, dateline
    hint: str | None = None  # a country this place is said to be in ('the Syrian town of X'), ISO alpha-3
    cue: str | None = None  # 'place' ('the town of X') or 'admin' ('X province')
    qualifier: Toponym | None = None  # 'Paris, Texas': the Texas toponym
    role: str = PlaceRole.LOCATION
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.tokens.text


def _is_capitalised(token: Token) -> bool:
    return _capitalised(token.text)


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _headline_like(words: Sequence[str]) -> bool:
    """Whether most of a sentence's longer words (alphabetic, `words` are their texts) are capitalised."""
    long = [word for word in words if len(word) > 3]
    return len(long) >= 3 and sum(1 for word in long if word[0].isupper()) / len(long) > 0.6


def _strong(candidates: Sequence[Candidate]) -> bool:
    return any(
        c.how < ALTERNATE
        and (c.kind in STRONG_KINDS or (c.kind == GeoKind.CITY and c.population >= STRONG_POPULATION))
        for c in candidates
    )


def _demonym(mention: Mention) -> bool:
    """A country's adjective, alone ('the Chadian border') or with the agent it composes ('German officials')."""
    return mention.kind == MentionKind.ADJECTIVE or (
        mention.kind == MentionKind.COMPOSED and mention.rule.startswith("adjective+")
    )


class _Words:
    """What the scan reads of a sentence's tokens whatever it is asked: each token's text once (a spaCy Token
    is built anew at every access), which are capitalised, whether the sentence reads like a headline, and,
    by start, the longest capitalised run the gazetteer knows there (`name_at`, found when first asked). The
    same tokens are scanned up to three times (`geo.wants_parse` in phase one, `geo.wants_entities` before
    NER, `geoparse`): one per token range and gazetteer, kept in its doc's `user_data` (so it goes with the
    doc, and holds no spaCy object)."""

    __slots__ = ("gazetteer", "first", "last", "lower", "texts", "spaced", "capitalised", "headline", "names")

    def __init__(self, tokens: Doc | Span, gazetteer: Gazetteer) -> None:
        token_list = list(tokens)
        self.gazetteer = gazetteer
        self.first, self.last = token_list[0].i, token_list[-1].i + 1  # doc[first:last]
        self.texts = [token.text for token in token_list]
        self.spaced = [text + token.whitespace_ for text, token in zip(self.texts, token_list, strict=True)]
        self.lower = [token.lower_ for token in token_list]
        self.capitalised = [_capitalised(text) for text in self.texts]
        self.headline = _headline_like(
            [text for text, token in zip(self.texts, token_list, strict=True) if token.is_alpha]
        )
        self.names: dict[int, tuple[int, tuple[Candidate, ...]] | None] = {}

    @classmethod
    def of(cls, tokens: Doc | Span, gazetteer: Gazetteer) -> _Words:
        doc, start = (tokens, 0) if isinstance(tokens, Doc) else (tokens.doc, tokens.start)
        key = f"riftwatch.geo.words:{start}:{start + len(tokens)}"
        words = doc.user_data.get(key)
        if words is None or words.gazetteer is not gazetteer:
            words = doc.user_data[key] = cls(tokens, gazetteer)
        return words

    def name_at(self, i: int) -> tuple[int, tuple[Candidate, ...]] | None:
        """(end, candidates) of the longest capitalised run from token i the gazetteer knows, or None."""
        if i not in self.names:
            self.names[i] = self._longest_name(i)
        return self.names[i]

    def text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, from the words read once."""
        return (
            "".join(self.spaced[start - self.first : end - 1 - self.first]) + self.texts[end - 1 - self.first]
        )

    def _longest_name(self, i: int) -> tuple[int, tuple[Candidate, ...]] | None:
        first, last, capitalised, lower = self.first, self.last, self.capitalised, self.lower
        startable = capitalised[i - first] or (
            lower[i - first] in _ARTICLE_PREFIXES
            and i + 2 < last
            and self.texts[i + 1 - first] == "-"
            and capitalised[i + 2 - first]
        )
        if not startable:
            return None
        limit = i
        while (
            limit < last
            and limit - i < MAX_WORDS
            and (limit == i or capitalised[limit - first] or lower[limit - first] in _CONNECTORS)
        ):
            limit += 1
        for j in range(limit, i, -1):
            if not capitalised[j - 1 - first]:
                continue
            candidates = self.gazetteer.lookup(name_key(self.text(i, j)))
            if candidates:
                return j, candidates
        return None


class SentenceScanner:
    """Finds the toponyms of one sentence."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        index: int,
        tokens: Doc | Span,
        base: int,
        parsed: bool,
        mentions: Sequence[Mention],
        dateline: tuple[int, int] | None,
    ) -> None:
        self.g = gazetteer
        self.index = index
        self.tokens = tokens
        self.doc = tokens if isinstance(tokens, Doc) else tokens.doc
        self.offset = 0 if isinstance(tokens, Doc) else tokens.start  # first token index in self.doc
        self.base = base  # article offset of doc char 0
        self.parsed = parsed
        self.mentions = mentions
        self.dateline = dateline
        self.words = _Words.of(tokens, gazetteer)
        self.headline = self.words.headline

    def char(self, token: Token) -> int:
        return self.base + token.idx

    def span_chars(self, span: Span) -> tuple[int, int]:
        return self.base + span.start_char, self.base + span.end_char

    def _mention_span(self, mention: Mention) -> Span | None:
        return self.doc.char_span(mention.start - self.base, mention.end - self.base, alignment_mode="expand")

    def scan(self) -> list[Toponym]:
        found: list[tuple[Span, str, tuple[Candidate, ...], str | None]] = []
        blocked: list[tuple[int, int, str]] = []  # token ranges of names that are not places
        for mention in self.mentions:
            span = self._mention_span(mention)
            if span is None:
                continue
            if mention.kind in (MentionKind.COUNTRY, MentionKind.CAPITAL) and not mention.modifier:
                # the dictionary's country is not a hint: 'Georgia' and 'Dublin' need the article's context
                found.append((span, f"actor:{mention.kind}", self.g.lookup(name_key(span.text)), None))
            elif _demonym(mention):
                # a demonym the gazetteer also knows as a name stands for its country, never for a place of
                # that name: "the German government" is not San Germán (Mexico), "Chadian" no Chinese village
                named = self._known_prefix(span)
                country = self.g.country(mention.actor.country) if mention.actor.country else None
                if named is not None and country is not None:
                    found.append((named, "actor:demonym", (country,), None))
                else:
                    blocked.append((span.start, span.end, mention.kind))
            elif mention.kind in BLOCKING_MENTIONS:
                blocked.append((span.start, span.end, mention.kind))
        if self.parsed:
            for ent in self.doc.ents:
                if ent.label_ in PLACE_LABELS:
                    span, candidates = self._trim(ent)
                    if candidates or ent.label_ != "FAC":
                        found.append((span, f"ner:{ent.label_}", candidates, None))
                elif ent.label_ not in ("NORP", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"):
                    start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
                    blocked.append((start, ent.end, ent.label_))
        found.extend(self._gazetteer_scan(found, blocked))
        return self._merge(found)

    def _known_prefix(self, span: Span) -> Span | None:
        """The longest start of the span the gazetteer knows as a name ('German' of 'German officials')."""
        for k in range(span.end, span.start, -1):
            if self.g.lookup(name_key(self.doc[span.start : k].text)):
                return self.doc[span.start : k]
        return None

    def _trim(self, ent: Span) -> tuple[Span, tuple[Candidate, ...]]:
        """An entity's text as the gazetteer knows it: 'the Middle East' -> 'Middle East', 'northern Syria'
        -> 'Syria', "Syria's" -> 'Syria'."""
        start, end = ent.start, ent.end
        if end - start > 1 and self.doc[start].lower_ == "the":
            start += 1
        while end - start > 1 and self.doc[end - 1].lower_ in ("'s", "’s", "'", "’", ".", ","):
            end -= 1
        candidates = self.g.lookup(name_key(self.doc[start:end].text))
        if candidates:
            return self.doc[start:end], candidates
        while end - start > 1 and (
            self.doc[start].lower_
            in (
                "the",
                "northern",
                "southern",
                "eastern",
                "western",
                "central",
                "north",
                "south",
                "east",
                "west",
                "greater",
                "upper",
                "lower",
                "rural",
            )
            or self.doc[start].is_punct
        ):
            start += 1
            candidates = self.g.lookup(name_key(self.doc[start:end].text))
            if candidates:
                return self.doc[start:end], candidates
        return self.doc[start:end], ()

    def _gazetteer_scan(
        self, found: list, blocked: list
    ) -> list[tuple[Span, str, tuple[Candidate, ...], str | None]]:
        result = []
        for span, candidates in self.known_names(
            lambda span, candidates: self._accept(span, candidates, found, blocked)
        ):
            result.append((span, "gazetteer", candidates, None))
        return result

    def known_names(
        self, accept: Callable[[Span, tuple[Candidate, ...]], bool] = lambda span, candidates: True
    ) -> Iterator[tuple[Span, tuple[Candidate, ...]]]:
        """The longest capitalised runs the gazetteer knows, left to right, and of those the ones `accept`
        takes."""
        i = self.words.first
        while i < self.words.last:
            found = self.words.name_at(i)
            if found is None:
                i += 1
                continue
            end, candidates = found
            span = self.doc[i:end]
            if accept(span, candidates):
                yield span, candidates
            i = end

    def _accept(self, span: Span, candidates: tuple[Candidate, ...], found: list, blocked: list) -> bool:
        doc = self.doc
        start, end = span.start, span.end
        text = span.text
        in_dateline = (
            self.dateline is not None and self.dateline[0] <= self.char(doc[start]) < self.dateline[1]
        )
        if in_dateline:
            return True
        overlapping = [f for f in found if f[0].start < end and start < f[0].end]
        if any(f[1] == "actor:demonym" for f in overlapping):
            return False  # 'The German' of 'The German government': the demonym stands for its country
        if overlapping:
            return True  # overlaps a dictionary or NER place: the merge decides between them
        strong = _strong(candidates)
        for b_start, b_end, label in blocked:
            if b_start < end and start < b_end:
                # spaCy's mislabels: a whole entity that is a strong place ('Khan Tuman' as PERSON)
                exact = (b_start, b_end) == (start, end) and label in (
                    "PERSON",
                    "ORG",
                    "WORK_OF_ART",
                    "PRODUCT",
                )
                if not (exact and strong):
                    return False
        if text.isupper() and not (len(text) <= 4 and any(c.kind == GeoKind.COUNTRY for c in candidates)):
            return False
        if text.endswith(".") and len(text) <= 6:  # 'Va.', 'Ind.': only after a place and a comma
            return start - 2 >= 0 and doc[start - 1].text == "," and _is_capitalised(doc[start - 2])
        single = end - start == 1
        initial = (
            start == self.words.first
            or doc[start - 1].is_punct
            and doc[start - 1].text in ('"', "“", "(", "-")
        )
        lower = text.lower()
        if single and lower in _NOT_ALONE:
            return False
        cue = self.locative_cue(span) or self.qualified(span)
        if self.headline and not strong:
            return False
        if not strong and not cue:
            return False
        if (
            single
            and initial
            and not cue
            and not any(c.kind in (GeoKind.COUNTRY, GeoKind.CONTINENT) for c in candidates)
        ):
            return False
        if not self.parsed and self.in_bigger_name(span):  # no NER to tell 'Paris Hilton' from Paris
            return any(c.kind == GeoKind.COUNTRY for c in candidates)
        return True

    def in_bigger_name(self, span: Span) -> bool:
        """'Paris Hilton', 'Khartoum United', 'Kenya Airways': a capitalised word right beside a name makes it
        part of a bigger one, which only NER tells from the place."""
        before = self.doc[span.start - 1] if span.start > self.words.first else None
        after = self.doc[span.end] if span.end < self.words.last else None
        return any(token is not None and _is_capitalised(token) for token in (before, after))

    def may_be_place(self, span: Span, candidates: Sequence[Candidate]) -> bool:
        """Whether NER could make a place of a name the gazetteer knows, even one `_accept` leaves without
        NER (a small town with no 'in' before it, a capitalised neighbour, a lone name opening the sentence:
        'Kaohsiung is a county'): any such name but a word never taken alone ('He', 'Police'), and but a weak
        name made of words of the language's lexicon (`nlp.is_word`) that reads as those words: where the
        words are tagged (the sentence's parse), none a proper noun ('Valley students met', 'Shares in');
        untagged, one word opening the sentence ('Oil prices fell'). NER hardly ever makes places of those:
        of some 2,800 weak names the tagger called no proper noun in the geoparsing corpora, NER changed the
        places of 11. Nor a weak name shaped like a person's (`person_like`)."""
        if len(span) == 1 and span.text.lower() in _NOT_ALONE:
            return False
        if _strong(candidates):
            return True
        if not all(nlp.is_word(token.lower_) for token in span):
            return not self.person_like(span)
        if span.doc.has_annotation("POS"):
            return any(token.pos_ == "PROPN" for token in span)
        return not (len(span) == 1 and span.start == self.words.first)

    def person_like(self, span: Span) -> bool:
        """'Mateo Brennan scored', 'the chief executive, Yusuf Castillo': a weak name, no word of the language,
        in a run of two or three capitalised words whose others are neither words of the language nor names
        the gazetteer knows, with no 'in' or 'the town of' before it and no ', Texas' after it. Without NER the
        scan leaves a name beside a capitalised word (`in_bigger_name`); with NER it takes one only where NER
        calls it a place, which for these runs it hardly ever does (a person): in the geoparsing corpora NER
        changed no gold place in such runs."""
        first, last = self.words.first, self.words.last
        start, end = span.start, span.end
        while start > first and _is_capitalised(self.doc[start - 1]):
            start -= 1
        while end < last and _is_capitalised(self.doc[end]):
            end += 1
        others = [token for token in self.doc[start:end] if token.i < span.start or token.i >= span.end]
        return (
            bool(others)
            and end - start <= 3
            and not any(
                nlp.is_word(token.lower_.rstrip(".")) or self.g.lookup(name_key(token.text))
                for token in others
            )
            and not (self.locative_cue(span) or self.qualified(span))
        )

    def locative_cue(self, span: Span) -> str | None:
        """'in X', 'the town of X' -> 'place'; 'X province' -> 'admin'; 'near X' -> 'locative'."""
        doc = self.doc
        k = span.start - 1
        if k >= 0 and doc[k].lower_ == "of" and k - 1 >= 0:
            noun = doc[k - 1].lower_
            if noun in SETTLEMENT_CUES:
                return "place"
            if noun in ADMIN_CUES:
                return "admin"
        if span.end < len(doc) and doc[span.end].lower_ in ADMIN_CUES:
            return "admin"
        while k >= 0 and (
            doc[k].lower_ in ("the",)
            or doc[k].lower_ in ("northern", "southern", "eastern", "western", "central")
        ):
            k -= 1
        if k >= 0 and doc[k].lower_ in LOCATIVE:
            return "locative"
        return None

    def qualified(self, span: Span) -> bool:
        """'X, Texas' / 'X, Va.' / 'X, Syria': a place followed by a comma and a province or country."""
        doc = self.doc
        k = span.end
        if k + 1 < len(doc) and doc[k].text == ",":
            for j in range(min(len(doc), k + 4), k + 1, -1):
                for c in self.g.lookup(name_key(doc[k + 1 : j].text)):
                    if c.kind in (GeoKind.ADMIN1, GeoKind.COUNTRY) and c.how < ALTERNATE:
                        return True
        return False

    def _merge(self, found: list) -> list[Toponym]:
        """Longest spans first; on a tie the dictionary, then spaCy, then the gazetteer."""
        order = {"actor": 0, "ner": 1, "gazetteer": 2}
        found = sorted(found, key=lambda f: (-(f[0].end - f[0].start), order[f[1].split(":")[0]], f[0].start))
        taken: set[int] = set()
        result = []
        for span, source, candidates, hint in found:
            if not taken.isdisjoint(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            start, end = self.span_chars(span)
            toponym = Toponym(
                start=start,
                end=end,
                sentence=self.index,
                tokens=span,
                candidates=candidates,
                source=source,
                hint=hint,
            )
            cue = self.locative_cue(span)
            toponym.cue = cue if cue in ("place", "admin") else None
            result.append(toponym)
        result.sort(key=lambda t: t.start)
        return result


# --- roles -------------------------------------------------------------------------------------------------


def metonym_capable(toponym: Toponym, kind: str | None, feature_code: str | None) -> bool:
    """Countries, capitals and provinces act ('Moscow said', 'Texas sued'); towns and seas do not."""
    return (
        toponym.source == "actor:capital"
        or kind in (GeoKind.COUNTRY, GeoKind.ADMIN1)
        or feature_code == "PPLC"
    )


def role_from_parse(span: Span) -> str:
    """location or actor, from the dependency parse around the place name."""
    token = span.root
    for _ in range(4):
        if token.dep_ == "conj" or (token.dep_ == "appos" and token.head.pos_ == "PROPN"):
            token = token.head
            continue
        break
    dep, head = token.dep_, token.head
    if dep == "appos":  # "Syria's capital, Damascus": the place is where the capital is
        return PlaceRole.LOCATION
    if dep == "pobj":
        prep = head.lower_
        if prep in LOCATIVE:
            return PlaceRole.LOCATION
        if prep == "of":
            return (
                PlaceRole.LOCATION
                if head.head.lower_ in GEO_NOUNS or head.head.lower_ in SETTLEMENT_CUES
                else PlaceRole.ACTOR
            )
        if prep in _ACTOR_PREPS or head.dep_ == "agent":
            return PlaceRole.ACTOR
        return PlaceRole.LOCATION
    if dep in ("nsubj", "csubj"):
        return PlaceRole.ACTOR
    if dep == "poss":
        return PlaceRole.LOCATION if head.lower_ in GEO_NOUNS else PlaceRole.ACTOR
    if dep in ("dobj", "dative", "iobj"):
        return (
            PlaceRole.LOCATION
            if head.lemma_ in _MOVEMENT_VERBS or head.lower_ in LOCATIVE
            else PlaceRole.ACTOR
        )
    if dep in ("compound", "nmod", "amod"):
        return PlaceRole.LOCATION if head.lower_ in GEO_NOUNS else PlaceRole.ACTOR
    return PlaceRole.LOCATION


def role_from_words(span: Span) -> str:
    """location or actor from the words around the name, for sentences that were not parsed."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before in LOCATIVE:
        return PlaceRole.LOCATION
    if after in ("'s", "’s"):
        following = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
        return PlaceRole.LOCATION if following in GEO_NOUNS else PlaceRole.ACTOR
    return PlaceRole.ACTOR if after in _ACTING_WORDS else PlaceRole.LOCATION
