"""Resumable ingest: kill -9 a real `riftwatch ingest` mid-way, run it again, and the store equals that of an
uninterrupted run.

`ingest` commits one transaction per batch, so a killed run leaves whole batches (a prefix of the inputs)
behind; the second run counts those inputs as already read and codes the rest. Near-duplicate detection
reloads the stored signatures, so it links the same copies as one whole run would.

Compared: every column of articles, events, near_duplicates and article_signatures; rejections and documents
without their timestamps (rejected_at, first_seen: when, not what). Excluded by design: `runs`, the log of
invocations — the killed run never finished, so it has no row, and the resumed run's row counts the inputs the
killed run had stored as duplicates. The accounting that matters (documents by status) is compared.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from .webcorpus import FOREIGN, Response, html_page, repost, rss_bytes, story, warc_bytes

BATCH = 16
TABLES = {
    "articles": "SELECT * FROM articles ORDER BY id",
    "events": "SELECT * FROM events ORDER BY id",
    "near_duplicates": "SELECT * FROM near_duplicates ORDER BY article_id",
    "article_signatures": "SELECT * FROM article_signatures ORDER BY article_id",
    "rejections": "SELECT id, source_id, reason, detail FROM rejections ORDER BY id",
    "documents": "SELECT source_id, article_id, status FROM documents ORDER BY source_id",
    "accounting": "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status",
    "merged_events": "SELECT id, num_mentions, num_sources, corroboration FROM merged_events ORDER BY id",
    "merged_mentions": "SELECT event_id, merged_id FROM merged_mentions ORDER BY event_id",
}


def write_corpus(folder: Path) -> int:
    """A few hundred inputs in every web format, with copies, foreign and broken ones; returns the count."""
    folder.mkdir()
    lines = [
        json.dumps({"id": f"j{i}", "text": story(1000 + i).text, "date": story(1000 + i).date.isoformat()})
        for i in range(150)
    ]
    lines += [json.dumps({"id": f"copy{i}", "text": repost(story(1000 + i)).text}) for i in range(0, 40, 4)]
    lines += [json.dumps({"id": f"foreign-{lang}", "text": text}) for lang, text in FOREIGN.items()]
    lines += ["{broken json", json.dumps({"id": "no-text"})]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    responses = [
        Response(f"https://example.org/w/{i}", html_page(story(2000 + i)).encode()) for i in range(40)
    ]
    responses += [
        Response(f"https://example.org/re/{i}", html_page(repost(story(1000 + i)), site="Other").encode())
        for i in (1, 5, 9)
    ]
    responses.append(Response("https://example.org/gone", b"gone", status="404 Not Found"))
    (folder / "crawl.warc.gz").write_bytes(warc_bytes(responses, compress=True))
    (folder / "wire.rss").write_bytes(rss_bytes([(f"r{i}", story(3000 + i)) for i in range(30)]))
    (folder / "pages").mkdir()
    for i in range(30):
        (folder / "pages" / f"{i:02d}.html").write_text(html_page(story(4000 + i)), encoding="utf-8")
    return len(lines) + len(responses) + 30 + 30


def ingest_command(folder: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "riftwatch", "ingest", str(folder), "--db", str(db), *extra]


ENV = {
    **os.environ,
    "RIFTWATCH_BATCH_SIZE": str(BATCH),
    "RIFTWATCH_N_PROCESS": "1",
    "RIFTWATCH_REFERENCE_DATE": "2018-01-01",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        con.close()


@pytest.mark.slow
def test_kill_9_mid_ingest_then_resume_equals_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "corpus"
    total = write_corpus(folder)
    reference_db, resumed_db = tmp_path / "reference.duckdb", tmp_path / "resumed.duckdb"
    # The uninterrupted run works alongside the killed one (two cores).
    reference = subprocess.Popen(
        ingest_command(folder, reference_db), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    victim = subprocess.Popen(
        ingest_command(folder, resumed_db, "--debug"),
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    commits = 0
    deadline = time.monotonic() + 240
    assert victim.stderr is not None
    for line in victim.stderr:
        if "committed a batch" in line:
            commits += 1
            if commits == 4:
                os.kill(victim.pid, signal.SIGKILL)
                break
        assert time.monotonic() < deadline, "the ingest made no progress"
    victim.wait(timeout=60)
    assert commits == 4 and victim.returncode == -signal.SIGKILL, "the run ended before it could be killed"

    stored = snapshot(resumed_db)["documents"]
    assert BATCH * 4 <= len(stored) < total, "the kill did not land mid-way"

    resumed = subprocess.run(
        ingest_command(folder, resumed_db), env=ENV, capture_output=True, text=True, timeout=600
    )
    assert resumed.returncode == 0, resumed.stderr
    _, errors = reference.communicate(timeout=600)
    assert reference.returncode == 0, errors.decode()
    assert f"read {total} " in errors.decode() and f"read {total} " in resumed.stderr

    expected, got = snapshot(reference_db), snapshot(resumed_db)
    for name in TABLES:
        assert got[name] == expected[name], f"{name} differs after kill -9 and resume"
    accounting = dict(expected["accounting"])
    assert sum(accounting.values()) == total
    assert (
        accounting["duplicate"] == 13 and accounting["rejected"] == 6
    )  # 10 + 3 copies; 3 foreign, 2 bad, 1 404
    assert (
        len(expected["near_duplicates"]) == 13 and len(expected["article_signatures"]) == accounting["coded"]
    )
