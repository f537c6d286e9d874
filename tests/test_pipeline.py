from __future__ import annotations

import datetime as dt

import pytest

import riftwatch
from riftwatch import nlp
from riftwatch.clean import article_id
from riftwatch.models import RawDocument, Rejection, RejectionReason
from riftwatch.pipeline import code_documents, parse_gate
from riftwatch.settings import Settings

TEXT = (
    "Qatar cuts ties\n\nDOHA – June 5, 2017 – Qatar said the decision was unjustified. It called for talks."
)


def test_code_text_returns_cleaned_article():
    document = riftwatch.code_text(TEXT)
    assert document.rejection is None
    assert document.article.title == "Qatar cuts ties"
    assert document.article.date == dt.date(2017, 6, 5)
    assert document.article.dateline == "Doha"
    assert [(e.source.code, e.type.value) for e in document.events] == [
        ("QAT", "REQUEST")
    ]  # "It called for talks"


def test_code_text_date_argument_is_publication_date():
    document = riftwatch.code_text("Oman kept its ports open to Qatari ships.", date=dt.date(2017, 6, 12))
    assert document.article.date == dt.date(2017, 6, 12)


def test_code_documents_keeps_order_and_one_record_per_input():
    items = []
    for i in range(150):
        if i % 7 == 3:
            items.append(Rejection(source_id=f"r{i}", reason=RejectionReason.BAD_RECORD, detail="broken"))
        elif i % 11 == 5:
            items.append(RawDocument(source_id=f"e{i}", text="728 x 90\nShare this article"))
        elif i % 5 == 0:
            items.append(RawDocument(source_id=f"n{i}", text="no names here at all, nothing to parse."))
        else:
            items.append(RawDocument(source_id=f"d{i}", text=f"{TEXT} Number {i}."))
    out = list(code_documents(items, Settings(batch_size=16, n_process=1)))
    assert [d.source_id for d in out] == [item.source_id for item in items]
    for item, document in zip(items, out, strict=True):
        if isinstance(item, Rejection):
            assert document.rejection == item
        elif item.source_id.startswith("e"):
            assert document.rejection.reason == "empty"
        else:
            assert document.article is not None and document.article.source_id == item.source_id


def test_code_documents_bug_in_one_document_does_not_lose_others(monkeypatch):
    from riftwatch import pipeline

    original = pipeline.prepare_article

    def flaky(raw):
        if raw.source_id == "boom":
            raise RuntimeError("unexpected")
        return original(raw)

    monkeypatch.setattr(pipeline, "prepare_article", flaky)
    items = [RawDocument(source_id=s, text=TEXT) for s in ("a", "boom", "c")]
    out = list(code_documents(items, Settings(n_process=1)))
    assert [d.source_id for d in out] == ["a", "boom", "c"]
    assert out[1].rejection.reason == "processing_error" and "unexpected" in out[1].rejection.detail
    assert out[0].article and out[2].article


def test_a_bug_deciding_what_to_parse_parses_the_sentence_and_loses_nothing(monkeypatch):
    from riftwatch import pipeline

    original = pipeline.gate

    def flaky(sentence, mentions, **kwargs):
        if "Moscow" in sentence.text:
            raise RuntimeError("unexpected")
        return original(sentence, mentions, **kwargs)

    monkeypatch.setattr(pipeline, "gate", flaky)
    text = "Moscow accused Kyiv of shelling the plant on Monday. Kyiv denied it."
    items = [RawDocument(source_id=s, text=t) for s, t in (("a", TEXT), ("b", text), ("c", TEXT))]
    out = list(code_documents(items, Settings(n_process=1)))
    assert [d.source_id for d in out] == ["a", "b", "c"] and all(d.rejection is None for d in out)
    assert any(e.type.value == "ACCUSE" for e in out[1].events)  # the sentence was parsed all the same


def test_split_offsets_point_into_text():
    text = "Title line\n\nIran and Russia differ. Moscow said so.\nIt was clear."
    [sentences] = list(nlp.split([text]))
    assert [s.text for s in sentences] == [
        "Title line",
        "Iran and Russia differ.",
        "Moscow said so.",
        "It was clear.",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Iran and Russia differ.", True),  # names past the first token, which the gazetteer finds
        ("It was attacked.", True),  # a pronoun that may point back, and a trigger
        ("It was clear.", False),  # a pronoun, but nothing a parse could code
        ("Then Wanjiru Odhiambo scored twice.", False),  # a name, but no trigger and no place
        ("Heavy snow will fall on Fargo on Saturday.", True),  # a town the scan takes only if NER says so
        ("the weather was fine and warm.", False),
        ("Markets rose on the news.", False),
    ],
)
def test_parse_gate(sentence, expected):
    [[parsed]] = list(nlp.split([sentence]))
    assert parse_gate(parsed, ()) is expected


@pytest.mark.parametrize(
    ("sentence", "title", "expected"),
    [
        ("Rebels attacked the convoy.", None, "events"),  # a body sentence with a trigger
        ("Rebels attacked the convoy.", "Rebels attacked the convoy.", "places"),  # the title: never coded
        ("Also read: Rebels attacked the convoy | Markets fell", None, "places"),  # other articles' headlines
        ("Kenya and Somalia share a long border.", "Kenya and Somalia share a long border.", "places"),
    ],
)
def test_gate_leaves_sentences_events_never_code_to_places(sentence, title, expected):
    import datetime as dt

    from riftwatch.actors import article_mentions
    from riftwatch.pipeline import gate

    [sentences] = list(nlp.split([sentence]))
    [parsed] = sentences
    [mentions] = article_mentions(sentences, dt.date(2021, 3, 5))
    assert gate(parsed, mentions, title=title) == expected
    assert parse_gate(parsed, mentions, title=title) is True  # parsed all the same, as before
    assert gate(parsed, mentions, title=title, trigger_gate=False) == "events"


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Rebels attacked the convoy near Kenya.", None, "events"),
        ("Kenya and Somalia share a long border.", None, "places"),  # no trigger: the parse tells roles
        ("It was clear.", None, "skip"),
    ],
)
def test_gate_tells_which_stages_a_parse_serves(text, title, expected):
    from riftwatch.actors import article_mentions
    from riftwatch.pipeline import gate

    [sentences] = list(nlp.split([text]))
    [mentions] = article_mentions(sentences, dt.date(2021, 3, 5))
    assert gate(sentences[0], mentions, title=title) == expected


def test_a_sentence_parsed_for_places_alone_is_not_asked_of_events(monkeypatch):
    from riftwatch import pipeline

    asked: list[str] = []
    original = pipeline.events_stage.entity_demand

    def recording(article, sentence, *args, **kwargs):
        asked.append(sentence.text)
        return original(article, sentence, *args, **kwargs)

    monkeypatch.setattr(pipeline.events_stage, "entity_demand", recording)
    text = "Kenya and Somalia share a long border. Rebels attacked a convoy in Somalia on Monday."
    [document] = code_documents([RawDocument(source_id="a", text=text)], Settings(n_process=1))
    assert asked == ["Rebels attacked a convoy in Somalia on Monday."]
    assert [e.type.value for e in document.events] == ["ASSAULT"]
    assert {p.text: str(p.role) for p in document.places if p.text == "Kenya"} == {"Kenya": "actor"}


def test_article_id_is_deterministic_and_url_normalised():
    assert article_id("a b", None) == article_id("A  b", None)
    assert article_id("x", "https://www.example.org/a/") == article_id("y", "http://example.org/a")
    assert len(article_id("text")) == 16


def test_code_files_marks_exact_repeats(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    first, second = list(riftwatch.code_files([str(tmp_path)]))
    assert first.article.duplicate_of is None
    assert second.article.duplicate_of == first.article.id


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = [
    "Iran",
    "Russia",
    "said",
    "attacked",
    "the",
    "Syrian",
    "army",
    "in",
    "Damascus",
    "on",
    "Monday",
    "It",
    "\u00a0",
    "\u2013",
    "\u200b",
    "\n",
    ",",
    ".",
    "”",
    "’s",
    "not",
    "will",
    "WASHINGTON",
    "—",
    "rebels",
    "  ",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=6), min_size=1, max_size=40).map(" ".join))
def test_code_text_never_breaks_the_offset_rule(text):
    document = riftwatch.code_text(text, date=dt.date(2019, 3, 14))
    if document.article is None:
        assert document.rejection is not None and document.rejection.reason in ("empty", "processing_error")
        assert document.rejection.reason == "empty", document.rejection.detail
        return
    article_text = document.article.text
    for event in document.events:
        assert article_text[event.evidence.start : event.evidence.end] == event.evidence.sentence
    for mention in document.mentions:
        assert article_text[mention.start : mention.end] == mention.text
    for place in document.places:
        assert article_text[place.start : place.end] == place.text
