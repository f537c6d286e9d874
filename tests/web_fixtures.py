"""Fixtures shared by the API, server and dashboard tests: one synthetic store and one real server process.

Import them into a test module with `from .web_fixtures import web_store, live_server  # noqa: F401`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from riftwatch import merge
from riftwatch.store import Store

from .synthetic import build_store, generate_documents

N_EVENTS = 800
SEED = 11


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """The synthetic store as an ingest leaves it: events stored, and merged into real-world events."""
    path = build_store(tmp_path_factory.mktemp("web") / "web.duckdb", N_EVENTS, seed=SEED)
    with Store(path) as store:
        merge.refresh_all(store)
    return path


@pytest.fixture(scope="session")
def web_events() -> list[dict]:
    """The synthetic events as contract dicts, to compute expected answers without SQL."""
    return [
        event.to_dict() for document in generate_documents(N_EVENTS, seed=SEED) for event in document.events
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "riftwatch", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )


def wait_until_up(process: subprocess.Popen, url: str, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            raise RuntimeError(f"riftwatch serve exited with {process.returncode}: {output}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"riftwatch serve did not answer {url} within {seconds} s")


@pytest.fixture(scope="session")
def live_server(web_store) -> Iterator[str]:
    """`riftwatch serve` as a real process on a free port; yields its base URL."""
    port = free_port()
    process = start_server(web_store, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, f"{base}/api/summary")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
