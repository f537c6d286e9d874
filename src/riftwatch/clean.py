"""Scraped text to article text: page residue out, title, dateline and publication date found.

The body is kept intact: a rule here only ever removes a whole short line that cannot be a sentence of the
article (an ad size, a share bar, a cookie notice, a navigation trail, a caption printed twice). Removing a
real sentence is worse than leaving noise, so every rule is anchored on the whole line and bounded in length.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

import dateparser

from .errors import EmptyDocument
from .models import Article, RawDocument

logger = logging.getLogger(__name__)

# --- normalisation -------------------------------------------------------------------------------------

_SPACES = {
    ord(c): " "
    for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
}
_INVISIBLE = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_DASHES = {
    ord("\u2010"): "-",  # hyphen
    ord("\u2011"): "-",  # non-breaking hyphen
    ord("\u2012"): "\u2013",  # figure dash
    ord("\u2015"): "\u2014",  # horizontal bar
    ord("\u2212"): "-",  # minus sign
    ord("\ufe58"): "\u2014",
    ord("\ufe63"): "-",
    ord("\uff0d"): "-",
}
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {0x7F: None}
_TRANSLATION = _SPACES | _INVISIBLE | _DASHES | _CONTROL
_MULTISPACE = re.compile(r" {2,}")


def normalise(text: str) -> str:
    """NFC, one kind of line break, Unicode spaces to spaces, exotic dashes to en/em dash or hyphen."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").translate(_TRANSLATION)
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in text.split("\n"))


# --- page residue ----------------------------------------------------------------------------------------

_SOCIAL = {
    "share",
    "shares",
    "tweet",
    "email",
    "e-mail",
    "print",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "messenger",
    "copy",
    "link",
    "save",
    "comment",
    "comments",
    "this",
    "article",
    "story",
    "page",
    "on",
    "via",
    "|",
    "·",
    "•",
    "/",
}
_NAV_WORDS = {
    "home",
    "menu",
    "search",
    "skip to content",
    "skip to main content",
    "back to top",
    "log in",
    "login",
    "sign in",
    "register",
    "close",
    "more",
    "next",
    "previous",
    "top stories",
    "latest news",
}
_RESIDUE_PATTERNS = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("ad_size", r"\d{2,4}\s*[x×]\s*\d{2,4}"),
        (
            "advertisement",
            r"(?:advertisement|advertising|ads?|sponsored(?: content)?|story continues below(?: advertisement)?|scroll to continue(?: with content)?)",
        ),
        (
            "subscribe",
            r"(?:subscribe|sign up|get (?:our|the) (?:free )?newsletter|join our (?:mailing list|newsletter)|newsletter sign-?up)\b.{0,100}",
        ),
        (
            "read_more",
            r"(?:read more|related|see also|also read|recommended|more from [\w ]{1,30}|read next|most read|continue reading|click here)\b\s*(?:[:>»›\-–—]\s*.{0,200}|\.{0,3})",
        ),
        ("follow", r"follow (?:us|@\w+|[\w .]{1,40} on (?:twitter|facebook|x|instagram|telegram))\b.{0,80}"),
        ("copyright", r"(?:©|\(c\)|copyright\b).{0,150}|.{0,100}\ball rights reserved\.?"),
        ("credit", r"(?:photo|image|picture|file photo|video)(?: credit)?\s*[:/|]\s*.{1,80}"),
    ]
]
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:accept|consent|policy|we use|settings|agree|preferences|browsing)\b", re.IGNORECASE
)
_NAV_SEPARATORS = re.compile(r"\s*(?:\||›|»|>|/|·)\s*")
_NAV_STRONG = re.compile(r"\s*(?:\||›|»)\s*")
# Section labels and kickers printed above a headline ("ANALYSIS", "Opinion & Analysis", "SPORT | REGION").
_SECTION_WORDS = {
    "analysis",
    "opinion",
    "comment",
    "commentary",
    "exclusive",
    "breaking",
    "news",
    "live",
    "explainer",
    "feature",
    "features",
    "interview",
    "editorial",
    "world",
    "sport",
    "sports",
    "region",
    "regional",
    "politics",
    "business",
    "economy",
    "middle",
    "east",
    "gulf",
    "africa",
    "asia",
    "europe",
    "americas",
    "latest",
    "update",
    "updated",
    "special",
    "report",
    "in",
    "depth",
    "focus",
    "home",
    "&",
    "and",
    "-",
}
_SENTENCE_END = re.compile(r"[.!?…:;,\"'”’)]$")
_WORD = re.compile(r"[\w'’-]+")

MAX_RESIDUE_CHARS = 200
MAX_CAPTION_CHARS = 120


def residue_kind(line: str) -> str | None:
    """Name the kind of page residue a whole line is, or None when it may be article text."""
    if not line or len(line) > MAX_RESIDUE_CHARS:
        return None
    for name, pattern in _RESIDUE_PATTERNS:
        if pattern.fullmatch(line):
            return name
    lowered = line.lower().rstrip(":")
    if lowered in _NAV_WORDS:
        return "navigation"
    words = lowered.replace("|", " | ").split()
    if (
        words
        and all(word.strip(":") in _SOCIAL for word in words)
        and any(
            w
            in _SOCIAL - {"this", "on", "via", "|", "·", "•", "/", "article", "story", "page", "link", "copy"}
            for w in words
        )
    ):
        return "share"
    if _COOKIE.search(line) and _COOKIE_CONTEXT.search(line):
        return "cookie"
    parts = [part for part in _NAV_SEPARATORS.split(line) if part]
    if len(parts) >= 3 and all(len(part.split()) <= 4 and not _SENTENCE_END.search(part) for part in parts):
        return "navigation"
    strong = [part for part in _NAV_STRONG.split(line) if part]
    if len(strong) == 2 and all(len(part.split()) <= 3 and not _SENTENCE_END.search(part) for part in strong):
        return "navigation"
    if len(line) <= 60 and all(word in _SECTION_WORDS for word in _NAV_STRONG.sub(" ", lowered).split()):
        return "section"
    return None


def _caption_key(line: str) -> str | None:
    """A normalised key for lines that, when printed more than once, are captions or residue."""
    if not line or len(line) > MAX_CAPTION_CHARS or _SENTENCE_END.search(line):
        return None
    return " ".join(_WORD.findall(line.lower())) or None


# --- title -----------------------------------------------------------------------------------------------

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35


def _is_title_like(line: str) -> bool:
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    return parse_dateline(line) is None


# --- dateline --------------------------------------------------------------------------------------------

_NAME = r"[A-Z][A-Za-z'’.\-]*"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
_DATELINE = re.compile(
    rf"""^(?P<place>{_NAME}(?:\s{_NAME}){{0,3}}(?:/{_NAME}(?:\s{_NAME}){{0,2}})?)
        (?:,\s*(?P<region>{_NAME}(?:\s{_NAME}){{0,2}}))?
        (?:\s*[,–—-]\s*(?P<date>{_DATE}))?
        (?:\s*\((?P<agency>[^)]{{1,60}})\))?
        \s*(?P<sep>[–—]|--?|:)\s+(?=\S)""",
    re.VERBOSE,
)
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    date_text: str | None
    agency: str | None
    end: int


def parse_dateline(paragraph: str) -> Dateline | None:
    """Recognise 'WASHINGTON – June 26, 2016 –', 'RIYADH, June 6 (Agency) -', 'Abu Dhabi, 12 July 2017:'."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    place, date_text, agency = match["place"], match["date"], match["agency"]
    letters = [c for c in place if c.isalpha()]
    all_caps = len(letters) >= 3 and all(c.isupper() for c in letters)
    # A capitalised word before a dash is a dateline only when it is in capitals or dated or credited.
    if not (all_caps or date_text or agency):
        return None
    if match["sep"] == ":" and not date_text:
        return None
    name = _title_case(place) if all_caps else place
    region = match["region"]
    if region and not _looks_like_date(region):
        name = f"{name}, {_title_case(region) if region.isupper() else region}"
    return Dateline(place=name, date_text=date_text, agency=agency, end=match.end())


def _title_case(name: str) -> str:
    """'KUWAIT CITY' -> 'Kuwait City', 'AL-ULA' -> 'Al-Ula', 'WASHINGTON/MOSCOW' -> 'Washington/Moscow'."""
    return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), name)


def _looks_like_date(text: str) -> bool:
    return re.fullmatch(_DATE, text) is not None or re.fullmatch(_MONTH, text) is not None


# --- dates -----------------------------------------------------------------------------------------------

_DATE_LINE = re.compile(
    rf"(?:(?:published|updated|posted|last updated|first published|date)\s*(?:on)?\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?P<date>{_DATE})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,5}})?)?",
    re.IGNORECASE,
)
_DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
}


def parse_date(text: str | None, *, reference: dt.date | None = None) -> dt.date | None:
    """Parse a publication date string; a date without a year takes the reference's year, else is unknown."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    has_year = _YEAR.search(text) is not None
    if not has_year and reference is None:
        return None
    settings = dict(_DATEPARSER_SETTINGS)
    if re.match(rf"\s*{_MONTH}", text):
        settings["DATE_ORDER"] = "MDY"
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError) as exc:  # dateparser raises on some odd strings
        logger.debug("unparseable date %r: %s", text, exc)
        return None
    return parsed.date() if parsed is not None else None


# --- the whole document --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str | None
    date: dt.date | None
    dateline: str | None
    removed: tuple[str, ...]


def clean_document(raw_text: str, *, title: str | None = None, date: str | None = None) -> Cleaned:
    """Clean one scraped document. `title` and `date` are what the input record said, if anything.

    Raises EmptyDocument when nothing readable is left.
    """
    lines = normalise(raw_text).split("\n")
    keep = [True] * len(lines)

    for index, line in enumerate(lines):
        if residue_kind(line):
            keep[index] = False

    # A short non-sentence line printed more than once is a caption or a repeated teaser: drop every copy,
    # except the first copy of the title (a headline repeated in the body is dropped).
    counts: dict[str, int] = {}
    for index, line in enumerate(lines):
        key = _caption_key(line) if keep[index] else None
        if key:
            counts[key] = counts.get(key, 0) + 1

    given_title = normalise(title).strip() if title else None
    found_title = given_title
    title_key = _caption_key(given_title) if given_title else None
    title_index: int | None = None
    if found_title is None:
        for index, line in enumerate(lines):
            if not keep[index] or not line:
                continue
            has_more = any(keep[j] and lines[j] for j in range(index + 1, len(lines)))
            if (
                _is_title_like(line)
                and has_more
                and (counts.get(_caption_key(line) or "", 0) < 2 or _is_headline(line))
            ):
                found_title, title_key, title_index = line, _caption_key(line), index
            break

    for index, line in enumerate(lines):
        if not keep[index] or index == title_index:
            continue
        key = _caption_key(line)
        if key is not None and key == title_key:
            keep[index] = False  # the headline printed again
        elif key is not None and counts.get(key, 0) > 1:
            keep[index] = False

    # Stand-alone date lines ("Published: June 26, 2016") are residue that may still give the date.
    page_date: dt.date | None = None
    for index, line in enumerate(lines):
        if keep[index] and line and len(line) <= 80:
            match = _DATE_LINE.fullmatch(line)
            if match:
                keep[index] = False
                page_date = page_date or parse_date(match["date"])

    removed = [line for index, line in enumerate(lines) if not keep[index] and line]
    paragraphs = [line for index, line in enumerate(lines) if keep[index] and line and index != title_index]
    if not paragraphs:
        raise EmptyDocument("no article text left after removing page residue" if removed else "no text")

    dateline = parse_dateline(paragraphs[0])
    record_date = parse_date(date) if date else None
    dateline_date = parse_date(dateline.date_text, reference=record_date or page_date) if dateline else None
    text = "\n".join(([found_title, ""] if found_title else []) + paragraphs)
    return Cleaned(
        text=text,
        title=found_title,
        date=record_date or dateline_date or page_date,
        dateline=dateline.place if dateline else None,
        removed=tuple(removed),
    )


def _is_headline(line: str) -> bool:
    """A repeated first line is still the headline when it reads like one (several words, no end stop)."""
    return len(line.split()) >= 4


# --- the cleaned article ---------------------------------------------------------------------------------

_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(www\.)?", re.IGNORECASE)


def article_id(text: str, url: str | None = None) -> str:
    """Deterministic id: a hash of the normalised URL when there is one, else of the normalised text."""
    if url and url.strip():
        key = "url:" + _URL_SCHEME.sub("", url.strip()).rstrip("/").lower()
    else:
        key = "text:" + " ".join(text.lower().split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def prepare_article(raw: RawDocument) -> Article:
    """Clean a raw document into an Article (raises InputError subclasses for unusable documents)."""
    cleaned = clean_document(raw.text, title=raw.title, date=raw.date)
    return Article(
        id=article_id(cleaned.text, raw.url),
        source_id=raw.source_id,
        text=cleaned.text,
        title=cleaned.title,
        date=cleaned.date,
        dateline=cleaned.dateline,
        url=raw.url,
        source_name=raw.source_name,
        removed=cleaned.removed,
        author=raw.author,
    )
