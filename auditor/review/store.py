"""Review decisions in SQLite, inside the reports folder (``.auditor-review.sqlite``).

SQLite because a decision must never be lost: every write is one transaction, the database
runs in WAL mode with ``synchronous=FULL`` (a committed decision survives a kill or a power
cut), and the answer to the browser is sent only after the commit. Besides the current
decision per flag, every event is appended to ``history``, so an overwritten or reopened
decision can still be traced.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .fingerprint import decision_key, is_sentence_hash

STORE_NAME = ".auditor-review.sqlite"

#: what the page's ``data-review-action`` buttons do -> the status stored
ACTIONS: dict[str, str] = {"confirm": "confirmed", "dismiss": "dismissed", "fixed": "fixed"}
#: "open" withdraws a decision (the flag is open again); it is kept in the history only
STATUSES = ("confirmed", "dismissed", "fixed", "open")
#: decisions that take a flag out of the open counts
RESOLVED = frozenset({"dismissed", "fixed"})

MAX_NOTE = 2000
MAX_REVIEWER = 80
MAX_DOCUMENT = 200
MAX_SENTENCE_TEXT = 10000
FIELDS = frozenset({"document", "sentence_sha", "code", "status", "note", "reviewer",
                    "updated_at", "sentence", "sentence_text"})

_CODE = re.compile(r"[A-Z]{2,5}[0-9]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DOCUMENT_BAD = re.compile(r"[/\\\x00-\x1f\x7f]")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    document      TEXT NOT NULL,
    sentence_sha  TEXT NOT NULL,
    code          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'dismissed', 'fixed')),
    note          TEXT NOT NULL DEFAULT '',
    reviewer      TEXT NOT NULL DEFAULT '',
    sentence      INTEGER,
    sentence_text TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (document, sentence_sha, code)
);
CREATE TABLE IF NOT EXISTS history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    document      TEXT NOT NULL,
    sentence_sha  TEXT NOT NULL,
    code          TEXT NOT NULL,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    origin        TEXT NOT NULL
);
"""


class InvalidDecision(ValueError):
    """A decision with a missing, mistyped, too long or unknown field (one-line message)."""


@dataclass(frozen=True)
class Decision:
    document: str
    sentence_sha: str
    code: str
    status: str
    note: str = ""
    reviewer: str = ""
    updated_at: str = ""
    sentence: int | None = None
    sentence_text: str = ""

    @property
    def key(self) -> str:
        return decision_key(self.document, self.sentence_sha, self.code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MergeResult:
    applied: int
    kept: int


def now_iso() -> str:
    """UTC with milliseconds and a Z, the format of JavaScript's ``toISOString``."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _normalize_timestamp(value: str) -> str:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(data: Mapping[str, Any], name: str, limit: int, *, multiline: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidDecision(f"{name}: expected a string, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidDecision(f"{name}: longer than {limit} characters")
    bad = _CONTROL.search(value) if multiline else re.search(r"[\x00-\x1f\x7f]", value)
    if bad:
        raise InvalidDecision(f"{name}: contains a control character")
    return value.strip()


def validate_decision(
    data: object,
    known_codes: Iterable[str] | None = None,
    *,
    require_timestamp: bool = False,
) -> Decision:
    """Check every field of a decision received from a page or a file.

    ``known_codes``: the check codes a decision may name (None: any well-formed code).
    ``updated_at`` is taken from the data when present (imports keep their time), else now.
    """
    if not isinstance(data, Mapping):
        raise InvalidDecision("a decision must be a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidDecision(f"unknown field {unknown[0]!r}")
    for name in ("document", "sentence_sha", "code", "status"):
        if name not in data:
            raise InvalidDecision(f"{name}: missing")
    document = data["document"]
    if not isinstance(document, str) or not document or len(document) > MAX_DOCUMENT \
            or _DOCUMENT_BAD.search(document) or document.startswith("."):
        raise InvalidDecision("document: expected a document id (a file stem)")
    if not is_sentence_hash(data["sentence_sha"]):
        raise InvalidDecision("sentence_sha: expected 64 lowercase hex digits")
    code = data["code"]
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidDecision("code: expected a check code like REP001")
    if known_codes is not None and code not in set(known_codes):
        raise InvalidDecision(f"code: unknown check code {code!r}")
    status = data["status"]
    if isinstance(status, str) and status in ACTIONS:  # a list or dict is unhashable: check the type first
        status = ACTIONS[status]
    if not isinstance(status, str) or status not in STATUSES:
        raise InvalidDecision(f"status: expected one of {', '.join(STATUSES)}")
    sentence = data.get("sentence")
    if sentence is not None and (isinstance(sentence, bool) or not isinstance(sentence, int)
                                 or not 0 <= sentence < 10_000_000):
        raise InvalidDecision("sentence: expected a sentence index")
    updated_at = data.get("updated_at")
    if updated_at is None or updated_at == "":
        if require_timestamp:
            raise InvalidDecision("updated_at: missing")
        updated_at = now_iso()
    else:
        if not isinstance(updated_at, str) or not _TIMESTAMP.fullmatch(updated_at):
            raise InvalidDecision("updated_at: expected an ISO 8601 time like 2026-11-21T08:00:00.000Z")
        try:
            updated_at = _normalize_timestamp(updated_at)
        except ValueError:
            raise InvalidDecision("updated_at: not a valid time") from None
    return Decision(
        document=document,
        sentence_sha=data["sentence_sha"],
        code=code,
        status=status,
        note=_text(data, "note", MAX_NOTE, multiline=True),
        reviewer=_text(data, "reviewer", MAX_REVIEWER),
        updated_at=updated_at,
        sentence=sentence,
        sentence_text=_text(data, "sentence_text", MAX_SENTENCE_TEXT, multiline=True),
    )


class DecisionStore:
    """Decisions of one reports folder. Opens one connection per operation (thread-safe)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._init_schema()

    @classmethod
    def in_folder(cls, folder: Path | str) -> DecisionStore:
        return cls(Path(folder) / STORE_NAME)

    @staticmethod
    def exists_in(folder: Path | str) -> bool:
        return (Path(folder) / STORE_NAME).is_file()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 15000")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _init_schema(self) -> None:
        conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def record(self, decision: Decision, origin: str = "server") -> Decision:
        """Store one decision now (the newest decision on a flag wins)."""
        with self._transaction() as conn:
            self._apply(conn, decision, origin)
        return decision

    def merge(self, decisions: Iterable[Decision], origin: str = "import") -> MergeResult:
        """Merge decisions from elsewhere in one transaction: per flag, the newer one wins."""
        applied = kept = 0
        with self._transaction() as conn:
            for d in decisions:
                current = conn.execute(
                    "SELECT updated_at FROM decisions WHERE document=? AND sentence_sha=? AND code=?",
                    (d.document, d.sentence_sha, d.code)).fetchone()
                last = conn.execute(
                    "SELECT MAX(updated_at) FROM history WHERE document=? AND sentence_sha=? AND code=?",
                    (d.document, d.sentence_sha, d.code)).fetchone()[0]
                newest = max(filter(None, [current["updated_at"] if current else None, last]), default=None)
                if newest is not None and newest >= d.updated_at:
                    kept += 1
                    continue
                self._apply(conn, d, origin)
                applied += 1
        return MergeResult(applied, kept)

    @staticmethod
    def _apply(conn: sqlite3.Connection, d: Decision, origin: str) -> None:
        conn.execute(
            "INSERT INTO history (document, sentence_sha, code, status, note, reviewer, updated_at, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (d.document, d.sentence_sha, d.code, d.status, d.note, d.reviewer, d.updated_at, origin))
        if d.status == "open":
            conn.execute("DELETE FROM decisions WHERE document=? AND sentence_sha=? AND code=?",
                         (d.document, d.sentence_sha, d.code))
            return
        conn.execute(
            "INSERT INTO decisions (document, sentence_sha, code, status, note, reviewer, sentence,"
            " sentence_text, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (document, sentence_sha, code) DO UPDATE SET status=excluded.status,"
            " note=excluded.note, reviewer=excluded.reviewer,"
            " sentence=COALESCE(excluded.sentence, decisions.sentence),"
            " sentence_text=CASE WHEN excluded.sentence_text != '' THEN excluded.sentence_text"
            " ELSE decisions.sentence_text END, updated_at=excluded.updated_at",
            (d.document, d.sentence_sha, d.code, d.status, d.note, d.reviewer, d.sentence,
             d.sentence_text, d.updated_at))

    def decisions(self, document: str | None = None) -> list[Decision]:
        conn = self._connect()
        try:
            sql = ("SELECT document, sentence_sha, code, status, note, reviewer, updated_at, sentence,"
                   " sentence_text FROM decisions")
            args: tuple[str, ...] = ()
            if document is not None:
                sql += " WHERE document = ?"
                args = (document,)
            rows = conn.execute(sql + " ORDER BY document, sentence, code, sentence_sha", args).fetchall()
        finally:
            conn.close()
        return [Decision(**dict(row)) for row in rows]

    def by_key(self) -> dict[str, Decision]:
        return {d.key: d for d in self.decisions()}

    def history_count(self) -> int:
        conn = self._connect()
        try:
            return conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        finally:
            conn.close()
