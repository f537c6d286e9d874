"""When an event happened: date expressions of its sentence resolved against the article's date.

'early May' in an article of 2016-06-26 is 2016-05 (month precision); 'on Wednesday' the last Wednesday up to
the article's day, or the next one from it when the phrase belongs to a future clause ('will halt flights from
Tuesday'; also months named without a year); 'last week' the month it fell in (the contract has no week, and an invented day is worse
than a coarser date); 'last year' the year before. Without an expression, the article's date (day).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

import dateparser
from spacy.tokens import Doc, Span, Token

from ..models import Precision
from ..nlp import text_of
from ..vocabulary import (
    DATE_EDGES,
    DAY_PARTS,
    MONTH_PREPOSITIONS,
    MONTHS,
    TIME_DEICTICS,
    TIME_UNITS,
    TIME_WORDS,
    WEEKDAYS,
)
from .modality import looks_ahead

_MONTHS = {m: i for i, m in enumerate(MONTHS, start=1)}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())} | {"sept": 9})
_WEEKDAYS = {d: i for i, d in enumerate(WEEKDAYS)}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_DURATION = re.compile(
    r"(?:about |some |nearly |more than |at least |the )?(?:\d+|a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|several|few|a few|many)\s+(?:more\s+)?(?:hours?|days?|weeks?|months?|years?|decades?)"
)
_RELATIVE = {
    "today": (0, Precision.DAY),
    "tonight": (0, Precision.DAY),
    "yesterday": (-1, Precision.DAY),
    "last night": (-1, Precision.DAY),
    "tomorrow": (1, Precision.DAY),
}


def _month_before(article: dt.date, month: int, future: bool = False) -> dt.date:
    year = article.year
    if not future and month > article.month:
        year -= 1
    if future and month < article.month:
        year += 1
    return dt.date(year, month, 1)


@functools.lru_cache(maxsize=8192)  # pure, and dateparser takes milliseconds: the same phrase recurs in a run
def resolve(expression: str, article: dt.date, forward: bool = False) -> tuple[dt.date, Precision] | None:
    """One date expression, against the article's date; None when it names no date riftwatch can place.
    A weekday, or a month without its year, is the last one up to the article's day, or with `forward` (the
    phrase speaks of what is to come) the next one from it."""
    text = " ".join(expression.lower().replace(",", " ").split())
    text = re.sub(r"^(on|in|at|during|since|by|from|until|early|late|mid|the|this|of)\s+", "", text)
    if re.search(r"\b(?:century|centuries|decade|decades|era|generation)\b", text):
        return None  # "this century", "in decades": a span of history, not a date
    if _DURATION.fullmatch(text):
        return None  # "48 hours", "two weeks": how long, not when
    if "this week" in text:
        return dt.date(article.year, article.month, 1), Precision.MONTH
    for phrase, (days, precision) in _RELATIVE.items():
        if phrase in text:
            return article + dt.timedelta(days=days), precision
    if "last week" in text or "past week" in text or "earlier this week" in text:
        day = article - dt.timedelta(days=7 if "last" in text else 3)
        return dt.date(day.year, day.month, 1), Precision.MONTH
    if "next week" in text:
        day = article + dt.timedelta(days=7)
        return dt.date(day.year, day.month, 1), Precision.MONTH
    if "last month" in text or "past month" in text:
        first = dt.date(article.year, article.month, 1) - dt.timedelta(days=1)
        return dt.date(first.year, first.month, 1), Precision.MONTH
    if "next month" in text:
        last = dt.date(article.year, article.month, 28) + dt.timedelta(days=7)
        return dt.date(last.year, last.month, 1), Precision.MONTH
    if "this month" in text or "earlier this month" in text:
        return dt.date(article.year, article.month, 1), Precision.MONTH
    if "last year" in text or "past year" in text:
        return dt.date(article.year - 1, 1, 1), Precision.YEAR
    if "next year" in text:
        return dt.date(article.year + 1, 1, 1), Precision.YEAR
    if "this year" in text or "earlier this year" in text:
        return dt.date(article.year, 1, 1), Precision.YEAR
    words = text.replace("-", " ").split()
    for word in words:
        if word in _WEEKDAYS:
            back = (article.weekday() - _WEEKDAYS[word]) % 7
            if forward and "last" not in words:
                return article + dt.timedelta(days=(_WEEKDAYS[word] - article.weekday()) % 7), Precision.DAY
            if "next" in words:
                return article + dt.timedelta(days=(7 - back) % 7 or 7), Precision.DAY
            return article - dt.timedelta(days=back), Precision.DAY
    month = next((_MONTHS[w.rstrip(".")] for w in words if w.rstrip(".") in _MONTHS), None)
    year_match = _YEAR.search(text)
    year = int(year_match.group(0)) if year_match else None
    if month is not None:
        day_numbers = [
            int(re.sub(r"\D", "", d))
            for d in _DAY_NUMBER.findall(text.replace(year_match.group(0), "") if year_match else text)
        ]
        base = dt.date(year, month, 1) if year else _month_before(article, month, future=forward)
        if day_numbers and 1 <= day_numbers[0] <= 31:
            try:
                return base.replace(day=day_numbers[0]), Precision.DAY
            except ValueError:
                return base, Precision.MONTH
        return base, Precision.MONTH
    if year is not None and re.fullmatch(r"(in )?\d{4}", text):
        return dt.date(year, 1, 1), Precision.YEAR
    parsed = dateparser.parse(
        expression,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(article.year, article.month, article.day),
            "PREFER_DATES_FROM": "future" if forward else "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": ["month", "year"],
        },
    )
    if parsed is not None:
        return parsed.date(), Precision.DAY
    return None


# A year ('2015', '1990s', "'90s"), a numeric date ('12/03/2015', '2015-03-12') or a clock time ('10:30').
_DATE_NUMBER = re.compile(r"(?:1[5-9]|20)\d\d(?:s|'s)?|(?:mid-)?['‘’]?\d0s|\d+[/.:-]\d+(?:[/.:-]\d+)?")


def may_hold_date(words: Iterable[str]) -> bool:
    """Whether a sentence of these (lower-case) words may hold a date or time expression at all: a month or
    weekday name ('may' too), a word of time (`TIME_WORDS`: 'yesterday', 'week', 'morning', 'ago'), a year, a
    numeric date or a clock time. The date matcher's quick test (most sentences have none); every DATE and
    TIME entity spaCy finds in the benchmark corpus and the gold development texts holds one, but for
    score-like numbers ('30-5') and a few garbled words."""
    for word in words:
        bare = word.rstrip(".")
        if bare in _MONTHS or bare.removesuffix("s") in _WEEKDAYS or word in TIME_WORDS or bare in TIME_WORDS:
            return True
        if any(char.isdigit() for char in word) and _DATE_NUMBER.fullmatch(word):
            return True
    return False


_DATES = "riftwatch.events.dates"  # doc.user_data key of the matcher's spans


def date_spans(doc: Doc) -> list[Span]:
    """The date and time expressions of a parsed sentence, the one place events read them from (the event's
    date, a place note's date, 'on Saturday' told from a particle or a place): spaCy's DATE and TIME entities
    where NER ran, else the date matcher's (`match_dates`). NER runs only where some reader needs its names
    (`gate.entity_demand`): dates alone do not ask for it."""
    if doc.has_annotation("ENT_IOB"):
        return [entity for entity in doc.ents if entity.label_ in ("DATE", "TIME")]
    spans = doc.user_data.get(_DATES)
    if spans is None:
        spans = doc.user_data[_DATES] = match_dates(doc)
    return spans


def in_date(token: Token) -> bool:
    """Whether a token belongs to a date or time expression of its sentence (`date_spans`)."""
    if token.doc.has_annotation("ENT_IOB"):
        return token.ent_type_ in ("DATE", "TIME")
    return any(span.start <= token.i < span.end for span in date_spans(token.doc))


_KEPT = "riftwatch.events.ner_kept_dates"  # doc.user_data key of `ner_kept_dates`' answer


def ner_kept_dates(doc: Doc) -> bool:
    """Whether `in_date` holds for the same tokens as before NER ran on the doc (if it did): NER typed DATE or
    TIME exactly the tokens of the date matcher's spans. What events read from a parse takes nothing else from
    NER, so a read made before NER ran still holds (`arguments.per_doc`, `gate.candidates_of`). Answered once
    per doc: NER runs once on a doc."""
    if not doc.has_annotation("ENT_IOB"):
        return True
    kept = doc.user_data.get(_KEPT)
    if kept is None:
        strings = doc.vocab.strings
        dated = {strings["DATE"], strings["TIME"]}
        by_ner = {i for i, label in enumerate(doc.to_array("ENT_TYPE").tolist()) if label in dated}
        spans = doc.user_data.get(_DATES)
        by_matcher = {
            i for span in (match_dates(doc) if spans is None else spans) for i in range(span.start, span.end)
        }
        kept = doc.user_data[_KEPT] = by_ner == by_matcher
    return kept


_BEFORE_MONTH = MONTH_PREPOSITIONS | DATE_EDGES  # 'in March', 'early June': a month alone is a date
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")


def match_dates(doc: Doc) -> list[Span]:
    """Date expressions found without NER, of the kinds `resolve` can place: a weekday ('on Tuesday',
    'Tuesday night'), a month with its day or year ('March 3', '3 March 2021', 'early May', 'in March'), a
    year ('in 2019', 'the 2019 elections', not '2000 people'), a numeric date, 'yesterday' and its kin,
    'last week', 'earlier this month', 'two days ago', 'this morning'. Spans of the doc, with the words
    before them that `resolve` reads ('last', 'early'); 'May' the modal and 'march' the verb are no months."""
    if not may_hold_date(token.lower_ for token in doc):
        return []  # most sentences: no word of time at all
    cased = any(char.isupper() for char in text_of(doc))
    spans: list[Span] = []
    i = 0
    while i < len(doc):
        end = _core_end(doc, i, cased)
        if end is None:
            i += 1
            continue
        start = i
        while start > 0 and doc[start - 1].lower_ in DATE_EDGES:
            start -= 1
        if start == i and i > 0 and doc[i].lower_ in _MONTHS and _DAY_NUMBER.fullmatch(doc[i - 1].text):
            start -= 1  # '3 March'
        spans.append(doc[start:end])
        i = end
    return spans


def _core_end(doc: Doc, i: int, cased: bool) -> int | None:
    """Where a date expression whose core word is token i ends, or None when token i is no such word."""
    token, n = doc[i], len(doc)
    word = token.lower_.rstrip(".")
    if word in _WEEKDAYS or word in ("today", "tonight", "yesterday", "tomorrow"):
        return i + 2 if i + 1 < n and doc[i + 1].lower_ in DAY_PARTS else i + 1
    if word in _MONTHS and len(word) > 2 and (token.text[0].isupper() or not cased):
        if token.tag_ == "MD" or token.pos_ in ("VERB", "AUX"):
            return None  # 'may' the modal, 'march' the verb
        end = i + 1
        if end < n and _DAY_NUMBER.fullmatch(doc[end].text):
            end += 1
            if end + 1 < n and doc[end].text == "," and _YEAR_TOKEN.fullmatch(doc[end + 1].text):
                end += 2
        elif end < n and _YEAR_TOKEN.fullmatch(doc[end].text):
            end += 1
        elif not (i > 0 and doc[i - 1].lower_ in _BEFORE_MONTH):
            return None  # a month alone only after 'in', 'since', 'early'...: not 'the Peaceful March of X'
        return end
    if _NUMERIC_DATE.fullmatch(token.text):
        return i + 1
    if _YEAR_TOKEN.fullmatch(token.text):
        counted = token.dep_ == "nummod" and token.head.tag_ == "NNS"
        if counted and not (i > 0 and doc[i - 1].lower_ in ("the", "its", "their", "this", "last", "next")):
            return None  # '2000 people': a count
        return i + 1
    if (
        (token.like_num or word in ("a", "an"))
        and i + 2 < n
        and doc[i + 1].lower_ in TIME_UNITS
        and doc[i + 2].lower_ == "ago"
    ):
        return i + 3  # 'two days ago'
    if (word in TIME_UNITS or word in DAY_PARTS) and i > 0 and doc[i - 1].lower_ in TIME_DEICTICS:
        return i + 1  # 'last week', 'this morning', 'last night'
    return None


def event_date(
    doc: Doc, trigger: Token, article: dt.date | None, inherited: str | None = None
) -> tuple[dt.date | None, Precision | None]:
    """The date of the event whose trigger is given: the date expression in its clause (its own subtree or
    its governing verb's), else one inherited from where its place was first named, else the article date."""
    spans = date_spans(doc)
    if article is None:
        # An undated article: only a date the text fully states ("June 3, 2017") can be placed.
        sentence = trigger.sent
        for span in spans:
            year = _YEAR.search(span.text)
            if year and sentence.start <= span.root.i < sentence.end and not _year_of_a_thing(span, trigger):
                resolved = resolve(span.text, dt.date(int(year.group(0)), 12, 31))
                if resolved is not None:
                    return resolved
        return None, None
    heads = [trigger, *list(trigger.ancestors)[:2]] if spans else []  # no date expression: no clause to read
    for head in heads:
        subtree = {t.i for t in head.subtree}
        for span in spans:
            if (
                span.root.i in subtree
                and not _own_clause_date(span, head)
                and not _year_of_a_thing(span, trigger)
            ):
                resolved = resolve(span.text, article, looks_ahead(span.root))
                if resolved is not None:
                    return resolved
    if inherited:
        resolved = resolve(inherited, article)
        if resolved is not None:
            return resolved
    return article, Precision.DAY


_SUBORDINATE = {"acl", "relcl", "advcl", "ccomp"}
_NOUN_MODIFIER = {"nummod", "compound", "amod", "nmod"}


def _year_of_a_thing(span: Span, trigger: Token) -> bool:
    """'reaffirmed its commitment to defend them under a 1951 treaty': a year alone that modifies a noun tells
    which thing is meant (the treaty of 1951), not when the event happened; unless that noun is the event's
    own trigger or the trigger's subject ('the 2019 elections were rigged', 'the 2018 attack killed nine'). A
    weekday or a day does date the event ('at a Tuesday news conference, the minister accused ...')."""
    root = span.root
    event = {trigger.i} | {c.i for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")}
    return (
        _YEAR_TOKEN.fullmatch(root.text) is not None
        and all(token.i == root.i or token.pos_ == "DET" for token in span)
        and root.dep_ in _NOUN_MODIFIER
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.i not in event
    )


def _own_clause_date(span: Span, head: Token) -> bool:
    """'will return weapons seized last year': the date is the seizure's (the clause it sits in), not the
    return's. True when a verb of a subordinate clause stands between the date and `head`."""
    token = span.root  # tokens are compared by index: spaCy makes a new Token object on every access
    while token.i != head.i and token.head.i != token.i:
        token = token.head
        if token.i != head.i and token.pos_ in ("VERB", "AUX") and token.dep_ in _SUBORDINATE:
            # "the unrest ... flared again in 2011": a clause on the event noun itself dates that event
            return not (head.pos_ in ("NOUN", "PROPN") and token.head.i == head.i)
    return False


_DAY_WORDS = re.compile(
    r"\b(?:" + "|".join([*_WEEKDAYS, "today", "tonight", "yesterday", "last night"]) + r")\b"
    r"|\b(?:" + "|".join(_MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # every event of a sentence asks, and the regex takes ~80 us
def names_a_day(sentence: str) -> bool:
    """Whether a sentence names a day ("on Tuesday", "March 12", "12 March", "yesterday"): an event dated to
    its article's day by such a sentence has that day of its own, not merely its publication date."""
    return bool(_DAY_WORDS.search(sentence))
