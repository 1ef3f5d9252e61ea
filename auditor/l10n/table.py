"""Bilingual tables (TSV/CSV with a header), as CAT tools and spreadsheets export them.

Python's csv module reads them (quoting, embedded newlines and tabs are its job). Columns
are found by their header: an id column (id, key, unit, tuid, segment), a source column
(source, src, or a language code) and a target column (target, translation, tgt, or a
second language code); a two-column table without such names is source, target.
"""

from __future__ import annotations

import csv
import io
import re

from ..document import DecodeError, decode_bytes
from .model import BilingualFile, FormatError, TransUnit

_ID = {"id", "key", "unit", "unit id", "tuid", "segment", "segment id", "string id"}
_SOURCE = {"source", "src", "source text", "original", "source segment"}
_TARGET = {"target", "tgt", "target text", "translation", "target segment"}
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
MAX_FIELD = 1_000_000


def read(data: bytes, path: str, delimiter: str | None = None) -> list[BilingualFile]:
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        raise FormatError(path, None, str(exc)) from None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max("\t,;", key=first.count)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(path, 1, "the table is empty: a header row (source, target) is needed")
        names = [h.strip().lower() for h in header]
        id_col, src_col, tgt_col, src_lang, tgt_lang = _columns(names, header, path)
        bf = BilingualFile(path, "table", src_lang, tgt_lang)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise FormatError(path, reader.line_num, f"row has {len(row)} fields, the header {len(header)}")
            line = reader.line_num
            uid = row[id_col].strip() if id_col is not None else str(line)
            bf.units.append(TransUnit(uid, len(bf.units), row[src_col].strip() or None, row[tgt_col].strip() or None,
                                      line=line))
    except csv.Error as exc:
        raise FormatError(path, reader.line_num, f"malformed table ({exc})") from None
    return [bf]


def _columns(names: list[str], header: list[str], path: str) -> tuple[int | None, int, int, str | None, str | None]:
    id_col = next((i for i, n in enumerate(names) if n in _ID), None)
    src = next((i for i, n in enumerate(names) if n in _SOURCE), None)
    tgt = next((i for i, n in enumerate(names) if n in _TARGET), None)
    src_lang = tgt_lang = None
    if src is None or tgt is None:
        langs = [i for i, n in enumerate(names) if i != id_col and _LANG.fullmatch(n)]
        if len(langs) == 2 and src is None and tgt is None:
            src, tgt = langs
            src_lang, tgt_lang = header[src].strip(), header[tgt].strip()
        else:
            rest = [i for i in range(len(names)) if i != id_col]
            if len(rest) != 2:
                raise FormatError(path, 1, "cannot tell the source and target columns: name them "
                                           "'source' and 'target' (or by language codes, 'en' and 'de')")
            src, tgt = rest
    return id_col, src, tgt, src_lang, tgt_lang
