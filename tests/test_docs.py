"""The docs and the CLI cannot drift apart: every command and flag that README.md and docs/CONTRACT.md show
exists in the real CLI (read from its click command objects, as sqlite-utils' tests/test_docs.py does), every
command of the CLI is in the README, and the project's copy of the contract stays in step with the shared one."""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from riftwatch.cli import app

from .conftest import ROOT, SHARED

DOCS = [ROOT / "README.md", ROOT / "docs" / "CONTRACT.md"]
ROOT_COMMAND = typer.main.get_command(app)


def documented_commands(path: Path) -> list[tuple[str, int, str]]:
    """(file, line, command) for every `riftwatch ...` the file shows: inline code and lines of code blocks."""
    found = []
    in_block = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            command = re.search(r"(?:^|bin/)(riftwatch(?: [^#&;]*)?)", line)
            if command:
                found.append((path.name, number, command.group(1).strip()))
            continue
        for span in re.findall(r"`([^`]+)`", line):
            if span == "riftwatch" or span.startswith("riftwatch "):
                found.append((path.name, number, span.replace("\\|", "|")))
    return found


def _is_group(command: Any) -> bool:
    # Typer may vendor its own click: recognise a group by what it has, not by its class.
    return isinstance(getattr(command, "commands", None), dict)


def _choices(param: Any) -> set[str] | None:
    """The values an option accepts when they form a closed set (an enum or a click Choice)."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {str(member.value) for member in annotation}
    choices = getattr(getattr(param, "type", None), "choices", None)
    return {str(choice) for choice in choices} if choices else None


def check_command(text: str) -> list[str]:
    """What in a documented command line the CLI does not have; empty when it all exists."""
    words = text.split()[1:]
    command = ROOT_COMMAND
    path = ["riftwatch"]
    while words and _is_group(command) and not words[0].startswith(("-", "[")):
        if "|" in words[0]:  # 'riftwatch eval plover|petrarch': each alternative must exist
            head = " ".join(path)
            return [
                p for word in words[0].split("|") for p in check_command(" ".join([head, word, *words[1:]]))
            ]
        if words[0] not in command.commands:
            return [
                f"`{' '.join(path)}` has no command {words[0]!r} (it has: {', '.join(sorted(command.commands))})"
            ]
        command = command.commands[words[0]]
        path.append(words.pop(0))
    options = {opt: param for param in command.params for opt in [*param.opts, *param.secondary_opts]}
    options.setdefault("--help", None)  # type: ignore[arg-type]
    tokens = [t.strip("[](){},") for word in words for t in word.replace("|", " | ").split()]
    problems = []
    for index, token in enumerate(tokens):
        if not token.startswith("-") or token == "-":
            continue
        flag, _, value = token.partition("=")
        if flag not in options:
            problems.append(f"`{' '.join(path)}` has no option {flag} (it has: {', '.join(sorted(options))})")
            continue
        values = [value] if value else []
        rest = tokens[index + 1 :]
        while rest and not rest[0].startswith("-") and (not values or values[-1] == "|" or rest[0] == "|"):
            values.append(rest.pop(0))  # 'jsonl | csv | parquet'
        choices = _choices(options[flag]) if options[flag] is not None else None
        for candidate in (v for v in values if v != "|" and v == v.lower() and v.isidentifier()):
            if choices is not None and candidate not in choices:
                problems.append(
                    f"`{' '.join(path)} {flag}` does not accept {candidate!r} (it accepts: {', '.join(sorted(choices))})"
                )
    return problems


DOCUMENTED = [entry for path in DOCS for entry in documented_commands(path)]


def test_docs_show_commands_at_all():
    names = {name for name, _, _ in DOCUMENTED}
    assert names == {"README.md", "CONTRACT.md"} and len(DOCUMENTED) > 10


@pytest.mark.parametrize(("doc", "line", "command"), DOCUMENTED, ids=[f"{d}:{n}" for d, n, _ in DOCUMENTED])
def test_documented_command_exists_in_the_cli(doc, line, command):
    problems = check_command(command)
    assert not problems, f"{doc} line {line} shows `{command}`, but " + "; ".join(problems)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("riftwatch events --db FILE --format jsonl|csv|parquet [--output FILE]", []),
        ("riftwatch eval plover FILE", []),
        ("riftwatch eval plover|petrarch|nosuch", ["`riftwatch eval` has no command 'nosuch'"]),
        ("riftwatch --version", []),
        ("riftwatch nosuch --db FILE", ["has no command 'nosuch'"]),
        ("riftwatch events --db FILE --since D", ["`riftwatch events` has no option --since"]),
        ("riftwatch events --format jsonl|xml", ["`riftwatch events --format` does not accept 'xml'"]),
        ("riftwatch eval plover --bootstrap 10 --nosuch", ["`riftwatch eval plover` has no option --nosuch"]),
        ("riftwatch ingest PATH... [--db FILE | --date D]", []),
    ],
)
def test_check_command_finds_what_the_cli_lacks(command, expected):
    problems = check_command(command)
    assert len(problems) == len(expected) and all(e in p for e, p in zip(expected, problems, strict=True)), (
        problems
    )


def _leaf_commands(command: Any, path: str) -> list[str]:
    if _is_group(command):
        return [
            leaf for name, sub in command.commands.items() for leaf in _leaf_commands(sub, f"{path} {name}")
        ]
    return [path]


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path for path in _leaf_commands(ROOT_COMMAND, "riftwatch") if path not in readme]
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


def test_readme_says_every_command_takes_debug_and_it_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if "Every command takes `--debug`" not in readme:
        pytest.fail("README.md no longer says every command takes --debug: update this test with it")
    lacking = [path for path in _leaf_commands(ROOT_COMMAND, "riftwatch") if check_command(f"{path} --debug")]
    assert not lacking, f"README.md says every command takes --debug; these do not: {', '.join(lacking)}"


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
