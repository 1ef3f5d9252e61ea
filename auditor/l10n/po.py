"""gettext PO: reader (polib) and write-back.

polib parses (it is the maintained PO library, and knows plurals, contexts, flags and
obsolete entries); the write-back does not use polib's serialiser, which re-wraps every
string at 78 columns and reorders comments, so a file written by another tool would change
everywhere. Instead each entry is located in the original lines (entries are blocks
separated by blank lines) and translator comments (``# auditor: ...``) and the ``fuzzy``
flag are spliced into its block only.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping, Sequence

from .inline import TextBuilder
from .model import BilingualFile, FormatError, TransUnit

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_HEADER_LINE = re.compile(r"[A-Za-z][\w-]*:.*")
_MSGID = re.compile(r"^(#~\s*)?msgid\s")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """The PO text and its encoding (the header's charset; UTF-8 when none is declared)."""
    bom = data.startswith(codecs.BOM_UTF8)
    m = _CHARSET.search(data[:4096])
    charset = m.group(1).decode("ascii") if m else "utf-8"
    if charset.upper() == "CHARSET":  # the template placeholder of a fresh .pot
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise FormatError(path, _line_of(data, m.start() if m else 0), f"the PO header names an unknown charset {charset!r}") from None
    try:
        text = data[3:].decode(charset) if bom else data.decode(charset)
    except UnicodeDecodeError as exc:
        raise FormatError(path, _line_of(data, exc.start), f"not valid {charset} as the PO header says ({exc.reason})") from None
    return text, ("utf-8-sig" if bom else charset)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _clean(text: str) -> tuple[str, tuple[str, ...]]:
    builder = TextBuilder()
    builder.text(text)
    return builder.result()


def read(data: bytes, path: str) -> list[BilingualFile]:
    import polib

    text, _ = decode(data, path)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:  # polib raises OSError("Syntax error in po file (line N)")
        m = re.search(r"line (\d+)", str(exc))
        raise FormatError(path, int(m.group(1)) if m else None, f"not a valid PO file ({exc})") from None
    _check_header(text, path)
    language = po.metadata.get("Language") or None
    bf = BilingualFile(path, "po", None, language)
    key = 0
    for entry in po:
        k, key = key, key + 1
        if entry.obsolete:
            continue
        base = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
        state = "fuzzy" if entry.fuzzy else None
        if entry.msgid_plural:
            for n in sorted(entry.msgstr_plural):
                src_text = entry.msgid if n == 0 else entry.msgid_plural
                s, sc = _clean(src_text)
                t, tc = _clean(entry.msgstr_plural[n])
                bf.units.append(TransUnit(f"{base}[{n}]", k, s, t or None, sc, tc, state, line=entry.linenum))
        else:
            s, sc = _clean(entry.msgid)
            t, tc = _clean(entry.msgstr)
            bf.units.append(TransUnit(base, k, s, t or None, sc, tc, state, line=entry.linenum))
    return [bf]


def _check_header(text: str, path: str) -> None:
    """A header whose lines are not ``Name: value`` pairs is refused: polib would silently
    drop them, and with them the language and plural rules."""
    blocks = _blocks(text.splitlines(keepends=True))
    if not blocks:
        return
    start, lines = blocks[0]
    if not any(re.match(r'msgid\s+""\s*$', ln) for ln in lines):
        return  # no header entry
    if any(ln.startswith("msgctxt") for ln in lines):
        return
    value = _string_after("msgstr", lines)
    for i, line in enumerate(value.split("\n")):
        if line.strip() and not _HEADER_LINE.fullmatch(line.strip()):
            raise FormatError(path, start + 2 + lines.index(next(ln for ln in lines if ln.startswith("msgstr"))) + i,
                              f"bad PO header line {line.strip()[:60]!r} (expected 'Name: value')")


def _string_after(keyword: str, lines: list[str]) -> str:
    out, inside = [], False
    for ln in lines:
        s = ln.strip()
        if s.startswith(keyword + " ") or s == keyword:
            inside = True
            s = s[len(keyword):].strip()
        elif not s.startswith('"'):
            inside = False
            continue
        if inside and s.startswith('"') and s.endswith('"'):
            out.append(s[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
                       if "\\" in s else s[1:-1])
    return "".join(out)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first line index, lines) of every entry: runs of non-blank lines with a msgid."""
    out, current, start = [], [], 0
    for i, line in enumerate(lines + ["\n"]):
        if line.strip():
            if not current:
                start = i
            current.append(line)
        elif current:
            if any(_MSGID.match(ln) for ln in current):
                out.append((start, current))
            current = []
    return out


Note = tuple[str, str, str]  # (severity, code, message)


def write(text: str, notes: Mapping[int, Sequence[Note]], *, mark_review: bool) -> str:
    """``text`` with ``# auditor: ...`` comments (and ``#, fuzzy`` on request) on the entries
    at ``notes``' keys (entry positions, the header not counted)."""
    lines = text.splitlines(keepends=True)
    blocks = _blocks(lines)
    if blocks and any(re.match(r'msgid\s+""\s*$', ln) for ln in blocks[0][1]) \
            and not any(ln.startswith("msgctxt") for ln in blocks[0][1]):
        blocks = blocks[1:]
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    inserts: dict[int, list[str]] = {}
    replace: dict[int, str] = {}
    for key, entry_notes in notes.items():
        if key >= len(blocks):
            raise ValueError(f"entry {key} not found (entries must be separated by blank lines)")
        start, block = blocks[key]
        comments = [f"# auditor {code} ({sev}): {' '.join(msg.split())}{newline}" for sev, code, msg in entry_notes]
        # translator comments come first in an entry
        inserts.setdefault(start, []).extend(comments)
        if mark_review:
            flag_line = next((i for i, ln in enumerate(block) if ln.startswith("#,")), None)
            if flag_line is not None:
                line = block[flag_line]
                flags = [f.strip() for f in line[2:].split(",")]
                if "fuzzy" not in flags:
                    body = line.rstrip("\r\n")
                    replace[start + flag_line] = f"{body}, fuzzy{line[len(body):]}"
            else:
                # flags follow the translator, extracted and reference comments
                at = next(i for i, ln in enumerate(block) if not ln.startswith(("# ", "#.", "#:", "#\n", "#\r")))
                inserts.setdefault(start + at, []).append(f"#, fuzzy{newline}")
    out = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, ()))
        out.append(replace.get(i, line))
    return "".join(out)
