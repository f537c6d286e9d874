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

import dateparser
from spacy.tokens import Doc, Span, Token

from ..models import Precision
from .modality import looks_ahead

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())} | {"sept": 9})
_WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
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


def _date_spans(doc: Doc) -> list[Span]:
    return [entity for entity in doc.ents if entity.label_ in ("DATE", "TIME")]


def event_date(
    doc: Doc, trigger: Token, article: dt.date | None, inherited: str | None = None
) -> tuple[dt.date | None, Precision | None]:
    """The date of the event whose trigger is given: the date expression in its clause (its own subtree or
    its governing verb's), else one inherited from where its place was first named, else the article date."""
    spans = _date_spans(doc)
    if article is None:
        # An undated article: only a date the text fully states ("June 3, 2017") can be placed.
        sentence = trigger.sent
        for span in spans:
            year = _YEAR.search(span.text)
            if year and sentence.start <= span.root.i < sentence.end:
                resolved = resolve(span.text, dt.date(int(year.group(0)), 12, 31))
                if resolved is not None:
                    return resolved
        return None, None
    heads = [trigger, *list(trigger.ancestors)[:2]] if spans else []  # no date expression: no clause to read
    for head in heads:
        subtree = {t.i for t in head.subtree}
        for span in spans:
            if span.root.i in subtree and not _own_clause_date(span, head):
                resolved = resolve(span.text, article, looks_ahead(span.root))
                if resolved is not None:
                    return resolved
    if inherited:
        resolved = resolve(inherited, article)
        if resolved is not None:
            return resolved
    return article, Precision.DAY


_SUBORDINATE = {"acl", "relcl", "advcl", "ccomp"}


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
