"""The store under real processes: two `riftwatch ingest` on one file, and a kill -9 inside the store's write.

A second ingest on a store another process has open fails at once with a clear message and leaves the file
as the first one makes it. A process killed inside a batch's transaction (after its articles and events went
in, before the commit) leaves no part of that batch behind; running the ingest again gives exactly the store of
one uninterrupted run (tests/test_resume.py kills between batches).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_resume import ENV, TABLES, ingest_command, snapshot
from .webcorpus import story

BATCH = 16


def write_jsonl(folder: Path, count: int) -> int:
    folder.mkdir()
    lines = [
        json.dumps({"id": f"s{i}", "text": story(500 + i).text, "date": story(500 + i).date.isoformat()})
        for i in range(count)
    ]
    lines.append("{broken")
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


@pytest.mark.slow
def test_second_ingest_on_a_busy_store_fails_at_once_and_the_first_completes(tmp_path):
    folder = tmp_path / "corpus"
    # long enough that the second ingest and the export, each a new process, start while the first still runs
    total = write_jsonl(folder, 320)
    db = tmp_path / "shared.duckdb"
    first = subprocess.Popen(
        ingest_command(folder, db, "--debug"),
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert first.stderr is not None
    deadline = time.monotonic() + 240
    for line in first.stderr:  # the first run holds the store once it has committed a batch
        if "committed a batch" in line:
            break
        assert time.monotonic() < deadline, "the first ingest made no progress"
    second = subprocess.run(ingest_command(folder, db), env=ENV, capture_output=True, text=True, timeout=120)
    export = subprocess.run(
        [sys.executable, "-m", "riftwatch", "events", "--db", str(db)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rest = first.stderr.read()
    first.wait(timeout=600)
    assert first.poll() is not None, "the first ingest was still running when the second one ended"
    for other in (second, export):
        assert other.returncode == 1, other.stderr
        assert f"the store {db} is in use by another process (pid {first.pid})" in other.stderr
        assert "Traceback" not in other.stderr
    assert first.returncode == 0, rest
    assert f"read {total} " in rest
    after = subprocess.run(ingest_command(folder, db), env=ENV, capture_output=True, text=True, timeout=600)
    assert (
        after.returncode == 0
        and f"read {total} · coded 0 · duplicates {total - 1} · rejected 1" in after.stderr
    )
    accounting = dict(snapshot(db)["accounting"])
    assert sum(accounting.values()) == total and accounting["rejected"] == 1


# Runs the real CLI in a process that SIGKILLs itself inside its third batch's transaction, after the events
# are inserted and before the commit: a kill -9 that lands in the store's write, every time.
KILL_INSIDE_WRITE = """
import os, signal, sys
from riftwatch import store
from riftwatch.cli import app

original, batches = store.Store._insert, []

def insert(self, table, columns, rows):
    original(self, table, columns, rows)
    if table == "events":
        batches.append(table)
        if len(batches) == 3:
            os.kill(os.getpid(), signal.SIGKILL)

store.Store._insert = insert
sys.argv = ["riftwatch", *sys.argv[1:]]
app()
"""


@pytest.mark.slow
def test_kill_9_inside_the_store_write_then_resume_equals_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "corpus"
    total = write_jsonl(folder, 60)
    reference_db, resumed_db = tmp_path / "reference.duckdb", tmp_path / "resumed.duckdb"
    env = ENV | {"RIFTWATCH_BATCH_SIZE": str(BATCH)}
    reference = subprocess.Popen(
        ingest_command(folder, reference_db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    args = ingest_command(folder, resumed_db)[3:]  # after `python -m riftwatch`
    victim = subprocess.run(
        [sys.executable, "-c", KILL_INSIDE_WRITE, *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert victim.returncode == -signal.SIGKILL, victim.stderr
    stored = snapshot(resumed_db)
    assert len(stored["documents"]) == 2 * BATCH, "the killed batch left part of itself behind"
    event_articles = {row[1] for row in stored["events"]}
    assert event_articles <= {row[0] for row in stored["articles"]}

    resumed = subprocess.run(
        ingest_command(folder, resumed_db), env=env, capture_output=True, text=True, timeout=600
    )
    assert resumed.returncode == 0, resumed.stderr
    _, errors = reference.communicate(timeout=600)
    assert reference.returncode == 0, errors.decode()
    expected, got = snapshot(reference_db), snapshot(resumed_db)
    for name in TABLES:
        assert got[name] == expected[name], f"{name} differs after kill -9 inside the write and resume"
    assert sum(dict(expected["accounting"]).values()) == total
    assert os.path.getsize(resumed_db) > 0
