"""The evaluation kit: label files resolve, metrics count right, the generator is reproducible."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.checks.base import Finding
from auditor.cli import cli
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.evaluation import corrupt as C
from auditor.evaluation.labels import LabeledSet, LabelError, load, resolve
from auditor.evaluation.metrics import evaluate, label_counts
from auditor.evaluation.table import data_dir, shipped_sets

DATA = data_dir()
SEED_000 = "000_73587cd4eae8b89f"


@pytest.mark.parametrize("name", list(shipped_sets()))
def test_shipped_label_files_resolve_and_cover_every_sentence(name: str) -> None:
    labeled = load(shipped_sets()[name])  # raises on a missing anchor or an unlabeled sentence
    assert labeled.documents and labeled.labels
    for lab in labeled.labels:
        doc = next(d for d in labeled.documents if d.id == lab.document)
        if lab.anchor is not None:
            assert doc.text[lab.start:lab.end] == lab.anchor


def test_seed_labels_hold_the_known_errors() -> None:
    labeled = load(DATA / "seeds.jsonl")
    errors = {(lab.document, lab.anchor): lab for lab in labeled.labels if lab.label == "error"}
    assert errors[(SEED_000, "10 Soldaten")].category == "figure"
    assert errors[(SEED_000, "etwa 3 Soldaten")].severity == "high"
    assert errors[(SEED_000, "verschlechterten sich die Beziehungen")].category == "meaning"
    assert errors[("001_61dbac1a595848b7", "UkraineWas")].category == "garbled"
    assert errors[("002_4d560e9d65afaa3b", "[Russian President Vladimir]")].category == "untranslated"
    counts = label_counts(labeled.labels)
    assert counts["clean"] > 50 and counts["debatable"] >= 3
    # every seed sentence carries a record: 134 sentences, each touched
    assert sum(len(d.sentences) for d in labeled.documents) == 134


def test_missing_anchor_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Die Armee schickte 10.000 Soldaten.\n", "utf-8")
    bad = tmp_path / "labels.jsonl"
    bad.write_text(json.dumps({"document": "doc", "anchor": "10 Soldaten", "label": "error",
                               "category": "figure", "severity": "high"}) + "\n", "utf-8")
    with pytest.raises(LabelError, match=r"labels.jsonl:1: anchor '10 Soldaten'"):
        load(bad)


def test_error_without_category_and_unlabeled_sentence_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(LabelError, match="category"):
        resolve({"document": "d", "anchor": "a", "label": "error", "severity": "high"}, "a b", "x:1")
    (tmp_path / "doc.txt").write_text("Erster Satz ist gut. Zweiter Satz ist auch gut.\n", "utf-8")
    part = tmp_path / "labels.jsonl"
    part.write_text(json.dumps({"document": "doc", "anchor": "Erster Satz ist gut.", "label": "clean"}) + "\n", "utf-8")
    with pytest.raises(LabelError, match="1 sentence"):
        load(part)


def _set(text: str, records: list[dict]) -> LabeledSet:
    doc = prepare_document("d", "d.txt", text, "de")
    return LabeledSet("t", [doc], [resolve(r, text, f"t:{i}") for i, r in enumerate(records)], {})


TEXT = ("Er habe habe nicht gewusst, was die Regierung plant. "
        "Sie sagte, dass der der Chef sei. "
        "Die Ministerin kam kam zu spät. "
        "Das Heer schickte 10 Soldaten.")


def test_metrics_count_found_false_positive_debatable_and_missed() -> None:
    labeled = _set(TEXT, [
        {"document": "d", "anchor": "habe habe", "label": "error", "category": "repetition", "severity": "medium"},
        {"document": "d", "anchor": "Sie sagte, dass der der Chef sei.", "label": "clean"},
        {"document": "d", "anchor": "kam kam", "label": "debatable"},
        {"document": "d", "anchor": "10 Soldaten", "label": "error", "category": "figure", "severity": "high"},
    ])
    result = run_audit(labeled.documents, AuditConfig(select=("REP001",)))
    ev = evaluate(labeled, result)
    rep, fig = ev.per_category["repetition"], ev.per_category["figure"]
    # found: "habe habe"; false positive: "der der" (the pronoun before its article) on a clean sentence; "kam kam" excluded
    assert (rep.errors, rep.found, rep.predictions, rep.correct) == (1, 1, 2, 1)
    assert rep.precision == 0.5 and rep.recall == 1.0
    assert (fig.errors, fig.found, fig.detected) == (1, 0, 0)
    assert ev.overall.recall == 0.5
    assert [fp.text for fp in ev.false_positives] == ["Sie sagte, dass der der Chef sei."]
    assert ev.confusion[("clean", "repetition")] == 1 and ev.confusion[("figure", "-")] == 1
    assert ev.sentences == {"error": 2, "clean": 1, "debatable": 1}
    assert ev.per_check == {"REP001": {"flags": 2, "right": 1}}


def test_metrics_wrong_category_and_threshold() -> None:
    labeled = _set(TEXT, [
        {"document": "d", "anchor": "habe habe", "label": "error", "category": "repetition", "severity": "medium"},
        {"document": "d", "anchor": "Sie sagte, dass der der Chef sei.", "label": "clean"},
        {"document": "d", "anchor": "Die Ministerin kam kam zu spät.", "label": "clean"},
        {"document": "d", "anchor": "10 Soldaten", "label": "error", "category": "figure", "severity": "high"},
    ])
    result = run_audit(labeled.documents, AuditConfig(select=("REP001",)))
    last = result.documents[0].sentences[3]
    start = labeled.documents[0].text.index("10 Soldaten")
    # a hand-made prediction: a name flag on the figure error (wrong category) and a low one
    last.flags = [Finding("X", "x", "name", "medium", "m", start, start + 2),
                  Finding("Y", "y", "figure", "low", "m", start, start + 2)]
    ev = evaluate(labeled, result)
    assert ev.per_category["figure"].found == 0 and ev.per_category["figure"].detected == 1
    assert ev.per_category["name"].predictions == 1 and ev.per_category["name"].correct == 0
    assert ev.confusion[("figure", "name")] == 1
    low = evaluate(labeled, result, threshold="low")
    assert low.per_category["figure"].found == 1


def _apply(name: str, sentence: str, english: str | None = None, nxt: str | None = None, seed: int = 3):
    sentences = [sentence] + ([nxt] if nxt else [])
    sit = C.Situation(sentences=sentences, index=0, english=english,
                      names=C.document_names(sentences, [english] + ([nxt] if nxt else []) if english else None))
    inj = C.INJECTORS[name](sentence, random.Random(seed), sit)
    assert inj is not None, name
    return inj, inj.text[inj.start:inj.end]


def test_each_injector_labels_the_text_it_injected() -> None:
    s = "Nach Angaben der Behörde wurden 2.140.000 Container bewegt, 4,8 Prozent mehr als im Vorjahr."
    inj, span = _apply("lost-thousands", s)
    assert span == "2" and "2 Container" in inj.text and inj.category == "figure"
    inj, span = _apply("wrong-locale", s)
    assert span in ("2,140,000", "4.8") and span in inj.text and span not in s
    inj, span = _apply("changed-number", s)
    assert span not in s.split() and inj.text.replace(span, "", 1) != s.replace(span, "", 1)
    inj, span = _apply("duplicated-word", s)
    word = span.split()[0]
    assert span == f"{word} {word}" and span not in s
    inj, span = _apply("missing-space", s)
    assert " " not in span and span not in s and inj.text.replace(span, "") != s
    inj, span = _apply("dropped-verb", "Die Gewerkschaft Verdi begrüßte diese Zusage am Dienstag.")
    assert "begrüßte" not in inj.text and span in ("Verdi diese",)
    inj, span = _apply("dangling-word", "Der Hafen hat im dritten Quartal mehr Container umgeschlagen als je zuvor.")
    assert inj.text.endswith(f" {span}.") and span[0].isupper() and inj.category == "garbled"
    inj, span = _apply("negation-flip", "Der Umschlag sank um 12 Prozent.")
    assert span == "stieg" and inj.category == "meaning"
    inj, span = _apply("negation-flip", "Arbeitsplätze sollen dabei nicht abgebaut werden.")
    assert "nicht" not in inj.text and span == "dabei abgebaut"
    inj, span = _apply("fused-sentences", "Die Hafenwirtschaft warnt.", nxt="Die Baggerarbeiten seien teurer geworden.")
    assert span == "warnt Die" and inj.consumes == 2 and inj.text == "Die Hafenwirtschaft warnt Die Baggerarbeiten seien teurer geworden."
    de = "Albers kündigte an, bis 2027 insgesamt 450 Millionen Euro in die Automatisierung zu stecken."
    en = "Albers announced that a total of 450 million euros would be spent on automation by 2027."
    inj, span = _apply("english-phrase", de, english=en)
    assert span in en and span not in de and inj.category == "untranslated"
    sentences = ["Kathrin Brandhuber sprach am Dienstag.", "Danach sprach Brandhuber erneut."]
    sit = C.Situation(sentences=sentences, index=1, english=None, names=frozenset({"Brandhuber"}))
    inj = C.name_variant(sentences[1], random.Random(1), sit)
    span = inj.text[inj.start:inj.end]
    assert span != "Brandhuber" and span[0] == "B" and inj.category == "name" and span not in sentences[1]


def test_corrupt_labels_point_at_the_corrupted_text_and_cover_the_rest() -> None:
    src = DATA / "texts" / "wirtschaft_hafen.de.txt"
    (doc_id, text, records), = C.corrupt_file(src, 7, rate=1.0)
    errors = [r for r in records if r["label"] == "error"]
    assert len(errors) >= 5
    assert len({r["injector"] for r in errors}) >= 5  # spread over injectors
    for r in records:
        assert text[r["start"]:r["end"]] == r["anchor"]
    clean = [r for r in records if r["label"] == "clean"]
    assert all(r["anchor"] in src.read_text("utf-8") for r in clean)


def test_generator_is_deterministic_and_the_committed_sets_regenerate(tmp_path: Path) -> None:
    texts = DATA / "texts"
    a = C.corrupt_file(texts / "sport_marathon.de.txt", 1, variants=2)
    b = C.corrupt_file(texts / "sport_marathon.de.txt", 1, variants=2)
    assert a == b
    assert a != C.corrupt_file(texts / "sport_marathon.de.txt", 2, variants=2)
    committed = DATA / "generated" / "dev"
    names = dict.fromkeys(json.loads(line)["document"].rsplit("-v", 1)[0]
                          for line in (committed / "labels.jsonl").read_text("utf-8").splitlines())
    dev = [texts / f"{n}.de.txt" for n in names]  # in the order they were generated
    result = CliRunner().invoke(cli, ["corrupt", *map(str, dev), "--seed", "1", "--variants", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for f in sorted(committed.iterdir()):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in committed.iterdir())


def test_heldout_texts_are_disjoint_from_dev() -> None:
    dev = {json.loads(line)["document"].rsplit("-v", 1)[0]
           for line in (DATA / "generated" / "dev" / "labels.jsonl").read_text("utf-8").splitlines()}
    held = {json.loads(line)["document"].rsplit("-v", 1)[0]
            for line in (DATA / "generated" / "heldout" / "labels.jsonl").read_text("utf-8").splitlines()}
    assert dev and held and not dev & held


def test_eval_cli_prints_table_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(DATA / "seeds.jsonl")])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "figure" in result.output and "labeled -> flagged" in result.output
    result = runner.invoke(cli, ["eval", str(DATA / "seeds.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["threshold"] == "medium"
    assert data["categories"]["figure"]["errors"] == 2
    assert data["labels"]["error:figure"] == 2
    result = runner.invoke(cli, ["eval", str(DATA / "texts.jsonl"), "--markdown"])
    assert result.exit_code == 0 and result.output.startswith("| set | category |")


def test_eval_cli_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text("{not json\n", "utf-8")
    result = CliRunner().invoke(cli, ["eval", str(bad)])
    assert result.exit_code != 0
    assert "labels.jsonl:1: not JSON" in result.output and "Traceback" not in result.output


def test_eval_with_a_model_runs_back_translation(tiny_model_dir: Path, tmp_path: Path) -> None:
    """Plumbing only: the tiny random model back-translates, its numbers mean nothing."""
    (tmp_path / "doc.txt").write_text("Der Hafen hat mehr Container umgeschlagen. Er habe habe nicht gewusst.\n", "utf-8")
    (tmp_path / "labels.jsonl").write_text(
        json.dumps({"document": "doc", "anchor": "Der Hafen hat mehr Container umgeschlagen.", "label": "clean"}) + "\n"
        + json.dumps({"document": "doc", "anchor": "habe habe", "label": "error", "category": "repetition",
                      "severity": "medium"}) + "\n", "utf-8")
    args = ["eval", str(tmp_path / "labels.jsonl"), "--json"]
    result = CliRunner().invoke(cli, [*args, "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["backtranslation"] == "ok" and data["categories"]["repetition"]["found"] == 1
    plain = json.loads(CliRunner().invoke(cli, args).output)
    assert plain["backtranslation"] == "disabled"


def test_table_block_is_replaced_between_markers_only() -> None:
    from auditor.evaluation.table import END, START, replace_block

    doc = f"# Title\n\nbefore\n{START}\nold table\n{END}\nafter\n"
    new = replace_block(doc, "| new |")
    assert new == f"# Title\n\nbefore\n{START}\n| new |\n{END}\nafter\n"
    assert replace_block(new, "| newer |").count(START) == 1
    with pytest.raises(ValueError, match="results:start"):
        replace_block("no markers here", "| x |")


def test_eval_with_source_runs_the_bilingual_checks() -> None:
    from auditor.checks import REGISTRY

    dev = DATA / "generated" / "dev"
    result = CliRunner().invoke(cli, ["eval", str(dev / "labels.jsonl"), "--source", str(dev), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    source_checks = {c.code for c in REGISTRY if "source" in c.requires}
    assert source_checks & set(data["checks"]), data["checks"]
    # changed figures can only be seen against the source: some must be found there
    changed = [e for e in data["errors"] if "changed figure" in e["note"]]
    assert changed and any(e["found"] for e in changed)


def test_cli_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"document": "nowhere", "anchor": "x", "label": "clean"}) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["eval", str(labels)])
    assert result.exit_code == 2 and "no text for document 'nowhere'" in result.output
    src = DATA / "texts" / "sport_marathon.de.txt"
    result = CliRunner().invoke(cli, ["corrupt", str(src), "--seed", "1", "--out", str(tmp_path), "--only", "typos"])
    assert result.exit_code == 2 and "unknown injector or category: 'typos'" in result.output
    result = CliRunner().invoke(cli, ["corrupt", str(src), "--seed", "1", "--out", str(tmp_path / "o"), "--only", "figure"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "o" / "labels.jsonl").read_text("utf-8").splitlines()]
    assert {r["category"] for r in records if r["label"] == "error"} == {"figure"}


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_generated_sets_have_no_unlabeled_doubled_words(part: str) -> None:
    """An injection that doubles a word by accident ("in in Zagreb") would be an unlabeled error."""
    import re

    labeled = load(DATA / "generated" / part / "labels.jsonl")
    for doc in labeled.documents:
        spans = [(lab.start, lab.end) for lab in labeled.labels_for(doc.id)
                 if lab.injector == "duplicated-word"]
        for m in re.finditer(r"\b(\w+)\s+\1\b", doc.text, re.IGNORECASE):
            assert any(a <= m.start() and m.end() <= b for a, b in spans), (doc.id, m.group())
