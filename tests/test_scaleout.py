"""The Dask engine stores exactly what a serial run stores, and loses no shard."""

from __future__ import annotations

import json

import pytest

from riftwatch import scaleout
from riftwatch.pipeline import ingest_paths
from riftwatch.scaleout import Shard, ingest_with_dask, read_shard
from riftwatch.settings import Settings
from riftwatch.store import Store

pytest.importorskip("distributed")

ARTICLES = [
    ("k1", "2021-03-03", "Kenya accused Somalia on Tuesday of violating its airspace near Mandera."),
    ("k2", "2021-03-04", "Somalia rejected the accusation and recalled its ambassador from Nairobi."),
    ("k3", None, "The weather in the capital was mild, and the markets were busy."),
    (
        "k4",
        "2021-03-04",
        "Somalia rejected the accusation and recalled its ambassador from Nairobi.",
    ),  # a repeat
]


def _write(folder, name, records):
    path = folder / name
    with open(path, "w", encoding="utf-8") as out:
        for source_id, date, text in records:
            out.write(json.dumps({"id": source_id, "date": date, "text": text}) + "\n")
    return path


def _contents(path):
    with Store(path, read_only=True) as store:
        return (
            store.accounting(),
            sorted(store.query("select id, source_id, date, text, duplicate_of from articles")),
            sorted(
                store.query("select id, article_id, type, cameo, source_code, target_code, date from events")
            ),
            sorted(store.query("select source_id, reason from rejections")),
            sorted(store.query("select source_id, article_id, status from documents")),
        )


def test_dask_on_two_local_workers_stores_what_a_serial_run_stores(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "b").mkdir(parents=True)
    _write(inputs, "a.jsonl", ARTICLES[:2])
    _write(inputs / "b", "c.jsonl", ARTICLES[2:])
    (inputs / "b" / "empty.jsonl").write_text("")
    (inputs / "broken.jsonl").write_text("{not json\n")
    settings = Settings(reference_date="2021-03-05")
    with Store(tmp_path / "serial.duckdb") as store:
        serial = ingest_paths([str(inputs)], store, settings)
    with Store(tmp_path / "dask.duckdb") as store:
        parallel = ingest_with_dask(
            [str(inputs)], store, settings, n_workers=2, parquet_dir=str(tmp_path / "parquet")
        )
    assert parallel.to_dict() == serial.to_dict()
    assert parallel.read == parallel.coded + parallel.duplicates + sum(parallel.rejected.values())
    assert serial.duplicates == 1 and serial.events > 0
    assert _contents(tmp_path / "dask.duckdb") == _contents(tmp_path / "serial.duckdb")
    # the Parquet output is partitioned by date, one folder per shard
    shard = tmp_path / "parquet" / "shard-00000"
    assert sorted(p.name for p in shard.iterdir()) == ["date=2021-03-03", "date=2021-03-04"]
    assert [d.article.date.isoformat() for d in read_shard(str(shard))] == ["2021-03-03", "2021-03-04"]


def test_a_shard_that_fails_is_reported_and_counted(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, "a.jsonl", ARTICLES[:1])
    # a file that vanishes between sharding and coding: its task fails on every attempt
    vanished = str(tmp_path / "gone" / "z.jsonl")
    monkeypatch.setattr(
        scaleout, "shards_of", lambda paths: [Shard(0, str(inputs / "a.jsonl")), Shard(1, vanished)]
    )
    with Store(tmp_path / "dask.duckdb") as store:
        summary = ingest_with_dask(
            [str(inputs)], store, Settings(), n_workers=1, parquet_dir=str(tmp_path / "pq")
        )
        rejections = store.query("select source_id, reason, detail from rejections")
    assert summary.read == 2 and summary.coded == 1 and summary.rejected == {"processing_error": 1}
    assert rejections[0][0] == vanished and "3 attempts" in rejections[0][2]
