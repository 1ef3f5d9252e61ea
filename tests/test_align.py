"""Sentence alignment (auditor.align) without a model: Gale-Church lengths plus anchors.

The documents are an English original and its German translation written for these
tests (tests/data/meaning), with one injected change per variant (tests/bilingual_docs.py),
so every expected pair is known exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bilingual_docs import SOURCE, TARGET, VARIANTS

from auditor.align import AlignedPair, align, align_documents
from auditor.engine import prepare_document


def _docs(target: str = TARGET, source: str = SOURCE):
    return prepare_document("src", "src.txt", source, "en"), prepare_document("tgt", "tgt.txt", target, "de")


def _pairs(alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(p.source, p.target) for p in alignment.pairs]


def _identity(n: int, skip: set[int] = frozenset()) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((i,), (i,)) for i in range(n) if i not in skip]


def test_clean_translation_aligns_one_to_one() -> None:
    src, tgt = _docs()
    assert len(src.sentences) == len(tgt.sentences) == 13
    alignment = align_documents(src, tgt)
    assert alignment.method == "gale-church"
    assert _pairs(alignment) == _identity(13)
    assert alignment.omissions() == [] and alignment.additions() == []


def test_merged_target_sentences_align_two_to_one() -> None:
    src, tgt = _docs(VARIANTS["merged"])
    pairs = _pairs(align_documents(src, tgt))
    assert ((1, 2), (1,)) in pairs
    # everything after the merge is shifted by one and still right
    assert pairs[2:] == [((i,), (i - 1,)) for i in range(3, 13)]


def test_split_target_sentence_aligns_one_to_two() -> None:
    src, tgt = _docs(VARIANTS["split"])
    pairs = _pairs(align_documents(src, tgt))
    assert ((8,), (8, 9)) in pairs
    assert pairs[:8] == _identity(8)
    assert pairs[9:] == [((i,), (i + 1,)) for i in range(9, 13)]


def test_dropped_sentence_is_an_omission_next_to_its_gap() -> None:
    src, tgt = _docs(VARIANTS["dropped"])
    alignment = align_documents(src, tgt)
    assert ((5,), ()) in _pairs(alignment)
    omitted = alignment.omissions()
    assert [(s.index, near) for s, near in omitted] == [(5, 4)]
    assert omitted[0][0].text.startswith("Some of these soldiers")
    assert alignment.additions() == []


def test_added_sentence_is_an_addition() -> None:
    src, tgt = _docs(VARIANTS["added"])
    alignment = align_documents(src, tgt)
    assert ((), (10,)) in _pairs(alignment)
    assert alignment.additions() == [10]
    assert tgt.sentences[10].text.startswith("Die Lage an der Front")
    assert alignment.omissions() == []


@pytest.mark.parametrize("variant", ["figure", "negation_lost", "negation_added", "name", "copied"])
def test_word_level_errors_keep_the_alignment(variant: str) -> None:
    src, tgt = _docs(VARIANTS[variant])
    assert _pairs(align_documents(src, tgt)) == _identity(13)


@pytest.mark.parametrize("kept", [0, 1])
def test_numbers_decide_which_of_two_similar_sentences_was_omitted(kept: int) -> None:
    # Two source sentences of the same length; the translation keeps one. Lengths cannot
    # tell which one, the figures can: whichever is kept, the alignment must find it.
    src = prepare_document("s", "s", "The first vote gave 312 ayes. The second vote gave 287 ayes.", "en")
    german = ["Die erste Abstimmung ergab 312 Ja-Stimmen.", "Die zweite Abstimmung ergab 287 Ja-Stimmen."]
    tgt = prepare_document("t", "t", german[kept], "de")
    pairs = [(p.source, p.target) for p in align(src.sentences, tgt.sentences)]
    assert ((kept,), (0,)) in pairs
    assert ((1 - kept,), ()) in pairs


def test_empty_sides() -> None:
    src, tgt = _docs()
    assert align([], tgt.sentences[:2]) == [AlignedPair((), (0,), align([], tgt.sentences[:2])[0].cost),
                                           AlignedPair((), (1,), align([], tgt.sentences[:2])[1].cost)]
    assert [p.kind for p in align(src.sentences[:3], [])] == ["1-0", "1-0", "1-0"]
    assert align([], []) == []


def test_offsets_of_aligned_source_sentences_point_into_the_source_text() -> None:
    src, tgt = _docs(VARIANTS["merged"])
    alignment = align_documents(src, tgt)
    for p in alignment.pairs:
        for i in p.source:
            s = src.sentences[i]
            assert src.text[s.start:s.end] == s.text


@pytest.mark.parametrize("kept", [0, 1])
def test_backtranslations_decide_where_lengths_cannot(kept: int) -> None:
    # Same shape without any anchor: two source sentences of equal length, one kept. Only
    # the back-translation can say which. The back-translations are written here by hand,
    # as input to the aligner (this tests the aligner's use of them, not a model).
    src = prepare_document("s", "s", "The council approved the budget. The mayor resigned in protest.", "en")
    german = ["Der Rat billigte den Haushalt.", "Der Bürgermeister trat aus Protest zurück."]
    english = ["The council approved the budget.", "The mayor resigned in protest."]
    tgt = prepare_document("t", "t", german[kept], "de")
    guided = align(src.sentences, tgt.sentences, [english[kept]])
    assert [(p.source, p.target) for p in guided if p.target] == [((kept,), (0,))]
    assert [p.similarity for p in guided if p.target] == [100.0]
    src_doc, tgt_doc = src, tgt
    assert align_documents(src_doc, tgt_doc, [None]).method == "gale-church"


# --- every position: one omission, merge, split or addition at a time ----------------------

DATA = Path(__file__).parent / "data" / "meaning"
PAIRS = {name: ((DATA / f"{name}.en.txt").read_text("utf-8"), (DATA / f"{name}.de.txt").read_text("utf-8"))
         for name in ("austin", "ecb", "kremlin")}
FOREIGN = " Die Lage bleibt nach Angaben von Beobachtern vor Ort weiterhin äußerst angespannt."


def _edits(name: str):
    """(description, edited German, gold pairs) for every position of the document."""
    source, german = PAIRS[name]
    tgt = prepare_document("t", "t", german, "de")
    n = len(tgt.sentences)
    for k, s in enumerate(tgt.sentences):
        yield (f"drop {k}", german[:s.start] + german[s.end:],
               [((i,), (i - (i > k),)) if i != k else ((k,), ()) for i in range(n)])
        if k and not s.is_heading:
            gold = [((i,), (i + (i > k),)) for i in range(n)]
            gold.insert(k + 1, ((), (k + 1,)))
            yield f"add after {k}", german[:s.end] + FOREIGN + german[s.end:], gold
        nxt = tgt.sentences[k + 1] if k + 1 < n else None
        if nxt is not None and nxt.paragraph == s.paragraph:
            yield (f"merge {k}", german[:s.end - 1] + ";" + german[s.end:],
                   [((i,), (i - (i > k),)) for i in range(k)] + [((k, k + 1), (k,))]
                   + [((i,), (i - 1,)) for i in range(k + 2, n)])
        comma = s.text.find(", ", 20)
        if comma != -1 and comma < len(s.text) - 20:
            cut = s.start + comma
            split = german[:cut] + ". " + german[cut + 2].upper() + german[cut + 3:]
            yield (f"split {k}", split, [((i,), (i + (i > k),)) for i in range(k)] + [((k,), (k, k + 1))]
                   + [((i,), (i + 1,)) for i in range(k + 1, n)])


# Without a model, a SHORT omitted sentence with no number, name or cognate next to a
# longer one looks like a merge by length: Gale-Church cannot see it, and the DP aligned
# "He did not say who could mediate." (33 characters, after an 83-character sentence) as a
# merge; the 2-1 check after the DP (no shared anchor, the length fits the other sentence
# alone) now splits it. Kept here, measured, so that a change which fixes or breaks more
# shows up.
KNOWN_MISSES: dict[str, set[str]] = {"austin": set(), "ecb": set(), "kremlin": set()}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_every_single_edit_is_aligned_exactly(name: str) -> None:
    source = prepare_document("s", "s", PAIRS[name][0], "en")
    wrong, kinds = [], {}
    for what, german, gold in _edits(name):
        tgt = prepare_document("t", "t", german, "de")
        if len(tgt.sentences) != max(max(p[1], default=-1) for p in gold) + 1:
            continue  # the segmenter did not split where the edit meant to ("auf X. Kiew")
        pairs = [(p.source, p.target) for p in align_documents(source, tgt).pairs]
        kinds[what.split()[0]] = kinds.get(what.split()[0], 0) + 1
        if pairs != gold:
            wrong.append((what, [p for p in pairs if p not in gold]))
    assert set(kinds) == {"drop", "add", "merge", "split"}
    assert {what for what, _ in wrong} == KNOWN_MISSES[name], wrong


# English renderings of the German kremlin sentences, written by hand: INPUT for the
# aligner's Bleualign mode (what a good back-translation model would give), not model output.
KREMLIN_BT = [
    "Kremlin denies talks with Kiev", "Moscow, 12 March",
    "On Tuesday, the Kremlin rejected reports that Russian and Ukrainian representatives had secretly met in Istanbul.",
    "\"No, there were no such talks,\" spokesman Dmitri Peskov told journalists.",
    "Russia is open to negotiations but will never accept preconditions, Peskov said.",
    "He did not say who could mediate.",
    "According to the Turkish Foreign Ministry, three meetings were planned for April.",
    "Ukrainian Foreign Minister Dmytro Kuleba wrote on X that Kiev had not received a proposal.",
    "Whether the talks will take place at all is unclear.",
    "The European Union and the United States did not comment.",
    "Analysts in Warsaw and Berlin doubt that a ceasefire is possible before the summer.",
]
FOREIGN_BT = "According to observers on the ground, the situation remains extremely tense."


def test_backtranslations_find_the_short_omission_lengths_miss() -> None:
    source = prepare_document("s", "s", PAIRS["kremlin"][0], "en")
    checked = 0
    for what, german, gold in _edits("kremlin"):
        kind, k = what.split()[0], int(what.split()[-1])
        if kind == "drop":
            bts = KREMLIN_BT[:k] + KREMLIN_BT[k + 1:]
        elif kind == "add":
            bts = KREMLIN_BT[:k + 1] + [FOREIGN_BT] + KREMLIN_BT[k + 1:]
        else:
            continue
        tgt = prepare_document("t", "t", german, "de")
        alignment = align_documents(source, tgt, bts)
        assert alignment.method == "bleualign"
        assert [(p.source, p.target) for p in alignment.pairs] == gold, what
        checked += 1
    assert checked == 20  # 11 omissions, 9 additions (none after the two heading lines)
