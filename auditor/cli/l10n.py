"""The audit command's side of localisation files: read them, build documents, write back.

Kept out of audit.py so that plain-text audits import none of it (lxml and polib load
only when a localisation file is given).
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .common import AuditorError

#: --input-format choices: auto (by extension, then content), text, or a reader by name
INPUT_FORMATS = ("auto", "text", "xliff", "tmx", "po", "tsv", "csv")


@dataclass
class CatInput:
    """One localisation file: its bytes (kept for the write-back) and its parts."""

    label: str
    stem: str
    format: str
    data: bytes
    parts: list[Any]
    doc_ids: list[str] = field(default_factory=list)


def _small_regular_file(path: Path, max_bytes: int | None) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (max_bytes is None or st.st_size <= max_bytes)


def split_inputs(files: tuple[str, ...], input_format: str,
                 max_bytes: int | None = None) -> tuple[list[CatInput], list[str]]:
    """Localisation files read and parsed, and the names left for the plain-text reader.

    A localisation file auditor refuses (malformed, hostile, ragged) stops the run before
    anything is audited or written: one line per file, exit 2. Directories, devices, pipes
    and files over ``max_bytes`` go to the plain-text reader, which walks, bounds and
    refuses them (reading /dev/zero here would never end).
    """
    from ..l10n import FormatError, detect_format, read

    cat: list[CatInput] = []
    text: list[str] = []
    problems: list[str] = []
    for name in files:
        if input_format == "text" or (name == "-" and input_format == "auto"):
            text.append(name)
            continue
        if name != "-" and not _small_regular_file(Path(name), max_bytes):
            text.append(name)
            continue
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError:
            text.append(name)  # the plain-text reader reports unreadable files, all at once
            continue
        fmt = detect_format(name, data) if input_format == "auto" else input_format
        if fmt is None:
            text.append(name)
            continue
        try:
            parts = read(fmt, data, name)
        except FormatError as exc:
            problems.append(str(exc))
            continue
        cat.append(CatInput(name, "stdin" if name == "-" else Path(name).stem, fmt, data, parts))
    if problems:
        for line in problems[:-1]:
            click.echo(f"auditor: error: {line}", err=True)
        raise AuditorError(problems[-1] + ("" if len(problems) == 1 else
                                           f" ({len(problems)} inputs failed; nothing was written)"))
    return cat, text


def prepare_documents(inputs: list[CatInput], used_ids: set[str], lang: str | None, source_lang: str | None,
                      skip: tuple[str, ...], segmenter: Callable, detect: Callable[[str], str]) -> tuple[list, dict, dict]:  # noqa: E501
    """Target documents, their sources and their unit alignments, one per file part."""
    from ..l10n.documents import language_code, prepare

    documents, sources, alignments = [], {}, {}
    for ci in inputs:
        for n, bf in enumerate(ci.parts):
            base = ci.stem if len(ci.parts) == 1 else f"{ci.stem}-{_slug(bf.part) or n + 1}"
            doc_id, k = base, 2
            while doc_id in used_ids:
                doc_id, k = f"{base}-{k}", k + 1
            used_ids.add(doc_id)
            ci.doc_ids.append(doc_id)
            language = lang or language_code(bf.target_language)
            if language is None:
                sample = "\n".join(u.target for u in bf.units[:200] if u.target)
                language = detect(sample) if sample.strip() else "de"
            source_language = source_lang or language_code(bf.source_language) or "en"
            label = ci.label if len(ci.parts) == 1 else f"{ci.label} ({bf.part or n + 1})"
            target, source, alignment = prepare(bf, doc_id, label, language, source_language,
                                                skip=skip, segmenter=segmenter)
            documents.append(target)
            sources[doc_id] = source
            alignments[doc_id] = alignment
    return documents, sources, alignments


def _slug(part: str | None) -> str:
    if not part:
        return ""
    name = Path(part.replace("\\", "/")).stem
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60]


def write_back(inputs: list[CatInput], formats: tuple[str, ...], result: Any, out: Path,
               resolved: frozenset[str], mark_review: bool) -> list[Path]:
    """A copy of each localisation input in a write-back format, with the open findings as
    notes on their units; dismissed or fixed flags are not written."""
    from ..fsutil import atomic_write_bytes
    from ..l10n import WRITERS, write_back as splice
    from ..review.baseline import is_resolved

    by_doc = {d.document.id: d for d in result.documents}
    jobs = [(ci, fmt) for fmt in formats for ci in inputs if ci.format in WRITERS[fmt]]
    for fmt in formats:
        if not any(f == fmt for _, f in jobs):
            raise AuditorError(f"--format {fmt} writes back {fmt.upper()} inputs, and none was given")
    written = []
    for ci, fmt in jobs:
        notes: dict[int, list[tuple[str, str, str]]] = {}
        for doc_id in ci.doc_ids:
            d = by_doc[doc_id]
            for r in d.sentences:
                unit = d.document.unit_of(r.sentence)
                if unit is None:
                    continue
                for f in r.flags:
                    if is_resolved(resolved, doc_id, r.sentence.text, f.code, unit.id):
                        continue
                    note = (f.severity, f.code, f.message)
                    if note not in notes.setdefault(unit.key, []):
                        notes[unit.key].append(note)
        try:
            data = splice(fmt, ci.data, notes, mark_review=mark_review)
        except ValueError as exc:
            raise AuditorError(f"{ci.label}: cannot write back ({exc})") from None
        name = Path(ci.label).name if ci.label != "-" else f"stdin.{'xlf' if fmt == 'xliff' else fmt}"
        target = out / name
        if ci.label != "-" and target.resolve() == Path(ci.label).resolve():
            raise AuditorError(f"{target}: the write-back would overwrite its input; choose another --out")
        try:
            atomic_write_bytes(target, data)
        except OSError as exc:
            raise AuditorError(f"{target}: cannot write ({exc.strerror or exc})") from None
        written.append(target)
    return written
