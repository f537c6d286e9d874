"""Import PETRARCH/TABARI actor and agent dictionaries as riftwatch entries.

Actor files: a name line `NAME_OF_ACTOR_ [CODE]` (words joined by `_`; a trailing `_` ends a word, a
missing one makes the last word a stem: `ARGENTIN` matches "Argentina" and "Argentine"), synonym lines
starting with `+`, and dated codes on indented lines (`[SYRGOV >000717]`, `[SYRELI 830101-000101]`,
`[USAGOV <150101]`); codes joined by `/` (`[FRO/BIL/SAM]`) name several actors at once. Agent files: `NAME {PLURALS} [~SEC]` plus `!MACRO! = A, B` substitutions. `#` starts a
comment, `<!-- -->` blocks are skipped. Codes are split into country (first three letters, old CAMEO codes
mapped to ISO by `legacy_codes.csv`, unknown three-letter codes kept as they are) and sector.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import ConfigError
from .dictionary import SECTORS, Entry, EntryKind, legacy_codes

_CODE = re.compile(r"\[([^\]]*)\]")
_MACRO = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")
_PLURALS = re.compile(r"\{([^}]*)\}")
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UAF", "---"}


def _yymmdd(text: str) -> dt.date | None:
    """'000717' (YYMMDD) or '19950601' (YYYYMMDD); None when it is neither."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    else:
        short = int(text[:2])
        year, rest = (1900 if short > 30 else 2000) + short, text[2:]
    try:
        return dt.date(year, max(int(rest[:2]), 1), max(int(rest[2:4]), 1))
    except ValueError:
        return None


def parse_code(code: str) -> tuple[str | None, str | None, dt.date | None, dt.date | None]:
    """'SYRGOV >000717' -> ('SYR', 'GOV', 2000-07-17, None); international codes have no country."""
    parts = code.split()
    value = parts[0].upper() if parts else ""
    start = end = None
    if len(parts) > 1:
        span = "".join(parts[1:])  # '< 950601', '19950601 - 19990815'
        if span.startswith(">"):
            start = _yymmdd(span[1:])
        elif span.startswith("<"):
            end = _yymmdd(span[1:])
        elif "-" in span:
            first, last = span.split("-", 1)
            start, end = _yymmdd(first), _yymmdd(last)
    value = value.lstrip("~")
    if not value or value.startswith("---"):
        return None, None, start, end
    head, rest = value[:3], value[3:6] or None
    if head in INTERNATIONAL:
        return None, head if head != "---" else None, start, end
    mapped = legacy_codes().get(head, head)
    return mapped, rest, start, end


def _phrase(raw: str) -> tuple[str, bool]:
    """'BASHAR_AL-ASSAD' -> ('bashar al-assad', stem?); a trailing underscore marks a whole word."""
    raw = raw.strip()
    whole = raw.endswith("_")
    words = [w for w in raw.replace("_", " ").split() if w]
    return " ".join(words).lower(), not whole


def _strip_comments(lines: list[str]) -> Iterator[str]:
    """The lines without comments; a removed line stays as an empty one, so line numbers hold."""
    in_block = False
    for line in lines:
        if in_block:
            if "-->" in line:
                in_block = False
            yield ""
            continue
        if line.lstrip().startswith("<!--"):
            in_block = "-->" not in line
            yield ""
            continue
        yield line.split("#", 1)[0].rstrip()


def petrarch_entries(path: str | Path) -> list[Entry]:
    """Entries from a TABARI/PETRARCH actors or agents file (decided by its content)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"no such dictionary file: {path}")
    lines = list(_strip_comments(path.read_text(encoding="utf-8", errors="replace").splitlines()))
    is_agents = any("[~" in line for line in lines) or "agents" in path.name.lower()
    entries = list(_agents(lines, path.name) if is_agents else _actors(lines, path.name))
    if not entries:
        raise ConfigError(f"{path}: no PETRARCH/TABARI dictionary entries found")
    return entries


def _entry(phrase: str, stem: bool, code: str, where: str, kind: EntryKind | None = None) -> Entry:
    if kind is EntryKind.AGENT:  # an agent's code is a sector: [~GOV], [~REBMBR]
        sector = code.split()[0].lstrip("~")[:3].upper() if code.split() else None
        return Entry(
            phrase, kind, None, sector or None, phrase, source=where, case_sensitive=False, stem=stem
        )
    value, _, dates = code.strip().partition(" ")
    first, *others = value.split("/")  # "[FRO/BIL/SAM]": the phrase names several actors at once
    country, sector, start, end = parse_code(f"{first} {dates}")
    if kind is None:
        kind = EntryKind.COUNTRY if sector is None and country is not None else EntryKind.ORGANISATION
    if sector is not None and sector not in SECTORS and country is None:
        sector = None
    also = tuple((c, s) for c, s, _, _ in (parse_code(other) for other in others if other) if c or s)
    return Entry(
        phrase,
        kind,
        country,
        sector,
        phrase.title(),
        start,
        end,
        source=where,
        case_sensitive=False,
        stem=stem,
        also=also,
    )


def _actors(lines: list[str], name: str) -> Iterator[Entry]:
    phrases: list[tuple[str, bool]] = []
    codes: list[str] = []
    where = name

    def flush() -> Iterator[Entry]:
        for phrase, stem in phrases:
            for code in codes or []:
                yield _entry(phrase, stem, code, where)

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line[0] in " \t":  # an indented dated code of the current actor
            codes.extend(_CODE.findall(line))
            continue
        if line.startswith("+"):
            phrases.append(_phrase(_CODE.sub("", line[1:])))
            codes.extend(_CODE.findall(line))
            continue
        yield from flush()
        where = f"{name}:{number}"
        phrases = [_phrase(_CODE.sub("", line))]
        codes = _CODE.findall(line)
    yield from flush()


def _agents(lines: list[str], name: str) -> Iterator[Entry]:
    macros: dict[str, list[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        macro = _MACRO.match(line.strip())
        if macro:
            macros[macro[1]] = [w.strip() for w in macro[2].split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        plurals_match = _PLURALS.search(line)
        body = _PLURALS.sub("", _CODE.sub("", line)).strip()
        forms = [body]
        for key, values in macros.items():
            if key in body:
                forms = [form.replace(key, value) for form in forms for value in values]
        explicit = [p.strip() for p in plurals_match[1].split(",") if p.strip()] if plurals_match else []
        where = f"{name}:{number}"
        expanded = forms != [body]
        for form in forms + explicit:
            phrase, stem = _phrase(form)
            yield _entry(phrase, stem, codes[0], where, EntryKind.AGENT)
            # TABARI forms regular plurals itself; a macro already lists its plural forms
            if not plurals_match and not expanded and not phrase.endswith("s"):
                yield _entry(phrase + "s", False, codes[0], where, EntryKind.AGENT)
