"""A persistent cache of back-translations (SQLite), so a second run costs no model time.

The same file also holds artifacts: named blobs other parts of auditor derive and reuse
(segmentations and whole-run results, see ``auditor.runcache``).

Keyed by sha256(model identity, generation settings' cache_key(), sentence text): a new
model file, other settings or an edited sentence miss. Several auditor runs may share one
cache: WAL mode lets readers and one writer work at once, and a busy database is waited
for. The cache is an optimisation, never a reason to fail: a corrupt file is moved aside
and rebuilt, an unwritable directory means running without cache, each with a warning.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from .checks.base import Translation

CACHE_DIR_ENV = "AUDITOR_CACHE_DIR"
DB_NAME = "backtranslations.sqlite3"
#: a path ending like this names the database file itself; any other path is a folder
DB_SUFFIXES = (".sqlite3", ".sqlite", ".db")
SCHEMA_VERSION = 1
#: seconds a connection waits for another run's write lock before giving up
BUSY_TIMEOUT = 30.0
_CHUNK = 500  # keys per SELECT ... IN (...): under every SQLite build's variable limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    logprob_sum REAL NOT NULL,
    logprob_mean REAL NOT NULL,
    tokens INTEGER NOT NULL,
    truncated INTEGER NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS artifacts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
"""


def default_cache_dir() -> Path:
    """``$AUDITOR_CACHE_DIR``, else the platform's user cache directory for auditor."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("auditor", appauthor=False))


def cache_key(identity: str, settings_key: str, text: str) -> str:
    return hashlib.sha256("\x1f".join((identity, settings_key, text)).encode("utf-8")).hexdigest()


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    message = str(exc).lower()
    return "not a database" in message or "malformed" in message


class TranslationCache:
    """Back-translations on disk. ``path`` is a folder to hold ``backtranslations.sqlite3``
    (created if needed), or an existing file / a ``.sqlite3``/``.sqlite``/``.db`` path.
    Problems end up in ``warnings``, never as exceptions."""

    def __init__(self, path: Path) -> None:
        path = Path(path).expanduser()
        if not path.is_file() and path.suffix not in DB_SUFFIXES:
            path = path / DB_NAME
        self.path = path
        self.warnings: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._writable = True
        self._open()

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    # ------------------------------------------------------------------ public

    def get_many(self, identity: str, settings_key: str, texts: Iterable[str]) -> dict[str, Translation]:
        """The cached translations among ``texts``, by text (misses are absent)."""
        keys = {cache_key(identity, settings_key, t): t for t in dict.fromkeys(texts)}
        if not keys or self._conn is None:
            return {}
        rows = self._run(self._select, list(keys))
        return {
            keys[key]: Translation(text, float(lp_sum), float(lp_mean), int(tokens), bool(truncated))
            for key, text, lp_sum, lp_mean, tokens, truncated in rows or ()
        }

    def put_many(self, identity: str, settings_key: str, items: dict[str, Translation]) -> None:
        if not items or self._conn is None or not self._writable:
            return
        now = time.time()
        rows = [
            (cache_key(identity, settings_key, source), t.text, t.logprob_sum, t.logprob_mean, t.tokens,
             int(t.truncated), now)
            for source, t in items.items()
        ]
        self._run(self._insert, rows)

    def get_artifact(self, kind: str, key: str) -> bytes | None:
        """The blob stored under (kind, key), or None."""
        if self._conn is None:
            return None
        rows = self._run(lambda conn, arg: conn.execute(
            "SELECT value FROM artifacts WHERE kind = ? AND key = ?", arg).fetchall(), (kind, key))
        return bytes(rows[0][0]) if rows else None

    def put_artifact(self, kind: str, key: str, value: bytes, *, keep: int | None = None) -> None:
        """Store a blob; with ``keep``, only the newest ``keep`` blobs of this kind remain."""
        if self._conn is None or not self._writable:
            return

        def write(conn: sqlite3.Connection, arg: tuple) -> None:
            with conn:
                conn.execute("INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?, ?)", arg)
                if keep is not None:
                    conn.execute(
                        "DELETE FROM artifacts WHERE kind = ? AND key NOT IN "
                        "(SELECT key FROM artifacts WHERE kind = ? ORDER BY created DESC LIMIT ?)",
                        (kind, kind, keep))

        self._run(write, (kind, key, sqlite3.Binary(value), time.time()))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals

    def _select(self, conn: sqlite3.Connection, keys: list[str]) -> list[tuple]:
        rows: list[tuple] = []
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i:i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows.extend(conn.execute(
                "SELECT key, text, logprob_sum, logprob_mean, tokens, truncated "
                f"FROM translations WHERE key IN ({marks})",
                chunk,
            ))
        return rows

    def _insert(self, conn: sqlite3.Connection, rows: list[tuple]) -> None:
        with conn:  # one transaction: other runs see all of it or nothing
            conn.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _run(self, operation, arg):  # noqa: ANN001, ANN202 (internal dispatch)
        """Run ``operation(conn, arg)``; rebuild once on corruption, degrade on other errors."""
        for attempt in (1, 2):
            conn = self._conn
            if conn is None:
                return None
            try:
                return operation(conn, arg)
            except sqlite3.DatabaseError as exc:
                if _is_corruption(exc) and attempt == 1:
                    self._quarantine(exc)
                    continue
                if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower():
                    self._writable = False
                    self._warn(f"translation cache {self.path} is read-only ({exc}); new translations are not stored")
                    return None
                self._warn(f"translation cache {self.path} failed ({exc}); continuing without it")
                self.close()
                return None
        return None

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._warn(f"translation cache disabled: cannot create {self.path.parent} ({exc.strerror or exc})")
            return
        try:
            self._conn = self._connect_when_free()
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._quarantine(exc)  # reconnects to a fresh file
            else:
                self._warn(f"translation cache disabled: cannot open {self.path} ({exc})")

    def _connect_when_free(self) -> sqlite3.Connection:
        """Connect, waiting out another run that is creating the same file right now.

        SQLite does not call the busy handler while switching a new file to WAL, so two runs
        opening a fresh cache at once get "database is locked" at once (measured: 8 of 30
        tries); they retry for up to BUSY_TIMEOUT instead.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        delay = 0.02
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT, isolation_level="DEFERRED")
        try:
            # WAL: concurrent runs read while one writes; NORMAL sync is safe with WAL. Only
            # switch when needed: the switch takes an exclusive lock that does not wait.
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            version = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if version is None or version[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"file is not a database of schema {SCHEMA_VERSION}")
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _quarantine(self, exc: sqlite3.DatabaseError) -> None:
        """Move a corrupt database (and its WAL/SHM side files) aside and start afresh."""
        self.close()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            for suffix in ("", "-wal", "-shm"):
                side = Path(str(self.path) + suffix)
                if side.exists():
                    side.replace(Path(str(moved) + suffix))
        except OSError as move_error:
            self._warn(f"translation cache {self.path} is corrupt ({exc}) and cannot be moved aside "
                       f"({move_error.strerror or move_error}); continuing without cache")
            return
        self._warn(f"translation cache {self.path} was corrupt ({exc}); moved to {moved.name}, starting a new one")
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as again:
            self._warn(f"translation cache disabled: cannot recreate {self.path} ({again})")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


__all__ = ["TranslationCache", "cache_key", "default_cache_dir"]
