"""A battery of awkward inputs, as a new user would try them.

Every case asserts the exit code, the message (one line, naming the file), that no
traceback was printed, and what was written: nothing at all when the run is refused, and
never a previous report overwritten by a refused run. Runs are in-process (CliRunner) except
where a signal or a real process is the point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.inputs import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = SEEDS[0]
GERMAN = "Die Regierung hat am Montag beschlossen, 10.000 Soldaten in die Region zu entsenden.\n"


def audit(*args: str, input: bytes | None = None) -> Result:  # noqa: A002 - click's name
    res = CliRunner().invoke(cli, ["audit", "--no-backtranslation", "--no-cache", *args], input=input)
    # CliRunner catches what the command raises: anything but SystemExit is a traceback for a user
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return res


def refused(res: Result, name: str, reason: str) -> None:
    """Exit 2 with exactly one line that names the file and says why."""
    assert res.exit_code == 2, res.output
    assert res.output.count("\n") == 1 and res.output.startswith("auditor: error: "), res.output
    assert name in res.output and reason in res.output, res.output


def report(out: Path, doc_id: str) -> dict:
    return json.loads((out / f"{doc_id}.json").read_text("utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files of a reports folder. A run killed with SIGKILL may leave its hidden staging
    folder, never a file: the next run removes it (tests/test_fsutil.py)."""
    if not folder.exists():
        return {}
    assert all(p.is_dir() for p in folder.glob(".auditor-staging.*"))
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".auditor-staging.")}


@pytest.fixture()
def previous(tmp_path: Path) -> Path:
    """A reports folder from an earlier good run: a refused run must leave it as it was."""
    out = tmp_path / "out"
    assert audit(str(SEED), "--out", str(out)).exit_code == 0
    return out


# ---- named files: any bad one stops the run, nothing written --------------------------

def _nul_in_text(p: Path) -> Path:
    (p / "nul.txt").write_bytes(GERMAN.encode() + b"Zweite Zeile mit\x00 NUL.\n")
    return p / "nul.txt"


@pytest.mark.parametrize("make,reason", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: (p / "bin.dat").write_bytes(bytes(range(256)) * 40) and p / "bin.dat", "binary file"),
    (_nul_in_text, "NUL byte at byte 101 (line 2, column 17) in otherwise-text"),
    (lambda p: (p / "big.txt").write_bytes(b"Wort " * 3000) and p / "big.txt", "larger than --max-size (10 kB)"),
])
def test_a_bad_named_file_stops_the_run_and_touches_nothing(tmp_path: Path, previous: Path, make, reason) -> None:
    bad = make(tmp_path)
    before = snapshot(previous)
    res = audit(str(SEED), str(bad), "--out", str(previous), "--max-size", "10k" if "max-size" in reason else "2MB")
    refused(res, str(bad), reason)
    assert snapshot(previous) == before


def test_a_named_device_is_read_within_the_size_limit(tmp_path: Path) -> None:
    # /dev/zero never ends: the read is bounded by --max-size, not by the file
    refused(audit("/dev/zero", "--out", str(tmp_path / "o")), "/dev/zero", "larger than --max-size (2 MB)")
    assert not (tmp_path / "o").exists()


def test_standard_input_is_bounded_too(tmp_path: Path) -> None:
    res = audit("-", "--out", str(tmp_path / "o"), "--max-size", "1k", input=b"Wort " * 1000)
    refused(res, "-", "larger than --max-size (1 kB)")


def test_unreadable_named_file(tmp_path: Path, monkeypatch) -> None:
    # Tests run as root, where chmod 000 does not stop reading: make the OS refuse instead.
    target = tmp_path / "secret.txt"
    target.write_text(GERMAN, "utf-8")
    real = Path.open

    def refuse(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    refused(audit(str(target), "--out", str(tmp_path / "o")), str(target), "permission denied")
    assert not (tmp_path / "o").exists()


def test_a_text_in_no_configured_language_is_refused(tmp_path: Path, previous: Path) -> None:
    before = snapshot(previous)
    english = tmp_path / "en.txt"
    english.write_text("The minister confirmed that ten thousand soldiers were sent to Russia last week.", "utf-8")
    refused(audit(str(SEED), str(english), "--out", str(previous)), str(english), "looks like 'en'")
    chinese = tmp_path / "zh.txt"
    chinese.write_text("北京市政府周一宣布，将在未来五年内投资一万亿元人民币用于城市基础设施建设。", "utf-8")
    refused(audit(str(chinese), "--out", str(previous)), str(chinese), "name the language with --lang")
    punctuation = tmp_path / "punct.txt"
    punctuation.write_text("!!! ... ??? --- ;;; ,,, ... !!!\n", "utf-8")
    refused(audit(str(punctuation), "--out", str(previous)), str(punctuation), "name the language with --lang")
    assert snapshot(previous) == before
    # named with --lang, each is audited (English and punctuation with the text checks)
    assert audit(str(english), "--lang", "en", "--out", str(tmp_path / "en")).exit_code == 0
    res = audit(str(punctuation), "--lang", "de", "--out", str(tmp_path / "p"))
    assert res.exit_code == 0 and report(tmp_path / "p", "punct")["sentences"][0]["text"] == "!!! ... ??? --- ;;; ,,, ... !!!"


# ---- what is valid, however odd ---------------------------------------------------------

def test_an_empty_file_gets_an_empty_report_and_a_warning(tmp_path: Path) -> None:
    (tmp_path / "leer.txt").write_bytes(b"")
    res = audit(str(tmp_path / "leer.txt"), str(SEED), "--out", str(tmp_path / "o"))
    assert res.exit_code == 0 and "leer.txt: empty document" in res.output
    assert report(tmp_path / "o", "leer")["sentences"] == []


UMLAUTS = ("Die Bürger in Köln begrüßen die Maßnahmen, über die der Stadtrat am Dienstag öffentlich "
           "abgestimmt hat. Größere Änderungen für Fußgänger sind nicht geplant.\n")


@pytest.mark.parametrize("encoding,text", [
    ("utf-16", GERMAN),
    ("cp1252", UMLAUTS),
    ("utf-8", GERMAN.replace("\n", "\r\n") * 3),
])
def test_encodings_and_crlf_keep_exact_offsets(tmp_path: Path, encoding: str, text: str) -> None:
    (tmp_path / "t.txt").write_bytes(text.encode(encoding))
    assert audit(str(tmp_path / "t.txt"), "--lang", "de", "--out", str(tmp_path / "o")).exit_code == 0
    doc = report(tmp_path / "o", "t")
    assert doc["sentences"] and all(text[s["start"]:s["end"]] == s["text"] for s in doc["sentences"])


def test_script_in_the_text_is_escaped_in_the_html(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Die Regierung hat <script>alert(1)</script> am Montag beschlossen.\n", "utf-8")
    assert audit(str(tmp_path / "x.txt"), "--lang", "de", "--out", str(tmp_path / "o")).exit_code == 0
    page = (tmp_path / "o" / "x.html").read_text("utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# ---- language tags -------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["DE", "de-DE", "de_DE", "ger", "deu", "de_DE.UTF-8"])
def test_a_language_tag_as_tools_write_it_audits_like_de(tmp_path: Path, tag: str) -> None:
    assert audit(str(SEED), "--lang", "de", "--out", str(tmp_path / "de")).exit_code == 0
    assert audit(str(SEED), "--lang", tag, "--out", str(tmp_path / "tag")).exit_code == 0
    plain, tagged = report(tmp_path / "de", SEED.stem), report(tmp_path / "tag", SEED.stem)
    assert tagged["sentences"] == plain["sentences"] and tagged["document"]["language"] == "de"
    assert sum(len(s["flags"]) for s in plain["sentences"]) >= 6  # the checks ran


@pytest.mark.parametrize("tag", ["xx", "zz-ZZ", "zh-Hant", "!!"])
def test_a_tag_for_no_configured_language_is_an_error_naming_them(tmp_path: Path, tag: str) -> None:
    res = audit(str(SEED), "--lang", tag, "--out", str(tmp_path / "o"))
    refused(res, repr(tag), "de, fr")
    assert not (tmp_path / "o").exists()


def test_swiss_german_keeps_its_figures(tmp_path: Path) -> None:
    (tmp_path / "ch.txt").write_text(
        "Die Stadt Zürich zählt 12'500 neue Einwohner und 2’500 neue Wohnungen.\n"
        "Der Preis stieg im Jänner um 3.5 Prozent.\n", "utf-8")
    flags = {}
    for tag in ("de", "de-CH"):
        assert audit(str(tmp_path / "ch.txt"), "--lang", tag, "--out", str(tmp_path / tag)).exit_code == 0
        flags[tag] = [f["code"] for s in report(tmp_path / tag, "ch")["sentences"] for f in s["flags"]]
    assert "FIG002" in flags["de"]  # '3.5' is an English decimal point in German
    assert "FIG002" not in flags["de-CH"]  # and the Swiss one
    assert report(tmp_path / "de-CH", "ch")["document"]["locale"] == "de_CH"
    assert "locale" not in report(tmp_path / "de", "ch")["document"]


def test_regional_figures_are_read_the_regions_way() -> None:
    from auditor.text.figures import extract_figures

    swiss = extract_figures("Die Stadt zählt 12'500 Einwohner und 2’500 Wohnungen.", "de", "de_CH")
    assert [(f.text, f.value, f.separator_issue) for f in swiss] == [("12'500", 12500, None), ("2’500", 2500, None)]
    austrian = extract_figures("Am 3. Jänner 2025 kamen sie an.", "de", "de_AT")
    assert [(f.kind, f.month) for f in austrian if f.kind == "date"] == [("date", 1)]


# ---- directories: a bad file is skipped and listed --------------------------------------

def _corpus(folder: Path, good: int = 100) -> None:
    folder.mkdir()
    for i in range(good):
        (folder / f"artikel{i:03}.txt").write_text(
            f"Die Regierung in Berlin hat am Montag beschlossen, {i + 2}.000 Soldaten zu entsenden.\n", "utf-8")
    (folder / "kaputt.txt").write_bytes(b"\x00\x01\x02PK" * 500)


def test_one_broken_file_among_100_good_ones_is_skipped_and_listed(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus)
    res = audit(str(corpus), "--out", str(out), "--quiet")
    assert res.exit_code == 0, res.output
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert len(index["documents"]) == 100
    assert index["skipped"] == [{"path": str(corpus / "kaputt.txt"), "reason": "binary file (contains NUL bytes)"}]
    assert "kaputt.txt" in (out / "index.html").read_text("utf-8")
    assert audit(str(corpus), "--out", str(out), "--fail-on", "low", "--quiet").exit_code == 0  # all clean
    # the warning: one line for the file
    res = audit(str(corpus), "--out", str(tmp_path / "out2"))
    assert [line for line in res.output.splitlines() if "kaputt" in line] == [
        f"auditor: warning: {corpus / 'kaputt.txt'}: binary file (contains NUL bytes) (skipped)"]
    # --fail-on still decides the exit code
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    assert audit(str(corpus), "--out", str(out), "--fail-on", "low", "--quiet").exit_code == 1


def test_strict_makes_a_broken_walked_file_an_error(tmp_path: Path, previous: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, good=3)
    before = snapshot(previous)
    refused(audit(str(corpus), "--strict", "--out", str(previous)), "kaputt.txt", "binary file")
    assert snapshot(previous) == before


def test_a_directory_of_only_bad_files_is_an_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, good=0)
    res = audit(str(corpus), "--out", str(tmp_path / "o"), "--quiet")
    refused(res, f"{corpus / 'kaputt.txt'}: binary file", "no input could be audited, nothing was written")
    assert not (tmp_path / "o").exists()
    (tmp_path / "empty").mkdir()
    refused(audit(str(tmp_path / "empty"), "--out", str(tmp_path / "o"), "--quiet"),
            f"{tmp_path / 'empty'}: no files matching *.txt", "no input could be audited")


def test_a_walked_file_in_another_language_is_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, good=2)
    (corpus / "zh.txt").write_text("北京市政府周一宣布，将在未来五年内投资一万亿元人民币用于城市基础设施建设。", "utf-8")
    res = audit(str(corpus), "--out", str(tmp_path / "o"), "--quiet")
    assert res.exit_code == 0
    skipped = json.loads((tmp_path / "o" / "index.json").read_text("utf-8"))["skipped"]
    assert [Path(s["path"]).name for s in skipped] == ["kaputt.txt", "zh.txt"]


def test_the_walk_picks_txt_skips_hidden_follows_globs_and_survives_link_loops(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub" / "tief").mkdir(parents=True)
    (corpus / ".git").mkdir()
    for rel in ("a.txt", "sub/b.txt", "sub/tief/c.txt", "sub/notiz.md", ".versteckt.txt", ".git/d.txt",
                "sub/tief/entwurf.txt"):
        (corpus / rel).write_text(GERMAN, "utf-8")
    (corpus / "sub" / "schleife").symlink_to(corpus, target_is_directory=True)  # a loop
    (corpus / "sub" / "fifo.txt").unlink(missing_ok=True)
    os.mkfifo(corpus / "sub" / "fifo.txt")  # reading a FIFO would block for ever

    def found(*args: str) -> list[str]:
        out = tmp_path / f"o{len(list(tmp_path.iterdir()))}"
        res = audit(str(corpus), *args, "--lang", "de", "--out", str(out), "--quiet")
        assert res.exit_code == 0, res.output
        return [d["path"].removeprefix(str(corpus) + "/")
                for d in json.loads((out / "index.json").read_text("utf-8"))["documents"]]

    assert found() == ["a.txt", "sub/b.txt", "sub/tief/c.txt", "sub/tief/entwurf.txt"]
    assert found("--include", "*.md") == ["sub/notiz.md"]
    assert found("--exclude", "entwurf*", "--exclude", "sub/b.txt") == ["a.txt", "sub/tief/c.txt"]
    assert found("--exclude", "tief") == ["a.txt", "sub/b.txt"]


# ---- bounded work ------------------------------------------------------------------------

def test_a_10_mb_one_line_file_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "ten.txt"
    big.write_bytes((GERMAN.strip() + " ").encode() * (10_000_000 // len(GERMAN) + 1000))
    assert big.stat().st_size > 10_000_000 > DEFAULT_MAX_BYTES
    refused(audit(str(big), "--out", str(tmp_path / "o")), str(big), "larger than --max-size (2 MB)")


def test_a_5000_token_sentence_and_a_long_line_are_cut_safely(tmp_path: Path) -> None:
    words = " ".join(f"Wort{i}" for i in range(5000)) + "."
    line = " ".join(GERMAN.strip() for _ in range(1500))  # 130 kB on one line
    (tmp_path / "lang.txt").write_text(words + "\n" + line + "\n", "utf-8")
    res = audit(str(tmp_path / "lang.txt"), "--lang", "de", "--out", str(tmp_path / "o"), "--max-sentence", "1000")
    assert res.exit_code == 0, res.output
    doc = report(tmp_path / "o", "lang")
    text = (tmp_path / "lang.txt").read_text("utf-8")
    sentences = doc["sentences"]
    assert all(text[s["start"]:s["end"]] == s["text"] for s in sentences)
    assert max(len(s["text"]) for s in sentences) <= 1000
    # never inside a word: every cut is at whitespace
    assert all(text[s["end"]:s["end"] + 1] in (" ", "\n", "") for s in sentences)
    assert all(s["start"] == 0 or text[s["start"] - 1] in " \n" for s in sentences)
    # the long line: exactly the 1,500 sentences SoMaJo finds, none lost at a window's edge
    assert sum(1 for s in sentences if s["text"] == GERMAN.strip()) == 1500


# ---- signals -----------------------------------------------------------------------------

def _start(args: list[str], tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.Popen([sys.executable, "-m", "auditor", "audit", "--no-backtranslation", "--no-cache", *args],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _big_corpus(tmp_path: Path) -> Path:
    """Enough text to take many seconds, and a broken file whose warning says the run began."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "\n".join(p.read_text("utf-8") for p in SEEDS)
    for i in range(60):
        (corpus / f"a{i:02}.txt").write_text(text.replace("Soldaten", f"Soldaten{i}"), "utf-8")
    (corpus / "kaputt.txt").write_bytes(b"\x00\x01" * 100)
    return corpus


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_signal_mid_run_leaves_the_previous_reports_intact(tmp_path: Path, previous: Path, sig) -> None:
    before = snapshot(previous)
    proc = _start([str(_big_corpus(tmp_path)), "--out", str(previous)], tmp_path)
    try:
        first = proc.stderr.readline()
        assert "kaputt.txt" in first and "(skipped)" in first, first  # inputs read: the run is under way
        time.sleep(0.3)
        proc.send_signal(sig)
        rest = proc.stderr.read()
        proc.wait(30)
    finally:
        proc.kill()
    assert snapshot(previous) == before
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "Traceback" not in rest, rest  # the whole of it: a rare failure must say where
        assert rest == f"auditor: interrupted: interrupted before any report was written; {previous}/ is as it was\n"
    else:
        assert proc.returncode == -signal.SIGKILL


def test_atomic_writes_survive_sigkill_at_any_moment(tmp_path: Path) -> None:
    """Kill a process that rewrites one 8 MB file over and over: the file is always whole."""
    target = tmp_path / "report.json"
    script = (
        "import sys\nfrom pathlib import Path\nfrom auditor.fsutil import atomic_write_bytes\n"
        "t = Path(sys.argv[1]); i = 0\n"
        "while True:\n"
        "    atomic_write_bytes(t, bytes([65 + i % 2]) * 8_000_000); i += 1\n"
        "    print(i, flush=True)\n")
    for delay in (0.05, 0.13, 0.21, 0.37):
        proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT, stdout=subprocess.PIPE,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        proc.stdout.readline()  # one write done
        time.sleep(delay)
        proc.kill()
        proc.wait(10)
        data = target.read_bytes()
        assert len(data) == 8_000_000 and data in (b"A" * 8_000_000, b"B" * 8_000_000)


def test_windowed_segmentation_finds_the_same_sentences(monkeypatch) -> None:
    """SoMaJo in windows gives the sentences SoMaJo gives the whole line (the seeds as one line)."""
    from auditor import segment as seg

    line = " ".join(p.read_text("utf-8").replace("\n", " ") for p in SEEDS[:3])
    whole = [(s.start, s.end) for s in seg.segment(line)]
    assert len(line) > seg.PIECE
    monkeypatch.setattr(seg, "PIECE", 10 ** 9)
    assert [(s.start, s.end) for s in seg.segment(line)] == whole
    monkeypatch.setattr(seg, "PIECE", 700)
    assert [(s.start, s.end) for s in seg.segment(line)] == whole


def test_ctrl_c_while_writing_says_where_the_reports_are(tmp_path: Path, previous: Path, monkeypatch) -> None:
    from auditor.report import html_report

    def interrupted(rows, run, out):  # noqa: ANN001, ANN202 - the documents' reports are in place, then Ctrl+C
        raise KeyboardInterrupt

    monkeypatch.setattr(html_report, "write_index", interrupted)
    res = audit(str(SEED), "--out", str(previous))
    assert res.exit_code == 130
    assert res.output == (f"auditor: interrupted: interrupted while writing reports to {previous}/: each report "
                          "there is whole, some from this run and the others as before; run again to finish\n")
    assert json.loads((previous / f"{SEED.stem}.json").read_text("utf-8"))["document"]["path"] == str(SEED)


@pytest.mark.parametrize("size", ["abc", "0", "-5MB"])
def test_a_bad_max_size_is_one_line(tmp_path: Path, size: str) -> None:
    refused(audit(str(SEED), "--max-size", size, "--out", str(tmp_path / "o")), "--max-size", repr(size))
    assert not (tmp_path / "o").exists()


def test_a_text_that_repeats_itself_gets_bounded_evidence() -> None:
    """Thirty copies of an article: every FIG001 flag would list the 29 other places (and the
    list grows with the square of the copies); each flag keeps MAX_EVIDENCE and a count."""
    from auditor.engine import MAX_EVIDENCE, AuditConfig, prepare_document, run_audit

    text = "\n".join([SEED.read_text("utf-8")] * 30)
    doc = prepare_document("copies", "copies.txt", text, "de")
    result = run_audit([doc], AuditConfig(select=("FIG001", "FIG004")))
    flags = [f for s in result.documents[0].sentences for f in s.flags]
    assert flags and max(len(f.evidence) for f in flags) == MAX_EVIDENCE + 1
    capped = [f for f in flags if len(f.evidence) > MAX_EVIDENCE]
    assert all(f.evidence[-1].text.startswith("… and ") and f.evidence[-1].document is None for f in capped)


def test_ctrl_c_while_auditor_is_still_importing_is_one_line() -> None:
    # Ctrl+C lands during the import of the command modules: simulated, since a real signal
    # cannot be timed to hit that moment
    script = ("import builtins, sys\nreal = builtins.__import__\n"
              "def imp(name, *a, **k):\n"
              "    if name == 'auditor.cli':\n"
              "        raise KeyboardInterrupt\n"
              "    return real(name, *a, **k)\n"
              "builtins.__import__ = imp\n"
              "from auditor.__main__ import run\nrun()\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 130
    assert proc.stderr == "auditor: interrupted: before anything was read or written\n"
