"""`auditor audit --manifest FILE.jsonl`: a corpus listed one document a line.

A manifest entry is like a file found in a directory walk: a bad one is skipped with a
warning that names the manifest's line (and listed in index.json), or stops the run with
--strict; the manifest itself is named, so an unreadable one is an error."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.inputs import Problem, Source, manifest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXTS = ROOT / "auditor" / "evaluation" / "data" / "texts"
GERMAN = "Die Regierung hat am Montag beschlossen, 10.000 Soldaten in die Region zu entsenden."


def audit(*args: str) -> Result:
    res = CliRunner().invoke(cli, ["audit", "--no-backtranslation", "--no-cache", *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return res


def write_manifest(path: Path, *entries: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)) + "\n"
                            for e in entries), "utf-8")
    return path


def report(out: Path, doc_id: str) -> dict:
    return json.loads((out / f"{doc_id}.json").read_text("utf-8"))


def findings(rep: dict) -> list[tuple[int, str, str]]:
    return [(s["index"], s["text"], f["code"]) for s in rep["sentences"] for f in s["flags"]]


def test_paths_and_texts_audit_as_the_same_files_named_on_the_command_line(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "texts").mkdir(parents=True)
    for seed in SEEDS[:2]:
        (corpus / "texts" / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    inline = SEEDS[2].read_text("utf-8")
    listed = write_manifest(corpus / "manifest.jsonl",
                            {"id": "erster", "path": f"texts/{SEEDS[0].name}"},
                            {"id": "zweiter", "path": f"texts/{SEEDS[1].name}"},
                            "",  # blank lines are allowed
                            {"id": "dritter", "text": inline})
    monkeypatch.chdir(tmp_path)  # relative paths are the manifest's, not the working directory's
    res = audit("--manifest", str(listed.relative_to(tmp_path)), "--out", "m", "--lang", "de")
    assert res.exit_code == 0, res.output
    direct = audit(*map(str, SEEDS[:3]), "--out", "d", "--lang", "de")
    assert direct.exit_code == 0, direct.output
    index = json.loads((tmp_path / "m" / "index.json").read_text("utf-8"))
    assert [d["id"] for d in index["documents"]] == ["erster", "zweiter", "dritter"]
    assert index["skipped"] == []
    assert report(tmp_path / "m", "erster")["document"]["path"] == str(Path("corpus/texts") / SEEDS[0].name)
    assert report(tmp_path / "m", "dritter")["document"]["path"] == "corpus/manifest.jsonl:4"
    for doc_id, seed in zip(["erster", "zweiter", "dritter"], SEEDS):
        got, want = report(tmp_path / "m", doc_id), report(tmp_path / "d", seed.stem)
        assert got["document"]["sha256"] == want["document"]["sha256"]
        assert findings(got) == findings(want) and findings(want)  # the seeds have flags


def test_bad_lines_are_skipped_with_their_line_and_listed(tmp_path: Path) -> None:
    (tmp_path / "gut.txt").write_text(GERMAN + "\n", "utf-8")
    listed = write_manifest(
        tmp_path / "m.jsonl",
        {"id": "gut", "path": "gut.txt"},
        "{kein json",
        {"id": "leer"},
        {"id": "gut", "text": GERMAN},
        {"id": "fehlt", "path": "fehlt.txt"},
        {"id": "../weg", "text": GERMAN},
        {"id": "sprache", "text": GERMAN, "lang": "xx"},
        {"id": "beides", "text": GERMAN, "path": "gut.txt"},
        [1, 2],
        {"id": "index", "text": GERMAN},
        {"id": "zweiter", "text": GERMAN.replace("Montag", "Dienstag"), "lang": "de-DE"},
    )
    out = tmp_path / "o"
    res = audit("--manifest", str(listed), "--out", str(out))
    assert res.exit_code == 0, res.output
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert [d["id"] for d in index["documents"]] == ["gut", "zweiter"]
    reasons = {s["path"]: s["reason"] for s in index["skipped"]}
    where = f"{listed}:"
    assert reasons.keys() == {where + str(n) for n in (2, 3, 4, 5, 6, 7, 8, 9, 10)}
    assert reasons[where + "2"].startswith("not a JSON object")
    assert reasons[where + "3"] == 'give either "path" or "text"'
    assert reasons[where + "4"] == "id 'gut' was given on an earlier line"
    assert reasons[where + "5"] == f"{tmp_path / 'fehlt.txt'}: no such file"
    assert "cannot name a report file" in reasons[where + "6"]
    assert reasons[where + "7"].startswith('"lang": ') and "xx" in reasons[where + "7"]
    assert reasons[where + "8"] == 'give either "path" or "text", not both'
    assert reasons[where + "9"] == "not a JSON object but list"
    assert "cannot name a report file" in reasons[where + "10"]
    warnings = [line for line in res.output.splitlines() if line.endswith("(skipped)")]
    assert len(warnings) == 9 and all(line.startswith(f"auditor: warning: {where}") for line in warnings)
    assert not (tmp_path / "weg.json").exists() and not list(tmp_path.glob("*.json"))


def test_strict_makes_a_bad_line_an_error_and_writes_nothing(tmp_path: Path) -> None:
    listed = write_manifest(tmp_path / "m.jsonl", {"id": "a", "text": GERMAN}, {"id": "a", "text": GERMAN})
    out = tmp_path / "o"
    res = audit("--manifest", str(listed), "--out", str(out), "--strict", "--lang", "de")
    assert res.exit_code == 2
    assert res.output == f"auditor: error: {listed}:2: id 'a' was given on an earlier line\n"
    assert not out.exists()


def test_an_unusable_manifest_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args, message in [
        (["--manifest", str(tmp_path / "nope.jsonl")], f"{tmp_path / 'nope.jsonl'}: no such file"),
        (["--manifest", str(tmp_path)], f"{tmp_path}: is a directory"),
        (["--manifest", str(write_manifest(tmp_path / "m.jsonl", {"id": "a", "text": GERMAN})), str(SEEDS[0])],
         "give no FILE or --source with it"),
        ([], "give FILE... (files, directories or '-') or --manifest FILE.jsonl"),
    ]:
        res = audit(*args, "--out", str(tmp_path / "o"))
        assert res.exit_code == 2, (args, res.output)
        assert res.output.count("\n") == 1 and res.output.startswith("auditor: error: "), res.output
        assert message in res.output, res.output
        assert not (tmp_path / "o").exists()
    # nothing good in it: the bad line is warned about, as in a walk, then the run is refused
    res = audit("--manifest", str(write_manifest(tmp_path / "bad.jsonl", "nicht json")), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert res.output.splitlines()[-1].startswith(f"auditor: error: {tmp_path / 'bad.jsonl'}:1: not a JSON object")
    assert res.output.endswith("no input could be audited, nothing was written\n")
    assert not (tmp_path / "o").exists()


def test_sources_make_a_bilingual_run_and_must_be_all_or_none(tmp_path: Path) -> None:
    names = ["kultur_museum", "sport_fussball"]
    for n in names:
        (tmp_path / f"{n}.en.txt").write_text((TEXTS / f"{n}.en.txt").read_text("utf-8"), "utf-8")
    listed = write_manifest(
        tmp_path / "m.jsonl",
        {"id": names[0], "path": str(TEXTS / f"{names[0]}.de.txt"), "source": f"{names[0]}.en.txt"},
        {"id": names[1], "text": (TEXTS / f"{names[1]}.de.txt").read_text("utf-8"),
         "source_text": (TEXTS / f"{names[1]}.en.txt").read_text("utf-8")},
        {"id": "einsprachig", "text": GERMAN},
        {"id": "quelle-fehlt", "text": GERMAN, "source": "fehlt.en.txt"},
    )
    out = tmp_path / "o"
    res = audit("--manifest", str(listed), "--out", str(out), "--lang", "de", "--source-lang", "en")
    assert res.exit_code == 0, res.output
    for n in names:
        rep = report(out, n)
        assert rep["source"]["language"] == "en"
        assert rep["alignment"]["pairs"]
    skipped = json.loads((out / "index.json").read_text("utf-8"))["skipped"]
    assert [s["reason"] for s in skipped] == [
        "has no source while the first entry has one; give every entry one",
        f"{tmp_path / 'fehlt.en.txt'}: no such file"]
    # the same documents with their sources named on the command line: the same flags
    direct = audit(*(str(TEXTS / f"{n}.de.txt") for n in names), *sum((["--source", str(TEXTS / f"{n}.en.txt")]
                   for n in names), []), "--out", str(tmp_path / "d"), "--lang", "de", "--source-lang", "en")
    assert direct.exit_code == 0, direct.output
    for n in names:
        assert findings(report(out, n)) == findings(report(tmp_path / "d", f"{n}.de"))


def test_entries_are_read_as_the_lines_arrive(tmp_path: Path) -> None:
    """Lazily: the first entry is there while the writer has not written the second line."""
    fifo = tmp_path / "m.jsonl"
    os.mkfifo(fifo)
    second_line = threading.Event()

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": "a", "text": GERMAN}) + "\n")
            fh.flush()
            second_line.wait(10)
            fh.write(json.dumps({"id": "a", "text": GERMAN}) + "\n")

    thread = threading.Thread(target=writer)
    thread.start()
    entries = manifest(fifo)
    first = next(entries)
    assert isinstance(first, Source) and first.doc_id == "a" and first.text == GERMAN
    second_line.set()
    assert [type(e) for e in entries] == [Problem]  # the duplicate id
    thread.join()
