"""The public surface of `import riftwatch` (as httpx's tests/test_exported_members.py holds its own): `__all__`
lists exactly the package's public names, nothing imported for internal use leaks, every subpackage can be
imported under its own name, and the README's Python examples run as written."""

from __future__ import annotations

import importlib
import re
import types

import pytest

import riftwatch

from .conftest import ROOT

TEXT = (
    "MOSCOW, June 26, 2017 - Russia accused Iran of breaking the ceasefire on Sunday. "
    "Iranian officials rejected the accusation.\n"
)


def _is_submodule(value: object) -> bool:
    return isinstance(value, types.ModuleType) and value.__name__.startswith("riftwatch.")


def test_all_lists_exactly_the_public_names():
    public = [
        name
        for name, value in vars(riftwatch).items()
        if (not name.startswith("_") or name == "__version__") and not _is_submodule(value)
    ]
    assert sorted(riftwatch.__all__) == sorted(public)
    assert len(set(riftwatch.__all__)) == len(riftwatch.__all__)


def test_all_names_resolve_and_nothing_private_is_exported():
    for name in riftwatch.__all__:
        value = getattr(riftwatch, name)
        assert not _is_submodule(value), name
        # Everything exported is riftwatch's own (no re-exported stdlib or third-party names).
        module = getattr(value, "__module__", "riftwatch")
        assert module.startswith("riftwatch"), (name, module)


@pytest.mark.parametrize("name", ["dt", "Iterable", "Iterator", "code_paths", "ingest_paths", "RawDocument"])
def test_internal_names_do_not_leak(name):
    assert not hasattr(riftwatch, name)


def test_ingest_function_does_not_hide_a_subpackage():
    assert callable(riftwatch.ingest) and not isinstance(riftwatch.ingest, types.ModuleType)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("riftwatch.ingest")
    readers = importlib.import_module("riftwatch.readers")
    assert hasattr(readers, "read_inputs")
    assert riftwatch.ingest is not readers


def _readme_python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def test_readme_python_examples_run(tmp_path, monkeypatch):
    blocks = _readme_python_blocks()
    assert len(blocks) >= 2
    coding = next(block for block in blocks if "riftwatch.ingest(" in block)
    relations = next(block for block in blocks if "riftwatch.rifts(" in block)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(TEXT, encoding="utf-8")
    namespace: dict[str, object] = {"text": TEXT}
    exec(compile(coding, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    summary = namespace["summary"]
    assert isinstance(summary, riftwatch.RunSummary) and summary.read == 1
    assert any(event.type == riftwatch.EventType.ACCUSE for event in namespace["document"].events)
    with riftwatch.Store("riftwatch.duckdb", read_only=True) as store:
        namespace["my_events_frame"] = store.events_table()
    exec(compile(relations, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert {"source", "target"} <= set(namespace["weekly"].columns)
    assert "triangles" in namespace["edges"].attrs
