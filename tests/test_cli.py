"""End-to-end CLI behaviour on the seeds and on bad input (no model: text checks only)."""

from __future__ import annotations

import json
import os
import time
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in ROOT.joinpath("seeds").glob("*.txt"))
SCHEMA = json.loads(resources.files("auditor.report").joinpath("schema.json").read_text("utf-8"))
INDEX_SCHEMA = json.loads(resources.files("auditor.report").joinpath("index.schema.json").read_text("utf-8"))


# Never touch the network or the user's caches from these tests.
pytestmark = pytest.mark.usefixtures("isolated_env")


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def test_seeds_text_only_reports_are_valid(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    res = run("audit", *SEEDS, "--out", str(out), "--no-backtranslation", "--format", "json")
    assert res.exit_code == 0, res.output
    index = load(out / "index.json")
    jsonschema.validate(index, INDEX_SCHEMA)
    assert [d["id"] for d in index["documents"]] == [Path(s).stem for s in SEEDS]
    for entry in index["documents"]:
        report = load(out / entry["report"])
        jsonschema.validate(report, SCHEMA)
        text = Path(report["document"]["path"]).read_text("utf-8")
        assert report["backtranslation"]["status"] == "disabled"
        for s in report["sentences"]:
            assert text[s["start"]:s["end"]] == s["text"]
            assert s["backtranslation"] is None
            for f in s["flags"]:
                assert s["start"] <= f["start"] <= f["end"] <= s["end"]
            assert s["severity"] == max([f["severity"] for f in s["flags"]] or ["none"],
                                        key=["none", "low", "medium", "high"].index)


def test_offline_fallback_is_fast_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "r"
    t0 = time.monotonic()
    res = run("audit", *SEEDS, "--out", str(out), "--model", "Helsinki-NLP/opus-mt-de-en", "--format", "json")
    elapsed = time.monotonic() - t0
    assert res.exit_code == 0, res.output
    assert elapsed < 30
    assert res.output.count("unavailable") == 1 and "auditor models pull de" in res.output
    report = load(out / f"{Path(SEEDS[0]).stem}.json")
    assert report["backtranslation"]["status"] == "unavailable"
    assert report["backtranslation"]["reason"]
    jsonschema.validate(report, SCHEMA)


def test_require_model_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r"
    res = run("audit", SEEDS[0], "--out", str(out), "--model", "Helsinki-NLP/opus-mt-de-en", "--require-model")
    assert res.exit_code == 3
    assert res.output.startswith("auditor: error:") and res.output.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("make,reason", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: (p / "bin.dat").write_bytes(b"\x00\x01PK\x03\x04" * 100) and p / "bin.dat", "binary file (contains NUL bytes)"),
])
# A directory argument is walked (tests/test_bad_inputs.py), no longer an error.
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, make, reason: str) -> None:
    bad = make(tmp_path)
    out = tmp_path / "out"
    res = run("audit", SEEDS[0], str(bad), "--out", str(out), "--no-backtranslation")
    assert res.exit_code == 2
    assert res.output == f"auditor: error: {bad}: {reason}\n"
    assert not out.exists()


def test_previous_reports_survive_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("audit", SEEDS[0], "--out", str(out), "--no-backtranslation").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = run("audit", SEEDS[0], str(tmp_path / "nope.txt"), "--out", str(out), "--no-backtranslation")
    assert res.exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_empty_file_gives_empty_report_and_warning(tmp_path: Path) -> None:
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    res = run("audit", str(empty), "--out", str(out), "--no-backtranslation", "--format", "json")
    assert res.exit_code == 0
    assert "empty document" in res.output
    report = load(out / "leer.json")
    jsonschema.validate(report, SCHEMA)
    assert report["sentences"] == [] and report["document"]["language"] == "de"


def test_stdin_and_fail_on(tmp_path: Path) -> None:
    text = "Die Staats- und Regierungschefs sind besorgt darüber, wie die die Regierung reagiert.\n".encode()
    out = tmp_path / "out"
    res = run("audit", "-", "--out", str(out), "--no-backtranslation", "--fail-on", "medium", input=text)
    assert res.exit_code == 1
    report = load(out / "stdin.json")
    assert [f["code"] for f in report["sentences"][0]["flags"]] == ["REP001"]
    assert run("audit", "-", "--out", str(out), "--no-backtranslation", "--fail-on", "high", input=text).exit_code == 0
    assert run("audit", "-", "--out", str(out), "--no-backtranslation", input=text).exit_code == 0


def test_select_ignore(tmp_path: Path) -> None:
    text = "Die Staats- und Regierungschefs sind besorgt darüber, wie die die Regierung reagiert.\n".encode()
    out = tmp_path / "out"
    assert run("audit", "-", "--out", str(out), "--no-backtranslation", "--ignore", "repetition", input=text).exit_code == 0
    assert load(out / "stdin.json")["sentences"][0]["flags"] == []
    res = run("audit", "-", "--out", str(out), "--no-backtranslation", "--select", "NOPE999", input=text)
    assert res.exit_code == 2 and res.output.startswith("auditor: error: unknown check")


def test_undecidable_language_names_lang_option(tmp_path: Path) -> None:
    f = tmp_path / "en.txt"
    f.write_text("The minister confirmed that ten thousand soldiers were sent to Russia last week.", "utf-8")
    res = run("audit", str(f), "--out", str(tmp_path / "o"), "--no-backtranslation")
    assert res.exit_code == 2 and "--lang" in res.output
    assert run("audit", str(f), "--out", str(tmp_path / "o"), "--no-backtranslation", "--lang", "en").exit_code == 0


def test_same_stem_twice_gets_two_reports(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text("Die Regierung hat das Gesetz am Montag beschlossen.", "utf-8")
    out = tmp_path / "out"
    assert run("audit", str(tmp_path / "a/x.txt"), str(tmp_path / "b/x.txt"), "--out", str(out),
               "--no-backtranslation", "--format", "json").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "x-2.json", "x.json"]


def test_checks_explain_unknown_code() -> None:
    res = CliRunner().invoke(cli, ["checks", "explain", "XYZ123"])
    assert res.exit_code == 2 and res.output.startswith("auditor: error:")


def test_module_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "auditor", "checks", "list"], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0 and "REP001" in res.stdout


def test_tiny_model_backtranslates_every_sentence_and_second_run_hits_cache(
        tmp_path: Path, tiny_model_dir: Path, monkeypatch) -> None:
    from auditor.backends.transformers import TransformersBackend

    calls: list[int] = []
    real = TransformersBackend.translate

    def counting(self, texts):
        calls.append(len(texts))
        return real(self, texts)

    monkeypatch.setattr(TransformersBackend, "translate", counting)
    out = tmp_path / "r"
    args = ("audit", *SEEDS, "--out", str(out), "--model", str(tiny_model_dir), "--backend", "transformers",
            "--format", "json")
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert sum(calls) == 134  # every distinct seed sentence once, in batches
    for seed in SEEDS:
        report = load(out / f"{Path(seed).stem}.json")
        jsonschema.validate(report, SCHEMA)
        bt = report["backtranslation"]
        assert bt["status"] == "ok" and bt["model"] and bt["settings"]["beams"] == 1
        assert bt["device"] == "cpu"  # the model ran
        assert "model:" in report["signature"]
        for s in report["sentences"]:
            assert isinstance(s["backtranslation"], str)
            assert s["signals"]["bt_logprob_mean"] < 0 and s["signals"]["bt_tokens"] > 0
    calls.clear()
    # another check selection, so the run is audited again rather than reused whole
    res = run(*args, "--ignore", "BOI001")
    assert res.exit_code == 0
    assert calls == []  # zero model calls: everything came from the cache
    assert "0 sentences translated, 134 from cache" in res.output
    # the model was never loaded (torch and weights load lazily): no device to name
    bt = load(out / f"{Path(SEEDS[0]).stem}.json")["backtranslation"]
    assert bt["status"] == "ok" and bt["backend"] == "transformers" and "device" not in bt


def test_tiny_model_by_hub_name_from_hf_cache(tmp_path: Path, tiny_hub_model: str) -> None:
    out = tmp_path / "r"
    res = run("audit", SEEDS[3], "--out", str(out), "--model", tiny_hub_model, "--backend", "transformers",
              "--format", "json", "--require-model")
    assert res.exit_code == 0, res.output
    report = load(out / f"{Path(SEEDS[3]).stem}.json")
    assert report["backtranslation"]["origin"] == "hf-cache"
    assert all(s["backtranslation"] is not None for s in report["sentences"])


def test_source_count_must_match_files(tmp_path: Path) -> None:
    res = run("audit", SEEDS[0], SEEDS[1], "--source", SEEDS[2], "--out", str(tmp_path / "o"), "--no-backtranslation")
    assert res.exit_code == 2
    assert res.output.startswith("auditor: error: --source given 1 times for 2 FILE arguments")
    assert not (tmp_path / "o").exists()


def test_dismissed_flags_do_not_fail_the_next_run(tmp_path: Path) -> None:
    from auditor.review.fingerprint import sentence_hash
    from auditor.review.store import DecisionStore, validate_decision

    sentence = "Die Staats- und Regierungschefs sind besorgt darüber, wie die die Regierung reagiert."
    out = tmp_path / "out"
    args = ("audit", "-", "--out", str(out), "--no-backtranslation", "--fail-on", "medium")
    assert run(*args, input=sentence.encode()).exit_code == 1
    DecisionStore.in_folder(out).record(validate_decision(
        {"document": "stdin", "sentence_sha": sentence_hash(sentence), "code": "REP001", "status": "dismissed",
         "note": "Zitat im Original", "reviewer": "Anna"}))
    res = run(*args, input=sentence.encode())
    assert res.exit_code == 0, res.output
    assert "1 of 1 flags were dismissed or fixed in an earlier review" in res.output
    # the flag is still reported (the page shows it as dismissed); only the exit code ignores it
    assert load(out / "stdin.json")["sentences"][0]["flags"][0]["code"] == "REP001"


def test_roundtrip_model_gives_roundtrip_signals(tmp_path: Path, tiny_model_dir: Path,
                                                 tiny_reverse_model_dir: Path) -> None:
    # Random weights: the numbers mean nothing; this tests that the CLI wires the round trip.
    out = tmp_path / "r"
    res = run("audit", SEEDS[4], "--out", str(out), "--model", str(tiny_model_dir), "--backend", "transformers",
              "--roundtrip-model", str(tiny_reverse_model_dir), "--select", "meaning", "--format", "json")
    assert res.exit_code == 0, res.output
    report = load(out / f"{Path(SEEDS[4]).stem}.json")
    jsonschema.validate(report, SCHEMA)
    assert report["backtranslation"]["roundtrip"]["status"] == "ok"
    assert all(0 <= s["signals"]["roundtrip_chrf"] <= 100 for s in report["sentences"])
    assert "MEA002" not in report["skipped"]


def test_a_model_that_fails_on_first_use_falls_back_to_text_checks(
        tmp_path: Path, tiny_model_dir: Path, monkeypatch) -> None:
    # Backends load lazily (first cache miss); simulate the load failing there, as a broken
    # converted model would, and expect the text checks with the reason, not a traceback.
    from auditor.backends import BackendUnavailable
    from auditor.backends.transformers import TransformersBackend

    def broken(self, texts):
        raise BackendUnavailable("cannot load the converted model: file truncated")

    monkeypatch.setattr(TransformersBackend, "translate", broken)
    out = tmp_path / "r"
    args = ("audit", SEEDS[3], "--out", str(out), "--model", str(tiny_model_dir), "--backend", "transformers",
            "--format", "json", "--no-cache")
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert "back-translation failed (cannot load the converted model: file truncated)" in res.output
    report = load(out / f"{Path(SEEDS[3]).stem}.json")
    jsonschema.validate(report, SCHEMA)
    assert report["backtranslation"]["status"] == "unavailable"
    assert all(s["backtranslation"] is None for s in report["sentences"])
    res = run(*args, "--require-model", "--out", str(tmp_path / "r2"))
    assert res.exit_code == 3
    assert res.output.splitlines()[-1].startswith("auditor: error: back-translation model failed")
