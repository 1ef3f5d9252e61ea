"""Decisions in and out of the store: the page's "export decisions" file, JSON and CSV exports.

One JSON format both ways (``{"format": "auditor-decisions", "version": 1, "decisions":
[...]}``): what the page exports from file:// and what ``auditor review export --format json``
writes, so any export can be imported into another reports folder.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .store import Decision, InvalidDecision, now_iso, validate_decision

FORMAT = "auditor-decisions"
VERSION = 1
MAX_IMPORT_BYTES = 50 * 1024 * 1024
CSV_FIELDS = ("document", "sentence_number", "code", "status", "note", "reviewer", "updated_at",
              "sentence_text", "sentence_sha")


def parse_export(text: str, known_codes: Iterable[str] | None) -> list[Decision]:
    """The decisions of an export file; raises InvalidDecision naming the first bad entry."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidDecision(f"not a JSON file ({exc})") from None
    if isinstance(data, dict):
        if data.get("format") != FORMAT:
            raise InvalidDecision(f"not an auditor decisions file (format is not {FORMAT!r})")
        if data.get("version") != VERSION:
            raise InvalidDecision(f"unsupported decisions file version {data.get('version')!r}")
        entries = data.get("decisions")
    else:
        entries = data
    if not isinstance(entries, list):
        raise InvalidDecision("'decisions' must be a list")
    codes = set(known_codes) if known_codes is not None else None
    decisions = []
    for i, entry in enumerate(entries, 1):
        try:
            decisions.append(validate_decision(entry, codes, require_timestamp=True))
        except InvalidDecision as exc:
            raise InvalidDecision(f"decision {i}: {exc}") from None
    return decisions


def to_json(decisions: Iterable[Decision]) -> str:
    payload: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": now_iso(),
                               "decisions": [d.to_dict() for d in decisions]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # a note starting with = + - @ would run as a formula when the lead opens the CSV
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(decisions: Iterable[Decision]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for d in decisions:
        number = d.sentence + 1 if d.sentence is not None else ""
        writer.writerow([_cell(v) for v in (d.document, number, d.code, d.status, d.note, d.reviewer,
                                            d.updated_at, d.sentence_text, d.sentence_sha)])
    return buf.getvalue()
