from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
SEED = SHARED / "seeds" / "000_8c47a0223c456b1a.txt"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("the reference article (../shared/seeds) is not on this machine")
    return SEED


@pytest.fixture
def data_dir() -> Path:
    return DATA


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None):
    """Run the real `riftwatch` entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "riftwatch", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture
def cli():
    return run_cli
