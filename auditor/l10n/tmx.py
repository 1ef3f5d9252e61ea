"""TMX 1.4 (translation memories): reader. One BilingualFile per target language.

lxml (auditor.l10n.xmlsafe) for the same reason as XLIFF: the inline codes (``<bpt>``,
``<ept>``, ``<ph>``, ``<it>``) must stay visible to the placeholder check, and hostile XML
must be refused before anything is read.
"""

from __future__ import annotations

from lxml import etree

from . import markup
from .model import BilingualFile, FormatError, TransUnit
from .xmlsafe import XML_LANG, child, children, localname, parse


def _lang(tuv: etree._Element) -> str | None:
    return tuv.get(XML_LANG) or tuv.get("lang")  # TMX 1.1 wrote lang=


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.lower().replace("_", "-") == b.lower().replace("_", "-")


def read(data: bytes, path: str) -> list[BilingualFile]:
    root = parse(data, path)
    if localname(root) != "tmx":
        raise FormatError(path, root.sourceline, f"not TMX: the root element is <{localname(root)}>")
    header = child(root, "header")
    body = child(root, "body")
    if body is None:
        raise FormatError(path, root.sourceline, "the TMX file has no <body>")
    srclang = header.get("srclang") if header is not None else None
    tus = children(body, "tu")
    if srclang in (None, "*all*"):
        first = next((_lang(v) for tu in tus for v in children(tu, "tuv")), None)
        srclang = first
    files: dict[str, BilingualFile] = {}
    for key, tu in enumerate(tus):
        src_lang = tu.get("srclang") or srclang
        tuvs = children(tu, "tuv")
        source = None
        source_codes: tuple[str, ...] = ()
        for tuv in tuvs:
            if _same(_lang(tuv), src_lang):
                seg = child(tuv, "seg")
                if seg is not None:
                    source, source_codes = markup.segment_text(seg, markup.TMX)
        for tuv in tuvs:
            lang = _lang(tuv)
            if lang is None:
                raise FormatError(path, tuv.sourceline, "<tuv> without xml:lang")
            if _same(lang, src_lang):
                continue
            seg = child(tuv, "seg")
            if seg is None:
                raise FormatError(path, tuv.sourceline, "<tuv> without <seg>")
            target, target_codes = markup.segment_text(seg, markup.TMX)
            bf = files.setdefault(lang.lower(), BilingualFile(path, "tmx", src_lang, lang, part=lang))
            bf.units.append(TransUnit(id=tu.get("tuid") or str(key + 1), key=key, source=source, target=target,
                                      source_codes=source_codes, target_codes=target_codes, line=tu.sourceline))
    if not files:
        raise FormatError(path, body.sourceline, f"the TMX file has no translation besides the source "
                                                 f"language {src_lang!r}: nothing to audit")
    return list(files.values())
