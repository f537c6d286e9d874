"""Places: toponym recognition, resolution, roles and event locations, on sentences written for these tests.

The gazetteer index is built once per machine (about 20 s) into the cache dir at first use."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest

from riftwatch import nlp
from riftwatch.actors import article_mentions
from riftwatch.clean import prepare_article
from riftwatch.geo import geoparse, locate_event, main_country, name_key
from riftwatch.geo.gazetteer import gazetteer
from riftwatch.models import Place, RawDocument

DAY = dt.date(2016, 6, 26)


@pytest.fixture(scope="module", autouse=True)
def index():
    started = time.perf_counter()
    g = gazetteer()  # builds the index on a fresh machine
    print(f"gazetteer ready in {time.perf_counter() - started:.1f} s: {g.path}", file=sys.stderr)
    return g


def parse(text: str, dateline: str | None = None):
    [sentences] = list(nlp.split([text]))
    mentions = article_mentions(sentences, DAY)
    parsed = {i: doc for doc, i in nlp.parse([(s.text, i) for i, s in enumerate(sentences)])}
    places = geoparse(text, sentences, mentions, dateline=dateline, parsed=parsed)
    for place in places:
        assert text[place.start : place.end] == place.text
    return places, sentences, parsed


def places_of(text: str, dateline: str | None = None) -> list[Place]:
    return parse(text, dateline)[0]


def one(places: list[Place], text: str) -> Place:
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ḩalab", "halab"),
        ("Deir ez-Zor", "deir ez zor"),
        ("Dar'ā", "dara"),
        ("the Middle East", "middle east"),
        ("Łódź", "lodz"),
        ("ST. LOUIS", "st louis"),
    ],
)
def test_name_key_folds_accents_case_and_punctuation(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Khan Tuman", "village", "SYR"),
        ("Hmeimim Airbase", "facility", "SYR"),
        ("Tartous", "city", "SYR"),
        ("Black Sea", "sea", None),
        ("Europe", "continent", None),
        ("Rapides Parish", "admin2", "USA"),
    ],
)
def test_gazetteer_knows_project_places_and_spellings(index, name, kind, country):
    candidates = index.lookup(name_key(name))
    assert any(c.kind == kind and c.country == country for c in candidates)


def test_place_spacy_mislabels_is_found_by_the_gazetteer():
    places = places_of("Rebels shelled the Syrian village of Khan Tuman before dawn on Tuesday.")
    village = one(places, "Khan Tuman")
    assert (village.country, village.precision, village.admin1) == ("SYR", "place", "Aleppo")
    assert village.role == "location"


def test_military_facility_from_the_project_list():
    places = places_of("Russian jets took off from the Hmeimim Air Base at dawn.")
    base = one(places, "Hmeimim Air Base")
    assert base.country == "SYR" and base.feature_class == "S" and base.precision == "place"


@pytest.mark.parametrize(
    ("text", "toponym", "country", "admin1"),
    [
        ("The mayor of Paris, Texas, opened a new library downtown.", "Paris", "USA", "Texas"),
        ("Thousands of protesters marched through Paris on Saturday.", "Paris", "FRA", None),
        (
            "Storms flooded Atlanta and Savannah, and officials across Georgia opened shelters.",
            "Georgia",
            "USA",
            "Georgia",
        ),
        ("Troops crossed from Russia into Georgia and approached Tbilisi.", "Georgia", "GEO", None),
    ],
)
def test_resolution_uses_qualifiers_and_the_article_context(text, toponym, country, admin1):
    place = one(places_of(text), toponym)
    assert place.country == country
    if admin1:
        assert place.admin1 == admin1


def test_capital_beats_province_of_the_same_name():
    place = one(places_of("Aid convoys reached Aleppo on Monday."), "Aleppo")
    assert place.precision == "place" and place.geonames_id == 170063


@pytest.mark.parametrize(
    ("text", "toponym", "role"),
    [
        ("Moscow said it would answer the new sanctions.", "Moscow", "actor"),
        ("Washington imposed new sanctions on the bank.", "Washington", "actor"),
        ("The ministers met in Moscow on Friday.", "Moscow", "location"),
        ("Iran accused Israel of sabotage.", "Iran", "actor"),
        ("Hundreds of families fled Aleppo for the border with Turkey.", "Aleppo", "location"),
        ("Shells fell on a market in Syria's capital, Damascus.", "Damascus", "location"),
    ],
)
def test_roles_tell_actors_from_locations(text, toponym, role):
    assert one(places_of(text), toponym).role == role


def test_dateline_is_where_the_reporter_is_not_the_event():
    text = "BEIRUT – Gunmen attacked an army checkpoint in the city of Homs on Monday, officials said."
    places, sentences, parsed = parse(text, dateline="Beirut")
    beirut = one(places, "BEIRUT")
    assert beirut.role == "dateline" and beirut.country == "LBN"
    doc = parsed[0]
    trigger = next(t for t in doc if t.text == "attacked")
    location = locate_event(places, sentences[0].start, sentences[0].end, trigger=trigger, text=text)
    assert location is not None and location.name == "Homs" and location.precision == "place"


def test_continents_regions_and_seas_are_places_but_adjectives_are_not():
    places = places_of(
        "Warships patrolled the Black Sea while European ministers met in Asia and the Middle East."
    )
    assert {p.text for p in places} >= {"Black Sea", "Asia", "Middle East"}
    assert all(p.precision == "region" for p in places)
    assert not any(p.text == "European" for p in places)
    assert all(p.location() is None for p in places)  # regions are never an event location
    assert places_of("Syrian and Lebanese officials disagreed.") == []


def test_event_location_prefers_its_own_clause_then_the_sentence():
    text = "Officials in Damascus said that rebels attacked the town of Khan Tuman."
    places, sentences, parsed = parse(text)
    doc = parsed[0]
    attacked = next(t for t in doc if t.text == "attacked")
    said = next(t for t in doc if t.text == "said")
    s = sentences[0]
    assert locate_event(places, s.start, s.end, trigger=attacked).name == "Khan Tuman"
    assert locate_event(places, s.start, s.end, trigger=said).name == "Damascus"
    assert locate_event(places, s.start, s.end).precision == "place"


def test_a_country_in_a_coordinated_or_embedded_clause_does_not_locate_the_act():
    text = "Armenia denied the charge and accused Azerbaijan of massing tanks too close to Iran's border."
    places, sentences, parsed = parse(text)
    doc, s = parsed[0], sentences[0]
    assert any(p.name == "Iran" and p.role == "location" for p in places)
    for word in ("denied", "accused"):
        trigger = next(t for t in doc if t.text == word)
        assert locate_event(places, s.start, s.end, trigger=trigger) is None, word
    massing = next(t for t in doc if t.text == "massing")  # the alleged act itself is where Iran is
    assert locate_event(places, s.start, s.end, trigger=massing).name == "Iran"


def test_event_location_follows_the_town_back_and_falls_back_to_the_main_country():
    text = (
        "Government forces shelled the town of Khan Tuman in Syria on Monday.\n"
        "The town was attacked again a day later.\n"
        "Aid groups in Syria warned of shortages.\n"
        "Diplomats called for calm."
    )
    places, sentences, _ = parse(text)
    second = sentences[1]
    location = locate_event(places, second.start, second.end, text=text)
    assert location.name == "Khan Tuman" and location.precision == "place"
    last = sentences[3]
    fallback = locate_event(places, last.start, last.end, text=text)
    assert fallback.name == "Syria" and fallback.precision == "country"
    assert main_country(places).country == "SYR"


def test_no_location_without_a_justification():
    text = "The minister resigned. Nobody explained why."
    places, sentences, _ = parse(text)
    assert places == []
    assert locate_event(places, sentences[0].start, sentences[0].end, text=text) is None
    # actors alone locate nothing: 'Moscow said' is no place where something happened
    text = "Moscow said it would respond."
    places, sentences, _ = parse(text)
    assert locate_event(places, sentences[0].start, sentences[0].end, text=text) is None


def test_place_serialises_to_the_contract_shape():
    place = one(places_of("Shelling hit Latakia overnight."), "Latakia")
    data = place.to_dict()
    for key in ("text", "start", "end", "name", "country", "lat", "lon", "geonames_id", "precision", "role"):
        assert key in data
    assert data["country"] == "SYR" and data["role"] in ("location", "actor", "dateline")
    assert place.location().to_dict()["precision"] == "place"


def test_seed_article_places(seed_path: Path):
    article = prepare_article(
        RawDocument(source_id=str(seed_path), text=seed_path.read_text(encoding="utf-8"))
    )
    places, sentences, parsed = parse(article.text, dateline=article.dateline)
    expected = {
        "Khan Tuman": (None, "Aleppo"),
        "Damascus": (170654, None),
        "Tartous": (163345, None),
        "Latakia": (173576, None),
    }
    for text, (geonames_id, admin1) in expected.items():
        place = one(places, text)
        assert place.country == "SYR" and place.role == "location" and place.precision == "place"
        assert geonames_id is None or place.geonames_id == geonames_id
        assert admin1 is None or place.admin1 == admin1
    dateline = [p for p in places if p.role == "dateline"]
    assert [p.name for p in dateline] == ["Washington"]
    for sentence in sentences:
        location = locate_event(places, sentence.start, sentence.end, text=article.text)
        assert location is None or location.name != "Washington"


@pytest.mark.parametrize(
    ("text", "word", "country"),
    [
        # the gazetteer knows 'German' (a village on the Isle of Man, an alias of San Germán in Mexico) and
        # 'Chadian' (villages in China): as a demonym the word stands for its country, never for them
        ("The German government agreed to build a depot in Berlin.", "German", "DEU"),
        ("Sudanese troops massed near the Chadian border.", "Chadian", "TCD"),
        ("Saudi officials met in Riyadh.", "Saudi", "SAU"),
    ],
)
def test_a_demonym_the_gazetteer_knows_as_a_name_stands_for_its_country(text, word, country):
    places = places_of(text)
    found = one(places, word)
    assert found.country == country and found.precision == "country"
    assert [p.country for p in places if word in p.text] == [country]  # no 'The German' in Mexico beside it


def test_gazetteer_reads_countries_and_provinces_in_one_scan_each():
    """The places table has no index on kind: every country and province is read in one scan when first
    asked for (a scan per country cost ~30 ms each), and answers what the per-name query answered."""
    from riftwatch.geo.gazetteer import Gazetteer

    class Counting:
        def __init__(self, con):
            self.con, self.queries = con, 0

        def execute(self, *args):
            self.queries += 1
            return self.con.execute(*args)

    g = Gazetteer(gazetteer().path)
    counting = Counting(g._con)
    g._local.con = counting
    for iso3 in ("SYR", "TUR", "KEN", "FRA", "XXX"):
        row = counting.con.execute(
            "SELECT name, lat FROM places WHERE kind = 'country' AND country = ?", (iso3,)
        ).fetchone()
        found = g.country(iso3)
        assert (found.name, found.lat) == row if row else found is None
    assert counting.queries == 1
    syria = g.country("SYR")
    assert syria is not None and syria.name == "Syria"
    provinces = {g.admin1(code) is not None for code in ("SY.09", "TR.07", "nonexistent")}
    assert provinces == {True, False} and counting.queries == 2


def test_a_sentence_scanned_again_finds_the_same_names_whatever_was_taken_before():
    """The scans of one sentence share what they read of its tokens (`toponyms._Words`, kept with the doc):
    a second scan finds the same names as a scan of a fresh doc, whichever names the first one took, and
    a doc's text is joined once (`nlp.text_of`) with the same result as `Doc.text`."""
    from riftwatch.geo.toponyms import SentenceScanner

    text = (
        "Officials in Kirkuk and Deir ez-Zor met envoys from Aleppo near the Kenya Airways office in Paris."
    )

    def names(doc, accept=lambda span, candidates: True):
        scanner = SentenceScanner(gazetteer(), 0, doc, 0, False, (), None)
        return [
            (span.start, span.end, span.text, candidates) for span, candidates in scanner.known_names(accept)
        ]

    fresh = names(nlp.get_nlp()(text))
    assert {found[2] for found in fresh} >= {"Kirkuk", "Deir ez-Zor", "Aleppo", "Paris"}
    doc = nlp.get_nlp()(text)
    assert names(doc, lambda span, candidates: False) == []
    assert names(doc, lambda span, candidates: span.text != "Kirkuk") == [
        f for f in fresh if f[2] != "Kirkuk"
    ]
    assert names(doc) == fresh
    assert nlp.text_of(doc) == doc.text == text
