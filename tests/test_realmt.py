"""`auditor eval` on human annotations of real MT output: MQM TSV and critical-error TSV.

The files here are built in the tests, in the layouts of WMT21's MQM and CED releases; the
real data (../shared/realmt/) is measured by tests/test_realmt_data.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.evaluation.realmt import (
    AnnotationError,
    CedEvaluation,
    CedPair,
    MqmEvaluation,
    detokenize_german,
    evaluate_file,
    load_adjudications,
    read_ced,
    read_mqm,
    sniff,
)

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n"


def _row(system: str, seg: int, source: str, target: str, category: str = "No-error",
         severity: str = "No-error", doc: str = "talk.1") -> str:
    return f"{system}\t{doc}\t1\t{seg}\trater1\t{source}\t{target}\t{category}\t{severity}\t\n"


def _mqm(tmp_path: Path) -> Path:
    """Two systems, one talk of four segments: a real doubling annotated, a missed one, a figure error."""
    rows = [HEADER]
    for system in ("sysA", "sysB"):
        rows += [
            _row(system, 1, "The city has 10,000 inhabitants.", "Die Stadt hat 10.000 Einwohner."),
            _row(system, 2, "That is good.", "Das ist <v>ist</v> gut.", "Fluency/Grammar", "Major"),
            _row(system, 2, "That is good.", "Das <v>ist ist</v> gut.", "Style/Awkward", "Minor"),
            _row(system, 3, "He said that the problem was solved.", "Er sagte, dass dass Problem gelöst sei."),
            _row(system, 4, "Ten thousand people came.",
                 "<v>Zehn</v> Menschen kamen." if system == "sysA" else "Zehntausend Menschen kamen.",
                 *(("Accuracy/Mistranslation", "Major") if system == "sysA" else ())),
        ]
    path = tmp_path / "mqm_small.tsv"
    path.write_text("".join(rows), "utf-8")
    return path


def test_mqm_reader_groups_rows_and_strips_span_markers(tmp_path: Path) -> None:
    segments = read_mqm(_mqm(tmp_path))
    assert len(segments) == 8
    two = next(s for s in segments if s.system == "sysA" and s.seg_id == 2)
    assert two.target == "Das ist ist gut."
    assert [(a.category, two.target[a.start:a.end]) for a in two.annotations] == [
        ("Fluency/Grammar", "ist"), ("Style/Awkward", "ist ist")]
    assert two.major and not two.error_free
    one = next(s for s in segments if s.system == "sysA" and s.seg_id == 1)
    assert one.error_free and one.annotations[0].start is None


def test_mqm_scores_segments_false_alarms_and_major_recall(tmp_path: Path) -> None:
    ev = evaluate_file(_mqm(tmp_path), with_source=False)
    assert isinstance(ev, MqmEvaluation)
    s = ev.summary()
    assert (s["segments"], s["error_free"], s["with_major"]) == (8, 5, 3)
    # "ist ist" is found in both systems; "dass dass" is a real error the (imagined)
    # annotators let pass: a flag on an error-free segment
    flagged = {(o.segment.system, o.segment.seg_id): o.codes for o in ev.outcomes if o.codes}
    assert flagged[("sysA", 2)] == ["REP001"] and flagged[("sysB", 2)] == ["REP001"]
    assert flagged[("sysA", 3)] == ["REP001"]
    assert s["false_alarms"] == 2 and s["false_alarm_rate"] == pytest.approx(2 / 5)
    assert ev.per_check()["REP001"]["error_free"] == 2
    # German only, the lost "tausend" is not visible: a miss with its annotation
    assert ("sysA", 4) not in flagged
    misses = {(o.segment.system, o.segment.seg_id) for o in ev.misses()}
    assert ("sysA", 4) in misses
    assert ev.recall_by_category()["Accuracy/Mistranslation"] == {"segments": 1, "found": 0}


def test_mqm_with_source_runs_the_bilingual_checks(tmp_path: Path) -> None:
    ev = evaluate_file(_mqm(tmp_path), with_source=True)
    codes = {(o.segment.system, o.segment.seg_id): o.codes for o in ev.outcomes}
    assert "FIG007" in codes[("sysA", 4)]  # "Zehn" for "Ten thousand"
    assert "FIG007" not in codes[("sysB", 4)]  # "Zehntausend" is right
    assert ev.recall_by_category()["Accuracy/Mistranslation"] == {"segments": 1, "found": 1}


def test_adjudicated_false_alarms_count_as_right(tmp_path: Path) -> None:
    path = _mqm(tmp_path)
    table = tmp_path / "adjudicated.tsv"
    table.write_text("set\tsystem\tdoc\tseg_id\tcheck\treason\n"
                     "mqm_small\tsysA\ttalk.1\t3\tREP001\tdoubled conjunction\n"
                     "other_set\tsysB\ttalk.1\t3\tREP001\tanother file\n", "utf-8")
    judged = load_adjudications("mqm_small", table)
    assert judged == {("sysA", "talk.1", 3): {"REP001": "doubled conjunction"}}
    ev = evaluate_file(path, with_source=False)
    ev.adjudicated = judged
    s = ev.summary()
    assert s["adjudicated"] == 1
    assert s["precision_adjudicated"] == pytest.approx((s["flagged"] - s["false_alarms"] + 1) / s["flagged"])
    assert ev.per_check()["REP001"]["adjudicated"] == 1


def test_threshold_is_applied_after_the_audit(tmp_path: Path) -> None:
    ev = evaluate_file(_mqm(tmp_path), with_source=False)
    low, high = ev.at("low"), ev.at("high")
    assert sum(bool(o.codes) for o in low.outcomes) >= sum(bool(o.codes) for o in ev.outcomes)
    assert all(not o.codes or all(o.flags[c][0] == "high" for c in o.codes) for o in high.outcomes)


def test_mqm_reader_refuses_other_files_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\tc\n", "utf-8")
    with pytest.raises(AnnotationError, match=r"bad.tsv:1: not an MQM TSV"):
        read_mqm(bad)
    short = tmp_path / "short.tsv"
    short.write_text(HEADER + "sysA\ttalk.1\t1\t1\trater1\tsource only\n", "utf-8")
    with pytest.raises(AnnotationError, match=r"short.tsv:2: 6 columns"):
        read_mqm(short)
    twice = tmp_path / "twice.tsv"
    twice.write_text(HEADER + _row("s", 1, "a", "Eins.") + _row("s", 1, "a", "Zwei."), "utf-8")
    with pytest.raises(AnnotationError, match="two different targets"):
        read_mqm(twice)


@pytest.mark.parametrize("tokenised, text", [
    ("Vielen Dank , Alison .", "Vielen Dank, Alison."),
    ("Ich denke , dass es ( wie gesagt ) stimmt ! !", "Ich denke, dass es (wie gesagt) stimmt!!"),
    ('Er sagte " nein " und ging .', 'Er sagte "nein" und ging.'),
    ("Das kostet 5 % mehr : 10 @-@ 20 Euro .", "Das kostet 5 % mehr: 10-20 Euro."),
    ("„ Ja “ , sagte sie .", "„Ja“, sagte sie."),
    ("Es kamen 40 . 000 Menschen , um 06 : 10 Uhr bei 40 , 6 Grad .",
     "Es kamen 40.000 Menschen, um 06:10 Uhr bei 40,6 Grad."),
])
def test_moses_german_is_detokenised(tokenised: str, text: str) -> None:
    assert detokenize_german(tokenised) == text


@pytest.mark.parametrize("tokenised, source, text", [
    # a contraction split on both sides is joined; a quote mark before a word is not
    ("Also don ' t anfassen .", "So don't touch.", "Also don't anfassen."),
    ("Bitte zum ' Signieren ' benutzen .", "Use it to 'sign'.", "Bitte zum ' Signieren ' benutzen."),
    # the source has no spaced dash: the German's spaced hyphens are hyphens
    ("Der Jet basiert auf einer Su - 47 und der Talk - Seite .", "The jet is based on a Su-47 and the talk page.",
     "Der Jet basiert auf einer Su-47 und der Talk-Seite."),
    ("Mit Vor - und Nachnamen .", "With first and last names.", "Mit Vor- und Nachnamen."),
    # the source has a dash of its own: the German keeps its spaced ones
    ("Er kam - wie immer - zu spät .", "He came - as always - too late.", "Er kam - wie immer - zu spät."),
    ("Er kam - wie immer - mit der I - 95 .", "He came - as always - on the I-95.",
     "Er kam - wie immer - mit der I-95."),
    # figures the source keeps apart stay apart; the ones it joins are joined
    ("Am 17 : 53 , 3 . September kamen 40 . 000 .", "At 17:53, 3 September 40.000 came.",
     "Am 17:53, 3. September kamen 40.000."),
    ("Siehe 2 Thessalonicher 2 : 3 .", "See 2 Thessalonians 2:3.", "Siehe 2 Thessalonicher 2:3."),
])
def test_moses_german_is_detokenised_with_the_source(tokenised: str, source: str, text: str) -> None:
    assert detokenize_german(tokenised, source) == text
    if "Su" in tokenised:
        assert detokenize_german(tokenised) != text  # without the source a spaced hyphen is a dash


def _ced(tmp_path: Path) -> Path:
    path = tmp_path / "ced_small.tsv"
    path.write_text(
        "1\tThere are 10,000 soldiers.\tEs gibt 10 Soldaten .\t[1, 1, 1]\tERR\n"
        "2\tHe is not here.\tEr ist hier .\t[1, 1, 0]\tERR\n"
        "3\tThank you, Alison.\tVielen Dank , Alison .\t[0, 0, 0]\tNOT\n"
        "4\tThat is good.\tDas ist ist gut .\t[0, 0, 0]\tNOT\n", "utf-8")
    return path


def test_ced_reader_and_scores(tmp_path: Path) -> None:
    path = _ced(tmp_path)
    assert sniff(path) == "ced"
    pairs = read_ced(path)
    assert [p.critical for p in pairs] == [True, True, False, False]
    assert pairs[2].target == "Vielen Dank, Alison."
    ev = evaluate_file(path, with_source=True)
    assert isinstance(ev, CedEvaluation)
    codes = dict(zip([p.id for p in pairs], ev.codes))
    assert "FIG007" in codes["1"] and "MEA003" in codes["2"]
    assert codes["3"] == [] and codes["4"] == ["REP001"]
    c = ev.counts()
    assert (c["tp"], c["fp"], c["fn"], c["tn"]) == (2, 1, 0, 1)
    assert c["mcc"] == pytest.approx((2 * 1 - 1 * 0) / (3 * 2 * 2 * 1) ** 0.5)


def test_mcc_of_a_known_confusion_matrix() -> None:
    pairs = [CedPair(str(i), "", "", critical) for i, critical in enumerate([True] * 4 + [False] * 6)]
    flags = [{"X": "high"}] * 3 + [{}] + [{"X": "medium"}] + [{}] * 5
    c = CedEvaluation("t", "german", "medium", pairs, flags).counts()
    # tp 3, fn 1, fp 1, tn 5: (15 - 1) / sqrt(4 * 4 * 6 * 6)
    assert c["mcc"] == pytest.approx(14 / 24)
    assert CedEvaluation("t", "german", "high", pairs, flags).counts()["tp"] == 3


def test_eval_cli_reads_annotation_files(tmp_path: Path) -> None:
    mqm = _mqm(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(mqm), "--details"])
    assert result.exit_code == 0, result.output
    assert "mqm_small: MQM, German only" in result.output
    assert "on error-free segments 2" in result.output
    assert "false alarms" in result.output and "dass dass" in result.output
    result = CliRunner().invoke(cli, ["eval", str(mqm), "--with-source", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mode"] == "source" and data["per_check"]["FIG007"]["flags"] == 1
    result = CliRunner().invoke(cli, ["eval", str(_ced(tmp_path)), "--with-source"])
    assert result.exit_code == 0 and "MCC" in result.output


def test_eval_cli_refuses_mixed_and_unknown_inputs(tmp_path: Path) -> None:
    from auditor.evaluation.table import data_dir

    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(_mqm(tmp_path)), str(data_dir() / "seeds.jsonl")])
    assert result.exit_code == 2 and "not both" in result.output
    result = runner.invoke(cli, ["eval", str(data_dir() / "seeds.jsonl"), "--with-source"])
    assert result.exit_code == 2 and "--with-source is for MQM" in result.output
    result = runner.invoke(cli, ["eval", str(tmp_path / "nothing.tsv")])
    assert result.exit_code == 2 and "no such file" in result.output
    assert all("Traceback" not in r for r in (result.output,))


def test_checks_explain_shows_the_measured_precision() -> None:
    result = CliRunner().invoke(cli, ["checks", "explain", "REP001"])
    assert result.exit_code == 0
    assert "Measured on real MT output" in result.output and "precision" in result.output


def test_eval_annotations_with_a_model_runs_the_model_checks(tiny_model_dir: Path, tmp_path: Path) -> None:
    """Plumbing only: the tiny random model back-translates; what it flags means nothing."""
    from auditor.checks import REGISTRY

    path = _mqm(tmp_path)
    args = ["eval", str(path), "--json", "--threshold", "low"]
    plain = CliRunner().invoke(cli, args)
    with_model = CliRunner().invoke(cli, [*args, "--model", str(tiny_model_dir)])
    assert plain.exit_code == 0 and with_model.exit_code == 0, with_model.output
    model_checks = {c.code for c in REGISTRY if "backtranslation" in c.requires}
    assert not model_checks & set(json.loads(plain.output)["per_check"])
    # the random model's log-probabilities make the low-confidence signal fire somewhere
    assert model_checks & set(json.loads(with_model.output)["per_check"])
