"""Machines check what machines can check, through the plain `pytest` command CI runs: ruff's lint rules and
its formatting over the code, and mypy over the typed core ([tool.mypy] in pyproject.toml: models, errors,
settings, relations). Each test fails on any finding and shows the tool's own report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

CHECKED = ["src", "tests", "scripts", "benchmarks"]


def _tool(name: str) -> list[str]:
    """The tool installed beside this Python (the project's .venv), else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'", pytrace=False)
    return [found]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_ruff_check_finds_nothing():
    result = _run([*_tool("ruff"), "check", "--no-cache", *CHECKED])
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = _run([*_tool("ruff"), "format", "--check", "--no-cache", *CHECKED])
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_on_the_typed_core():
    result = _run([*_tool("mypy"), "--no-incremental", "--cache-dir", "/dev/null"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_configuration_names_the_typed_core():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert set(config["files"]) >= {
        "src/riftwatch/models.py",
        "src/riftwatch/errors.py",
        "src/riftwatch/settings.py",
        "src/riftwatch/relations",
    }
