"""The placeholder check: inline codes and variables the translation lost or added."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..document import Sentence
from ..l10n.inline import placeholders
from .base import Check, Context, Finding


class PlaceholderMismatch(Check):
    """A placeholder or inline code of the source that the translation lost, or one it added.

    What it catches:
    Variables (%s, %1$d, %(name)s, {0}, {{name}}) and, in XLIFF and TMX files, inline
    codes (<x id="1"/>, <g id="2">, <ph>, <bpt>/<ept>, <pc>) whose count differs between a
    unit's source and its target. For localisation files the codes are compared per unit
    (the reader took them out of the text the other checks read); for plain text with
    --source, per aligned sentence group. Order does not matter: a translation may move
    {1} before {0}.

    Why it matters:
    A lost %s makes the program print a broken string or raise at run time, a lost <g>
    drops bold or a link, an added {2} shows a raw variable to the reader. CAT tools refuse
    or corrupt such a segment on import, so it must be fixed before delivery.

    Flags:
    Sie haben neue Nachrichten. (source: You have %d new messages.)
    Datei {0} wurde in {1} gelöscht. (source: File {0} was deleted.)

    Does not flag:
    {1} von {0} Dateien kopiert. (source: Copied {0} of {1} files.) Reordered placeholders;
    a percent sign in running text (10 %, 10%ige), "%%" (a literal percent sign).
    """

    code = "FMT002"
    name = "placeholder-mismatch"
    category = "format"
    severity = "high"
    requires = frozenset({"source"})
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        unit = doc.unit_of(sentence)
        if unit is not None:
            first = sentence.index == 0 or doc.sentences[sentence.index - 1].start < unit.start
            if first:
                yield from self._compare(sentence, Counter(unit.source_codes), Counter(unit.target_codes),
                                         f"unit {unit.id}")
            return
        alignment = ctx.corpus.alignments.get(doc.id)
        pair = alignment.pair_of(sentence.index) if alignment is not None else None
        if pair is None or not pair.source:
            return
        source_text = " ".join(alignment.source.sentences[i].text for i in pair.source)
        src = Counter(p for _, _, p in placeholders(source_text))
        tgt = Counter(p for i in pair.target for _, _, p in placeholders(doc.sentences[i].text))
        added = tgt - src
        if added:  # each added placeholder is flagged where it stands
            seen: Counter[str] = Counter()
            for i in pair.target:
                for start, end, ph in placeholders(doc.sentences[i].text):
                    seen[ph] += 1
                    if i == sentence.index and seen[ph] > src[ph]:
                        yield self.flag(sentence, start, end,
                                        f"placeholder {ph} is not in the source: the translation added it")
        if sentence.index == pair.target[0]:
            yield from self._compare(sentence, src, tgt, "the source", lost_only=True)

    def _compare(self, sentence: Sentence, src: Counter[str], tgt: Counter[str], where: str, *,
                 lost_only: bool = False) -> Iterator[Finding]:
        lost = src - tgt
        if lost:
            names = ", ".join(sorted(lost.elements()))
            yield self.flag(sentence, 0, len(sentence.text),
                            f"placeholder{'s' if sum(lost.values()) > 1 else ''} {names} of {where} "
                            f"missing in the translation")
        added = tgt - src
        if added and not lost_only:
            names = ", ".join(sorted(added.elements()))
            yield self.flag(sentence, 0, len(sentence.text),
                            f"placeholder{'s' if sum(added.values()) > 1 else ''} {names} not in the "
                            f"source of {where}: the translation added {'them' if sum(added.values()) > 1 else 'it'}")
