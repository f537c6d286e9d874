from __future__ import annotations

import gzip
import json
import os

import pytest

from riftwatch.errors import ConfigError
from riftwatch.models import RawDocument, Rejection
from riftwatch.readers import Format, check_paths, read_bytes, read_inputs, sniff_format
from riftwatch.readers.decode import decode_bytes
from riftwatch.settings import Settings

ARTICLE = "DOHA – June 5, 2017 – Qatar rejected the accusations made by its neighbours on Monday."


def read(paths, **settings):
    return list(read_inputs([str(p) for p in paths], Settings(**settings)))


def test_read_text_file_source_id_is_path_as_given(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [document] = read([path])
    assert isinstance(document, RawDocument)
    assert document.source_id == str(path)
    assert document.text == ARTICLE


def test_read_windows_1252_text_is_decoded(data_dir):
    [document] = read([data_dir / "cp1252.txt"])
    assert isinstance(document, RawDocument)
    assert document.text.startswith("Café owners in Doha")


def test_read_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    [document] = read([path])
    assert document.text == ARTICLE


def test_decode_keeps_utf8_with_a_stray_byte():
    data = ("Qatar’s foreign minister said talks would continue. " * 20).encode("utf-8") + b"\xff"
    text = decode_bytes(data)
    assert text.startswith("Qatar’s foreign minister")
    assert text.endswith("\ufffd")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n ", "empty"),
        (bytes(range(256)) * 20, "unsupported_format"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" + os.urandom(2000), "unsupported_format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "unsupported_format"),
    ],
)
def test_read_bad_text_files_are_rejected_with_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    [rejection] = read([path])
    assert isinstance(rejection, Rejection)
    assert rejection.reason == reason
    assert rejection.source_id == str(path)
    assert rejection.detail


def test_read_invalid_utf8_that_no_encoding_explains_is_rejected(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 400 + b"\x01\x02\x03" * 300)
    [rejection] = read([path])
    assert isinstance(rejection, Rejection)
    assert rejection.reason in ("decode_error", "unsupported_format")


def test_read_50_mb_single_line_is_too_large_without_loading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        for _ in range(50):
            handle.write(b"a" * (1024 * 1024))
    [rejection] = read([path])
    assert rejection.reason == "too_large"


def test_read_jsonl_broken_line_among_good_ones(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps(
            {
                "id": "first",
                "text": ARTICLE,
                "title": "Qatar rejects",
                "date": "2017-06-05",
                "url": "https://example.org/a",
            }
        ),
        '{"id": "broken", "text": "unterminated',
        "",
        json.dumps({"text": ARTICLE + " Again."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text", "title": "nothing"}),
        json.dumps({"id": 7, "text": ARTICLE, "title": {"bad": 1}}),
        json.dumps({"text": ARTICLE, "source": "riftwatch demo (re-told)"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([path])
    assert [item.source_id for item in items] == [
        "first",
        f"{path}:2",
        f"{path}:4",
        f"{path}:5",
        "no-text",
        "7",
        f"{path}:8",
    ]
    assert [type(item).__name__ for item in items] == [
        "RawDocument",
        "Rejection",
        "RawDocument",
        "Rejection",
        "Rejection",
        "Rejection",
        "RawDocument",
    ]
    assert (
        items[0].title == "Qatar rejects"
        and items[0].date == "2017-06-05"
        and items[0].url == "https://example.org/a"
    )
    assert all(item.reason == "bad_record" for item in items if isinstance(item, Rejection))
    assert "invalid JSON" in items[1].detail
    assert items[6].source_name == "riftwatch demo (re-told)"


def test_read_jsonl_overlong_line_is_rejected_and_the_rest_read(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": ARTICLE}) + "\n")
        handle.write(json.dumps({"text": "x" * 2_000_000}) + "\n")
        handle.write(json.dumps({"text": ARTICLE + " Later."}) + "\n")
    items = read([path], max_document_bytes=1_000_000)
    assert [type(item).__name__ for item in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert items[1].reason == "too_large" and items[1].source_id == f"{path}:2"


def test_read_csv_records_and_row_numbers(data_dir):
    path = data_dir / "records.csv"
    items = read([path])
    assert [item.source_id for item in items] == ["row-1", f"{path}:2"]
    assert items[0].title == "Kuwait mediates" and items[0].date == "2017-06-07"
    assert items[1].text.startswith("ANKARA")


def test_read_csv_without_text_column_is_one_rejection(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    [rejection] = read([path])
    assert rejection.reason == "bad_record" and "text" in rejection.detail


def test_read_tsv(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(f"id\ttext\nx1\t{ARTICLE}\n", encoding="utf-8")
    [document] = read([path])
    assert document.source_id == "x1" and document.text == ARTICLE


def test_read_gzip_of_each_format(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode()))
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(f'text\n"{ARTICLE}"\n'.encode()))
    items = read([tmp_path / "a.txt.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.csv.gz"])
    assert [item.text for item in items] == [ARTICLE] * 3
    assert items[1].source_id == f"{tmp_path / 'b.jsonl.gz'}:1"


def test_read_truncated_gzip_keeps_good_records(tmp_path):
    lines = "".join(json.dumps({"text": f"{ARTICLE} {os.urandom(40).hex()}"}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read([path])
    good = [item for item in items if isinstance(item, RawDocument)]
    assert 0 < len(good) < 200
    assert isinstance(items[-1], Rejection) and items[-1].reason == "decode_error"
    text_path = tmp_path / "cut.txt.gz"
    text_path.write_bytes(gzip.compress(ARTICLE.encode() * 100)[:40])
    [rejection] = read([text_path])
    assert rejection.reason == "decode_error"


def test_read_decompression_bomb_is_cut_off(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * 20_000_000))
    [rejection] = read([path], max_decompressed_bytes=1_000_000, max_document_bytes=50_000_000)
    assert rejection.reason == "too_large"


def test_read_folder_recursively_in_sorted_order(tmp_path):
    for name in ["b/2.txt", "a.txt", "b/1.txt", "c/d/e.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{ARTICLE} {name}", encoding="utf-8")
    items = read([tmp_path])
    assert [os.path.relpath(item.source_id, tmp_path) for item in items] == [
        "a.txt",
        "b/1.txt",
        "b/2.txt",
        "c/d/e.txt",
    ]


def test_read_html_page(tmp_path):
    paragraphs = "".join(
        f"<p>Paragraph {i}: Qatar and its neighbours traded accusations again on Tuesday, officials said.</p>"
        for i in range(6)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Gulf rift deepens</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>Gulf rift deepens</h1>{paragraphs}</article><footer>© Demo</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [document] = read([path])
    assert isinstance(document, RawDocument)
    assert document.title == "Gulf rift deepens"
    assert "Paragraph 5" in document.text
    assert "Home" not in document.text


def test_read_warc_cut_off_in_its_first_header_is_one_rejection(tmp_path):
    # .warc was refused as unsupported before WARC reading arrived (tests/test_ingest_web.py has the rest).
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"WARC/1.0\r\n")
    [rejection] = read([path])
    assert rejection.reason == "bad_record" and "cut off" in rejection.detail


def test_sniff_format_by_name_then_content():
    assert sniff_format("x.jsonl.gz", b"") is Format.JSONL
    assert sniff_format("x", b'{"text": "a"}\n') is Format.JSONL
    assert sniff_format("x.txt", b"<!doctype html><html>") is Format.HTML
    assert sniff_format("page", b"<!DOCTYPE html><html><body>") is Format.HTML
    assert sniff_format("notes", b"Plain words.") is Format.TEXT


def test_check_paths_missing_path_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        check_paths([str(tmp_path / "missing.txt")])
    with pytest.raises(ConfigError):
        check_paths([])


def test_read_bytes_in_memory():
    [document] = list(read_bytes("-", ARTICLE.encode()))
    assert document.source_id == "-"
