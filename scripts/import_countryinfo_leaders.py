"""Add heads of state and government back to 1980, and foreign and defence ministers of the G20, MENA and
main conflict states, from the Phoenix CountryInfo file to people.csv.

    python scripts/import_countryinfo_leaders.py ../shared/eval/dictionaries/CountryInfo.120116.txt

Ministers come from CountryInfo's <Government> lists (CIA World Leaders, about 2003 to 2012); as for leaders,
only closed periods are taken (a period with an open start or end is left out).

CountryInfo (Open Event Data Alliance, MIT licence; see actors/data/README.md) lists each country's leaders
with their dates, from rulers.org. Only facts are taken (names, offices, dates), written in riftwatch's own
format. Rows are added only where people.csv has no one for that country, office and time (the maintainers'
own rows win), only for closed periods that end on or after 1980-01-01, and a name form already used in
people.csv is never reused. Run once; re-running adds nothing new.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

PEOPLE = Path(__file__).resolve().parents[1] / "src" / "riftwatch" / "actors" / "data" / "people.csv"
SINCE = dt.date(1980, 1, 1)
# CountryInfo's office headings -> riftwatch roles, and the title news puts before the surname.
OFFICES = {
    "presidents": ("head_of_state", "President"),
    "president": ("head_of_state", "President"),
    "prime ministers": ("head_of_government", "Prime Minister"),
    "prime minister": ("head_of_government", "Prime Minister"),
    "kings": ("head_of_state", "King"),
    "kings/queens": ("head_of_state", None),
    "presidents of the presidency": ("head_of_state", None),
    "chairmen of the council of ministers": ("head_of_government", None),
    "emirs": ("head_of_state", "Emir"),
    "sultans": ("head_of_state", "Sultan"),
    "heads of state": ("head_of_state", None),
    "chairmen": ("head_of_state", None),
    "chancellors": ("head_of_government", "Chancellor"),
}
_ENTRY = re.compile(r"^\s*((?:\{[^}]+\})+|[A-Z][^\s\[]*)\s+\[(\d{8})\s*-\s*(\d{8})\]")
_SMALL = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "la", "le", "du", "dos", "das"}


def _name(raw: str) -> str:
    words = [w for w in raw.strip("_").split("_") if w]
    return " ".join(
        w.lower() if w.lower() in _SMALL and i else "-".join(p.capitalize() for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[:4]), max(1, int(value[4:6])), max(1, int(value[6:8])))
    except ValueError:
        return None


def leaders(path: Path):
    """(iso3, role, title, names, start, end) for every closed leader period of CountryInfo."""
    country = office = None
    in_leaders = False
    for line in path.read_text(encoding="latin-1").splitlines():
        line = line.split("#")[0].rstrip()
        if match := re.search(r"<CountryCode>(\w{3})</CountryCode>", line):
            country = match.group(1)
        elif "<Leaders>" in line:
            in_leaders = True
        elif "</Leaders>" in line:
            in_leaders, office = False, None
        elif in_leaders and (match := re.match(r"^\s*<([^/>][^>]*)>\s*$", line)):
            office = OFFICES.get(match.group(1).strip().lower())
        elif in_leaders and office and (match := _ENTRY.match(line)):
            names = [_name(n) for n in re.findall(r"\{([^}]+)\}", match.group(1))] or [_name(match.group(1))]
            start, end = _date(match.group(2)), _date(match.group(3))
            if country and start and end and start <= end and end >= SINCE:
                yield country, office[0], office[1], list(dict.fromkeys(names)), start, end


MINISTRIES = {
    "minister of foreign affairs": ("foreign_minister", "Foreign Minister"),
    "minister of defense": ("defence_minister", "Defence Minister"),
    "minister of national defense": ("defence_minister", "Defence Minister"),
}
# The countries issue 11 asks ministers for: the G20, the Middle East and North Africa, main conflict states.
MINISTER_COUNTRIES = set(
    [
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "KOR",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "TUR",
        "GBR",
        "USA",
        "DZA",
        "BHR",
        "EGY",
        "IRN",
        "IRQ",
        "ISR",
        "JOR",
        "KWT",
        "LBN",
        "LBY",
        "MAR",
        "OMN",
        "PSE",
        "QAT",
        "SYR",
        "TUN",
        "ARE",
        "YEM",
        "AFG",
        "PAK",
        "SOM",
        "SDN",
        "SSD",
        "COD",
        "NGA",
        "MLI",
        "ETH",
        "ERI",
        "UKR",
        "GEO",
        "ARM",
        "AZE",
        "MMR",
        "COL",
        "VEN",
        "CAF",
        "TCD",
        "NER",
        "BFA",
        "PRK",
        "LKA",
        "NPL",
    ]
)
_MINISTER = re.compile(r"^\s+([A-Z][^\s\[]*)\s+\[[A-Z]+\s*([<>]?)\s*(\d{8})(?:\s*-\s*(\d{8}))?\]")


def ministers(path: Path):
    """(code, role, title, names, start, end) for foreign and defence ministers in CountryInfo's cabinets."""
    country, in_government = None, False
    for line in path.read_text(encoding="latin-1").splitlines():
        if match := re.search(r"<CountryCode>(\w{3})</CountryCode>", line):
            country = match.group(1)
        elif "<Government>" in line:
            in_government = True
        elif "</Government>" in line:
            in_government = False
        elif in_government and "#" in line and (match := _MINISTER.match(line)):
            office = re.split(r"[&,\"]| and ", line.split("#", 1)[1])[0].strip().lower()
            role = MINISTRIES.get(office)
            if role is None or "MINISTER" in match.group(1) or match.group(2) or not match.group(4):
                continue  # not one of the two offices, a title instead of a name, or an open period
            start, end = _date(match.group(3)), _date(match.group(4))
            name = _name(match.group(1))
            if name.split()[-1] in _SMALL:  # a name cut short ("... al Mufriji al")
                continue
            if country and start and end and start <= end:
                yield country, role[0], role[1], [name], start, end


def _iso_codes() -> dict[str, str]:
    """CountryInfo code -> ISO alpha-3 (old codes through legacy_codes.csv); codes with no ISO state are left out."""
    folder = PEOPLE.parent
    with open(folder / "countries.csv", encoding="utf-8", newline="") as handle:
        codes = {r["iso3"]: r["iso3"] for r in csv.DictReader(handle)}
    with open(folder / "legacy_codes.csv", encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["iso3"] in codes:
                codes.setdefault(r["code"], r["iso3"])
    return codes


def main(source: str) -> int:
    with open(PEOPLE, encoding="utf-8", newline="") as handle:
        raw = handle.read()
    rows = list(csv.DictReader(raw.splitlines()))
    columns = list(rows[0])
    used = {form for r in rows for form in [r["name"], *r["aliases"].split("|")] if form}
    covered = [
        (
            r["iso3"],
            r["role"],
            dt.date.fromisoformat(r["start"]),
            dt.date.fromisoformat(r["end"]) if r["end"] else dt.date.max,
        )
        for r in rows
    ]
    added = []
    iso = _iso_codes()
    cabinet = [m for m in ministers(Path(source)) if iso.get(m[0]) in MINISTER_COUNTRIES]
    for code, role, title, names, start, end in [*leaders(Path(source)), *cabinet]:
        iso3 = iso.get(code)
        if iso3 is None or (not role.startswith("head") and len(names[0].split()) < 2):
            continue
        if any(c == iso3 and r == role and s < end and start < e for c, r, s, e in covered):
            continue
        forms = [n for n in names if n not in used]
        if (
            title and names and len(names[0].split()) == 2
        ):  # "Jorge Serrano Elias": the last word may not be the surname
            forms.append(f"{title} {names[0].split()[-1]}")  # "President Reagan"
        forms = [f for f in dict.fromkeys(forms) if f not in used]
        if not forms:
            continue
        used.update(forms)
        covered.append((iso3, role, start, end))
        added.append(
            {
                "name": forms[0],
                "aliases": "|".join(forms[1:]),
                "iso3": iso3,
                "sector": "GOV",
                "role": role,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "note": "from Phoenix CountryInfo (rulers.org); day as given there"
                if role.startswith("head")
                else "from Phoenix CountryInfo (CIA World Leaders); day as given there",
            }
        )
    newline = "\r\n" if "\r\n" in raw else "\n"
    with open(PEOPLE, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator=newline)
        writer.writerows(added)
    print(f"added {len(added)} role periods to {PEOPLE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
