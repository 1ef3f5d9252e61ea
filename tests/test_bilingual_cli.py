"""Bilingual mode end to end through the CLI (no model): `auditor audit T --source S`."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from bilingual_docs import SOURCE, VARIANTS
from click.testing import CliRunner

from auditor.cli import cli

SCHEMA = json.loads(resources.files("auditor.report").joinpath("schema.json").read_text("utf-8"))


# Never touch the network or the user's caches from these tests.
pytestmark = pytest.mark.usefixtures("isolated_env")


def test_two_translations_with_their_sources(tmp_path: Path) -> None:
    files = {}
    for name, text in (("dropped.de", VARIANTS["dropped"]), ("negation.de", VARIANTS["negation_lost"]),
                       ("original.en", SOURCE)):
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_text(text, "utf-8")
    out = tmp_path / "reports"
    res = CliRunner().invoke(cli, [
        "audit", str(files["dropped.de"]), str(files["negation.de"]),
        "--source", str(files["original.en"]), "--source", str(files["original.en"]),
        "--lang", "de", "--source-lang", "en",
        "--no-backtranslation", "--format", "json", "--select", "meaning", "--out", str(out),
    ], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    source_text = files["original.en"].read_text("utf-8")

    dropped = json.loads((out / "dropped.de.json").read_text("utf-8"))
    jsonschema.validate(dropped, SCHEMA)
    flags = [(s["index"], f["code"]) for s in dropped["sentences"] for f in s["flags"]]
    assert flags == [(4, "MEA004")]
    (ev,) = dropped["sentences"][4]["flags"][0]["evidence"]
    assert source_text[ev["start"]:ev["end"]] == ev["text"]
    assert ev["text"].startswith("Some of these soldiers")
    for s in dropped["sentences"]:
        src = s["source"]
        assert source_text[src["start"]:src["end"]] == src["text"]
    # after the gap, target sentence 5 carries source sentence 6
    assert dropped["sentences"][5]["source"]["sentences"] == [6]
    # the report says how it aligned and which meaning checks could not run without a model
    assert dropped["alignment"]["method"] == "gale-church"
    assert {"source": [5], "target": [], "kind": "1-0"}.items() <= dropped["alignment"]["pairs"][5].items()
    assert dropped["skipped"]["MEA001"] == "needs the back-translation model"

    negation = json.loads((out / "negation.de.json").read_text("utf-8"))
    assert [(s["index"], f["code"]) for s in negation["sentences"] for f in s["flags"]] == [(11, "MEA003")]
