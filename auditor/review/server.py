"""`auditor serve`: the reports folder over http on 127.0.0.1, plus a JSON API for decisions.

The standard library's ThreadingHTTPServer is enough for one newsroom team reviewing a run;
a framework would add a dependency for no gain. Writes are refused unless they come from a
page this server served: the Host header must name this server (DNS rebinding), an Origin
header, when sent, must be this server's origin, and the body must be application/json
(which a cross-site form cannot send without a CORS preflight this server never grants).

API:
    GET  /api/decisions[?document=ID]  -> {"decisions": [...]}
    POST /api/decisions  {document, sentence_sha, code, status, note, reviewer, sentence}
                         -> {"decision": {...}} once committed to SQLite
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import sys
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .catalog import ReportCatalog
from .store import DecisionStore, InvalidDecision, validate_decision

MAX_BODY = 16 * 1024
#: seconds a client may take to send its request: a client that promises a body and never
#: sends it must not hold a thread for ever
REQUEST_TIMEOUT = 10
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json; charset=utf-8",
                 ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path | str, host: str = "127.0.0.1", port: int = 8765,
                 quiet: bool = True) -> None:
        self.folder = Path(folder).resolve()
        self.store = DecisionStore.in_folder(self.folder)
        self.catalog = ReportCatalog(self.folder)
        self.quiet = quiet
        super().__init__((host, port), ReviewHandler)
        self.host = host

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's hook
        """One line, not the standard library's traceback: a client that hangs up or times
        out is routine, and the server goes on serving."""
        if not self.quiet:
            exc = sys.exc_info()[1]
            sys.stderr.write(f"auditor serve: request from {client_address[0]} failed: "
                             f"{type(exc).__name__}: {exc}\n")

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.host if self.host not in ("0.0.0.0", "") else "127.0.0.1"
        return f"http://{host}:{self.port}/"

    def allowed_hosts(self) -> set[str]:
        names = set(LOOPBACK) | {self.host}
        return {f"{name}:{self.port}" for name in names}


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "auditor-review"
    sys_version = ""
    timeout = REQUEST_TIMEOUT

    # ---- plumbing ----------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if not self.server.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    def _headers(self, status: int, content_type: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._headers(status, "application/json; charset=utf-8", len(data))
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _host_ok(self) -> bool:
        return (self.headers.get("Host") or "").lower() in self.server.allowed_hosts()

    def _guarded(self, handle) -> None:  # noqa: ANN001
        """A request that raises gets a JSON 500 (and a line with -v), never a dropped connection."""
        try:
            handle()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client left: nobody to answer
        except Exception as exc:
            self.log_message("internal error: %s: %s", type(exc).__name__, exc)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error ({type(exc).__name__})")

    # ---- GET ---------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._guarded(self._get)

    def _get(self) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host")
            return
        url = urlsplit(self.path)
        if url.path == "/api/decisions":
            document = parse_qs(url.query).get("document", [None])[0]
            decisions = self.server.store.decisions(document)
            self._json(HTTPStatus.OK, {"decisions": [d.to_dict() for d in decisions]})
            return
        if url.path.startswith("/api/"):
            self._error(HTTPStatus.NOT_FOUND, "no such API")
            return
        path = self._file(url.path)
        if path is None:
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        data = path.read_bytes()
        kind = CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._headers(HTTPStatus.OK, kind, len(data))
        self.wfile.write(data)

    def _file(self, url_path: str) -> Path | None:
        """A plain file of the reports folder; dotfiles (the decision store) are never served."""
        clean = posixpath.normpath(unquote(url_path))
        parts = [p for p in clean.split("/") if p]
        if not parts:
            parts = ["index.html"]
        if any(p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
            return None
        path = self.server.folder.joinpath(*parts).resolve()
        if not path.is_relative_to(self.server.folder) or not path.is_file():
            return None
        return path

    # ---- POST --------------------------------------------------------------------------
    def do_POST(self) -> None:  # noqa: N802
        self._guarded(self._post)

    def _post(self) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host")
            return
        if urlsplit(self.path).path != "/api/decisions":
            self._error(HTTPStatus.NOT_FOUND, "no such API")
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{self.headers.get('Host', '').lower()}":
            self._error(HTTPStatus.FORBIDDEN, "cross-origin write refused")
            return
        if self.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            self._error(HTTPStatus.FORBIDDEN, "cross-origin write refused")
            return
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "expected application/json")
            return
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if length < 0:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body larger than {MAX_BODY} bytes")
            return
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_TIMEOUT, f"body not received within {REQUEST_TIMEOUT} s")
            return
        if len(body) < length:
            self._error(HTTPStatus.BAD_REQUEST, "body shorter than its Content-Length")
            return
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._error(HTTPStatus.BAD_REQUEST, "body is not valid JSON")
            return
        if isinstance(payload, dict):
            # the server keeps the time and the sentence text itself
            payload = {k: v for k, v in payload.items() if k not in ("updated_at", "sentence_text")}
        catalog = self.server.catalog
        try:
            decision = validate_decision(payload, catalog.known_codes())
        except InvalidDecision as exc:
            self._error(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))
            return
        ref = catalog.flag(decision.key)
        if ref is None:
            message = "no such flag in these reports"
            if not catalog.documents:
                message += " (serve reads the JSON reports: audit with --format json,html)"
            self._error(HTTPStatus.UNPROCESSABLE_ENTITY, message)
            return
        decision = replace(decision, sentence=ref.sentence, sentence_text=ref.sentence_text)
        try:
            self.server.store.record(decision)
        except Exception as exc:  # the page must learn that the decision was not stored
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"could not store the decision ({type(exc).__name__})")
            return
        self._json(HTTPStatus.OK, {"decision": decision.to_dict()})

    def do_PUT(self) -> None:  # noqa: N802
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed")

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT
