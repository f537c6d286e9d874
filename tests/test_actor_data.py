"""Invariants and spot checks for the actor knowledge base in src/riftwatch/actors/data/."""

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "riftwatch" / "actors" / "data"

SECTORS = {
    "GOV",
    "MIL",
    "COP",
    "REB",
    "INS",
    "OPP",
    "PTY",
    "LEG",
    "JUD",
    "SPY",
    "CVL",
    "BUS",
    "MED",
    "NGO",
    "IGO",
    "IMG",
    "REF",
    "CRM",
    "EDU",
    "HLH",
    "LAB",
    "RAD",
    "ELI",
}
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "other"}
KINDS = {"igo", "ngo", "armed_group"}
ISO3 = {c.alpha_3 for c in pycountry.countries}

HEADERS = {
    "countries.csv": ["iso3", "name", "aliases", "adjectives", "capitals"],
    "institutions.csv": ["name", "aliases", "iso3", "sector", "note"],
    "people.csv": ["name", "aliases", "iso3", "sector", "role", "start", "end", "note"],
    "organisations.csv": ["name", "aliases", "code", "iso3", "sector", "kind", "start", "end", "note"],
    "agents.csv": ["term", "plural", "sector", "note"],
    "legacy_codes.csv": ["code", "iso3", "note"],
}
MIN_ROWS = {
    "countries.csv": len(ISO3),
    "institutions.csv": 150,
    "people.csv": 800,
    "organisations.csv": 120,
    "agents.csv": 150,
    "legacy_codes.csv": 10,
}
FAR_FUTURE = dt.date(9999, 12, 31)


def load(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader]  # a short or long row raises
    return header, rows


def split(value):
    return [x for x in value.split("|") if x]


def parse(value):
    return dt.date.fromisoformat(value) if value else None


def span(row):
    return parse(row["start"]) or dt.date.min, parse(row["end"]) or FAR_FUTURE


def overlaps(a, b):
    (s1, e1), (s2, e2) = span(a), span(b)
    return s1 < e2 and s2 < e1


def active(row, day):
    start, end = span(row)
    return start <= day < end


@pytest.fixture(scope="module")
def tables():
    return {name: load(name)[1] for name in HEADERS}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_encoding_and_size(name):
    raw = (DATA / name).read_bytes().decode("utf-8")
    assert not any(line.startswith("#") for line in raw.splitlines()), "comment lines are not allowed"
    header, rows = load(name)
    assert header == HEADERS[name]
    assert len(rows) >= MIN_ROWS[name]
    for row in rows:
        assert len(row) == len(header) and None not in row.values()
        first = row[header[0]]
        assert first.strip() and first == first.strip(), row
        for value in row.values():
            assert value == value.strip(), row
            assert "||" not in value and not value.startswith("|") and not value.endswith("|"), row


def test_countries_cover_pycountry_once(tables):
    codes = [r["iso3"] for r in tables["countries.csv"]]
    assert len(codes) == len(set(codes))
    assert set(codes) == ISO3
    for r in tables["countries.csv"]:
        assert r["name"] and r["name"] in split(r["aliases"]), r


def test_country_surface_forms_are_unambiguous(tables):
    owner = defaultdict(set)
    for r in tables["countries.csv"]:
        for col in ("aliases", "adjectives", "capitals"):
            for form in split(r[col]):
                owner[form].add(r["iso3"])
    clashes = {k: v for k, v in owner.items() if len(v) > 1}
    assert not clashes


def test_sectors_and_codes(tables):
    for name in ("institutions.csv", "people.csv", "organisations.csv", "agents.csv"):
        for r in tables[name]:
            assert r["sector"] in SECTORS, (name, r)
    for r in tables["institutions.csv"]:
        assert r["iso3"] in ISO3, r
    for r in tables["people.csv"]:
        if r["iso3"]:
            assert r["iso3"] in ISO3, r
        else:  # only international office holders and transnational (IMG) group leaders
            assert r["role"] == "other" and r["sector"] in {"IGO", "REB"}, r
    for r in tables["organisations.csv"]:
        assert r["kind"] in KINDS, r
        if r["iso3"]:
            assert r["iso3"] in ISO3, r
        if r["code"] in {"IGO", "IMG"}:
            assert r["iso3"] == "", r
        elif r["code"] != "NGO":
            assert r["code"] in ISO3 and r["code"] == r["iso3"], r
        if r["kind"] == "igo":
            assert r["code"] == "IGO" and r["sector"] == "IGO", r
        if r["kind"] == "ngo":
            assert r["code"] == "NGO" and r["sector"] == "NGO", r
    for r in tables["legacy_codes.csv"]:
        assert len(r["code"]) == 3 and r["code"].isupper(), r
        assert r["code"] not in ISO3, r
        assert r["iso3"] == "" or r["iso3"] in ISO3, r
        assert r["note"], r
    legacy = {r["code"] for r in tables["legacy_codes.csv"]}
    assert {"IGO", "NGO", "IMG"} <= legacy


def test_dates(tables):
    for name in ("people.csv", "organisations.csv"):
        for r in tables[name]:
            start, end = parse(r["start"]), parse(r["end"])  # raises on bad dates
            if start and end:
                assert start <= end, (name, r)
            for value in (r["start"], r["end"]):
                assert value == "" or len(value) == 10, (name, r)
    for r in tables["people.csv"]:
        assert r["start"], r  # every role period has a start date


def test_people_rows(tables):
    rows = tables["people.csv"]
    seen = set()
    for r in rows:
        assert r["role"] in ROLES, r
        assert r["name"], r
        key = (r["name"], r["role"], r["start"])
        assert key not in seen, key
        seen.add(key)
    groups = defaultdict(list)
    for r in rows:
        groups[(r["name"], r["role"], r["iso3"])].append(r)
    for key, group in groups.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                assert not overlaps(a, b), (key, a["start"], b["start"])


def test_people_aliases_do_not_clash(tables):
    by_alias = defaultdict(list)
    for r in tables["people.csv"]:
        for form in [r["name"], *split(r["aliases"])]:
            by_alias[form].append(r)
    for form, rows in by_alias.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a["name"] != b["name"]:
                    assert not overlaps(a, b), (form, a["name"], b["name"])


def test_organisation_periods(tables):
    groups = defaultdict(list)
    for r in tables["organisations.csv"]:
        groups[r["name"]].append(r)
    for name, group in groups.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                assert not overlaps(a, b), name


def test_no_duplicate_names(tables):
    for name, col in (("institutions.csv", "name"), ("agents.csv", "term"), ("legacy_codes.csv", "code")):
        values = [r[col] for r in tables[name]]
        assert len(values) == len(set(values)), name


# --- spot checks of facts ---------------------------------------------------------------------------


def person(tables, name, day, role=None):
    day = dt.date.fromisoformat(day)
    return [
        r
        for r in tables["people.csv"]
        if (r["name"] == name or name in split(r["aliases"]))
        and active(r, day)
        and (role is None or r["role"] == role)
    ]


def org(tables, name, day):
    day = dt.date.fromisoformat(day)
    return [
        r
        for r in tables["organisations.csv"]
        if (r["name"] == name or name in split(r["aliases"])) and active(r, day)
    ]


def test_assad(tables):
    rows = [r for r in tables["people.csv"] if r["name"] == "Bashar al-Assad"]
    assert len(rows) == 1
    r = rows[0]
    assert (r["iso3"], r["sector"], r["role"], r["start"], r["end"]) == (
        "SYR",
        "GOV",
        "head_of_state",
        "2000-07-17",
        "2024-12-08",
    )
    assert "Assad" in split(r["aliases"])
    assert person(tables, "Assad", "2024-12-07")
    assert not person(tables, "Assad", "2024-12-08")
    assert not person(tables, "Assad", "2025-03-01")


def test_putin(tables):
    assert [r["role"] for r in person(tables, "Putin", "2005-06-01")] == ["head_of_state"]
    assert [r["role"] for r in person(tables, "Putin", "2010-06-01")] == ["head_of_government"]
    now = person(tables, "Putin", "2026-01-01")
    assert [(r["iso3"], r["sector"], r["role"]) for r in now] == [("RUS", "GOV", "head_of_state")]
    assert now[0]["start"] == "2012-05-07" and now[0]["end"] == ""


def test_trump_two_terms(tables):
    rows = sorted(
        (r["start"], r["end"])
        for r in tables["people.csv"]
        if r["name"] == "Donald Trump" and r["role"] == "head_of_state"
    )
    assert rows == [("2017-01-20", "2021-01-20"), ("2025-01-20", "")]
    assert not person(tables, "Trump", "2023-01-01")
    assert person(tables, "Biden", "2023-01-01")[0]["iso3"] == "USA"


def test_erdogan(tables):
    assert [r["role"] for r in person(tables, "Erdogan", "2010-01-01")] == ["head_of_government"]
    rows = person(tables, "Erdoğan", "2020-01-01")
    assert [(r["iso3"], r["sector"], r["role"], r["start"]) for r in rows] == [
        ("TUR", "GOV", "head_of_state", "2014-08-28")
    ]


def test_khamenei(tables):
    rows = person(tables, "Khamenei", "1995-01-01")
    assert [(r["iso3"], r["role"], r["start"], r["end"]) for r in rows] == [
        ("IRN", "head_of_state", "1989-06-04", "")
    ]
    assert person(tables, "Khamenei", "2025-01-01")


def test_taliban_switch(tables):
    assert [(r["iso3"], r["sector"]) for r in org(tables, "Taliban", "2010-01-01")] == [("AFG", "INS")]
    assert [(r["iso3"], r["sector"]) for r in org(tables, "Taliban", "2021-08-14")] == [("AFG", "INS")]
    assert [(r["iso3"], r["sector"]) for r in org(tables, "Taliban", "2021-08-15")] == [("AFG", "GOV")]
    assert [(r["iso3"], r["sector"]) for r in org(tables, "Taleban", "2024-01-01")] == [("AFG", "GOV")]


def test_rsf_switch(tables):
    assert [r["sector"] for r in org(tables, "Rapid Support Forces", "2020-01-01")] == ["MIL"]
    assert [r["sector"] for r in org(tables, "RSF", "2023-04-15")] == ["REB"]


def test_named_groups(tables):
    hez = org(tables, "Hezbollah", "2020-01-01")
    assert [(r["code"], r["iso3"], r["sector"]) for r in hez] == [("LBN", "LBN", "REB")]
    isis = org(tables, "ISIS", "2015-01-01")
    assert [(r["code"], r["iso3"]) for r in isis] == [("IMG", "")]
    assert [r["iso3"] for r in org(tables, "Houthis", "2020-01-01")] == ["YEM"]
    assert [(r["code"], r["iso3"]) for r in org(tables, "UN Security Council", "2020-01-01")] == [("IGO", "")]


def test_institutions(tables):
    inst = {r["name"]: r for r in tables["institutions.csv"]}
    by_alias = {a: r for r in tables["institutions.csv"] for a in [r["name"], *split(r["aliases"])]}
    assert (inst["Kremlin"]["iso3"], inst["Kremlin"]["sector"]) == ("RUS", "GOV")
    assert (by_alias["Pentagon"]["iso3"], by_alias["Pentagon"]["sector"]) == ("USA", "MIL")
    assert (by_alias["IRGC"]["iso3"], by_alias["IRGC"]["sector"]) == ("IRN", "MIL")
    assert (by_alias["Hashd al-Shaabi"]["iso3"], by_alias["Hashd al-Shaabi"]["sector"]) == ("IRQ", "MIL")
    assert (by_alias["Mossad"]["iso3"], by_alias["Mossad"]["sector"]) == ("ISR", "SPY")
    assert (by_alias["Knesset"]["iso3"], by_alias["Knesset"]["sector"]) == ("ISR", "LEG")
    assert by_alias["Xinhua"]["sector"] == "MED"


def test_countries_spot_checks(tables):
    c = {r["iso3"]: r for r in tables["countries.csv"]}
    assert {"U.S.", "US", "America", "United States of America"} <= set(split(c["USA"]["aliases"]))
    assert {"Britain", "UK"} <= set(split(c["GBR"]["aliases"]))
    assert "Türkiye" in split(c["TUR"]["aliases"])
    assert "Ivory Coast" in split(c["CIV"]["aliases"])
    assert {"Iranian", "Iranians"} <= set(split(c["IRN"]["adjectives"]))
    assert "Emirati" in split(c["ARE"]["adjectives"])
    assert "Jerusalem" in split(c["ISR"]["capitals"])
    assert "Moscow" in split(c["RUS"]["capitals"])
    assert "Washington" in split(c["USA"]["capitals"])


def test_agents(tables):
    a = {r["term"]: r for r in tables["agents.csv"]}
    assert a["soldier"]["plural"] == "soldiers" and a["soldier"]["sector"] == "MIL"
    assert a["police"]["sector"] == "COP"
    assert a["refugee"]["sector"] == "REF"
    assert a["defence minister"]["sector"] == "GOV"


def test_ministers_of_conflict_states_from_cabinet_lists(tables):
    # CountryInfo's cabinets (2003-2010) fill gaps the hand-written rows leave: foreign and defence ministers
    assert [(r["iso3"], r["role"]) for r in person(tables, "Lakshman Kadirgamar", "2005-01-15")] == [
        ("LKA", "foreign_minister")
    ]
    assert [(r["iso3"], r["role"]) for r in person(tables, "Defence Minister Hrytsenko", "2006-05-01")] == [
        ("UKR", "defence_minister")
    ]
    assert not person(tables, "Lakshman Kadirgamar", "2006-01-01")  # closed periods only, as listed
