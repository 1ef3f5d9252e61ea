"""Inline codes and placeholders, kept out of the text the checks read.

XLIFF and TMX mark formatting and variables with inline elements (``<g>``, ``<x/>``,
``<ph>``, ``<bpt>``/``<ept>``, ``<pc>``, ``<sc>``/``<ec>``); software strings carry printf
and brace placeholders (``%s``, ``%1$d``, ``%(name)s``, ``{0}``, ``{{name}}``). The checks
must read language, not code, so a reader collects the text between the codes and records
each code under a key (``x:1``, ``%s``) that the placeholder check (FMT002) compares
between source and target.
"""

from __future__ import annotations

import re

#: printf (C, Python %-style, positional %1$s) and brace placeholders (.NET/ICU {0}, Python
#: {name}, templates {{name}}). "%%" is a literal percent sign; a conversion letter must not
#: be followed by another letter, so "10%ige" is no "%i" placeholder.
PLACEHOLDER = re.compile(
    r"%%"
    r"|%(?:\([A-Za-z_]\w*\))?(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?"
    r"[diouxXeEfFgGcrsa@](?![A-Za-z])"
    r"|\{\{\s*[A-Za-z_][\w.]*\s*\}\}"
    r"|\{[A-Za-z0-9_]+(?:[,:][^{}\n]{0,40})?\}"
)


def placeholders(text: str) -> list[tuple[int, int, str]]:
    """(start, end, placeholder) for every placeholder in ``text`` ("%%" is none).

    A percent sign after a number followed by a space is a percent sign, not printf's
    space flag: "from 52% to 48%" has no "% to", "3% a year" no "% a"."""
    return [(m.start(), m.end(), m.group()) for m in PLACEHOLDER.finditer(text)
            if m.group() != "%%" and not (m.group()[1:2] == " " and _AFTER_NUMBER.search(text, max(0, m.start() - 2), m.start()))]


_AFTER_NUMBER = re.compile(r"\d\s?$")


_CLOSING = frozenset(",.;:!?)]»“”")


class TextBuilder:
    """Collects the text of one segment between inline codes.

    Where a code is taken out, the whitespace on both sides would leave a double space
    ("Sie haben {0} neue" -> "Sie haben  neue"): one side is dropped.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._gap = False
        self.codes: list[str] = []

    def text(self, value: str | None) -> None:
        if not value:
            return
        pos = 0
        for start, end, ph in placeholders(value):
            self._append(value[pos:start])
            self.code(ph)
            pos = end
        self._append(value[pos:])

    def _append(self, value: str) -> None:
        if not value:
            return
        if self._gap and self._parts and self._parts[-1][-1:].isspace():
            if value[:1].isspace():
                value = value.lstrip(" \t")
                if not value:
                    return
            elif value[:1] in _CLOSING:  # "Hello <ph/>, you" -> "Hello, you"
                self._parts[-1] = self._parts[-1].rstrip(" \t")
        self._parts.append(value)
        self._gap = False

    def code(self, key: str) -> None:
        self.codes.append(key)
        self._gap = True

    def result(self) -> tuple[str, tuple[str, ...]]:
        return "".join(self._parts).strip(), tuple(self.codes)
