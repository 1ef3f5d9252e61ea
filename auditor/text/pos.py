"""German part-of-speech tags from HanTa (its model ships in the wheel; LGPL-3+).

Tags follow STTS as HanTa prints them at taglevel 1: NN (noun), NE (proper noun), ART,
APPR, ADJA, VVFIN, VAFIN, VMFIN ... HanTa writes verb tags with parentheses ("VV(FIN)");
we normalise them to plain STTS ("VVFIN").

Tagging costs about a millisecond per sentence, which is more than the text-only budget
(2,000 sentences/s for all checks together), so checks must call :func:`tag` only for
sentences a cheap test has already made suspicious. Results are memoised by text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    #: offsets relative to the tagged text
    start: int
    end: int
    lemma: str
    pos: str

    @property
    def is_finite_verb(self) -> bool:
        return self.pos.endswith("FIN")

    @property
    def is_noun(self) -> bool:
        return self.pos in {"NN", "NE", "NNI", "NNA"}


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words (hyphenated compounds and 12.000 kept whole) and punctuation, with offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@functools.lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger as ht

    return ht.HanoverTagger("morphmodel_ger.pgz")


@functools.lru_cache(maxsize=32768)
def tag(text: str) -> tuple[Token, ...]:
    """POS-tag one German sentence."""
    words = tokenize(text)
    if not words:
        return ()
    tagged = _tagger().tag_sent([w for w, _, _ in words], taglevel=1)
    return tuple(
        Token(w, a, b, lemma, pos.replace("(", "").replace(")", ""))
        for (w, a, b), (_, lemma, pos) in zip(words, tagged)
    )


@functools.lru_cache(maxsize=32768)
def tag_without_lemmas(text: str) -> tuple[Token, ...]:
    """POS-tag one German sentence or phrase, without lemmas (``Token.lemma`` is "").

    HanTa spends about 45% of :func:`tag` finding lemmas (measured on the seeds); checks
    that only need the tags (the garbled-structure checks) use this and pay half.
    """
    words = tokenize(text)
    if not words:
        return ()
    tags = _tagger().tag_sent([w for w, _, _ in words], taglevel=0)
    return tuple(
        Token(w, a, b, "", pos.replace("(", "").replace(")", ""))
        for (w, a, b), pos in zip(words, tags)
    )
