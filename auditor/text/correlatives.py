"""German correlative comparisons: "je mehr ..., desto/umso ...".

A sentence that opens with "je" and a comparative ("Je länger wir warten, ...") announces a
second half with "desto", "umso" or a second "je"; without it the sentence has lost a
clause. When the "je" clause follows a main clause ("Es wird schwieriger, je länger wir
warten") German needs no partner, so only a sentence that opens with the "je" clause (after
at most a coordinating conjunction) is judged.
"""

from __future__ import annotations

import functools
import re

# "Und je ungleicher ...": a conjunction may stand before the opening "je"
_OPENING_JE = re.compile(r"^\W*(?:(?:Und|Aber|Doch|Denn|Oder|Also|Nur)\s+(je)|(Je))\s+([a-zäöüß]+)\b")
_PARTNER = re.compile(r"\b(?:desto|umso|um\s+so)\b", re.IGNORECASE)
_IRREGULAR = frozenset({"mehr", "weniger", "besser", "eher", "lieber", "höher", "näher", "öfter", "minder"})
# words ending in -er that are no comparatives: "je einer" (one each), "je wieder" (ever again)
_NOT_COMPARATIVE = frozenset({
    "einer", "keiner", "jeder", "seiner", "ihrer", "unser", "euer", "meiner", "deiner", "dieser",
    "jener", "welcher", "solcher", "mancher", "aller", "wieder", "immer", "aber", "oder", "über",
    "unter", "hinter", "weder", "nieder", "außer", "wer", "der", "er",
})
_UMLAUT = str.maketrans("äöü", "aou")


@functools.lru_cache(maxsize=4096)
def is_comparative(word: str) -> bool:
    """Whether a lowercase German word is an adjective's comparative ("länger", "ungleichere")."""
    w = word.lower()
    if w in _IRREGULAR:
        return True
    if w in _NOT_COMPARATIVE:
        return False
    m = re.fullmatch(r"(\w{2,}?)er(?:e[nmrs]?)?", w)
    if not m:
        return False
    from wordfreq import zipf_frequency

    stem = m.group(1)
    # an adjective: its stem is a word and takes the inflection -e ("ungleich", "ungleiche");
    # comparatives with umlaut have the plain stem ("läng" -> "lang")
    return any(zipf_frequency(s, "de") >= 3.0 and zipf_frequency(s + "e", "de") >= 2.5
               for s in {stem, stem.translate(_UMLAUT)})


def open_correlative(text: str) -> tuple[int, int] | None:
    """The span of "je <comparative>" opening ``text`` when the sentence has no "desto",
    "umso" or second "je" to answer it, else None."""
    m = _OPENING_JE.match(text)
    if m is None or not is_comparative(m.group(3)):
        return None
    rest = text[m.end():]
    if _PARTNER.search(rest) or re.search(r"\bje\b", rest, re.IGNORECASE):
        return None
    return m.start(1) if m.group(1) else m.start(2), m.end(3)
