"""XML parsing that a hostile file cannot abuse.

lxml with entity resolution, DTD loading and network access off and huge-tree mode off
(libxml2's own limits stay on), and any entity declaration refused outright: no XLIFF or
TMX a CAT tool writes declares entities, while billion-laughs and external-entity attacks
need them. lxml rather than defusedxml because the readers need lxml's tree (``{*}``
wildcards, source lines) and defusedxml's lxml module is deprecated; the parser settings
below are what defusedxml would enforce.
"""

from __future__ import annotations

from lxml import etree

from .model import FormatError


def parse(data: bytes, path: str) -> etree._Element:
    """The root element of ``data``; FormatError (with the line) for malformed or hostile XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatError(path, exc.lineno, f"malformed XML ({exc.msg})") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(path, 1, "the file declares XML entities, which auditor refuses "
                                   "(entity expansion and external entities are attack vectors)")
    return root


def localname(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions, entity references
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if localname(c) == name]


def child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if localname(c) == name:
            return c
    return None


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
