"""XLIFF 1.2 and 2.x: reader and write-back.

Read with lxml (auditor.l10n.xmlsafe), not translate-toolkit's ``xliff`` storage class:
that class flattens inline codes into its own placeable strings and, on save, re-serialises
the whole tree (XML declaration, namespace prefixes, attribute quoting, whitespace), so the
written file would differ from the CAT tool's everywhere. The write-back here finds each
flagged unit in the original text and splices notes (and, on request, a review state) into
it: every byte outside the flagged units stays as it was, which the tests check by diff.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence

from lxml import etree

from . import markup
from .model import APPROVED_STATES, BilingualFile, FormatError, TransUnit
from .xmlsafe import child, localname, parse


def read(data: bytes, path: str) -> list[BilingualFile]:
    root = parse(data, path)
    if localname(root) != "xliff":
        raise FormatError(path, root.sourceline, f"not XLIFF: the root element is <{localname(root)}>")
    version = root.get("version") or ""
    ns = etree.QName(root).namespace or ""
    if version.startswith("2") or ns.endswith(":2.0"):
        files = _read2(root, path, version or "2.0")
    else:
        files = _read12(root, path, version or "1.2")
    units = [u for f in files for u in f.units]
    if not units:
        raise FormatError(path, root.sourceline, "the XLIFF file has no translation units")
    if all(u.target is None for u in units):
        raise FormatError(path, units[0].line, "the XLIFF file has no <target> in any unit: nothing to audit")
    return files


def _files(root: etree._Element, tag: str) -> Iterator[tuple[etree._Element, list[tuple[etree._Element, int]]]]:
    """Each ``<file>`` with its units to audit and their keys. Keys number all units in
    document order, ``translate="no"`` ones included, so a unit keeps its key whatever is
    skipped; those units themselves are not audited."""
    key = 0
    for f in root.iter("{*}file", "file"):
        units = []
        for unit in f.iter("{*}" + tag, tag):
            if unit.get("translate") != "no":
                units.append((unit, key))
            key += 1
        yield f, units


def _read12(root: etree._Element, path: str, version: str) -> list[BilingualFile]:
    out: list[BilingualFile] = []
    for f, units in _files(root, "trans-unit"):
        bf = BilingualFile(path, f"xliff-{version}", f.get("source-language"), f.get("target-language"),
                           part=f.get("original"))
        out.append(bf)
        for tu, k in units:
            src, tgt = child(tu, "source"), child(tu, "target")
            if src is None:
                raise FormatError(path, tu.sourceline, f"trans-unit {tu.get('id')!r} has no <source>")
            source, source_codes = markup.segment_text(src, markup.XLIFF12)
            target, target_codes = markup.segment_text(tgt, markup.XLIFF12) if tgt is not None else (None, ())
            state = tgt.get("state") if tgt is not None else None
            # Trados SDLXLIFF keeps the confirmation level in sdl:seg-defs, not in state=
            confs = {seg.get("conf") for seg in tu.iter("{http://sdl.com/FileTypes/SdlXliff/1.0}seg")}
            if state is None and confs and confs <= SDL_APPROVED:
                state = "signed-off" if confs == {"ApprovedSignOff"} else "final"
            bf.units.append(TransUnit(
                id=tu.get("id") or str(k + 1), key=k, source=source, target=target,
                source_codes=source_codes, target_codes=target_codes, state=state,
                approved=tu.get("approved") == "yes" or state in APPROVED_STATES, line=tu.sourceline))
    return out


def _read2(root: etree._Element, path: str, version: str) -> list[BilingualFile]:
    out: list[BilingualFile] = []
    for f, units in _files(root, "unit"):
        bf = BilingualFile(path, f"xliff-{version}", root.get("srcLang"), root.get("trgLang"),
                           part=f.get("original") or f.get("id"))
        out.append(bf)
        for unit, k in units:
            sources, targets, s_codes, t_codes, states = [], [], [], [], []
            has_target = False
            for seg in unit:
                if localname(seg) not in ("segment", "ignorable"):
                    continue
                src, tgt = child(seg, "source"), child(seg, "target")
                if src is not None:
                    text, codes = markup.segment_text(src, markup.XLIFF2)
                    sources.append(text)
                    s_codes.extend(codes)
                if tgt is not None:
                    has_target = True
                    text, codes = markup.segment_text(tgt, markup.XLIFF2)
                    targets.append(text)
                    t_codes.extend(codes)
                if localname(seg) == "segment":
                    states.append(seg.get("state") or "initial")
            # a unit is as far along as its least advanced segment
            order = ("initial", "translated", "reviewed", "final")
            state = min(states, key=lambda s: order.index(s) if s in order else 0) if states else None
            bf.units.append(TransUnit(
                id=unit.get("id") or str(k + 1), key=k, source=" ".join(s for s in sources if s),
                target=" ".join(t for t in targets if t) if has_target else None,
                source_codes=tuple(s_codes), target_codes=tuple(t_codes), state=state,
                approved=state == "final", line=unit.sourceline))
    return out


#: SDLXLIFF confirmation levels that mean approved (Draft and Translated do not)
SDL_APPROVED = frozenset({"ApprovedTranslation", "ApprovedSignOff"})


# --------------------------------------------------------------------------- write-back

#: XLIFF note priority: 1 is the most important
PRIORITY = {"high": "1", "medium": "3", "low": "5"}

_MASK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""


def _masked(text: str) -> str:
    """``text`` with comments, CDATA and processing instructions blanked (same length), so
    that a tag name inside them is never taken for markup."""
    return _MASK.sub(lambda m: " " * len(m.group()), text)


def _start_tags(masked: str, name: str, lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
    pattern = re.compile(rf"<((?:[\w.-]+:)?){name}(?=[\s/>]){_ATTRS}(/?)>")
    return list(pattern.finditer(masked, lo, len(masked) if hi is None else hi))


def _end_tag(masked: str, name: str, lo: int, hi: int | None = None) -> re.Match[str] | None:
    return re.compile(rf"</(?:[\w.-]+:)?{name}\s*>").search(masked, lo, len(masked) if hi is None else hi)


def _set_attr(tag: str, name: str, value: str) -> str:
    """The start tag ``tag`` with attribute ``name`` set to ``value`` (added or replaced)."""
    pattern = re.compile(rf"""(\s{name}\s*=\s*)("[^"]*"|'[^']*')""")
    if pattern.search(tag):
        return pattern.sub(lambda m: f'{m.group(1)}"{value}"', tag, count=1)
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    while end > 0 and tag[end - 1].isspace():
        end -= 1
    return f'{tag[:end]} {name}="{value}"{tag[end:]}'


def _indent_and_newline(text: str, pos: int) -> tuple[str, str]:
    """The indentation of the line holding ``pos`` and the file's line ending."""
    line_start = text.rfind("\n", 0, pos) + 1
    indent = text[line_start:pos]
    newline = "\r\n" if line_start >= 2 and text[line_start - 2] == "\r" else "\n"
    if indent.strip():
        return "", ""
    return indent, newline


Note = tuple[str, str, str]  # (severity, code, message)


def _note_text(code: str, message: str) -> str:
    return html.escape(f"{code}: {message}", quote=False)


def write(text: str, notes: Mapping[int, Sequence[Note]], *, mark_review: bool, version: str,
          units: int | None = None) -> str:
    """``text`` (the decoded XLIFF) with notes on the units at ``notes``' keys. ``units``: how
    many units the parser found; the text scan must find as many, or nothing is written."""
    masked = _masked(text)
    name = "unit" if version.startswith("2") else "trans-unit"
    starts = _start_tags(masked, name)
    if units is not None and len(starts) != units:
        raise ValueError(f"found {len(starts)} <{name}> tags in the text but {units} units in the XML tree")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    for key, unit_notes in notes.items():
        if key >= len(starts):
            raise ValueError(f"unit {key} not found in the file")
        start = starts[key]
        end = _end_tag(masked, name, start.end())
        if end is None:
            raise ValueError(f"unit {key} is not closed")
        if version.startswith("2"):
            edits.extend(_edits2(text, masked, start, end.start(), unit_notes, mark_review))
        else:
            edits.extend(_edits12(text, masked, start, end.start(), unit_notes, mark_review))
    out, pos = [], 0
    for a, b, new in sorted(edits):
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _edits12(text: str, masked: str, unit: re.Match[str], unit_end: int, notes: Sequence[Note],
             mark_review: bool) -> list[tuple[int, int, str]]:
    prefix = unit.group(1)
    alt = _start_tags(masked, "alt-trans", unit.end(), unit_end)
    limit = alt[0].start() if alt else unit_end
    targets = _start_tags(masked, "target", unit.end(), limit)
    edits: list[tuple[int, int, str]] = []
    if targets:
        tag = targets[0]
        anchor = tag.start()
        close = tag.end() if tag.group(2) else _end_tag(masked, "target", tag.end(), limit)
        after = close if isinstance(close, int) else (close.end() if close is not None else tag.end())
        if mark_review:
            edits.append((tag.start(), tag.end(), _set_attr(tag.group(), "state", "needs-review-translation")))
    else:  # no target: notes follow the source (or seg-source), where the schema allows them
        anchor_tags = _start_tags(masked, "seg-source", unit.end(), limit) or _start_tags(masked, "source", unit.end(), limit)
        anchor = anchor_tags[0].start()
        close_name = "seg-source" if _start_tags(masked, "seg-source", unit.end(), limit) else "source"
        close = _end_tag(masked, close_name, anchor, limit)
        after = close.end() if close is not None else anchor_tags[0].end()
    indent, newline = _indent_and_newline(text, anchor)
    inserted = "".join(
        f'{newline}{indent}<{prefix}note from="auditor" priority="{PRIORITY.get(sev, "5")}">'
        f"{_note_text(code, msg)}</{prefix}note>" for sev, code, msg in notes)
    edits.append((after, after, inserted))
    return edits


def _edits2(text: str, masked: str, unit: re.Match[str], unit_end: int, notes: Sequence[Note],
            mark_review: bool) -> list[tuple[int, int, str]]:
    prefix = unit.group(1)
    edits: list[tuple[int, int, str]] = []
    # unit children come in the order notes?, originalData?, (segment | ignorable)+
    first_seg = min([m.start() for name in ("segment", "ignorable", "originalData")
                     for m in _start_tags(masked, name, unit.end(), unit_end)] + [unit_end])
    existing = _start_tags(masked, "notes", unit.end(), first_seg)
    note_tags = [f'<{prefix}note category="auditor" priority="{PRIORITY.get(sev, "5")}">'
                 f"{_note_text(code, msg)}</{prefix}note>" for sev, code, msg in notes]
    if existing and not existing[0].group(2):
        close = _end_tag(masked, "notes", existing[0].end(), first_seg)
        if close is None:
            raise ValueError("<notes> is not closed")
        indent, newline = _indent_and_newline(text, close.start())
        step = "  " if newline else ""
        edits.append((close.start(), close.start(), "".join(f"{step}{t}{newline}{indent}" for t in note_tags)))
    else:
        indent, newline = _indent_and_newline(text, first_seg)
        step = "  " if newline else ""
        block = (f"<{prefix}notes>" + "".join(f"{newline}{indent}{step}{t}" for t in note_tags)
                 + f"{newline}{indent}</{prefix}notes>")
        if existing:  # <notes/>: the empty element becomes the filled one
            edits.append((existing[0].start(), existing[0].end(), block))
        else:
            edits.append((first_seg, first_seg, block + f"{newline}{indent}"))
    if mark_review:
        for seg in _start_tags(masked, "segment", unit.end(), unit_end):
            edits.append((seg.start(), seg.end(), _set_attr(seg.group(), "state", "initial")))
    return edits
