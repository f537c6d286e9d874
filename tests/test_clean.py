from __future__ import annotations

import datetime as dt

import pytest

from riftwatch.clean import clean_document, normalise, parse_date, parse_dateline, residue_kind
from riftwatch.errors import EmptyDocument


def test_clean_reference_article(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    cleaned = clean_document(raw)
    assert cleaned.title == "Iran, Russia split over Syria policy"
    assert cleaned.date == dt.date(2016, 6, 26)
    assert cleaned.dateline == "Washington"
    assert "728 x 90" not in cleaned.text
    assert "Red Square" not in cleaned.text
    assert cleaned.removed == ("728 x 90", "Moscow famous Red Square", "Moscow famous Red Square")
    # The whole body is kept: every paragraph of the page, once its spaces are normalised.
    body = [line for line in normalise(raw).split("\n") if len(line) > 60]
    assert len(body) == 11
    for paragraph in body:
        assert paragraph in cleaned.text
    assert cleaned.text.startswith(
        "Iran, Russia split over Syria policy\n\nWASHINGTON – June 26, 2016 – A potential"
    )
    assert cleaned.text.endswith("just outside of Latakia in western Syria.")


def test_clean_own_scraped_page(data_dir):
    cleaned = clean_document((data_dir / "qatar_blockade.txt").read_text(encoding="utf-8"))
    assert cleaned.title == "Gulf neighbours sever links with Qatar"
    assert cleaned.dateline == "Doha"
    assert cleaned.date == dt.date(2017, 6, 5)
    assert cleaned.removed == (
        "Home | World | Middle East",
        "300 x 250",
        "Flags outside the foreign ministry in Doha",
        "Flags outside the foreign ministry in Doha",
        "Share this article",
        "Subscribe to our newsletter",
    )
    assert "A Gulf official who asked not to be named" in cleaned.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("728 x 90", "ad_size"),
        ("300x250", "ad_size"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Share this article", "share"),
        ("Share on Facebook Twitter Email", "share"),
        ("Tweet", "share"),
        ("Subscribe to our newsletter for the daily Gulf briefing", "subscribe"),
        ("Sign up for breaking news alerts", "subscribe"),
        ("We use cookies to improve your experience. Accept all", "cookie"),
        ("Home | World | Middle East", "navigation"),
        ("News › Region › Gulf", "navigation"),
        ("Skip to content", "navigation"),
        ("Home | Gulf", "navigation"),
        ("ANALYSIS", "section"),
        ("Opinion & Analysis", "section"),
        ("SPORT | REGION", "navigation"),
        ("Middle East", "section"),
        ("Read more: Oman keeps its doors open to both sides", "read_more"),
        ("Related: Kuwait's emir heads to Jeddah", "read_more"),
        ("Follow us on Twitter", "follow"),
        ("© 2017 Example Media Group", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Photo: Demo Wire", "credit"),
    ],
)
def test_residue_kind_recognises_page_residue(line, kind):
    assert residue_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Qatar said it would share no intelligence with the four states until the blockade ended.",
        "Home ministers from the six states met in Kuwait.",
        "Subscribers to the theory say the crisis was planned for months, officials said.",
        "The ministry said it shared the concerns of its neighbours.",
        "Read the statement in full, the spokesman told reporters on Monday, because it explains the decision.",
        "The company uses cookies and other snacks in its advertising campaign, according to the report.",
        "Iran, Russia split over Syria policy",
    ],
)
def test_residue_kind_keeps_sentences(line):
    assert residue_kind(line) is None


@pytest.mark.parametrize(
    ("paragraph", "place", "date_text"),
    [
        ("WASHINGTON – June 26, 2016 – A potential schism appears", "Washington", "June 26, 2016"),
        ("RIYADH, June 6 (Riftwatch Demo Wire) - Saudi Arabia said", "Riyadh", "June 6"),
        ("KUWAIT CITY — The emir of Kuwait flew", "Kuwait City", None),
        ("Abu Dhabi, 12 July 2017: The foreign minister said", "Abu Dhabi", "12 July 2017"),
        ("LONDON (Demo Agency) - Britain urged", "London", None),
        (
            "AL-ULA, Saudi Arabia, January 5, 2021 – Gulf leaders signed",
            "Al-Ula, Saudi Arabia",
            "January 5, 2021",
        ),
        ("WASHINGTON/MOSCOW, April 7 (Demo Wire) - Two destroyers fired", "Washington/Moscow", "April 7"),
    ],
)
def test_parse_dateline_styles(paragraph, place, date_text):
    dateline = parse_dateline(paragraph)
    assert dateline is not None
    assert dateline.place == place
    assert dateline.date_text == date_text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Iran - a country of 80 million people - has long backed the government.",
        "The Kremlin said on Monday that talks would go on.",
        "Moscow: a city of contrasts, he wrote.",
        "A potential schism appears to be developing between Iran and Russia.",
    ],
)
def test_parse_dateline_ignores_ordinary_sentences(paragraph):
    assert parse_dateline(paragraph) is None


def test_normalise_spaces_dashes_and_invisible_characters():
    text = "\u00a0WASHINGTON\u2009\u2013 June\u202f26 \u2012 Iran\u200b\u2019s envoy\u00ad said \u2212 5"
    assert normalise(text) == "WASHINGTON – June 26 – Iran’s envoy said - 5"
    assert normalise("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_clean_record_date_wins_over_dateline():
    cleaned = clean_document("Title here for you\n\nDOHA – June 5, 2017 – Qatar said no.", date="2017-06-06")
    assert cleaned.date == dt.date(2017, 6, 6)


def test_clean_dateline_without_year_takes_year_from_record_else_unknown():
    text = "Gulf talks stall again\n\nRIYADH, June 6 (Demo Wire) - Saudi Arabia said it would not negotiate."
    assert clean_document(text).date is None
    assert clean_document(text, date="June 7, 2017").date == dt.date(2017, 6, 7)
    assert parse_date("June 6", reference=dt.date(2017, 6, 7)) == dt.date(2017, 6, 6)


def test_clean_given_title_is_prepended_once():
    cleaned = clean_document(
        "Oman stays neutral\nMUSCAT – Oman kept its ports open.", title="Oman stays neutral"
    )
    assert cleaned.text == "Oman stays neutral\n\nMUSCAT – Oman kept its ports open."
    cleaned = clean_document("MUSCAT – Oman kept its ports open.", title="Oman stays neutral")
    assert cleaned.text.startswith("Oman stays neutral\n\nMUSCAT")


def test_clean_headline_repeated_in_body_is_dropped():
    text = (
        "Turkey sends troops to Qatar\n\nTurkey sends troops to Qatar\nANKARA – Turkey sent troops on Monday."
    )
    cleaned = clean_document(text)
    assert cleaned.title == "Turkey sends troops to Qatar"
    assert cleaned.text.count("Turkey sends troops to Qatar") == 1
    assert cleaned.removed == ("Turkey sends troops to Qatar",)


def test_clean_stand_alone_date_line_gives_date():
    text = "Egypt restores ties with Qatar\nPublished: January 20, 2021\nCAIRO – Egypt and Qatar restored relations."
    cleaned = clean_document(text)
    assert cleaned.date == dt.date(2021, 1, 20)
    assert "Published: January 20, 2021" in cleaned.removed


def test_clean_article_without_title_keeps_first_sentence_in_body():
    cleaned = clean_document("Qatar rejected the demands on Saturday, calling them unreasonable.")
    assert cleaned.title is None
    assert cleaned.text == "Qatar rejected the demands on Saturday, calling them unreasonable."


@pytest.mark.parametrize("text", ["", "   \n\n  ", "728 x 90\nShare this article\nAdvertisement"])
def test_clean_nothing_left_is_empty_document(text):
    with pytest.raises(EmptyDocument):
        clean_document(text)
