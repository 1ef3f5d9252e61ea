"""`auditor serve` under load and attack: concurrent writers, path traversal, oversized and
malformed bodies, slow clients. After every refusal the server must go on serving."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.report import build_view, renderer
from auditor.review import server as server_module
from auditor.review.fingerprint import sentence_hash
from auditor.review.server import MAX_BODY, ReviewServer
from auditor.review.store import DecisionStore
from tests.html_fixtures import serving

SENTENCES = [f"Die die Bestätigung durch Minister {i} wird die Besorgnis verstärken." for i in range(200)]


@pytest.fixture()
def served(tmp_path: Path):
    """A reports folder with 200 REP001 flags (one per sentence), served on a free port."""
    reports = tmp_path / "reports"
    doc = prepare_document("last", "last.txt", "\n".join(SENTENCES), "de")
    view = build_view(run_audit([doc], AuditConfig(select=("REP001",))))
    for fmt in ("json", "html"):
        renderer(fmt)(view, reports)
    (tmp_path / "secret.txt").write_text("geheim", "utf-8")
    with serving(reports) as server:
        yield server


def post(server: ReviewServer, body: object = None, *, raw: bytes | None = None,
         headers: dict | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{server.port}/api/decisions", data=data,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def get(server: ReviewServer, path: str) -> int:
    """The status of a GET sent as written (urllib would normalise '/../')."""
    return raw_request(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())[0]


def raw_request(server: ReviewServer, data: bytes, timeout: float = 20) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    response = b"".join(chunks)
    return int(response.split(b" ", 2)[1]), response.split(b"\r\n\r\n", 1)[-1]


def still_serving(server: ReviewServer) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/api/decisions", timeout=10) as resp:
        return resp.status == 200


def decision(i: int, **over) -> dict:
    return {"document": "last", "sentence_sha": sentence_hash(SENTENCES[i]), "code": "REP001",
            "status": "dismissed", "note": f"Stilmittel {i}", "reviewer": f"client-{i % 20}", **over}


def test_200_concurrent_decisions_from_20_clients_are_all_stored_and_exported(served: ReviewServer) -> None:
    def client(k: int) -> list[int]:
        return [post(served, decision(i))[0] for i in range(k, 200, 20)]

    with ThreadPoolExecutor(20) as pool:
        statuses = [s for batch in pool.map(client, range(20)) for s in batch]
    assert statuses == [200] * 200
    stored = DecisionStore.in_folder(served.folder).decisions()
    assert sorted(d.note for d in stored) == sorted(f"Stilmittel {i}" for i in range(200))
    res = CliRunner().invoke(cli, ["review", "export", "--reports", str(served.folder), "--format", "json"])
    assert res.exit_code == 0, res.output
    exported = json.loads(res.output)
    exported = exported["decisions"] if isinstance(exported, dict) else exported
    assert len(exported) == 200 and {d["sentence_sha"] for d in exported} == {sentence_hash(s) for s in SENTENCES}


def test_paths_out_of_the_folder_are_refused(served: ReviewServer, tmp_path: Path) -> None:
    (served.folder / "out-link.txt").symlink_to(tmp_path / "secret.txt")
    (served.folder / "out-dir").symlink_to(tmp_path)
    assert get(served, "/last.html") == 200
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                 f"/{tmp_path}/secret.txt", "//etc/passwd", "/out-link.txt", "/out-dir/secret.txt",
                 "/.auditor-review.sqlite", "/last.html%00.txt", "/..\\secret.txt"):
        assert get(served, path) == 404, path
        assert still_serving(served)


def test_a_body_over_the_limit_is_refused_before_it_is_read(served: ReviewServer) -> None:
    # The headers promise a gigabyte and no byte of it follows: the answer must come at once.
    head = (f"POST /api/decisions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n").encode()
    started = time.monotonic()
    status, body = raw_request(served, head, timeout=5)
    assert status == 413 and json.loads(body) == {"error": f"body larger than {MAX_BODY} bytes"}
    assert time.monotonic() - started < 5
    # a body just over the limit, sent whole
    assert post(served, raw=b" " * (MAX_BODY + 1))[0] == 413
    # no length at all (chunked)
    head = (f"POST /api/decisions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").encode()
    assert raw_request(served, head)[0] == 411
    assert still_serving(served)


def test_a_client_that_never_sends_its_body_times_out(served: ReviewServer, monkeypatch) -> None:
    monkeypatch.setattr(server_module.ReviewHandler, "timeout", 0.5)
    head = (f"POST /api/decisions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"doc").encode()
    status, body = raw_request(served, head, timeout=10)
    assert status == 408 and "error" in json.loads(body)
    assert still_serving(served)


@pytest.mark.parametrize("raw,status,message", [
    (b"{not json", 400, "body is not valid JSON"),
    (b"\xff\xfe{}", 400, "body is not valid JSON"),
    (b"[1, 2, 3]", 422, "a decision must be a JSON object"),
    (b'"dismissed"', 422, "a decision must be a JSON object"),
    (b"null", 422, "a decision must be a JSON object"),
])
def test_malformed_bodies_get_a_json_error(served: ReviewServer, raw: bytes, status: int, message: str) -> None:
    assert post(served, raw=raw) == (status, {"error": message})
    assert still_serving(served)


@pytest.mark.parametrize("over,field", [
    ({"note": 5}, "note"),
    ({"status": ["dismissed"]}, "status"),
    ({"document": None}, "document"),
    ({"sentence_sha": 12}, "sentence_sha"),
    ({"reviewer": {"name": "x"}}, "reviewer"),
    ({"code": "ZZZ999"}, "code"),
    ({"status": "deleted"}, "status"),
])
def test_wrong_types_and_unknown_values_are_refused(served: ReviewServer, over: dict, field: str) -> None:
    status, body = post(served, decision(0, **over))
    assert status == 422 and set(body) == {"error"} and body["error"].startswith(field), body
    assert still_serving(served)


def test_a_decision_for_a_flag_that_does_not_exist_is_refused(served: ReviewServer) -> None:
    status, body = post(served, decision(0, sentence_sha=sentence_hash("Ein anderer Satz.")))
    assert (status, body) == (422, {"error": "no such flag in these reports"})
    assert DecisionStore.in_folder(served.folder).decisions() == []
    assert post(served, decision(0))[0] == 200
