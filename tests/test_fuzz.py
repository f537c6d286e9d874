"""Fuzzing every reader: arbitrary bytes, mutated and truncated inputs, truncated gzip, WARC/ARC records whose
lengths lie, feeds with broken XML, HTML nested 100,000 deep. No reader may raise, hang, or lose the good
documents around a bad one. RIFTWATCH_FUZZ_SCALE=10 runs ten times the examples. A reader that
hangs hangs the test: the readers' own time budget (Settings.document_time_budget) is what keeps them bounded."""

from __future__ import annotations

import gzip
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riftwatch.models import RawDocument, Rejection
from riftwatch.readers import read_bytes, read_inputs
from riftwatch.settings import Settings

from .webcorpus import Response, arc_bytes, atom_bytes, html_page, rss_bytes, story, warc_bytes

SCALE = max(1, int(os.environ.get("RIFTWATCH_FUZZ_SCALE", "1")))
LIMITS = Settings(document_time_budget=3.0, max_document_bytes=200_000, max_decompressed_bytes=2_000_000)
NAMES = ["x.txt", "x.html", "x.warc", "x.arc", "x.rss", "x.atom", "x.jsonl", "x.csv", "x.tsv", "x.xml", "-"]


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def read_all(name: str, data: bytes) -> list[RawDocument | Rejection]:
    items = list(read_bytes(name, data, LIMITS))
    assert all(isinstance(item, RawDocument | Rejection) for item in items)
    assert all(isinstance(item.source_id, str) and item.source_id for item in items)
    return items


def doc_ids(items) -> list[str]:
    return [item.source_id for item in items if isinstance(item, RawDocument)]


# --- valid samples of every format, small and fast to read (text records, not HTML, where framing is tested) ---


def _text_responses(count: int) -> list[Response]:
    return [
        Response(
            f"https://example.org/t/{i}", story(i, paragraphs=1).text.encode(), "text/plain; charset=utf-8"
        )
        for i in range(count)
    ]


WARC = warc_bytes(_text_responses(5), with_requests=False)
ARC = arc_bytes(_text_responses(5))
RSS = rss_bytes([(f"g{i}", story(100 + i, paragraphs=1)) for i in range(4)])
ATOM = atom_bytes([(f"tag:x,2017:{i}", story(110 + i, paragraphs=1)) for i in range(3)])
JSONL = "".join(
    json.dumps({"id": f"j{i}", "text": story(120 + i, paragraphs=1).text}) + "\n" for i in range(5)
).encode()
CSV = ("id,text\n" + "".join(f'c{i},"{story(130 + i, paragraphs=1).text}"\n' for i in range(4))).encode()
HTML = html_page(story(140, paragraphs=2)).encode()
SAMPLES = {
    "x.warc": WARC,
    "x.arc": ARC,
    "x.rss": RSS,
    "x.atom": ATOM,
    "x.jsonl": JSONL,
    "x.csv": CSV,
    "x.html": HTML,
}


@st.composite
def mutated(draw):
    """A valid sample damaged a few times: bytes cut, flipped, inserted or repeated; maybe gzip-compressed."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "flip", "insert", "repeat", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(
                st.binary(min_size=1, max_size=64)
                | st.sampled_from([b"\r\n\r\n", b"<", b"]]>", b"WARC/1.0\r\n", b"&#x0;"])
            )
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 300))]
        else:
            del data[at : at + draw(st.integers(1, 300))]
    compressed = draw(st.booleans())
    return (name + ".gz", gzip.compress(bytes(data))) if compressed else (name, bytes(data))


@fuzz_settings(250)
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=4096), compressed=st.booleans())
def test_fuzz_arbitrary_bytes_never_raise(name, data, compressed):
    if compressed:
        data = gzip.compress(data)
        name = name + ".gz"
    read_all(name, data)


@fuzz_settings(300)
@given(case=mutated())
def test_fuzz_mutated_inputs_never_raise(case):
    read_all(*case)


@fuzz_settings(150)
@given(name=st.sampled_from(["x.warc", "x.arc", "x.rss", "x.jsonl", "x.csv"]), fraction=st.floats(0, 1))
def test_fuzz_truncated_gzip_keeps_the_documents_before_the_cut(name, fraction):
    whole = doc_ids(read_all(name + ".gz", SAMPLES[name]))  # same name: ARC ids carry it
    packed = gzip.compress(SAMPLES[name])
    items = read_all(name + ".gz", packed[: int(len(packed) * fraction)])
    found = doc_ids(items)
    if name in ("x.rss",):
        assert set(found) <= set(whole)  # a feed is read whole: the lenient parser keeps what it can
    else:
        # Records are streamed: what comes out is the start of the archive, in order, the last maybe cut short.
        assert found[: max(0, len(found) - 1)] == whole[: max(0, len(found) - 1)]


def _lie(data: bytes, pattern: bytes, index: int, delta: int) -> tuple[bytes, bool]:
    matches = list(re.finditer(pattern, data))
    match = matches[index]
    value = int(match.group(1)) + delta
    if value < 0:
        return data, False
    return data[: match.start(1)] + str(value).encode() + data[match.end(1) :], True


@fuzz_settings(300)
@given(
    index=st.integers(0, 5),  # record 0 is warcinfo
    delta=st.integers(-400, 400) | st.integers(-(10**6), 10**6),
    second=st.none() | st.tuples(st.integers(0, 5), st.integers(-400, 400)),
    compressed=st.booleans(),
)
def test_fuzz_warc_lying_lengths_keep_the_other_records(index, delta, second, compressed):
    whole = read_all("x.warc", WARC)
    data, changed = _lie(WARC, rb"Content-Length: (\d+)", index, delta)
    lied = {index - 1} if changed and delta else set()
    if second is not None and abs(second[0] - index) > 1:
        data, changed = _lie(data, rb"Content-Length: (\d+)", second[0], second[1])
        lied |= {second[0] - 1} if changed and second[1] else set()
    if compressed:
        data = gzip.compress(data)
    items = read_all("x.warc.gz" if compressed else "x.warc", data)
    found = {item.source_id: item for item in items if isinstance(item, RawDocument)}
    for position, good in enumerate(whole):
        if position in lied:
            continue
        assert good.source_id in found, f"record {position} lost (lies at {sorted(lied)}, delta {delta})"
        assert found[good.source_id].text == good.text


@fuzz_settings(150)
@given(
    index=st.integers(0, 5), delta=st.integers(-300, 300) | st.integers(-(10**5), 10**5)
)  # 0: the file header
def test_fuzz_arc_lying_lengths_keep_the_other_records(index, delta):
    whole = read_all("x.arc", ARC)
    data, changed = _lie(ARC, rb"\d{14} \S+ (\d+)\n", index, delta)
    items = read_all("x.arc", data)
    found = {item.url: item.text for item in items if isinstance(item, RawDocument)}
    for position, good in enumerate(whole):
        if changed and delta and position == index - 1:
            continue
        assert found.get(good.url) == good.text, f"record {position} lost (lie at {index - 1}, delta {delta})"


@fuzz_settings(150)
@given(
    feed=st.sampled_from(["x.rss", "x.atom"]),
    fraction=st.floats(0.05, 1),
    junk=st.sampled_from(
        [b"", b"<", b"</channel>", b"<item><title>x", b"&bogus;", b"\x00\xff", b"]]>", b"<!DOCTYPE x ["]
    ),
)
def test_fuzz_feeds_with_broken_xml_keep_the_items_before_the_damage(feed, fraction, junk):
    data = SAMPLES[feed]
    cut = int(len(data) * fraction)
    items = read_all(feed, data[:cut] + junk)
    closing = b"</item>" if feed == "x.rss" else b"</entry>"
    complete = data[:cut].count(closing)
    whole = doc_ids(read_all(feed, data))
    found = doc_ids(items)
    # Every item closed before the damage is kept (feedparser's lenient parser takes over on broken XML).
    assert found[:complete] == whole[:complete] or set(whole[:complete]) <= set(found)


DEEP = 100_000


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<div>" * DEEP + "<p>deep text</p>" + "</div>" * DEEP + "</body></html>",
        "<html><body>" + "<div><span>" * (DEEP // 2) + "<p>never closed",
        "<html><body>" + "<table><tr><td>" * (DEEP // 3) + "cell",
        "<html><body><p>" + "<b>" * DEEP + "bold" + "</b>" * DEEP + "</p></body></html>",
        "<html><body>" + "<!--" * DEEP + "</body></html>",
        "<html><body>" + "<p>" + "&amp;" * DEEP + "</p></body></html>",
    ],
    ids=["div", "unclosed", "tables", "bold", "comments", "entities"],
)
def test_html_nested_100000_deep_neither_raises_nor_loses_the_next_page(tmp_path, page):
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html").write_text(html_page(story(150)), encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], LIMITS.__class__(document_time_budget=3.0)))
    assert len(items) == 2 and isinstance(items[1], RawDocument)
    assert story(150).paragraphs[1][:50] in items[1].text
