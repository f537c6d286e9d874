"""Hypothesis strategies for riftwatch records."""

from __future__ import annotations

from hypothesis import strategies as st

from riftwatch.models import (
    Acled,
    AcledSubEvent,
    Actor,
    Article,
    Attribution,
    Certainty,
    CodedDocument,
    Event,
    EventType,
    Evidence,
    Kind,
    Location,
    Precision,
)

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
opt_text = st.none() | text
codes = st.sampled_from(["IRN", "RUS", "SYR", "QAT", "SAU", None])
sectors = st.sampled_from(["GOV", "MIL", "REB", "CVL", None])
dates = st.none() | st.dates()

actors = st.builds(Actor, text=text, name=opt_text, country=codes, sector=sectors)
locations = st.builds(
    Location,
    name=text,
    country=codes,
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    precision=st.sampled_from(["place", "admin1", "country"]),
    geonames_id=st.none() | st.integers(1, 10**9),
)
evidence = st.builds(
    Evidence, sentence=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6), trigger=text, rule=text
)
small_int = st.none() | st.integers(0, 10**6)


@st.composite
def events(draw, article_id: str | None = None):
    return Event(
        id=draw(st.text("0123456789abcdef", min_size=16, max_size=16)),
        article_id=article_id or draw(st.text("0123456789abcdef", min_size=16, max_size=16)),
        kind=draw(st.sampled_from(Kind)),
        type=draw(st.sampled_from(EventType)),
        mode=draw(opt_text),
        context=tuple(draw(st.lists(text, max_size=3))),
        acled=draw(st.none() | st.builds(Acled, sub_event_type=st.sampled_from(AcledSubEvent))),
        background=draw(st.booleans()),
        cameo=draw(st.sampled_from(["010", "042", "190", "1823"])),
        goldstein=draw(st.floats(-10, 10)),
        quad_class=draw(st.integers(1, 4)),
        source=draw(st.none() | actors),
        target=draw(st.none() | actors),
        date=draw(dates),
        date_precision=draw(st.none() | st.sampled_from(Precision)),
        location=draw(st.none() | locations),
        certainty=draw(st.sampled_from(Certainty)),
        attribution=draw(st.builds(Attribution, speaker=opt_text, anonymous=st.booleans(), via=opt_text)),
        evidence=draw(evidence),
        dead=draw(small_int),
        injured=draw(small_int),
        size=draw(small_int),
        confidence=draw(st.floats(0, 1)),
    )


@st.composite
def coded_documents(draw):
    article_id = draw(st.text("0123456789abcdef", min_size=16, max_size=16))
    article = Article(
        id=article_id,
        source_id=draw(text.filter(bool)),
        text=draw(text.filter(bool)),
        title=draw(opt_text),
        date=draw(dates),
        dateline=draw(opt_text),
        url=draw(opt_text),
        removed=tuple(draw(st.lists(text, max_size=3))),
    )
    found = draw(st.lists(events(article_id), max_size=4, unique_by=lambda e: e.id))
    return CodedDocument(source_id=article.source_id, article=article, events=tuple(found))
