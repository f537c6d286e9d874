"""Bring your own events: GDELT 2.0, ICEWS and PLOVER/POLECAT files into the store, every row accounted for."""

from __future__ import annotations

import pytest

import riftwatch
from riftwatch.errors import ConfigError
from riftwatch.importers import import_events, read_events

from .conftest import DATA

FILES = {
    "gdelt": DATA / "imports" / "gdelt_events.tsv",
    "icews": DATA / "imports" / "icews_events.tab",
    "plover": DATA / "imports" / "polecat_events.json",
}
EXPECTED = {
    "gdelt": (3, {"no_plover_type": 1, "bad_date": 1, "bad_row": 1}),
    "icews": (3, {"no_plover_type": 1, "bad_row": 1}),
    "plover": (3, {"unknown_type": 1, "bad_row": 2}),
}


@pytest.mark.parametrize("fmt", FILES)
def test_every_row_is_imported_or_rejected_with_a_reason(tmp_path, fmt):
    with riftwatch.Store(tmp_path / "s.duckdb") as store:
        summary = import_events(fmt, FILES[fmt], store).to_dict()
        imported, reasons = EXPECTED[fmt]
        assert summary["imported"] == imported
        assert summary["rejected_by_reason"] == reasons
        assert summary["read"] == summary["imported"] + summary["duplicates"] + summary["rejected"]
        assert store.counts()["events"] == imported
        assert len(store.rejections()) == sum(reasons.values())
        again = import_events(fmt, FILES[fmt], store).to_dict()
        assert again["imported"] == 0 and again["duplicates"] == imported
        table = store.events_table().to_pandas()
        assert table["id"].str.startswith(f"{fmt}:").all()
        assert (table["evidence_rule"] == f"import:{fmt}").all()


def test_gdelt_mapping_uses_cameo_table():
    events = [e for e in read_events("gdelt", FILES["gdelt"]) if hasattr(e, "type")]
    first, second, third = events
    assert (first.type, first.cameo, first.goldstein, first.quad_class) == ("ACCUSE", "112", -2.0, 3)
    assert (first.source.code, first.target.code, str(first.date)) == ("IRNGOV", "RUS", "2016-08-22")
    assert second.type == "AGREE" and second.source.code == "RUSMIL"  # 036: intent to meet is a promise
    assert third.article_id == "gdelt:https://example.org/a2" and third.location.lat == 35.75


def test_icews_actors_sectors_and_groups():
    events = {e.id: e for e in read_events("icews", FILES["icews"]) if hasattr(e, "type")}
    assert events["icews:7000001"].source.code == "SAU" and events["icews:7000001"].type == "SANCTION"
    assert events["icews:7000002"].source.code == "QATGOV"
    assert events["icews:7000003"].source.code == "TURMIL" and events["icews:7000003"].goldstein == 7.4


def test_plover_old_types_and_both_key_styles():
    events = {e.id: e for e in read_events("plover", FILES["plover"]) if hasattr(e, "type")}
    assert events["plover:pc-2"].type == "ACCUSE"  # DISAPPROVE, an older PLOVER type
    assert events["plover:pc-1"].source.code == "IRNGOV"
    assert events["plover:pv-3"].target.code == "IRNGOV" and events["plover:pv-3"].cameo == "04"


def test_not_an_icews_file_is_a_clear_error(tmp_path):
    path = tmp_path / "x.tab"
    path.write_text("a\tb\n1\t2\n")
    with pytest.raises(ConfigError, match="not an ICEWS event file"):
        list(read_events("icews", path))


def test_cli_import_then_dyad_and_network(cli, tmp_path):
    db = tmp_path / "imported.duckdb"
    result = cli("import", "gdelt", str(FILES["gdelt"]), "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()
    assert "read 6 · imported 3 · duplicates 0 · rejected 3" in result.stderr.decode()
    for fmt in ("icews", "plover"):
        assert cli("import", fmt, str(FILES[fmt]), "--db", str(db)).returncode == 0
    dyad = cli("dyad", "irn", "rus", "--db", str(db), "--by", "month", "--format", "jsonl")
    assert dyad.returncode == 0, dyad.stderr.decode()
    assert '"source": "IRN", "target": "RUS"' in dyad.stdout.decode()
    chart = tmp_path / "net.svg"
    network = cli(
        "network",
        "--period",
        "2016-01-01:2017-12-31",
        "--db",
        str(db),
        "--format",
        "csv",
        "--chart",
        str(chart),
    )
    assert network.returncode == 0, network.stderr.decode()
    assert network.stdout.decode().startswith("source,target,sign")
    assert chart.read_text().lstrip().startswith("<?xml")
    table = cli("dyad", "IRN", "RUS", "--db", str(db))
    assert "The events behind each point" in table.stdout.decode()
    bad = cli("network", "--period", "2016", "--db", str(db))
    assert bad.returncode == 2 and b"START:END" in bad.stderr
    unknown = cli("import", "acled", str(FILES["gdelt"]), "--db", str(db))
    assert unknown.returncode == 2
