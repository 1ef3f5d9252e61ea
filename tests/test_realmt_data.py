"""Measured on real MT output: README's real-MT table and auditor/checks/measured.json are current,
and every check that may say medium or high is right there at least 80 % of the time.

Runs only where the annotated data is (../shared/realmt/, beside the checkout; the project never
ships it): elsewhere these tests are skipped, and pytest's summary says why.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.evaluation import realmt_table as T
from auditor.evaluation.realmt import ADJUDICATED

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "realmt"

pytestmark = pytest.mark.skipif(
    not (DATA / T.MQM_FILE).is_file(),
    reason=f"real-MT data not found at {DATA}: README's real-MT table and check calibration NOT verified")


@pytest.fixture(scope="module")
def evals() -> dict:
    return T.run(DATA)  # about two minutes: both files, German only and with sources


def test_readme_table_and_measured_json_are_current(evals: dict) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = T._block(readme)
    assert block is not None, "README lacks the realmt block"
    assert T._undated(block) == T._undated(T.render(evals)), \
        "README's real-MT table is stale: python -m auditor.evaluation.realmt_table --write README.md"
    import json

    shipped = json.loads(T.MEASURED.read_text("utf-8"))
    shipped.pop("generated", None)
    assert shipped == T.measured(evals), "auditor/checks/measured.json is stale: same command"


def test_severity_is_measured_confidence(evals: dict) -> None:
    assert T.calibration_problems(T.measured(evals)) == []


def test_every_adjudication_names_a_flag_on_an_error_free_segment(evals: dict) -> None:
    """An adjudicated false alarm whose flag disappeared (or that the annotators did mark) is stale."""
    mqm = evals["mqm_source"].at("low")
    flagged = {(o.segment.system, o.segment.doc, o.segment.seg_id): (o.segment.error_free, set(o.codes))
               for o in mqm.outcomes}
    with open(ADJUDICATED, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["set"] == Path(T.MQM_FILE).stem]
    for r in rows:
        key = (r["system"], r["doc"], int(r["seg_id"]))
        assert key in flagged, f"adjudication for a segment not in the data: {key}"
        error_free, codes = flagged[key]
        assert error_free, f"{key} carries an annotated error: no adjudication needed"
        assert r["check"] in codes, f"{key}: {r['check']} no longer flags it"
        assert r["reason"].strip(), f"{key}: say why it is an error"
