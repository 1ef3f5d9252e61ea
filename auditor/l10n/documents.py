"""BilingualFile -> the engine's Documents: target, source and their unit-by-unit alignment.

Each kept unit's target text becomes one block of lines in the target Document (units are
separated by a line break, so every unit opens a paragraph of its own and no sentence spans
two units); its source text the same block in the source Document. The alignment pairs
each unit's source sentences with its target sentences: the CAT tool already aligned them,
so no alignment step runs (auditor.align uses a given alignment as it is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..align import AlignedPair, Alignment
from ..document import Document, Sentence, Unit
from .model import BilingualFile, TransUnit

#: unit kinds ``--skip-units`` may leave out (empty targets are never audited: no text)
SKIPPABLE = ("untranslated", "approved")


def language_code(tag: str | None) -> str | None:
    """The primary language subtag of a BCP 47 tag ("de-DE" -> "de", "pt_BR" -> "pt")."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-", 1)[0].lower() or None


def select_units(units: Iterable[TransUnit], skip: Iterable[str]) -> tuple[list[TransUnit], dict[str, list[str]]]:
    """The units to audit, and the ids of those left out by reason."""
    skip = set(skip)
    kept: list[TransUnit] = []
    skipped: dict[str, list[str]] = {"empty": [], "untranslated": [], "approved": []}
    for u in units:
        if u.empty:
            skipped["empty"].append(u.id)
        elif u.approved and "approved" in skip:
            skipped["approved"].append(u.id)
        elif u.untranslated and "untranslated" in skip:
            skipped["untranslated"].append(u.id)
        else:
            kept.append(u)
    return kept, skipped


def prepare(bf: BilingualFile, doc_id: str, label: str, language: str, source_language: str, *,
            skip: Iterable[str] = (), encoding: str = "utf-8",
            segmenter: Callable[[str, str], list[Sentence]]) -> tuple[Document, Document, Alignment]:
    """The target Document (with its units), the source Document and their alignment."""
    kept, skipped = select_units(bf.units, skip)
    t_parts: list[str] = []
    s_parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    t_pos = s_pos = 0
    for u in kept:
        t = (u.target or "").strip()
        s = (u.source or "").strip()
        spans.append((t_pos, t_pos + len(t), s_pos, s_pos + len(s)))
        t_parts.append(t)
        s_parts.append(s)
        t_pos += len(t) + 1
        s_pos += len(s) + 1
    t_text, s_text = "\n".join(t_parts), "\n".join(s_parts)
    units = [Unit(u.id, u.key, a, b, c, d, u.source_codes, u.target_codes, u.state)
             for u, (a, b, c, d) in zip(kept, spans)]
    info: dict[str, Any] = {
        "format": bf.format, "part": bf.part, "units": len(bf.units), "audited": len(kept),
        "skipped": {reason: ids for reason, ids in skipped.items() if ids},
        "skip_option": sorted(set(skip)),
    }
    target = Document(doc_id, label, t_text, language, encoding, segmenter(t_text, language),
                      units=units, localisation=info)
    source = Document(f"{doc_id}.source", label, s_text, source_language, encoding,
                      segmenter(s_text, source_language))
    pairs = _pairs(units, target.sentences, source.sentences)
    return target, source, Alignment(source, target, pairs, "units", 1.0)


def _pairs(units: list[Unit], targets: list[Sentence], sources: list[Sentence]) -> list[AlignedPair]:
    pairs: list[AlignedPair] = []
    ti = si = 0
    for u in units:
        t_idx: list[int] = []
        s_idx: list[int] = []
        while ti < len(targets) and targets[ti].start < u.end + 1:
            t_idx.append(ti)
            ti += 1
        while si < len(sources) and sources[si].start < u.source_end + 1:
            s_idx.append(si)
            si += 1
        if t_idx or s_idx:
            pairs.append(AlignedPair(tuple(s_idx), tuple(t_idx), 0.0))
    return pairs
