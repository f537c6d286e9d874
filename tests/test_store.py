from __future__ import annotations

import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from riftwatch.errors import StoreError
from riftwatch.models import Article, CodedDocument, Rejection, RejectionReason
from riftwatch.store import SCHEMA_VERSION, Store

from .strategies import coded_documents


def test_store_creates_schema_version(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts() == {"articles": 0, "events": 0, "rejections": 0, "documents": 0, "runs": 0}
    with Store(tmp_path / "s.duckdb") as store:  # reopening migrates nothing twice
        assert store.query("SELECT count(*) FROM schema_version") == [(SCHEMA_VERSION,)]


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (999, current_timestamp)")
    con.close()
    with pytest.raises(StoreError, match="newer riftwatch"):
        Store(path)


def test_store_read_only_missing_file_is_clear(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_store_unopenable_path_is_store_error(tmp_path):
    (tmp_path / "dir.duckdb").mkdir()
    with pytest.raises(StoreError):
        Store(tmp_path / "dir.duckdb")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=coded_documents())
def test_store_round_trips_events(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("rt") / "s.duckdb"
    with Store(path) as store:
        assert store.write_batch([document]) == [False]
        assert list(store.articles()) == [document.article]
        stored = sorted(store.events(), key=lambda e: e.id)
        assert stored == sorted(document.events, key=lambda e: e.id)


def _document(source_id: str, text: str) -> CodedDocument:
    return CodedDocument(
        source_id=source_id, article=Article(id=text[:16].ljust(16, "0"), source_id=source_id, text=text)
    )


def test_store_write_is_idempotent_and_counts_duplicates(tmp_path):
    rejection = Rejection(source_id="bad.txt", reason=RejectionReason.EMPTY, detail="empty file")
    batch = [
        _document("a.txt", "a" * 20),
        _document("b.txt", "b" * 20),
        CodedDocument(source_id="bad.txt", rejection=rejection),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        assert store.write_batch(batch) == [False, False, False]
        before = store.counts()
        assert store.write_batch(batch) == [True, True, False]
        assert store.counts() == before
        # the same article reached through another input is a duplicate, linked but not stored twice
        assert store.write_batch([_document("copy-of-a.txt", "a" * 20)]) == [True]
        assert store.counts()["articles"] == 2
        assert store.accounting() == {
            "coded": 2,
            "duplicate": 1,
            "rejected": 1,
            "read": 4,
            "events": store.counts()["events"],
        }
        assert store.rejected_by_reason() == {"empty": 1}


def test_store_batch_is_one_transaction(tmp_path, monkeypatch):
    with Store(tmp_path / "s.duckdb") as store:
        original = store._insert

        def failing(table, columns, rows):
            if table == "documents":
                raise duckdb.Error("disk full")
            original(table, columns, rows)

        monkeypatch.setattr(store, "_insert", failing)
        with pytest.raises(StoreError, match="disk full"):
            store.write_batch([_document("a.txt", "a" * 20)])
        monkeypatch.undo()
        assert store.counts()["articles"] == 0


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=coded_documents())
def test_store_exports_jsonl_csv_parquet(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("ex") / "s.duckdb"
    with Store(path) as store:
        store.write_batch([document])
        out = io.BytesIO()
        assert store.export_events("jsonl", out) == len(document.events)
        lines = [json.loads(line) for line in out.getvalue().decode().split("\n") if line]
        assert sorted(lines, key=lambda e: e["id"]) == sorted(
            (e.to_dict() for e in document.events), key=lambda e: e["id"]
        )
        out = io.BytesIO()
        store.export_events("csv", out)
        assert out.getvalue().decode().splitlines()[0].startswith("id,article_id,kind,type")
        assert len(out.getvalue().decode().splitlines()) >= 1 + len(document.events)
        out = io.BytesIO()
        store.export_events("parquet", out)
        table = pq.read_table(io.BytesIO(out.getvalue()))
        assert table.num_rows == len(document.events)


def test_store_new_content_under_a_reused_source_id_is_a_new_input(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert store.write_batch([_document("-", "first article from standard input")]) == [False]
        assert store.write_batch([_document("-", "second, different article from stdin")]) == [False]
        assert store.counts()["articles"] == 2
        assert store.write_batch([_document("-", "second, different article from stdin")]) == [True]
        assert store.accounting() == {
            "coded": 2,
            "duplicate": 0,
            "rejected": 0,
            "read": 2,
            "events": store.counts()["events"],
        }


def test_store_migrates_a_version_one_store(tmp_path):
    import riftwatch.store as module

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for statement in module.MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, current_timestamp)")
    con.execute("INSERT INTO documents (source_id, article_id, status) VALUES ('a.txt', 'abc', 'coded')")
    con.close()
    with Store(path) as store:
        assert store.schema_version() == module.SCHEMA_VERSION
        assert store.accounting()["coded"] == 1
        assert store.query("SELECT input_key FROM documents") == [("a.txt|abc",)]


def test_store_held_by_another_process_names_its_pid_and_path(tmp_path):
    """A second process on one store fails at once (no waiting, no traceback) with the holder's pid and the
    path, and the holder's data stays as it wrote it. (tests/test_store_processes.py does it with two real
    ingests; this one needs no spaCy.)"""
    import subprocess
    import sys

    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom riftwatch.store import Store\nfrom riftwatch.models import Rejection, "
            "RejectionReason, CodedDocument\nstore = Store(sys.argv[1])\nstore.write_batch([CodedDocument("
            "source_id='x', rejection=Rejection(source_id='x', reason=RejectionReason.EMPTY, detail='d'))])\n"
            "print('holding', flush=True)\nsys.stdin.read()\nstore.close()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for read_only in (False, True):
            with pytest.raises(StoreError) as caught:
                Store(path, read_only=read_only)
            assert f"the store {path} is in use by another process (pid {holder.pid})" in str(caught.value)
    finally:
        holder.communicate("", timeout=60)
    assert holder.returncode == 0
    with Store(path, read_only=True) as store:
        assert store.accounting()["rejected"] == 1


def test_store_close_waits_for_a_reader_of_another_thread(tmp_path):
    """DuckDB 2 refuses to close a connection while a cursor taken from it runs a query: close() waits for the
    query (the API's background dyads were still running when the server stopped) instead of failing."""
    import threading

    from riftwatch.store import reader

    store = Store(tmp_path / "busy.duckdb")
    handle = reader(store)
    running, release, results = threading.Event(), threading.Event(), []

    def hold(value: int) -> int:  # the query is under way while this waits
        running.set()
        release.wait(30)
        return value

    handle.con.create_function("hold", hold, ["BIGINT"], "BIGINT")
    thread = threading.Thread(target=lambda: results.append(handle.con.execute("SELECT hold(42)").fetchone()))
    thread.start()
    assert running.wait(30)
    threading.Timer(0.5, release.set).start()
    store.close()  # called while the query runs: waits for it, then closes
    thread.join()
    assert results == [(42,)]


def test_interrupting_a_reader_closed_meanwhile_is_harmless(tmp_path):
    # the dashboard's background thread closes its reader as it ends; stopping it may interrupt just after
    from riftwatch.store import Store, interrupt, reader

    with Store(str(tmp_path / "s.duckdb")) as store:
        handle = reader(store)
        interrupt(handle)  # open: nothing running, nothing happens
        handle.close()
        interrupt(handle)  # closed meanwhile: no error
