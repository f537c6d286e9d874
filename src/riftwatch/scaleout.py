"""Ingest beyond one machine on Dask distributed: shards of the input coded on workers, gathered in order.

    summary = ingest_with_dask(paths, store, settings, scheduler="tcp://10.0.0.5:8786")

1. The inputs are cut into shards: one per file (a folder gives its files, in the order `read_inputs` walks it).
2. Each shard is a Dask task. A worker codes it with the ordinary pipeline in a child process of its own that
   loads spaCy once and keeps it for every later shard (nothing loaded is ever shipped: tasks carry paths and
   settings). The child runs the code in its main thread, so the per-document time budget holds there too.
3. A shard's coded documents are written to Parquet under `parquet_dir/shard-NNNNN/`, partitioned by the
   article's date (`date=YYYY-MM-DD`, `date=undated`), with explicit string columns.
4. The client reads the shards back in input order and stores them exactly as a serial run does
   (`pipeline.store_documents`: duplicates marked against everything before, one transaction per batch), so
   the store equals a serial run's. A shard that still fails after its retries becomes one `processing_error`
   rejection naming the file: reported and counted, never silently lost.

Inputs and `parquet_dir` must be on a file system every worker and the client see (a shared disk or mount).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from .errors import ConfigError
from .models import Article, CodedDocument, Event, Rejection, RejectionReason, RunSummary
from .readers import check_paths, list_files
from .settings import Settings
from .store import Store

logger = logging.getLogger(__name__)

RETRIES = 2  # a shard whose worker died (out of memory, killed) runs again on another worker this often
STRING_COLUMNS = ("source_id", "date", "article", "events", "rejection")
_EXECUTOR: ProcessPoolExecutor | None = None


@dataclass(frozen=True, slots=True)
class Shard:
    number: int
    path: str


def shards_of(paths: Sequence[str]) -> list[Shard]:
    """One shard per input file, folders expanded in reading order; standard input cannot be sharded."""
    if "-" in paths:
        raise ConfigError("--engine dask reads files and folders, not standard input ('-')")
    files = [path for given in check_paths(paths) for path in list_files(given)]
    return [Shard(number, path) for number, path in enumerate(files)]


# --- on a worker -------------------------------------------------------------------------------------------


def code_shard(shard: Shard, settings: Settings, parquet_dir: str) -> tuple[str, int]:
    """A Dask task: code one shard into Parquet; returns the shard's folder and how many documents it holds."""
    if multiprocessing.current_process().daemon:
        # A daemonic worker may not start a child: code here (the alarm-based budget cannot interrupt a
        # worker thread; the time charged to spaCy still rejects a document over budget afterwards).
        logger.warning(
            "dask worker is daemonic: set distributed.worker.daemon to False to keep the time budget"
        )
        return _code_to_parquet(shard, settings, parquet_dir)
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_follow_parent,
            initargs=(os.getpid(),),
        )
    try:
        return _EXECUTOR.submit(_code_to_parquet, shard, settings, parquet_dir).result()
    except BrokenProcessPool:
        _EXECUTOR = None  # the child died: the next shard starts a fresh one; Dask retries this one
        raise


def _follow_parent(parent: int) -> None:
    """In the shard child: exit as soon as the worker that started it is gone (a worker is often killed,
    not shut down, and an orphaned child would keep its memory and hold its parent's pipes open)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="riftwatch-follow-parent").start()


def shutdown_shard_child() -> None:
    """Stop this worker's shard child (run on every worker when a run ends)."""
    global _EXECUTOR
    if _EXECUTOR is not None:
        _EXECUTOR.shutdown(wait=True, cancel_futures=True)
        _EXECUTOR = None


def _code_to_parquet(shard: Shard, settings: Settings, parquet_dir: str) -> tuple[str, int]:
    import pandas as pd

    from .pipeline import code_documents
    from .readers import read_inputs

    rows: list[dict[str, Any]] = []
    for seq, document in enumerate(code_documents(read_inputs([shard.path], settings), settings)):
        article = document.article
        rows.append(
            {
                "seq": seq,
                "source_id": document.source_id,
                "date": article.date.isoformat() if article is not None and article.date else "undated",
                "article": json.dumps(article.to_dict()) if article is not None else None,
                "events": json.dumps([event.to_dict() for event in document.events]),
                "rejection": json.dumps(document.rejection.to_dict()) if document.rejection else None,
            }
        )
    target = os.path.join(parquet_dir, f"shard-{shard.number:05d}")
    shutil.rmtree(target, ignore_errors=True)  # a retried shard is written whole again, never twice
    if rows:
        frame = pd.DataFrame(rows).astype({"seq": "int64", **dict.fromkeys(STRING_COLUMNS, "string")})
        frame.to_parquet(target, partition_cols=["date"], index=False)
    return target, len(rows)


# --- on the client -----------------------------------------------------------------------------------------


def read_shard(folder: str) -> Iterator[CodedDocument]:
    """A shard's documents back from Parquet, in input order."""
    import pandas as pd

    if not os.path.isdir(folder):
        return
    frame = pd.read_parquet(folder).sort_values("seq")
    for row in frame.itertuples(index=False):
        article = Article.from_dict(json.loads(row.article)) if isinstance(row.article, str) else None
        rejection = Rejection.from_dict(json.loads(row.rejection)) if isinstance(row.rejection, str) else None
        events = tuple(Event.from_dict(e) for e in json.loads(row.events))
        yield CodedDocument(source_id=row.source_id, article=article, events=events, rejection=rejection)


def ingest_with_dask(
    paths: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    parquet_dir: str | None = None,
    on_document: Callable[[CodedDocument, bool], None] | None = None,
) -> RunSummary:
    """Code the inputs on a Dask cluster (the scheduler at `scheduler`, else a LocalCluster of `n_workers`
    processes, one per core by default) and store them as a serial run would."""
    import dask
    from distributed import Client, LocalCluster

    from .nlp import cores
    from .pipeline import store_documents

    settings = replace(settings or Settings(), n_process=1)  # one process per worker: Dask is the parallelism
    shards = shards_of(paths)
    own_dir = parquet_dir is None
    parquet_dir = parquet_dir or tempfile.mkdtemp(prefix="riftwatch-shards-")
    try:
        with dask.config.set({"distributed.worker.daemon": False}):
            if scheduler:
                client = Client(scheduler)
                cluster = None
            else:
                cluster = LocalCluster(
                    n_workers=n_workers or cores(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                client = Client(cluster)
            try:
                futures = client.map(
                    code_shard,
                    shards,
                    settings=settings,
                    parquet_dir=parquet_dir,
                    retries=RETRIES,
                    pure=False,
                )

                def gathered() -> Iterator[CodedDocument]:
                    for shard, future in zip(shards, futures, strict=True):
                        try:
                            folder, _count = future.result()
                        except Exception as exc:  # after its retries: say which file, count it, go on
                            logger.error("shard %s failed: %s", shard.path, exc)
                            detail = f"shard failed after {RETRIES + 1} attempts: {type(exc).__name__}: {exc}"
                            reason = RejectionReason.PROCESSING_ERROR
                            yield CodedDocument(
                                source_id=shard.path,
                                rejection=Rejection(source_id=shard.path, reason=reason, detail=detail),
                            )
                            continue
                        yield from read_shard(folder)
                        future.release()

                return store_documents(gathered(), list(paths), store, settings, on_document)
            finally:
                if cluster is not None:  # workers of a shared cluster keep their child for the next run
                    client.run(shutdown_shard_child)
                client.close()
                if cluster is not None:
                    cluster.close()
    finally:
        if own_dir:
            shutil.rmtree(parquet_dir, ignore_errors=True)
