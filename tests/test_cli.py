from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq

ARTICLE = (
    "Turkey sends troops\n\nANKARA – June 7, 2017 – Turkey sent troops to Qatar on Wednesday, "
    "and Iran sent food aid to Doha."
)


def test_cli_code_reference_article(cli, seed_path):
    result = cli("code", str(seed_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    [line] = result.stdout.decode().splitlines()
    record = json.loads(line)
    article = record["article"]
    assert article["title"] == "Iran, Russia split over Syria policy"
    assert article["date"] == "2016-06-26"
    assert article["dateline"] == "Washington"
    assert article["source_id"] == str(seed_path)
    assert "728 x 90" not in article["text"] and "Moscow famous Red Square" not in article["text"]
    assert article["text"].endswith("just outside of Latakia in western Syria.")
    assert "728 x 90" in article["removed"]
    assert record["rejection"] is None and isinstance(record["events"], list)
    assert "read 1" in result.stderr.decode()


def test_cli_code_stdout_has_records_only_and_bad_input_is_a_record(cli, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "mixed.jsonl").write_text('{"text": "Qatar said no."}\n{broken\n', encoding="utf-8")
    result = cli("code", str(tmp_path))
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["rejection"]["reason"] if r["rejection"] else "coded" for r in records] == [
        "unsupported_format",
        "empty",
        "coded",
        "coded",
        "bad_record",
    ]
    assert "Traceback" not in result.stderr.decode()
    assert "rejected 3" in result.stderr.decode()


def test_cli_code_stdin(cli):
    result = cli("code", "-", stdin=ARTICLE.encode())
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["article"]["source_id"] == "-" and record["article"]["dateline"] == "Ankara"


def test_cli_code_json_and_tsv(cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = cli("code", str(tmp_path), "--format", "json")
    assert result.returncode == 0
    records = json.loads(result.stdout)
    assert len(records) == 2 and records[0]["article"]["title"] == "Turkey sends troops"
    result = cli("code", str(tmp_path), "--format", "tsv")
    rows = list(csv.reader(io.StringIO(result.stdout.decode()), delimiter="\t"))
    assert rows[0][:3] == ["source_id", "status", "reason"]
    statuses = [row[1] for row in rows[1:]]
    assert statuses[-1] == "rejected" and set(statuses[:-1]) == {"coded"}
    assert all(len(row) == len(rows[0]) for row in rows)
    types = [row[rows[0].index("type")] for row in rows[1:-1]]
    assert types == ["MOBILIZE", "AID"]  # one row per event


def test_cli_missing_path_is_usage_error(cli, tmp_path):
    result = cli("code", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no such file or folder" in lines[0]


def test_cli_unknown_flag_is_usage_error(cli):
    result = cli("code", "--frobnicate", "x")
    assert result.returncode == 2
    result = cli("code", "x", "--format", "xml")
    assert result.returncode == 2


def test_cli_ingest_is_idempotent_and_exports(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "MUSCAT – June 8, 2017 – Oman said it would stay neutral."})
        + "\n{bad\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    first = cli("ingest", str(folder), "--db", str(db))
    assert first.returncode == 0, first.stderr.decode()
    assert "read 3 · coded 2 · duplicates 0 · rejected 1 (bad_record 1)" in first.stderr.decode()
    second = cli("ingest", str(folder), "--db", str(db))
    assert "read 3 · coded 0 · duplicates 2 · rejected 1" in second.stderr.decode()
    export = cli("events", "--db", str(db), "--format", "csv")
    assert export.returncode == 0
    assert export.stdout.decode().splitlines()[0].startswith("id,article_id,kind,type")
    out = tmp_path / "events.parquet"
    export = cli("events", "--db", str(db), "--format", "parquet", "--output", str(out))
    assert export.returncode == 0 and pq.read_table(out).num_rows >= 1
    export = cli("events", "--db", str(db), "--format", "jsonl")
    events = [json.loads(line) for line in export.stdout.decode().split("\n") if line]
    assert export.returncode == 0 and len(events) == pq.read_table(out).num_rows
    assert {e["type"] for e in events} == {"MOBILIZE", "AID"}


def test_cli_ingest_default_db_in_working_directory(cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = cli("ingest", "a.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "riftwatch.duckdb").exists()


def test_cli_events_on_missing_store_fails_clearly(cli, tmp_path):
    result = cli("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert "no store" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_cli_demo_builds_store_and_prints_summary(cli, tmp_path):
    result = cli("demo", "--db", str(tmp_path / "demo.duckdb"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "riftwatch demo" in out and "Articles per quarter" in out
    assert "rejected 0" in result.stderr.decode()
    # It ends with the corpus's rifts and one chart. The corpus re-tells two ruptures: Iran revoking Russia's
    # use of an air base (August 2016) and the Gulf states cutting ties with Qatar (June 2017, a dyad with no
    # history before: the onset test). Both are reported, once each, and no other rift is.
    assert "Weaker signals" not in out
    rifts = out[out.index("Rifts and rapprochements in the demo corpus") :]
    rows = [row for row in map(str.split, rifts.splitlines()) if row[1:3] == ["rift", "shift"]]
    began = [(row[0], next(c for c in row if c[:2] in ("19", "20") and c[4:5] == "-")[:7]) for row in rows]
    assert sorted(began) == [("IRN–RUS", "2016-08"), ("QAT–SAU", "2017-06")], rifts
    assert (tmp_path / "demo.png").read_bytes()[:4] == b"\x89PNG"
    from riftwatch.store import Store

    with Store(tmp_path / "demo.duckdb", read_only=True) as store:
        assert store.counts()["articles"] >= 60
        assert all(article.date is not None and article.dateline for article in store.articles())


def test_cli_actors_text_and_mistyped_path(cli, tmp_path):
    result = cli("actors", "Moscow backs Assad.", "--date", "2016-06-26", "--format", "jsonl")
    assert result.returncode == 0
    mentions = json.loads(result.stdout)["mentions"]
    assert [(m["text"], m["actor"]["code"]) for m in mentions] == [("Moscow", "RUSGOV"), ("Assad", "SYRGOV")]
    result = cli("actors", str(tmp_path / "typo.txt"))
    assert result.returncode == 2 and b"no such file" in result.stderr


def test_cli_geoparse_contract_record(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Clashes in Aleppo\n\nBEIRUT – May 3, 2016 – Rebels attacked Syrian troops in Aleppo.",
        encoding="utf-8",
    )
    result = cli("geoparse", str(path))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["source_id"] == str(path) and record["article_id"]
    roles = {(p["text"], p["role"]) for p in record["places"]}
    assert ("BEIRUT", "dateline") in roles and ("Aleppo", "location") in roles
    text = path.read_text(encoding="utf-8")
    for place in record["places"]:
        assert place["text"] in text and {"lat", "lon", "country", "precision", "geonames_id"} <= set(place)
