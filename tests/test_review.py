"""The review loop without a browser: fingerprints, the SQLite store, the HTTP server, import/export."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.review.fingerprint import decision_key, sentence_hash
from auditor.review.server import ReviewServer
from auditor.review.store import STORE_NAME, DecisionStore, InvalidDecision, validate_decision
from tests.html_fixtures import serving, write_reports

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Die die Bestätigung durch Vedant Patel wird die Besorgnis verstärken."
SHA = sentence_hash(SENTENCE)


def decision(**over) -> dict:
    base = {"document": "redaktion", "sentence_sha": SHA, "code": "REP001", "status": "dismissed",
            "note": "Stilmittel", "reviewer": "Anna"}
    base.update(over)
    return base


# ---- fingerprints and validation -------------------------------------------------------

def test_fingerprint_ignores_rewrapping_but_not_edits() -> None:
    assert sentence_hash("Die die  Bestätigung\n durch") == sentence_hash("Die die Bestätigung durch")
    assert sentence_hash("Die die Bestätigung") != sentence_hash("Die Bestätigung")
    # NFC: a decomposed ä (from a Mac clipboard) is the same sentence
    assert sentence_hash("Bestätigung") == sentence_hash("Besta\u0308tigung")
    assert decision_key("002", SHA, "FIG001") == f"002/{SHA}/FIG001"


def test_valid_decision_maps_actions_and_keeps_given_time() -> None:
    d = validate_decision(decision(status="dismiss", updated_at="2026-11-21T09:00:00+01:00"), {"REP001"})
    assert d.status == "dismissed" and d.updated_at == "2026-11-21T08:00:00.000Z"
    assert validate_decision(decision(status="fixed", note=None)).note == ""


@pytest.mark.parametrize("bad, message", [
    ("[]", "JSON object"),
    ({"status": "dismissed"}, "document: missing"),
    (decision(document=""), "document"),
    (decision(document="../etc"), "document"),
    (decision(document=7), "document"),
    (decision(sentence_sha="abc"), "sentence_sha"),
    (decision(sentence_sha=SHA.upper()), "sentence_sha"),
    (decision(code="rep001"), "code"),
    (decision(code="XYZ999"), "unknown check code"),
    (decision(status="maybe"), "status"),
    (decision(note=["x"]), "note: expected a string"),
    (decision(note="x" * 2001), "note: longer than 2000"),
    (decision(reviewer="A" * 81), "reviewer: longer than 80"),
    (decision(reviewer="Anna\nBob"), "control character"),
    (decision(note="bell\x07"), "control character"),
    (decision(sentence=True), "sentence"),
    (decision(sentence=-1), "sentence"),
    (decision(updated_at="yesterday"), "updated_at"),
    (decision(admin=True), "unknown field 'admin'"),
])
def test_invalid_decisions_are_refused_with_the_field_named(bad, message) -> None:
    data = json.loads(bad) if isinstance(bad, str) else bad
    with pytest.raises(InvalidDecision, match=message):
        validate_decision(data, {"REP001"})


# ---- the store -----------------------------------------------------------------------

def test_store_keeps_the_latest_decision_and_the_whole_history(tmp_path: Path) -> None:
    store = DecisionStore.in_folder(tmp_path)
    store.record(validate_decision(decision(status="confirmed")))
    store.record(validate_decision(decision(status="dismissed", note="doch korrekt")))
    [d] = store.decisions("redaktion")
    assert (d.status, d.note, d.reviewer) == ("dismissed", "doch korrekt", "Anna")
    store.record(validate_decision(decision(status="open")))
    assert store.decisions() == [] and store.history_count() == 3
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_merge_keeps_whichever_decision_is_newer(tmp_path: Path) -> None:
    store = DecisionStore.in_folder(tmp_path)
    store.record(validate_decision(decision(status="confirmed", updated_at="2026-11-21T08:00:00Z")))
    older = validate_decision(decision(status="dismissed", updated_at="2026-11-21T07:00:00Z"))
    other = validate_decision(decision(code="FIG001", updated_at="2026-11-21T07:00:00Z"))
    result = store.merge([older, other])
    assert (result.applied, result.kept) == (1, 1)
    assert {d.code: d.status for d in store.decisions()} == {"REP001": "confirmed", "FIG001": "dismissed"}
    assert store.merge([older, other]).applied == 0  # importing twice changes nothing
    newer = validate_decision(decision(status="fixed", updated_at="2026-11-21T09:00:00Z"))
    assert store.merge([newer]).applied == 1
    assert {d.code: d.status for d in store.decisions()}["REP001"] == "fixed"


# ---- the server over real HTTP -------------------------------------------------------

@pytest.fixture()
def served(tmp_path: Path):
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    with serving(tmp_path) as server:
        yield server


def request(server: ReviewServer, path: str, body: object = None, headers: dict | None = None,
            method: str | None = None, raw: bytes | None = None) -> tuple[int, dict, dict]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    hdrs = {"Content-Type": "application/json"} if data is not None else {}
    hdrs.update(headers or {})
    req = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            payload = resp.read()
            status, resp_headers = resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        payload, status, resp_headers = err.read(), err.code, dict(err.headers)
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = {"raw": payload.decode("utf-8", "replace")}
    return status, parsed, resp_headers


def test_server_stores_a_decision_and_serves_it_back(served: ReviewServer) -> None:
    status, body, _ = request(served, "/api/decisions", decision(status="dismiss"),
                              {"Origin": f"http://127.0.0.1:{served.port}"})
    assert status == 200, body
    stored = body["decision"]
    assert stored["status"] == "dismissed" and stored["sentence"] == 2 and stored["sentence_text"] == SENTENCE
    status, body, _ = request(served, "/api/decisions?document=redaktion")
    assert status == 200 and [d["note"] for d in body["decisions"]] == ["Stilmittel"]
    assert request(served, "/api/decisions?document=injection")[1] == {"decisions": []}
    assert DecisionStore.in_folder(served.folder).decisions()[0].reviewer == "Anna"


def test_server_refuses_cross_origin_writes(served: ReviewServer) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{served.port + 1}"}, {"Sec-Fetch-Site": "cross-site"}):
        status, body, _ = request(served, "/api/decisions", decision(), headers)
        assert (status, body) == (403, {"error": "cross-origin write refused"}), headers
    # a form post from another site cannot send JSON without a preflight
    status, _, _ = request(served, "/api/decisions", raw=json.dumps(decision()).encode(),
                           headers={"Content-Type": "text/plain"})
    assert status == 415
    # DNS rebinding: a foreign Host header is refused for reads and writes
    assert request(served, "/api/decisions", headers={"Host": "evil.example"})[0] == 421
    assert request(served, "/api/decisions", decision(), {"Host": f"evil.example:{served.port}"})[0] == 421
    assert DecisionStore.in_folder(served.folder).decisions() == []


def test_server_validates_every_write(served: ReviewServer) -> None:
    assert request(served, "/api/decisions", raw=b"{not json")[0] == 400
    assert request(served, "/api/decisions", raw=b"x" * 20000)[0] == 413
    status, body, _ = request(served, "/api/decisions", decision(note=5))
    assert status == 422 and body["error"] == "note: expected a string, got int"
    status, body, _ = request(served, "/api/decisions", decision(code="ZZZ001"))
    assert status == 422 and "unknown check code" in body["error"]
    status, body, _ = request(served, "/api/decisions", decision(sentence_sha=sentence_hash("anderer Satz")))
    assert (status, body) == (422, {"error": "no such flag in these reports"})
    assert request(served, "/api/decisions", decision(), method="PUT")[0] == 405
    assert request(served, "/api/other", decision())[0] == 404
    assert DecisionStore.in_folder(served.folder).decisions() == []


def test_server_serves_reports_but_never_the_store(served: ReviewServer) -> None:
    status, body, headers = request(served, "/")
    assert status == 200 and "Audit report" in body["raw"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert request(served, "/redaktion.html")[0] == 200
    assert request(served, "/redaktion.json")[1]["schema_version"] == 1
    for path in (f"/{STORE_NAME}", "/%2e%2e/etc/passwd", "/../../etc/passwd", "/nothing.html"):
        assert request(served, path)[0] == 404, path


def _start_serve(folder: Path) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "serve", str(folder), "--port", "0"],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    lines = []
    while not lines or "Serving" not in lines[-1]:
        line = proc.stderr.readline()
        assert line and len(lines) < 20, lines  # the server died or never said where it listens
        lines.append(line)
    line = lines[-1]
    port = int(line.rsplit(":", 1)[1].split("/")[0])
    return proc, port


def test_decisions_survive_a_kill_and_a_restart(tmp_path: Path) -> None:
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    proc, port = _start_serve(tmp_path)
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/decisions",
                                     data=json.dumps(decision(status="fixed")).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
    finally:
        proc.send_signal(signal.SIGKILL)  # no clean shutdown: the commit must already be on disk
        proc.wait(10)
    proc, port = _start_serve(tmp_path)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/decisions", timeout=10) as resp:
            body = json.loads(resp.read())
        assert [(d["status"], d["note"]) for d in body["decisions"]] == [("fixed", "Stilmittel")]
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_refuses_a_missing_folder_in_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope")])
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and "no such reports folder" in res.output


# ---- import and export ---------------------------------------------------------------

def page_export(*decisions: dict) -> str:
    return json.dumps({"format": "auditor-decisions", "version": 1, "exported_at": "2026-11-21T08:00:00.000Z",
                       "decisions": list(decisions)})


def test_import_merges_a_page_export_and_export_lists_it(tmp_path: Path) -> None:
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    file = tmp_path / "decisions.json"
    file.write_text(page_export(decision(status="dismissed", updated_at="2026-11-21T08:00:00.000Z",
                                         note="=HYPERLINK(\"x\")", sentence=2)), "utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["review", "import", str(file), "--reports", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "imported 1" in res.output
    res = runner.invoke(cli, ["review", "export", "--reports", str(tmp_path)])
    lines = res.output.splitlines()
    assert lines[0] == "document,sentence_number,code,status,note,reviewer,updated_at,sentence_text,sentence_sha"
    assert lines[1].startswith("redaktion,3,REP001,dismissed,\"'=HYPERLINK(\"\"x\"\")\",Anna,2026-11-21T08:00:00.000Z")
    res = runner.invoke(cli, ["review", "export", "--reports", str(tmp_path), "--format", "json"])
    exported = json.loads(res.output)
    assert exported["format"] == "auditor-decisions" and len(exported["decisions"]) == 1
    # an export imports again into another folder: same decision
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.json").write_text(res.output, "utf-8")
    res = runner.invoke(cli, ["review", "import", str(other / "x.json"), "--reports", str(other)])
    assert res.exit_code == 0, res.output
    assert DecisionStore.in_folder(other).decisions()[0].note == "=HYPERLINK(\"x\")"


def test_import_rejects_a_bad_file_whole_in_one_line(tmp_path: Path) -> None:
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    runner = CliRunner()
    cases = {
        "not-json.json": "{",
        "other.json": json.dumps({"format": "something-else", "version": 1, "decisions": []}),
        "bad-code.json": page_export(decision(updated_at="2026-11-21T08:00:00Z"),
                                     decision(code="BAD999", updated_at="2026-11-21T08:00:00Z")),
        "no-time.json": page_export(decision()),
    }
    outputs = {}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
        res = runner.invoke(cli, ["review", "import", str(tmp_path / name), "--reports", str(tmp_path)])
        assert res.exit_code == 2, name
        assert res.output.startswith("auditor: error: ") and res.output.count("\n") == 1, res.output
        outputs[name] = res.output
    assert "not a JSON file" in outputs["not-json.json"]
    assert "not an auditor decisions file" in outputs["other.json"]
    assert "decision 2: code: unknown check code 'BAD999'" in outputs["bad-code.json"]
    assert "decision 1: updated_at: missing" in outputs["no-time.json"]
    assert not DecisionStore.in_folder(tmp_path).decisions()
    res = runner.invoke(cli, ["review", "export", "--reports", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "no review decisions yet" in res.output


def test_baseline_names_only_dismissed_and_fixed_flags(tmp_path: Path) -> None:
    from auditor.review.baseline import is_resolved, resolved_keys

    assert resolved_keys(tmp_path) == frozenset()
    assert not (tmp_path / STORE_NAME).exists()  # asking does not create a store
    store = DecisionStore.in_folder(tmp_path)
    store.record(validate_decision(decision(status="dismissed")))
    store.record(validate_decision(decision(code="FIG001", status="confirmed")))
    resolved = resolved_keys(tmp_path)
    assert is_resolved(resolved, "redaktion", "Die die  Bestätigung durch Vedant Patel wird die Besorgnis verstärken.",
                       "REP001")
    assert not is_resolved(resolved, "redaktion", SENTENCE, "FIG001")  # confirmed errors still count
    assert not is_resolved(resolved, "andere", SENTENCE, "REP001")
