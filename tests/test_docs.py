"""The docs list every command, and the project's copy of the contract stays in step with the shared one."""

from __future__ import annotations

import pytest

from riftwatch.cli import app

from .conftest import ROOT, SHARED


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"riftwatch {name}" in readme, name


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = ci.splitlines()
    command = lines[lines.index("# The README's test command, verbatim:") + 1]
    assert command.endswith(".venv/bin/python -m pytest") and command in readme


def test_contract_copy_matches_shared_contract():
    shared = SHARED / "CONTRACT.md"
    if not shared.exists():
        pytest.skip("../shared is not on this machine")
    assert (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
