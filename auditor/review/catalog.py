"""What a reports folder contains: its documents and flags, read from the JSON reports.

The server accepts a decision only for a flag that is in the reports it serves, and the
export names the sentence a decision is about. The catalog re-reads the folder when a JSON
report changed (a re-audit while the server runs), so it never serves stale flags.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from ..checks import REGISTRY
from .fingerprint import decision_key, sentence_hash


@dataclass(frozen=True)
class FlagRef:
    document: str
    sentence: int
    sentence_text: str
    code: str


class ReportCatalog:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int, int], ...] | None = None
        self._flags: dict[str, FlagRef] = {}
        self._documents: set[str] = set()

    def _reports(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.json")
                      if p.name != "index.json" and not p.name.startswith("."))

    def refresh(self) -> None:
        reports = self._reports()
        stamp = tuple((p.name, *self._stat(p)) for p in reports)
        with self._lock:
            if stamp == self._stamp:
                return
            flags: dict[str, FlagRef] = {}
            documents: set[str] = set()
            for path in reports:
                try:
                    data = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError):
                    continue  # a report being rewritten or not ours: the next refresh sees it
                if not isinstance(data, dict) or data.get("schema_version") != 1:
                    continue
                doc_id = (data.get("document") or {}).get("id") or path.stem
                documents.add(doc_id)
                for s in data.get("sentences", []):
                    sha = sentence_hash(s.get("text", ""), s.get("unit"))
                    for f in s.get("flags", []):
                        ref = FlagRef(doc_id, s.get("index", 0), s.get("text", ""), f.get("code", ""))
                        flags[decision_key(doc_id, sha, ref.code)] = ref
            self._flags, self._documents, self._stamp = flags, documents, stamp

    @staticmethod
    def _stat(path: Path) -> tuple[int, int]:
        try:
            st = path.stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def flag(self, key: str) -> FlagRef | None:
        self.refresh()
        return self._flags.get(key)

    @property
    def documents(self) -> set[str]:
        self.refresh()
        return set(self._documents)

    def known_codes(self) -> set[str]:
        """Codes a decision may name: every registered check and every code in the reports."""
        self.refresh()
        return {cls.code for cls in REGISTRY} | {f.code for f in self._flags.values()}
