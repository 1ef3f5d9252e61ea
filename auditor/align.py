"""Sentence alignment between a source document and its translation.

One dynamic program over the moves 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 (omission: a source
sentence without counterpart) and 0-1 (addition), written here rather than taken from a library
because the aligners that exist (bleualign, hunalign, vecalign) are command-line tools or
need embeddings, and none keeps auditor's character offsets. The cost of a move adds up:

* **Length** (Gale & Church 1993): the target length of a group is normal around ``c``
  times the source length with variance ``s2`` per character; ``c`` is estimated per
  document pair (total target characters / total source characters), ``s2 = 6.8`` as in
  the paper (``c`` blended with a prior ratio for short documents, see ``_length_ratio``);
  move priors 0.89 (1-1), 0.089 (1-2 and 2-1 together), 0.011 (2-2) and
  0.0099 (1-0 and 0-1 together); 1-3 and 3-1, which Gale & Church do not have, 0.002 each
  (rarer than an omission: a careful translator splits one long sentence into three, and
  without the move the third sentence became an addition).
* **Anchors**, language-neutral: numbers (digits without separators), names (source names
  found in the target group, transliteration-aware), quotation marks, and paragraph
  breaks; each shared anchor lowers the cost, each number or name on one side only raises
  it, and so does a merge across a paragraph break on one side only; negation on both
  sides (grammatical or lexical) lowers it; cognates (Simard, Foster & Isabelle 1992: words of five letters and
  more with the same first four letters of their transliteration skeleton) lower it by
  their Dice overlap.
* Omissions (1-0) and additions (0-1) cost their prior only.
* Lengths count a run of punctuation as one character (MT output padded with dots).
* **Back-translation similarity** (Bleualign, Sennrich & Volk 2010, with chrF instead of
  BLEU because chrF is stable on single sentences): when every target sentence has a
  back-translation, sacrebleu's sentence chrF between the group's back-translation and the
  source group, centred on ``SIM_BASELINE``, so a close pair is cheaper and an unrelated
  pair dearer than length alone says.

The DP runs in a band around the length-scaled diagonal wide enough for the difference in
sentence counts plus ``BAND`` sentences: quadratic work is pointless for a translation.
After it, a 2-1 merge whose one source sentence has no trace in the target is split into
an omission and a 1-1 pair (see ``_unmerge``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .checks.base import Translation
from .document import Document, Sentence
from .text.crosslingual import name_in, negation_cues, numbers, skeleton, soft_negation, source_names

if TYPE_CHECKING:
    from .checks.base import Corpus

# Gale & Church (1993): variance of the length ratio per character and the move priors.
S2 = 6.8
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 2): 0.0445, (2, 1): 0.0445, (2, 2): 0.011, (1, 0): 0.00495, (0, 1): 0.00495,
    (1, 3): 0.002, (3, 1): 0.002,
}
ANCHOR_BONUS = 1.5      # per shared number or name
ANCHOR_CAP = 4          # shared anchors counted per group pair
MISS_PENALTY = 1.5      # per number or source name on one side only (an omission explains them)
# a group spans a paragraph break on one side only. (No bonus for groups that both open a
# paragraph: after an omitted paragraph opener the next pair would lose it, which makes the
# omission look like a merge.)
PARAGRAPH_PENALTY = 2.0
SIM_WEIGHT = 8.0        # chrF (0..1) -> cost units
SIM_BASELINE = 0.30     # chrF of an unrelated pair sits below this, of a real pair above
COGNATE_WEIGHT = 3.0    # times the Dice overlap of cognate keys
BAND = 12
_LETTERS = re.compile(r"[^\W\d_]+")
# a run of punctuation ("...", ". . . . . .", "!!!!!!"): MT output sometimes pads a sentence
# with hundreds of dots, which say nothing about how much text the sentence translates
_PUNCT_RUN = re.compile(r"(?:[^\w\s]\s*){4,}")
#: German (and French) run about 10-20 % longer than English in characters
PRIOR_RATIO = 1.15
RATIO_SENTENCES = 20


@dataclass(frozen=True)
class AlignedPair:
    """Source sentence indices aligned to target sentence indices (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float
    #: chrF (0-100) of the target's back-translation against the source group; None without model
    similarity: float | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass
class Alignment:
    """The alignment of one target document with its source document."""

    source: Document
    target: Document
    pairs: list[AlignedPair]
    method: str  # "bleualign" (with back-translations) or "gale-church"
    length_ratio: float = 1.0
    _by_target: dict[int, AlignedPair] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_target = {t: p for p in self.pairs for t in p.target}

    def pair_of(self, target_index: int) -> AlignedPair | None:
        return self._by_target.get(target_index)

    def omissions(self) -> list[tuple[Sentence, int | None]]:
        """Source sentences with no counterpart, each with the target sentence nearest to the
        gap (the one before it, else the one after; None for an empty target)."""
        out = []
        last_target: int | None = None
        pending: list[Sentence] = []
        for p in self.pairs:
            if not p.target:
                pending.extend(self.source.sentences[i] for i in p.source)
                continue
            if pending:
                near = last_target if last_target is not None else p.target[0]
                # a gap at a paragraph start belongs to the sentence that opens it
                if last_target is not None and self._opens_paragraph(pending[0]):
                    near = p.target[0]
                out.extend((s, near) for s in pending)
                pending = []
            last_target = p.target[-1]
        out.extend((s, last_target) for s in pending)
        return out

    def additions(self) -> list[int]:
        return [t for p in self.pairs if not p.source for t in p.target]

    def _opens_paragraph(self, s: Sentence) -> bool:
        return s.index == 0 or self.source.sentences[s.index - 1].paragraph != s.paragraph

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "length_ratio": round(self.length_ratio, 3),
            "pairs": [{"source": list(p.source), "target": list(p.target), "kind": p.kind,
                       "cost": round(p.cost, 3),
                       **({"similarity": round(p.similarity, 1)} if p.similarity is not None else {})}
                      for p in self.pairs],
        }


def _norm_sf(x: float) -> float:
    """Two-sided tail probability of the standard normal distribution."""
    return math.erfc(abs(x) / math.sqrt(2))


def _length_ratio(src: Sequence[Sentence], tgt: Sequence[Sentence]) -> float:
    """Expected target characters per source character.

    The document's own ratio is the better estimate for long documents, but in a short one
    a single omitted sentence moves it enough to make the omission look like a merge; so it
    is blended with ``PRIOR_RATIO`` by document length (full weight from ``RATIO_SENTENCES``
    sentences on) and kept within a plausible range.
    """
    total_s = sum(_length(s.text) for s in src)
    total_t = sum(_length(s.text) for s in tgt)
    if not total_s or not total_t:
        return PRIOR_RATIO
    w = min(1.0, min(len(src), len(tgt)) / RATIO_SENTENCES)
    c = w * (total_t / total_s) + (1 - w) * PRIOR_RATIO
    return min(max(c, 0.7), 1.6)


def _length(text: str) -> int:
    """Characters that carry text: a run of punctuation counts as one character."""
    return len(_PUNCT_RUN.sub(".", text))


def _delta(ls: int, lt: int, c: float) -> float:
    """Gale & Church's standardised length difference."""
    mean = (ls + lt / c) / 2
    return (lt - ls * c) / math.sqrt(S2 * max(mean, 1.0))


def _length_cost(ls: int, lt: int, c: float) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    return -math.log(max(_norm_sf(_delta(ls, lt, c)), 1e-12))


def _cognate_keys(text: str) -> frozenset[str]:
    """Simard et al. (1992) cognates: words of five letters and more, keyed by the first four
    letters of their transliteration skeleton ("soldiers" and "Soldaten" share "sold")."""
    return frozenset(skeleton(w)[:4] for w in _LETTERS.findall(text) if len(w) >= 5)


class _Features:
    """Per-sentence anchors, computed once."""

    def __init__(self, sentences: Sequence[Sentence], is_source: bool, language: str) -> None:
        self.sentences = sentences
        self.language = language
        self.lengths = [_length(s.text) for s in sentences]
        self.numbers = [frozenset(n for n in numbers(s.text) if n) for s in sentences]
        self.names = [tuple(c.text for c in source_names(s.text, language)) for s in sentences] if is_source else []
        self.cognates = [_cognate_keys(s.text) for s in sentences]
        self.negations = [len(negation_cues(s.text, language)) for s in sentences]
        self.negated = [bool(n) or soft_negation(s.text, language) for n, s in zip(self.negations, sentences)]
        self.quotes = [any(q in s.text for q in "\"“”„«»") for s in sentences]


def align(
    source_sentences: Sequence[Sentence],
    target_sentences: Sequence[Sentence],
    backtranslations: Sequence[Translation | str | None] | None = None,
    source_language: str = "en",
    target_language: str = "de",
) -> list[AlignedPair]:
    """Align two sentence lists; ``backtranslations`` (one per target sentence, English)
    switches on Bleualign-style similarity when all are present."""
    pairs, _ = _align(source_sentences, target_sentences, backtranslations, source_language, target_language)
    return pairs


def _align(
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    backtranslations: Sequence[Translation | str | None] | None,
    source_language: str,
    target_language: str,
) -> tuple[list[AlignedPair], float]:
    n, m = len(src), len(tgt)
    bts: list[str] | None = None
    if backtranslations is not None and len(backtranslations) == m and m and all(
            b is not None for b in backtranslations):
        bts = [b.text if isinstance(b, Translation) else str(b) for b in backtranslations]
    c = _length_ratio(src, tgt)
    fs = _Features(src, True, source_language)
    ft = _Features(tgt, False, target_language)
    chrf = _Chrf() if bts is not None else None

    found_cache: dict[tuple[str, int], bool] = {}

    def name_found(name: str, t: int) -> bool:
        key = (name, t)
        hit = found_cache.get(key)
        if hit is None:
            hit = found_cache[key] = name_in(name, tgt[t].text)
        return hit

    def group_text(sentences: Sequence[Sentence], a: int, b: int) -> str:
        return " ".join(s.text for s in sentences[a:b])

    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, float | None]:
        """Cost of aligning src[i-di:i] with tgt[j-dj:j]."""
        if di == 0 or dj == 0:
            # an omission or addition costs its prior only: there is no length to compare,
            # and Gale-Church's length term for it would make a long omitted sentence
            # unalignable (it would always be merged into a neighbour instead)
            return -math.log(PRIORS[(di, dj)]), None
        ls = sum(fs.lengths[i - di:i])
        lt = sum(ft.lengths[j - dj:j])
        total = -math.log(PRIORS[(di, dj)]) + _length_cost(ls, lt, c)
        # anchors
        src_nums = frozenset().union(*fs.numbers[i - di:i])
        tgt_nums = frozenset().union(*ft.numbers[j - dj:j])
        shared = len(src_nums & tgt_nums)
        missing = len(src_nums ^ tgt_nums)
        for names in fs.names[i - di:i]:
            found = sum(1 for name in names if any(name_found(name, t) for t in range(j - dj, j)))
            shared += found
            missing += len(names) - found
        if any(fs.quotes[i - di:i]) and any(ft.quotes[j - dj:j]):
            shared += 1
        # negation (grammatical or lexical) only as a shared anchor, never as a mismatch: a
        # lost negation is what the meaning check must find in the aligned pair, not a reason
        # to align elsewhere
        if any(fs.negated[i - di:i]) and any(ft.negated[j - dj:j]):
            shared += 1
        sk = frozenset().union(*fs.cognates[i - di:i])
        tk = frozenset().union(*ft.cognates[j - dj:j])
        if sk and tk:
            total -= COGNATE_WEIGHT * 2 * len(sk & tk) / (len(sk) + len(tk))
        total -= ANCHOR_BONUS * min(shared, ANCHOR_CAP)
        total += MISS_PENALTY * min(missing, ANCHOR_CAP)
        src_break = di > 1 and src[i - 1].paragraph != src[i - di].paragraph
        tgt_break = dj > 1 and tgt[j - 1].paragraph != tgt[j - dj].paragraph
        if src_break != tgt_break:
            total += PARAGRAPH_PENALTY
        sim = None
        if chrf is not None and bts is not None:
            sim = chrf(" ".join(bts[j - dj:j]), group_text(src, i - di, i))
            total += SIM_WEIGHT * (SIM_BASELINE - sim / 100)
        return total, sim

    band = BAND + abs(n - m)
    inf = float("inf")
    # only the cells of the band are stored: a long document pair stays linear in memory
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float, float | None]] = {}
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre) - band), min(m, int(math.ceil(centre)) + band)
        if i == n:
            hi = m
        if i == 0:
            lo = 0
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            for di, dj in PRIORS:
                if di > i or dj > j:
                    continue
                prev = best.get((i - di, j - dj), inf)
                if prev == inf:
                    continue
                step, sim = cost(i, j, di, dj)
                if prev + step < best.get((i, j), inf):
                    best[(i, j)] = prev + step
                    back[(i, j)] = (di, dj, step, sim)
    pairs: list[AlignedPair] = []
    i, j = n, m
    while i > 0 or j > 0:
        entry = back.get((i, j))
        if entry is None:  # outside the band (cannot happen: the corners are always reachable)
            raise RuntimeError(f"alignment DP has no path to ({i}, {j})")
        di, dj, step, sim = entry
        pairs.append(AlignedPair(tuple(range(i - di, i)), tuple(range(j - dj, j)), step, sim))
        i, j = i - di, j - dj
    pairs.reverse()
    return _unmerge(pairs, fs, ft, c, name_found), c


def _unmerge(pairs: list[AlignedPair], fs: _Features, ft: _Features, c: float, name_found) -> list[AlignedPair]:
    """Split a 2-1 merge into an omission and a 1-1 pair when one source sentence has no trace
    in the target sentence: no shared cognate, number, name or negation, while the target's
    length fits the other source sentence alone better than both.

    The move priors make a merge ten times likelier than an omission, so a short dropped
    sentence next to its neighbour ("Do not blank me again. That is a violation." as "Das ist
    eine Verletzung.") aligns as a merge and the omission goes unseen; the anchors that do
    tell them apart only count in the DP as a bonus for what is shared. Sentences under three
    words (a greeting, a signature) and a repeated sentence ("Thank you. Thank you." as
    "Danke, danke.") carry too little to tell; so does a French sentence without a number,
    name or negation of its own.
    """
    out: list[AlignedPair] = []
    for p in pairs:
        if len(p.source) != 2 or len(p.target) != 1:
            out.append(p)
            continue
        t = p.target[0]
        lt = ft.lengths[t]
        lost = None
        for k in (0, 1):
            a, b = p.source[k], p.source[1 - k]
            if len(_LETTERS.findall(fs.sentences[a].text)) < 3 or fs.sentences[a].text == fs.sentences[b].text:
                continue
            if abs(_delta(fs.lengths[b], lt, c)) >= abs(_delta(fs.lengths[a] + fs.lengths[b], lt, c)):
                continue
            shared = (fs.cognates[a] & ft.cognates[t] or fs.numbers[a] & ft.numbers[t]
                      or any(name_found(name, t) for name in fs.names[a])
                      or (fs.negations[a] and ft.negations[t] > fs.negations[b]))
            # unlike English, French shares few word beginnings with German ("colère" / "Wut",
            # "interpellé" / "festgenommen"), so a missing cognate proves nothing: a sentence
            # not in English counts as lost only when it carries a number, name or negation
            # the target lacks ("La colère gronde." folded into the next stays a merge)
            if not shared and (fs.language == "en" or fs.numbers[a] or fs.names[a] or fs.negations[a]):
                lost = k
                break
        if lost is None:
            out.append(p)
            continue
        omitted = AlignedPair((p.source[lost],), (), -math.log(PRIORS[(1, 0)]))
        kept = AlignedPair((p.source[1 - lost],), p.target, p.cost, p.similarity)
        out.extend([omitted, kept] if lost == 0 else [kept, omitted])
    return out


class _Chrf:
    """sacrebleu sentence chrF, memoised (the DP asks for the same groups repeatedly)."""

    def __init__(self) -> None:
        from sacrebleu.metrics import CHRF

        self._metric = CHRF()
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, hypothesis: str, reference: str) -> float:
        key = (hypothesis, reference)
        score = self._cache.get(key)
        if score is None:
            score = self._cache[key] = self._metric.sentence_score(hypothesis, [reference]).score
        return score


def align_documents(
    source: Document,
    target: Document,
    backtranslations: Sequence[Translation | None] | None = None,
) -> Alignment:
    """Align a target document with its source document (Bleualign when every target
    sentence has a back-translation, else Gale-Church with anchors)."""
    pairs, ratio = _align(source.sentences, target.sentences, backtranslations, source.language,
                          target.language)
    method = "bleualign" if any(p.similarity is not None for p in pairs) else "gale-church"
    return Alignment(source, target, pairs, method, ratio)


def _with_similarity(alignment: Alignment, backtranslations: Sequence[Translation | None] | None) -> Alignment:
    """A given alignment with each pair's chrF (back-translation against the source group),
    the similarity the DP would have computed, for the ``source_chrf`` signal."""
    if backtranslations is None:
        return alignment
    chrf = _Chrf()
    src = alignment.source.sentences
    pairs = [AlignedPair(p.source, p.target, p.cost,
                         chrf(" ".join(backtranslations[t].text for t in p.target),
                              " ".join(src[i].text for i in p.source)) if p.source and p.target else None)
             for p in alignment.pairs]
    return Alignment(alignment.source, alignment.target, pairs, alignment.method, alignment.length_ratio)


def aligned_targets(corpus: Corpus, doc_id: str, sentence_index: int) -> list[Sentence]:
    """The target sentences that share ``sentence_index``'s source sentence(s): more than one
    where the translation split a source sentence (1-2). A check comparing a source group
    with the translation (figures, names, negation) compares it with all of them."""
    alignment = corpus.alignments.get(doc_id)
    pair = alignment.pair_of(sentence_index) if alignment is not None else None
    if pair is None:
        return []
    return [alignment.target.sentences[i] for i in pair.target]


def align_corpus(corpus: Corpus) -> None:
    """Bilingual mode: align every target document that has a source document.

    Fills ``corpus.sources[(doc id, sentence index)]`` with the aligned source sentences
    (an empty list: an addition, no counterpart), ``corpus.alignments[doc id]`` with the
    :class:`Alignment` (omissions: ``alignment.omissions()``) and, with back-translations,
    the signal ``source_chrf`` (chrF of the back-translation against the aligned source).
    """
    for doc in corpus.documents:
        source = corpus.source_documents.get(doc.id)
        if source is None:
            continue
        bts = [corpus.backtranslations.get((doc.id, s.index)) for s in doc.sentences]
        given = corpus.alignments.get(doc.id)
        if given is not None:  # pre-aligned (a CAT file's units): used as it is
            alignment = _with_similarity(given, bts if all(b is not None for b in bts) else None)
        else:
            alignment = align_documents(source, doc, bts if all(b is not None for b in bts) else None)
        corpus.alignments[doc.id] = alignment
        for p in alignment.pairs:
            for t in p.target:
                corpus.sources[(doc.id, t)] = [source.sentences[i] for i in p.source]
                if p.similarity is not None:
                    corpus.signals.setdefault((doc.id, t), {})["source_chrf"] = round(p.similarity, 2)
