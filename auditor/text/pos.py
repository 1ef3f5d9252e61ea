"""German part-of-speech tags from HanTa (its model ships in the wheel; LGPL-3+), and the
one question asked of an English source sentence: does it have a verb.

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

    tagger = ht.HanoverTagger("morphmodel_ger.pgz")
    # HanTa analyses every word outside its lexicon morphologically (about 1.5 ms) each
    # time it meets it; names and compounds recur (measured: 59 analyses of 42 distinct
    # words in one pass over the seeds), so the analysis is memoised per word: it is a pure
    # function of the word for a loaded model.
    _HANTA_ANALYSIS[:] = [tagger.analyze_forward]
    _word_analysis.cache_clear()
    tagger.analyze_forward = _word_analysis
    return tagger


#: HanTa's own per-word analysis, once _tagger() has loaded the model
_HANTA_ANALYSIS: list = []


@functools.lru_cache(maxsize=65536)
def _word_analysis(word: str) -> tuple:
    return tuple(_HANTA_ANALYSIS[0](word))


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


def tag_window(text: str, start: int, end: int | None = None) -> tuple[Token, ...]:
    """POS tags (no lemmas) for ``text[start:end]``, offsets relative to ``text``.

    Tagging costs roughly a millisecond per word, so checks tag the few words around a
    suspicious spot (HanTa's decisions are local: a trigram model) instead of the sentence.
    """
    end = len(text) if end is None else end
    return tuple(
        Token(t.text, t.start + start, t.end + start, t.lemma, t.pos)
        for t in tag_without_lemmas(text[start:end])
    )


def word_window(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """Offsets widening ``start:end`` by ``before`` words to the left, ``after`` to the right."""
    left = [m.start() for m in re.finditer(r"\S+", text[:start])]
    right = [m.end() for m in re.finditer(r"\S+", text[end:])]
    a = left[-before] if before and len(left) >= before else (left[0] if left else start)
    b = end + right[after - 1] if after and len(right) >= after else (end + right[-1] if right else end)
    return a, b


@functools.lru_cache(maxsize=1)
def _english_tagger():
    from HanTa import HanoverTagger as ht

    return ht.HanoverTagger("morphmodel_en.pgz")


@functools.lru_cache(maxsize=4096)
def english_has_verb(text: str) -> bool:
    """Whether an English sentence has a verb of any form (HanTa's English model, CLAWS C5
    tags: VV*, VB*, VD*, VH*, VM0). "Thank you for your help." has one; "All the way." and
    "Ryan at age 50!" have none."""
    words = [w for w, _, _ in tokenize(text)]
    if not words:
        return False
    return any(t.startswith("V") for t in _english_tagger().tag_sent(words, taglevel=0))
