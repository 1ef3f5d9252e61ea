"""Inline markup of XLIFF 1.2, XLIFF 2.x and TMX segments: text for the checks, codes aside.

Each format's inline elements fall in four kinds: annotations whose content is text
(``<mrk>``, TMX ``<hi>``), paired codes whose content is text (``<g>``, ``<pc>``), codes
whose content is native markup and never text (``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``,
``<it>``, ``<sc/>``, ``<ec/>``), and characters (XLIFF 2 ``<cp hex="..."/>``). Codes are
recorded as a short tag (``<x id="1"/>``) for the placeholder check.
"""

from __future__ import annotations

from lxml import etree

from .inline import TextBuilder
from .xmlsafe import localname

KEEP, CODE_KEEP, CODE, CHAR = "keep", "code-keep", "code", "char"

#: element -> (kind, attribute that identifies it)
XLIFF12: dict[str, tuple[str, str | None]] = {
    "g": (CODE_KEEP, "id"), "mrk": (KEEP, None),
    "x": (CODE, "id"), "bx": (CODE, "id"), "ex": (CODE, "id"), "ph": (CODE, "id"),
    "bpt": (CODE, "id"), "ept": (CODE, "id"), "it": (CODE, "id"),
}
XLIFF2: dict[str, tuple[str, str | None]] = {
    "pc": (CODE_KEEP, "id"), "mrk": (KEEP, None), "sm": (KEEP, None), "em": (KEEP, None),
    "ph": (CODE, "id"), "sc": (CODE, "id"), "ec": (CODE, "startRef"), "cp": (CHAR, "hex"),
}
TMX: dict[str, tuple[str, str | None]] = {
    "hi": (KEEP, None), "bpt": (CODE, "i"), "ept": (CODE, "i"), "it": (CODE, "x"), "ph": (CODE, "x"),
    "ut": (CODE, None),
}


def segment_text(el: etree._Element, spec: dict[str, tuple[str, str | None]]) -> tuple[str, tuple[str, ...]]:
    """The text of a ``<source>``/``<target>``/``<seg>`` without its inline codes, and the codes."""
    builder = TextBuilder()
    builder.text(el.text)
    for c in el:
        _walk(c, spec, builder)
        builder.text(c.tail)
    return builder.result()


def _walk(el: etree._Element, spec: dict[str, tuple[str, str | None]], builder: TextBuilder) -> None:
    name = localname(el)
    if not name:  # a comment or processing instruction inside a segment is no text
        return
    kind, attr = spec.get(name, (KEEP, None))
    if kind == CHAR:
        try:
            builder.text(chr(int(el.get(attr or "", ""), 16)))
        except (ValueError, OverflowError):
            builder.code(f"<{name}/>")
        return
    if kind in (CODE, CODE_KEEP):
        ident = el.get(attr) if attr else None
        if ident is None and name == "ec":
            ident = el.get("id")
        builder.code(f'<{name} id="{ident}"/>' if ident is not None else f"<{name}/>")
        if kind == CODE:
            return
    builder.text(el.text)
    for c in el:
        _walk(c, spec, builder)
        builder.text(c.tail)
