"""Re-audits served from the cache: whole-run results, segmentations, language answers.

What must hold: a reused run writes the same reports as a fresh one; anything that can
change a flag (a text, a file name, the checks, the model, auditor's code) audits afresh;
review decisions still apply; a damaged entry is recomputed, never an error."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import auditor.engine
from auditor import runcache
from auditor.cache import TranslationCache
from auditor.cli import cli
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.review.fingerprint import sentence_hash
from auditor.review.store import DecisionStore, validate_decision
from auditor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.joinpath("seeds").glob("*.txt"))

pytestmark = pytest.mark.usefixtures("isolated_env")


def seed_documents(n: int = 5) -> list:
    return [prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in SEEDS[:n]]


@pytest.fixture
def audits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the engine's audits (a reused run makes none)."""
    calls: list[int] = []
    real = auditor.engine.run_audit

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(auditor.engine, "run_audit", counting)
    return calls


def audit(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["audit", *args], catch_exceptions=False)


def reports(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir()) if p.suffix in (".json", ".html")}


# --------------------------------------------------------------------------- serialisation


def test_result_survives_the_round_trip_text_only() -> None:
    result = run_audit(seed_documents(), AuditConfig())
    assert sum(len(s.flags) for d in result.documents for s in d.sentences) > 40
    assert runcache.load_result(runcache.dump_result(result)) == result


def test_result_survives_the_round_trip_with_model_and_source(tiny_model_dir: Path) -> None:
    from auditor.backends.base import GenerationSettings
    from auditor.translate import build_translator
    from bilingual_docs import SOURCE, TARGET  # the tests' bilingual article

    target = prepare_document("austin", "austin.de.txt", TARGET, "de")
    source = prepare_document("austin-en", "austin.en.txt", SOURCE, "en")
    translator = build_translator(str(tiny_model_dir), backend="transformers", settings=GenerationSettings(),
                                  cache=None)
    result = run_audit([target, *seed_documents(1)], AuditConfig(), translator=translator,
                       sources={target.id: source})
    first = result.documents[0]
    assert first.alignment and first.source_document is not None
    assert any(s.source for s in first.sentences) and all(s.backtranslation for s in first.sentences)
    again = runcache.load_result(runcache.dump_result(result))
    assert again == result
    # aligned source sentences are the source document's own sentences again
    assert all(s in again.documents[0].source_document.sentences for r in again.documents[0].sentences
               for s in r.source)


@pytest.mark.parametrize("blob", [b"", b"not zlib", __import__("zlib").compress(b'{"documents": [{}]}')])
def test_damaged_result_is_a_value_error(blob: bytes) -> None:
    with pytest.raises(ValueError, match="unreadable cached result"):
        runcache.load_result(blob)


# --------------------------------------------------------------------------- the CLI


def test_unchanged_run_is_reused_with_identical_reports(tmp_path: Path, audits: list[int]) -> None:
    args = (*map(str, SEEDS), "--no-backtranslation", "--out")
    first = audit(*args, str(tmp_path / "a"))
    assert first.exit_code == 0 and len(audits) == 1 and "its result was reused" not in first.output
    second = audit(*args, str(tmp_path / "b"))
    assert second.exit_code == 0 and len(audits) == 1, second.output
    assert "its result was reused" in second.output
    assert reports(tmp_path / "a") == reports(tmp_path / "b")
    fresh = audit(*args, str(tmp_path / "c"), "--no-cache")
    assert fresh.exit_code == 0 and len(audits) == 2
    assert reports(tmp_path / "a") == reports(tmp_path / "c")


def test_anything_that_can_change_a_flag_audits_afresh(tmp_path: Path, audits: list[int],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in SEEDS[:2]:
        (docs / p.name).write_text(p.read_text("utf-8"), "utf-8")
    files = sorted(str(p) for p in docs.iterdir())
    out = ("--no-backtranslation", "--out", str(tmp_path / "r"))
    assert audit(*files, *out).exit_code == 0 and len(audits) == 1
    # one character of one document (cross-document checks: the whole run is new)
    path = Path(files[1])
    path.write_text(path.read_text("utf-8").replace("Soldaten", "Soldatinnen", 1), "utf-8")
    assert audit(*files, *out).exit_code == 0 and len(audits) == 2
    # another check selection
    assert audit(*files, *out, "--ignore", "FMT001").exit_code == 0 and len(audits) == 3
    # the same text under another name (names appear in evidence and reports)
    renamed = docs / "renamed.txt"
    path.rename(renamed)
    assert audit(files[0], str(renamed), *out).exit_code == 0 and len(audits) == 4
    # another language
    assert audit(files[0], str(renamed), *out, "--lang", "fr").exit_code == 0 and len(audits) == 5
    # auditor's own code changed
    monkeypatch.setattr(runcache, "code_fingerprint", lambda: "edited checkout")
    assert audit(files[0], str(renamed), *out, "--lang", "fr").exit_code == 0 and len(audits) == 6
    # and each of them is reused when run again unchanged
    assert audit(files[0], str(renamed), *out, "--lang", "fr").exit_code == 0 and len(audits) == 6


def test_another_model_audits_afresh(tmp_path: Path, audits: list[int], tiny_model_dir: Path,
                                     tiny_reverse_model_dir: Path) -> None:
    """Model identity is part of the key: another model (here: other weights of one layout)
    or other generation settings is another run."""
    seed = str(SEEDS[3])
    common = ("--out", str(tmp_path / "r"), "--backend", "transformers", "--format", "json", "--lang", "de")
    assert audit(seed, *common, "--model", str(tiny_model_dir)).exit_code == 0 and len(audits) == 1
    assert audit(seed, *common, "--model", str(tiny_model_dir)).exit_code == 0 and len(audits) == 1
    assert audit(seed, *common, "--model", str(tiny_model_dir), "--beams", "2").exit_code == 0 and len(audits) == 2
    assert audit(seed, *common, "--model", str(tiny_reverse_model_dir)).exit_code == 0 and len(audits) == 3


def test_review_decisions_apply_to_a_reused_run(tmp_path: Path, audits: list[int]) -> None:
    out = tmp_path / "r"
    args = (str(SEEDS[0]), "--no-backtranslation", "--out", str(out), "--format", "json", "--fail-on", "low")
    assert audit(*args).exit_code == 1
    report = json.loads((out / f"{SEEDS[0].stem}.json").read_text("utf-8"))
    store = DecisionStore.in_folder(out)
    flagged = [(s, f) for s in report["sentences"] for f in s["flags"]]
    assert flagged
    for s, f in flagged:
        store.record(validate_decision({"document": report["document"]["id"], "sentence_sha": sentence_hash(s["text"]),
                                        "code": f["code"], "status": "dismissed"}))
    res = audit(*args)
    assert len(audits) == 1 and "its result was reused" in res.output
    assert res.exit_code == 0  # every flag dismissed: nothing open fails the run
    assert f"{len(flagged)} of {len(flagged)} flags were dismissed" in res.output


def test_damaged_entries_are_recomputed(tmp_path: Path, audits: list[int]) -> None:
    args = (str(SEEDS[1]), "--no-backtranslation", "--out", str(tmp_path / "r"))
    assert audit(*args).exit_code == 0
    db = tmp_path / "auditor-cache" / "backtranslations.sqlite3"
    with sqlite3.connect(db) as conn:
        kinds = {kind for (kind,) in conn.execute("SELECT kind FROM artifacts")}
        assert kinds == {runcache.RESULTS, runcache.SEGMENTS, runcache.LANGUAGES}
        conn.execute("UPDATE artifacts SET value = x'00ff'")
    res = audit(*args)
    assert res.exit_code == 0 and len(audits) == 2 and "its result was reused" not in res.output
    assert audit(*args).exit_code == 0 and len(audits) == 2  # the recomputed result replaced it


def test_a_run_where_a_check_raised_is_not_stored(tmp_path: Path, audits: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.checks import REGISTRY

    rep = next(c for c in REGISTRY if c.code == "REP001")

    def broken(self, sentence, ctx):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    monkeypatch.setattr(rep, "check", broken)
    args = (str(SEEDS[1]), "--no-backtranslation", "--out", str(tmp_path / "r"), "--format", "json")
    assert audit(*args).exit_code == 0
    assert audit(*args).exit_code == 0 and len(audits) == 2  # audited again: the failure may be transient


# --------------------------------------------------------------------------- segmentation, language


def test_cached_segmentation_equals_segmentation(tmp_path: Path) -> None:
    calls: list[str] = []

    def counting(text: str, language: str):  # noqa: ANN202
        calls.append(text)
        return segment(text, language)

    with TranslationCache(tmp_path) as cache:
        seg = runcache.cached_segmenter(cache, counting)
        texts = [p.read_text("utf-8") for p in SEEDS]
        first = [seg(t, "de") for t in texts]
        second = [seg(t, "de") for t in texts]
        assert len(calls) == len(SEEDS)  # the second pass came from the cache
        assert first == second == [segment(t, "de") for t in texts]
        assert seg(texts[0], "en") == segment(texts[0], "en") and len(calls) == len(SEEDS) + 1


def test_language_answers_are_cached_but_not_refusals(tmp_path: Path) -> None:
    from auditor.language import LanguageUndecided, detect_languages

    calls: list[str] = []

    def counting(texts: list[str], candidates: tuple[str, ...]) -> list:
        calls.extend(texts)
        return detect_languages(texts, candidates)

    with TranslationCache(tmp_path) as cache:
        detect = runcache.cached_detector(cache, counting)
        german, english = SEEDS[0].read_text("utf-8"), "The minister said that ten thousand soldiers were sent."
        assert detect([german, english], ("de", "en")) == ["de", "en"]
        assert len(calls) == 2
        # answered from the cache: only the new text reaches the detector
        assert detect([english, "zu kurz", german], ("de", "en"))[::2] == ["en", "de"]
        assert calls[2:] == ["zu kurz"]
        for _ in range(2):
            (refusal,) = detect(["zu kurz"], ("de", "en"))
            assert isinstance(refusal, LanguageUndecided)
        assert calls[2:] == ["zu kurz"] * 3


def test_artifacts_keep_only_the_newest(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        for i in range(5):
            cache.put_artifact("audit", f"k{i}", bytes([i]), keep=3)
        assert [cache.get_artifact("audit", f"k{i}") for i in range(5)] == [None, None, b"\x02", b"\x03", b"\x04"]
        cache.put_artifact("segments", "s", b"x")
        assert cache.get_artifact("segments", "s") == b"x" and cache.get_artifact("audit", "s") is None


# --------------------------------------------------------------------------- start-up costs


def test_an_absent_hub_model_offline_is_refused_without_huggingface_hub(tmp_path: Path) -> None:
    """The round-trip model of models.yaml is usually absent: knowing that must not cost
    the 0.18 s import of huggingface_hub on every (re-)audit."""
    code = ("import sys\nfrom auditor.models import ModelUnavailable, resolve_model\n"
            "try:\n    resolve_model('Helsinki-NLP/opus-mt-en-de')\nexcept ModelUnavailable as e:\n    print(e)\n"
            "print('huggingface_hub' in sys.modules)\n")
    env = {"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(tmp_path), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert out.stdout.splitlines() == ["not in the Hugging Face cache and HF_HUB_OFFLINE=1", "False"]


def test_html_renders_when_the_template_cache_cannot_be_written(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2.bccache import FileSystemBytecodeCache

    from auditor.report import html_report

    def refuse(self, bucket):  # noqa: ANN001, ANN202
        raise PermissionError("read-only")

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", refuse)
    monkeypatch.setattr(FileSystemBytecodeCache, "load_bytecode", refuse)
    html_report.environment.cache_clear()
    try:
        res = audit(str(SEEDS[0]), "--no-backtranslation", "--no-cache", "--out", str(tmp_path / "r"),
                    "--format", "html")
        assert res.exit_code == 0, res.output
        assert "<!DOCTYPE html>" in (tmp_path / "r" / f"{SEEDS[0].stem}.html").read_text("utf-8")
    finally:
        html_report.environment.cache_clear()
