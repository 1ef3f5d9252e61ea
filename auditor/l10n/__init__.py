"""Localisation files: readers (XLIFF 1.2/2.x, TMX, PO, TSV/CSV) and write-back (XLIFF, PO).

One reader per format and one writer per format, each found by name in a registry, like
the report renderers and the model backends. Readers turn bytes into BilingualFiles
(auditor.l10n.model); auditor.l10n.documents turns those into the engine's Documents with
a ready unit-by-unit alignment; writers splice findings into a copy of the original bytes.
Nothing here audits, and the engine imports nothing from here.
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath

from .model import BilingualFile, FormatError

#: reader name -> "module:function" (imported when used: lxml and polib load lazily)
READERS: dict[str, str] = {
    "xliff": "auditor.l10n.xliff:read",
    "tmx": "auditor.l10n.tmx:read",
    "po": "auditor.l10n.po:read",
    "tsv": "auditor.l10n.table:read",
    "csv": "auditor.l10n.table:read",
}
#: write-back format -> the readers' formats it writes
WRITERS: dict[str, tuple[str, ...]] = {"xliff": ("xliff",), "po": ("po",)}

EXTENSIONS: dict[str, str] = {
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".mqxliff": "xliff", ".mxliff": "xliff",
    ".tmx": "tmx", ".po": "po", ".pot": "po", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv",
}
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(xliff|tmx)[\s>]")
_PO = re.compile(rb"^msgid\s+\"", re.M)


def detect_format(name: str, data: bytes) -> str | None:
    """The reader for a file: by extension, else by content; None for plain text."""
    ext = PurePath(name).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    head = data[:4096]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    if head.lstrip().startswith(b"<"):
        m = _ROOT.search(head)
        if m:
            return m.group(1).decode()
    if _PO.search(head) and b"msgstr" in head:
        return "po"
    return None


def read(fmt: str, data: bytes, path: str) -> list[BilingualFile]:
    """Read ``data`` with the reader ``fmt``; FormatError for a file auditor refuses."""
    if fmt not in READERS:
        raise ValueError(f"unknown input format {fmt!r}; choose from {', '.join(READERS)}")
    module, _, attr = READERS[fmt].partition(":")
    reader: Callable[..., list[BilingualFile]] = getattr(importlib.import_module(module), attr)
    if fmt == "tsv":
        return reader(data, path, delimiter="\t")
    if fmt == "csv":
        return reader(data, path, delimiter=None)
    return reader(data, path)


Note = tuple[str, str, str]  # (severity, code, message)


def write_back(fmt: str, data: bytes, notes: Mapping[int, Sequence[Note]], *, mark_review: bool = False) -> bytes:
    """A copy of ``data`` with ``notes`` on the units at their keys; all other bytes unchanged."""
    if fmt == "xliff":
        from . import xliff
        from .xmlsafe import parse

        bom, text, encoding = _xml_text(data)
        m = re.search(r'<(?:[\w.-]+:)?xliff\b[^>]*?\bversion\s*=\s*["\']([^"\']+)', text)
        version = m.group(1) if m else "1.2"
        name = "unit" if version.startswith("2") else "trans-unit"
        units = sum(1 for _ in parse(data, "").iter(f"{{*}}{name}"))
        return bom + xliff.write(text, notes, mark_review=mark_review, version=version, units=units).encode(
            encoding, "xmlcharrefreplace")
    if fmt == "po":
        from . import po

        text, encoding = po.decode(data, "")
        bom = b""
        if encoding == "utf-8-sig":
            bom, encoding = codecs.BOM_UTF8, "utf-8"
        return bom + po.write(text, notes, mark_review=mark_review).encode(encoding, "replace")
    raise ValueError(f"unknown write-back format {fmt!r}; choose from {', '.join(WRITERS)}")


def _xml_text(data: bytes) -> tuple[bytes, str, str]:
    """(byte-order mark, text, encoding) of an XML file, as its BOM or declaration says."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return bom, data[len(bom):].decode(enc), enc
    m = re.match(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", data)
    encoding = m.group(1).decode("ascii") if m else "utf-8"
    return b"", data.decode(encoding), encoding


__all__ = ["BilingualFile", "FormatError", "READERS", "WRITERS", "detect_format", "read", "write_back"]
