"""Figure checks: numbers that machine translation corrupted.

All of them read figures through :func:`auditor.text.figures.extract_figures`, memoised per
sentence in the corpus (``("figures", doc id, sentence index)``) so that the seven checks
extract each sentence once. FIG001 and FIG004 compare against a corpus-wide index of
mentions (noun key -> every figure quantifying that noun in the run): each document's
mentions are its facts, merged once per run into one :class:`FigureIndex` the two share
(``index_key``).

Matching nouns: mentions match by :func:`~auditor.text.figures.noun_key` (Soldaten and
Soldat), by compound head (Elitesoldaten counts with Soldaten; keys of five letters or more,
so "Mann" does not match "Hauptmann"), and through one deliberate synonym: "Truppen" counts
with "Soldaten" (English "troops" is translated as "Truppen" and used as a count: "3.000
nordkoreanische Truppen"). Demonyms do not: "11.000 Nordkoreaner" in "fast 50.000 Soldaten,
darunter 11.000 Nordkoreaner" is a different, smaller set, and civilians are counted the
same way.
"""

from __future__ import annotations

import functools
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..document import Document, Sentence
from ..text.figures import (
    ANSWERS_ONLY,
    SUPPORTED_LANGUAGES,
    Figure,
    agrees,
    compare_figures,
    convert,
    extract_figures,
    noun_key,
)
from .base import Check, Context, Corpus, Evidence, Finding

_SYNONYMS = {"trupp": "soldat", "truppe": "soldat"}
_MATCHED_UNITS = frozenset({"km", "mi", "m", "ft", "kg", "lb", "t", "EUR", "USD", "GBP", "l", "ha"})
_FACTORS = (Decimal(1000), Decimal(1_000_000))
_FACTOR_WORD = {Decimal(1000): "thousands", Decimal(1_000_000): "millions"}


def sentence_figures(corpus: Corpus, document: Document, sentence: Sentence) -> list[Figure]:
    """The figures of one sentence, extracted once per run and shared by all checks.

    Numbers inside German words ("zwölfjährig") are left out: they only answer a source
    figure (FIG007), and the German-only checks compare figures with their nouns. So is the
    denominator of a German frequency ("1 von 10 Behandelten", "1 bis 10 von 10.000
    Behandelten", "einer von 100 Menschen"): a rate, not a number of people, that patient
    leaflets give in every size side by side."""
    if document.language not in SUPPORTED_LANGUAGES:
        return []
    return corpus.memo(("figures", document.id, sentence.index),
                       lambda: [f for f in extract_figures(sentence.text, document.language, document.locale)
                                if f.written not in ANSWERS_ONLY
                                and not (document.language == "de" and _DE_DENOMINATOR.search(
                                    sentence.text, max(0, f.start - 30), f.start))])


# the "von" of a German frequency: "1 von 10", "1 bis 10 von 1.000", "einer von 100"
_DE_DENOMINATOR = re.compile(r"(?<![\w.,])(?:\d+(?:[.,]\d+)?|eine[rsm]?|ein|jede[rsm]?)\s+"
                             r"(?:(?:bis|oder|und)\s+\d+(?:[.,]\d+)?\s+)?von\s+$", re.IGNORECASE)


# slots: a corpus run holds every counted figure's mention until the index is built
@dataclass(frozen=True, slots=True)
class Mention:
    document: str
    sentence: Sentence
    figure: Figure

    @property
    def phrase(self) -> str:
        return self.figure.phrase(self.sentence.text)

    def evidence(self) -> Evidence:
        return Evidence(
            text=self.phrase, document=self.document, sentence=self.sentence.index,
            start=self.sentence.start + self.figure.start,
            end=self.sentence.start + max(self.figure.end, self.figure.phrase_end),
            note=self.sentence.text,
        )

    def at(self, document: str, sentence: Sentence, figure: Figure) -> bool:
        """Whether this is the mention of ``figure`` in that sentence (the index may hold a
        copy of it, made in another process)."""
        return (self.document == document and self.sentence.index == sentence.index
                and (self.figure.start, self.figure.end) == (figure.start, figure.end))

    def where(self, here: str) -> str:
        place = "this document" if self.document == here else self.document
        # people count sentences from 1 (the HTML report does too); JSON indexes stay 0-based
        return f"{place} (sentence {self.sentence.index + 1})"


# Units of time, repetitions ("Mal") and degrees (a closed class of measure nouns; compounds
# by their head: Lichtjahre, Lebensjahre, Jahrzehnte). They measure a span, not a count of
# one set of things: "vor fast 10 Jahren" and "ein paar tausend Jahre alt" in one talk are
# two durations, so a large one is no evidence against a small one.
_SPAN_NOUN = re.compile(
    r"(?:jahr|jahrzehnt|jahrhundert|jahrtausend|monat|woche|tag|nacht|stunde|minute|sekunde|"
    r"quartal|semester|mal|grad)(?:e|en|es|s|n)?$",
)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def is_span_noun(noun: str | None) -> bool:
    """A German unit of time (or "Mal", "Grad"), alone or as the head of a compound."""
    if not noun:
        return False
    word = noun.lower().translate(_FOLD).rsplit("-", 1)[-1]
    return _SPAN_NOUN.search(word) is not None


def match_key(figure: Figure) -> str | None:
    """What a figure counts, for matching across mentions: the noun key, or the unit.

    Time spans have none (see ``_SPAN_NOUN``): they are not one quantity across a text.
    """
    if figure.kind in ("measure", "money") and figure.unit:
        return "unit:" + figure.unit
    if figure.kind == "range" and figure.unit in _MATCHED_UNITS:
        return "unit:" + figure.unit
    if figure.kind in ("count", "vague", "range") and is_span_noun(figure.noun):
        return None
    if figure.kind in ("count", "vague", "range") and figure.noun_key and not figure.unit:
        key = figure.noun_key
        for src, dst in _SYNONYMS.items():
            if key.endswith(src):  # Truppen, Kampftruppen -> soldat, kampfsoldat
                return key[: -len(src)] + dst
        return key
    return None


def _values(figure: Figure) -> tuple[Decimal, ...]:
    if figure.value is None:
        return ()
    return (figure.value, figure.high) if figure.high is not None else (figure.value,)


def document_mentions(corpus: Corpus, document: Document) -> list[tuple[str, Mention]]:
    """The figures of one document that count something, with their match keys: the
    document's facts for the :class:`FigureIndex`."""
    found = []
    for sentence in document.sentences:
        for fig in sentence_figures(corpus, document, sentence):
            key = match_key(fig)
            # "14,000" in German text is FIG002's: its value (14) is no evidence either way
            if key and fig.separator_issue not in ("grouping", "invalid"):
                found.append((key, Mention(document.id, sentence, fig)))
    return found


# --- one story ----------------------------------------------------------------------------
# A figure in another document is evidence only when that document tells the same story:
# "12 Menschen" killed in Kabul and "12.000 Menschen" living in a town are two quantities,
# while "10 Soldaten" and "10.000 Soldaten" in two reports on North Korean troops are one.
# A story is told with its own names and rare words (Kursk, Pjöngjang, DVRK, Neuinfektionen);
# two documents that share at least STORY_SHARED of their rarest capitalised words are taken
# to tell one.

#: a capitalised word rarer than this in German (wordfreq zipf) can mark a story
STORY_ZIPF = 4.0
#: a document's story is its this many rarest such words (bounded, whatever its length)
STORY_WORDS = 48
#: shared story words that make two documents one story
STORY_SHARED = 2
_STORY_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][^\W\d_]{3,}(?:-[^\W\d_]+)*")


def story_words(document: Document) -> bytes:
    """The document's rarest capitalised words, as sorted CRC-32s packed in bytes (about 200
    bytes a document: a corpus index holds one per document with a counted figure)."""
    rarity: dict[int, float] = {}
    seen: set[str] = set()
    for m in _STORY_WORD.finditer(document.text):
        word = m.group()
        if word in seen:
            continue
        if len(seen) >= 50_000:  # a huge text: its first distinct words tell its story
            break
        seen.add(word)
        zipf, crc = _story_word(word)
        if zipf < STORY_ZIPF:
            rarity[crc] = zipf
    rare = sorted(rarity.items(), key=lambda kv: (kv[1], kv[0]))[:STORY_WORDS]
    return array("I", sorted(crc for crc, _ in rare)).tobytes()


@functools.lru_cache(maxsize=1 << 16)
def _story_word(word: str) -> tuple[float, int]:
    """(German zipf of ``word``, CRC-32 of its inflection-free key): a corpus repeats its words."""
    from wordfreq import zipf_frequency

    key = word.lower() if "-" in word else noun_key(word, "de")
    return zipf_frequency(word.lower(), "de"), zlib.crc32(key.encode("utf-8"))


def same_story(a: bytes, b: bytes) -> bool:
    """Whether two documents' :func:`story_words` make them one story."""
    return len(_story_set(a) & _story_set(b)) >= STORY_SHARED


@functools.lru_cache(maxsize=4096)
def _story_set(packed: bytes) -> frozenset[int]:
    """Unpacked once: a document is asked about for every figure of every other document."""
    return frozenset(array("I", packed))


def _related_keys(keys: Iterable[str]) -> dict[str, set[str]]:
    """Each key -> the keys ``FigureIndex.related`` gives for it among ``keys``, found through
    suffixes (a key's own, and the keys that end with it), not by comparing every pair."""
    keys = list(keys)
    present = set(keys)
    ending_with: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if not k.startswith("unit:"):
            for i in range(len(k) - 4):
                ending_with[k[i:]].append(k)
    out: dict[str, set[str]] = {}
    for k in keys:
        related = {k}
        if not k.startswith("unit:") and len(k) >= 5:
            related.update(ending_with.get(k, ()))
            related.update(k[i:] for i in range(1, len(k) - 4) if k[i:] in present)
        out[k] = related
    return out


def _is_big(figure: Figure) -> bool:
    """A count in thousands or more: what FIG004 holds a tiny estimate of the same noun against."""
    return ((figure.kind in ("count", "range") and any(v >= 1000 for v in _values(figure)))
            or (figure.kind == "vague" and (figure.magnitude or 0) >= 1000))


def _may_be_tiny(figure: Figure) -> bool:
    """Whether FIG004 may take ``figure`` for a tiny estimate (what it asks more of it is left
    to the check: this only has to hold wherever the check reads the index for it)."""
    return (figure.kind == "count" and figure.value is not None and not figure.scaled
            and bool(figure.approximator) and 0 < figure.value < 100)


def evidence_only(by_key: dict[str, list[Mention]]) -> dict[str, list[Mention]]:
    """The mentions that FIG001 or FIG004 can ever give as evidence, by key, in their order.

    FIG001 gives a mention whose values include a figure's value times 1,000 or 1,000,000,
    FIG004 a large count, each for a figure of a related key (``FigureIndex.related``), and
    every figure either check reads the index for is itself a mention. So a mention no
    mention of a related key could be asked about is never shown: a corpus index of every
    counted figure (at a million sentences, most of the audit process's and each worker's
    copy of the index) becomes one of the few that pair up. The checks' answers stay the
    same: a related key that loses all its mentions gave nothing, and the order of the rest
    is kept."""
    related = _related_keys(by_key)
    wanted: dict[str, set[Decimal]] = {}
    tiny: set[str] = set()
    for key, mentions in by_key.items():
        wanted[key] = {m.figure.value * f for m in mentions if m.figure.value is not None for f in _FACTORS}
        if any(_may_be_tiny(m.figure) for m in mentions):
            tiny.add(key)
    kept: dict[str, list[Mention]] = {}
    for key, mentions in by_key.items():
        values: set[Decimal] = set().union(*(wanted[k] for k in related[key]))
        asked_big = not tiny.isdisjoint(related[key])
        found = [m for m in mentions
                 if not values.isdisjoint(_values(m.figure)) or (asked_big and _is_big(m.figure))]
        if found:
            kept[key] = found
    return kept


@dataclass(frozen=True, slots=True)
class DocumentFigures:
    """One document's facts for the :class:`FigureIndex`: its counted figures and its story."""

    document: str
    mentions: list[tuple[str, Mention]]
    story: bytes


class _Mentions:
    """The run's mentions so far, by key, in input order, and the story of each document that
    has any: ``_FigureIndexed.combine``'s total."""

    __slots__ = ("by_key", "stories")

    def __init__(self) -> None:
        self.by_key: dict[str, list[Mention]] = {}
        self.stories: dict[str, bytes] = {}

    def add(self, found: DocumentFigures | Iterable[tuple[str, Mention]]) -> None:
        if isinstance(found, DocumentFigures):
            if found.mentions:
                self.stories[found.document] = found.story
            found = found.mentions
        for key, mention in found:
            self.by_key.setdefault(key, []).append(mention)


class FigureIndex:
    """Every counted noun or unit of the run -> its mentions; and the story of each document
    a mention comes from (None: every document is taken to tell one story)."""

    def __init__(self, mentions: Iterable[tuple[str, Mention]], stories: dict[str, bytes] | None = None) -> None:
        self.by_key: dict[str, list[Mention]] = defaultdict(list)
        for key, mention in mentions:
            self.by_key[key].append(mention)
        self.stories = stories
        self._related: dict[str, tuple[str, ...]] = {}
        self._by_value: dict[str, dict[Decimal, list[Mention]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # the caches are rebuilt where the index is read
        return {"by_key": self.by_key, "stories": self.stories}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.by_key = state["by_key"]
        self.stories = state.get("stories")
        self._related = {}
        self._by_value: dict[str, dict[Decimal, list[Mention]]] = {}

    def tells_story(self, mention: Mention, document: str, story: bytes) -> bool:
        """Whether ``mention`` is from ``document`` or from one that tells the same story (whose
        :func:`story_words` are ``story``)."""
        if mention.document == document or self.stories is None:
            return True
        other = self.stories.get(mention.document)
        return other is not None and same_story(story, other)

    def with_value(self, key: str, value: Decimal) -> list[Mention]:
        """The mentions of ``key`` and its related keys with ``value`` among their values, in
        the order of ``mentions(key)``. A lookup, not a scan: a corpus that counts one noun
        in thousands of places asks this for every figure of that noun."""
        out: list[Mention] = []
        for k in self.related(key):
            table = self._by_value.get(k)
            if table is None:
                table = self._by_value[k] = defaultdict(list)
                for m in self.by_key.get(k, ()):
                    for v in dict.fromkeys(_values(m.figure)):
                        table[v].append(m)
            out.extend(table.get(value, ()))
        return out

    def related(self, key: str) -> tuple[str, ...]:
        """The key itself and the keys of compounds sharing its head (or its head)."""
        hit = self._related.get(key)
        if hit is None:
            hit = (key,) + tuple(
                k for k in self.by_key
                if k != key and not key.startswith("unit:") and not k.startswith("unit:")
                and min(len(k), len(key)) >= 5 and (k.endswith(key) or key.endswith(k))
            )
            self._related[key] = hit
        return hit

    def mentions(self, key: str) -> Iterator[Mention]:
        for k in self.related(key):
            yield from self.by_key.get(k, ())


class _FigureIndexed(Check):
    """A check that reads the run's :class:`FigureIndex` (one for all such checks)."""

    index_key = "figures"
    index: FigureIndex

    def facts(self, document: Document, corpus: Corpus) -> DocumentFigures:
        mentions = document_mentions(corpus, document)
        return DocumentFigures(document.id, mentions, story_words(document) if mentions else b"")

    def combine(self, total: _Mentions | None, facts: DocumentFigures | list[tuple[str, Mention]] | None
                ) -> _Mentions:
        """One more document's mentions, folded in: the audit process then holds each mention
        once, by key, instead of every document's list until the reduce."""
        total = _Mentions() if total is None else total
        total.add(facts or ())
        return total

    def merge(self, facts: Sequence[_Mentions | DocumentFigures | list[tuple[str, Mention]] | None],
              corpus: Corpus) -> FigureIndex:
        """The index of the mentions that can be evidence (``evidence_only``). ``facts``: every
        document's, or the run's total (``combine``) alone."""
        if len(facts) == 1 and isinstance(facts[0], _Mentions):
            total = facts[0]
        else:
            total = _Mentions()
            for found in facts:
                total.add(found or ())
        kept = evidence_only(total.by_key)
        documents = {m.document for mentions in kept.values() for m in mentions}
        return FigureIndex(((key, m) for key, mentions in kept.items() for m in mentions),
                           {d: total.stories[d] for d in documents if d in total.stories})

    def story(self, ctx: Context) -> bytes:
        """This document's :func:`story_words` (once per document)."""
        return ctx.corpus.memo(("story-words", ctx.document.id), lambda: story_words(ctx.document))


def _span(figure: Figure) -> tuple[int, int]:
    return figure.start, max(figure.end, figure.phrase_end)


def _sorted_evidence(mentions: list[Mention], here: str) -> list[Mention]:
    # other documents first would hide the nearest proof; same document first, then by place
    return sorted(mentions, key=lambda m: (m.document != here, m.document, m.sentence.index))


def _fmt(value: Decimal) -> str:
    return f"{value:,}".replace(",", ".") if value == value.to_integral_value() else str(value).replace(".", ",")


# a rate: "pro Liter", "je Einwohner", "am Tag", "per day", also after a word that says
# how the amount is meant ("3 Euro mehr pro Stunde", "2.000 Euro brutto im Monat")
_RATE = re.compile(r"(?:\s+(?:mehr|weniger|zusätzlich|brutto|netto|more|less|extra))?"
                   r"(?:\s*(?:pro|je|per)\b|\s*(?:am|im|a|an)\s+(?:Tag|Jahr|Monat|Woche|Stunde|day|year|month|week|hour)\b)")

# a running total: "seit Beginn der Invasion mehr als 12.000 Zivilisten", "insgesamt", "bislang"
_CUMULATIVE = re.compile(r"\b(?:seit\s+(?:Beginn|Kriegsbeginn|Ausbruch|Anfang)|insgesamt|bislang|bisher|"
                         r"seither|since\s+the\s+(?:start|beginning|outbreak)|in\s+total|so\s+far)\b",
                         re.IGNORECASE)


class LostMagnitude(_FigureIndexed):
    """A figure that lost its thousands (or millions): the same noun is counted 1,000 times larger elsewhere.

    What it catches:
    The same noun or unit quantified with values that differ by exactly a factor of 1,000
    or 1,000,000, within a document or across the documents of the run that tell the same
    story (they share at least two of their rarer capitalised words: Nordkorea, Kursk,
    Pjöngjang; amounts of money and measures only
    within a document: a coffee and a salary are both in euros; rates such as "3,90 Euro pro
    Liter" or "3 Euro mehr pro Stunde" never; whole numbers of people in general
    (Menschen, Personen, Leute) never, as in FIG004; nor another document's running total
    ("seit Kriegsbeginn", "insgesamt", "bislang") against a count without one): "10 Soldaten" in
    one sentence, "10.000 Soldaten" in others. The small one is flagged, with every larger
    mention as evidence. Inflected forms and compounds match (Soldat, Soldaten,
    Elitesoldaten), and "Truppen" counts with "Soldaten"; demonyms such as "Nordkoreaner"
    do not (they count a different set). Only figures written in digits are flagged:
    "zwei Soldaten" is German style for a small number, while a translation that loses
    the thousands copies the digits ("10,000" -> "10").

    Why it matters:
    Machine translation drops the German thousands separator's digits ("10.000" becomes
    "10") and the result is still fluent German; back-translation cannot see it ("10
    soldiers" is a faithful translation of the corrupted sentence). Only the other
    mentions of the same quantity give it away.

    Flags:
    Er erklärte auch, dass es Beweise dafür gebe, dass Nordkorea 10 Soldaten zu Ausbildungszwecken in den Osten Russlands geschickt habe. (with "etwa 10.000 nordkoreanische Soldaten" elsewhere in the run)

    Does not flag:
    Der ukrainische Präsident Wolodymyr Selenskyj sagte am Montag, dass die ukrainischen Streitkräfte in Kursk fast 50.000 Soldaten, darunter 11.000 Nordkoreaner, zurückhalten würden.
    Time spans, ages and repetitions (Jahre, Monate, Tage, Stunden, Lichtjahre, Mal, Grad):
    "vor 40 Jahren" next to "40.000 Jahre alt" are two durations, not one quantity. A figure
    of another story in the run: "12 Menschen" killed in Kabul and "12.000 Menschen" living
    in Weilheim are two quantities.
    """

    code = "FIG001"
    name = "lost-magnitude"
    category = "figure"
    severity = "high"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for fig in sentence_figures(ctx.corpus, ctx.document, sentence):
            key = match_key(fig)
            if key is None or fig.value is None or fig.kind in ("vague", "range") or fig.scaled or fig.value <= 0:
                continue
            if fig.separator_issue in ("grouping", "invalid"):
                continue  # FIG002 explains "14,000" better than lost thousands would
            if fig.written == "words":
                # German style spells out small numbers ("zwei Soldaten"); MT copies digit
                # tokens, so lost thousands show up as digits ("10 Soldaten")
                continue
            if _RATE.match(sentence.text, max(fig.end, fig.phrase_end)):
                continue  # "3,90 Euro pro Liter": a rate is not the same quantity as a total
            whole = fig.value == fig.value.to_integral_value()
            if key in _GENERIC_PEOPLE and whole:
                continue  # "20 Menschen" vermisst, "20.000 Menschen" versorgt: two groups (see FIG004)
            # a fraction of people ("1,5 Menschen") is no event count, whatever totals it meets
            running = not whole or _CUMULATIVE.search(sentence.text) is not None
            same_document_only = fig.kind in ("money", "measure")
            larger: dict[Decimal, list[Mention]] = defaultdict(list)
            for factor in _FACTORS:
                for m in self.index.with_value(key, fig.value * factor):
                    if m.at(ctx.document.id, sentence, fig):
                        continue
                    if same_document_only and m.document != ctx.document.id:
                        continue
                    if not self.index.tells_story(m, ctx.document.id, self.story(ctx)):
                        continue  # another story's figure: "12 Menschen" killed, "12.000" living elsewhere
                    if m.document != ctx.document.id and not running \
                            and _CUMULATIVE.search(m.sentence.text):
                        continue  # another report's running total: "seit Kriegsbeginn 12.000 Zivilisten"
                    larger[factor].append(m)
            if not larger:
                continue
            factor = min(larger)
            mentions = _sorted_evidence(larger[factor], ctx.document.id)
            phrase = fig.phrase(sentence.text)
            shown = "; ".join(f"{m.phrase} in {m.where(ctx.document.id)}" for m in mentions[:3])
            more = f" and {len(mentions) - 3} more" if len(mentions) > 3 else ""
            yield self.flag(
                sentence, *_span(fig),
                f"{phrase} here, but {shown}{more}: the {_FACTOR_WORD[factor]} look lost "
                f"({_fmt(fig.value)} vs {_fmt(fig.value * factor)})",
                evidence=[m.evidence() for m in mentions],
            )


# Quantities given to the thousandth in German news (race gaps "19,477 Sekunden", bond
# yields "2,345 Prozent", blood alcohol "1,245 Promille") and rarely counted in thousands
# in English. Lengths, masses and money are not among them: "2,345 Kilometer" and "1,084
# Dollar" read as well in English as in German.
_THOUSANDTHS_NOUN = re.compile(r"(?:sek(?:unden?)?|s|promille|‰|prozentpunkte?n?)", re.IGNORECASE)


def _german_thousandths(fig: Figure, token: str) -> bool:
    """Whether a "grouping" token is a German decimal with three places: one group, not a
    rounded thousands figure ("2,400" ends in 00: English), of a quantity measured to
    thousandths."""
    if not re.fullmatch(r"\d{1,3},\d{3}", token) or token.endswith("00"):
        return False
    return fig.kind == "percent" or bool(fig.noun and _THOUSANDTHS_NOUN.fullmatch(fig.noun.rstrip(".")))


def _source_decimal(fig: Figure, sentence: Sentence, ctx: Context) -> bool:
    """Bilingual mode: does the aligned source give the German reading of "42,195" (a decimal,
    "42.195 kilometres", French "42,195 km") and not the English one (42195)?"""
    sources = ctx.source(sentence)
    source_doc = ctx.corpus.source_documents.get(ctx.document.id)
    if not sources or source_doc is None or source_doc.language not in SUPPORTED_LANGUAGES:
        return False
    values = {f.value for f in extract_figures(" ".join(s.text for s in sources), source_doc.language)}
    return fig.value in values and fig.alt_value not in values


class WrongLocaleSeparator(Check):
    """Digits written with English separators in German text.

    What it catches:
    English thousands grouping with a comma ("Rund 2,400 der Mitarbeiter", "15,000
    Soldaten", "1,500,000") and English decimal points ("26.4 Millionen", "3.5 Prozent")
    in German text. The message gives the value a German reader will take and the value
    that was likely meant. A decimal point is only flagged when the number quantifies
    something (a noun, a unit, a scale word): clock times ("18.30 Uhr") and version
    identifiers after a product name ("iOS 17.4 Apps", "Python 3.11") are left alone.
    Plain four-digit numbers ("1000 Container") are never flagged: Duden allows them
    without a separator. Nor are German decimals with three places of quantities measured
    to the thousandth and rarely counted in thousands (race gaps "19,477 Sekunden", yields
    "2,345 Prozent", "1,245 Promille"), unless rounded ("2,400 Sekunden"); lengths, masses
    and money stay flagged ("2,345 Kilometer" reads as well in English), unless the aligned
    source gives the German reading and not the English one ("42.195 kilometres" /
    "42,195 Kilometer"; a source "42,195 km" in English keeps the flag). Digits inside a
    web address or DOI are no figure at all.

    Why it matters:
    German reads "2,400" as two point four and "26.4" as nothing or 264: the figure is
    off by a factor of 1,000 or 10 for every reader, while looking like a normal number.

    Flags:
    Rund 2,400 der Mitarbeiter wurden entlassen.

    Does not flag:
    Die USA schätzen, dass sich derzeit etwa 10.000 nordkoreanische Soldaten in Russland befinden.
    """

    code = "FIG002"
    name = "wrong-locale-separator"
    category = "figure"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for fig in sentence_figures(ctx.corpus, ctx.document, sentence):
            issue = fig.separator_issue
            if issue is None or fig.kind in ("date", "time", "year", "ordinal"):
                continue
            digits = re.match(r"[\d.,\u00a0\u202f]+", fig.text)
            token = digits.group() if digits else fig.text
            if token.startswith(("0,", "0.")):
                continue  # "0,500 Liter": a German decimal with three places
            if issue == "grouping" and (_german_thousandths(fig, token) or _source_decimal(fig, sentence, ctx)):
                continue
            if issue == "grouping":
                meant = _fmt(fig.alt_value) if fig.alt_value is not None else token.replace(",", ".")
                yield self.flag(
                    sentence, *_span(fig),
                    f"'{token}' uses an English thousands separator: German reads it as "
                    f"{_fmt(fig.value)}; {meant} was probably meant (German: {token.replace(',', '.')})",
                )
            elif issue == "decimal":
                if not (fig.noun or fig.unit or fig.scaled):
                    continue
                yield self.flag(
                    sentence, *_span(fig),
                    f"'{token}' uses an English decimal point; German writes {token.replace('.', ',')} "
                    f"(a German reader may take it for {token.replace('.', '')})",
                )
            elif issue == "invalid":
                yield self.flag(
                    sentence, *_span(fig),
                    f"'{token}' is not a German number; in English notation it is "
                    f"{fig.value:,} (German: {_fmt(fig.value)})",
                    severity="high",
                )


# Nouns that are measured, not counted: fractions are normal ("1,5 Stunden", "2,5 Jahre").
# A compound is measured when its head is ("Megawatt", "Vollzeitstellen", "Prozentpunkte",
# "Kilowattstunden"), so these match at the end of a noun too. Umlauts are kept: "Zähler" is
# measured, "Steuerzahler" counted.
_MEASURED_HEADS = (
    r"stund|minut|sekund|jahr|monat|woch|tag|punkt|prozent|promill|grad|liter|tonne|kilo|hektar|zoll|"
    r"euro|dollar|cent|fach|meter|meile|pfund|franken|rubel|yuan|kalorie|volt|watt|stelle|"
    r"barrel|zähler|karat|dezibel|hertz|byte|(?:kilo|mega|giga|tera)bit|pascal|ampere|joule|äquivalent"
)
# ... and these only at its start: as heads they end words that are counted ("Investor",
# "Denkmal", "Banknote", "Programm", "Orbit", "Gründe")
_MEASURED_STARTS = r"runde|mal|tor|note|stern|zimmer|stufe|level|version|milli|zenti|quadrat|kubik|yen|won|knoten|gramm|bit"
_MEASURED = re.compile(rf"(?:{_MEASURED_HEADS}|{_MEASURED_STARTS})")
_MEASURED_HEAD = re.compile(rf"(?:{_MEASURED_HEADS})(?:e|en|es|n|s)?$")
# unit symbols with an SI or binary prefix, as technical text writes them after a decimal
# ("2,5 TB", "5,2 GHz", "2,4 Gbit/s", "1,5 kWh", "3,7 V", "0,5 MiB"): matched case-sensitively
# on the noun as written, so that no counted word of two or three letters is taken for one
_UNIT_SYMBOL = re.compile(r"(?:[kKMGTPnµm]i?)?(?:B|Byte|bit|Bit|bps|Hz|W|Wh|V|A|Ah|mAh|Ω|F|FLOPS|px)"
                          r"(?:/s)?")


def is_measured(noun: str | None) -> bool:
    """Whether ``noun`` is measured rather than counted: by its first stem ("Stunden",
    "Tore") or by its head ("Megawatt", "Vollzeitstellen", "Zählern")."""
    if not noun:
        return False
    word = noun.lower()
    return bool(_MEASURED.match(word) or _MEASURED_HEAD.search(word) or _UNIT_SYMBOL.fullmatch(noun))


_AVERAGE = re.compile(r"\b(?:pro|je|durchschnittlich\w*|Durchschnitt\w*|Schnitt|jeweils|Mittel|Median|"
                      r"statistisch|\w*[Rr]ate|\w*[Qq]uote)\b")


class FractionalCount(Check):
    """A fractional number of countable things ("7,5 Patienten").

    What it catches:
    A decimal count of a noun that is counted, not measured: "7,5 Patienten wurden
    behandelt", "die 3,2 Häuser". Measures and time spans ("1,5 Stunden", "2,5 Prozent",
    "3,90 Euro", also as a compound's head: "0,4 Megawatt", "2,5 Vollzeitstellen", "116,4
    Zähler"), numbers with a scale word ("1,5 Millionen Menschen") and averages ("2,3
    Kinder pro Frau", "durchschnittlich 1,8 Kinder") are left alone; so is "2,400" with
    three decimals, which FIG002 reports as an English thousands separator, and a version
    after a product name ("mit iOS 17.4 Apps laden", "in Version 2.1 Fehler behoben").

    Why it matters:
    Half a patient is always an error: a lost scale word ("7,5 Millionen Patienten") or a
    broken separator.

    Flags:
    7,5 Patienten wurden behandelt.

    Does not flag:
    Diesel kostete im Oktober 3,90 Euro pro Liter.
    """

    code = "FIG003"
    name = "fractional-count"
    category = "figure"
    severity = "high"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for fig in sentence_figures(ctx.corpus, ctx.document, sentence):
            if fig.kind != "count" or fig.value is None or fig.noun is None or fig.scaled:
                continue
            if fig.value == fig.value.to_integral_value() or fig.separator_issue == "grouping":
                continue
            if is_measured(fig.noun_key) or is_measured(fig.noun):
                continue
            if _AVERAGE.search(sentence.text):
                continue
            yield self.flag(
                sentence, *_span(fig),
                f"{fig.phrase(sentence.text)}: a fractional count of {fig.noun} — a scale word "
                f"(Millionen?) or the thousands separator may be lost",
            )


_MAGNITUDE_APPROX = frozenset({
    "etwa", "rund", "ungefähr", "circa", "ca.", "zirka", "schätzungsweise", "bis zu", "mehr als",
    "über", "fast", "knapp", "beinahe", "nahezu", "annähernd", "an die", "gut", "mindestens",
    "etwas mehr als",
})


# People in general: one article counts a population in millions and the dead of one attack
# in ones ("mindestens zwölf Menschen" next to "sechs Millionen Menschen"); these counts are
# of different groups, so a large one is no evidence against a small one.
_GENERIC_PEOPLE = frozenset({"mensch", "person", "leut"})
# Residents and audiences (noun keys, also as compound heads: Festivalbesucher): a village
# and its city, the injured and the crowd of one festival are counted with the same noun,
# so FIG004 does not hold a small estimate against a large count of them.
_POPULATION_HEADS = ("einwohn", "bewohn", "besuch", "zuschau", "teilnehm", "gast", "fans")

# How far a large count may lie from the estimate times 1,000 and still be evidence of a
# lost thousands group: within a factor of 2 of an exact count ("etwa 12" beside "10.000",
# "etwa 3" beside "mehr als dreitausend"); a vague "Tausende", "mehrere Tausend" says
# little of its size, so from half its magnitude to 20 times it ("bis zu 20" beside
# "Tausende"). One text counts several groups of one noun ("rund 80 Soldaten" killed,
# "5.000 Soldaten" to be sent; "etwa 40 der Beschäftigten" of "1.200 Beschäftigten"), and
# they are seldom within those bounds.
_COUNT_FACTOR = Decimal(2)
_VAGUE_BELOW, _VAGUE_ABOVE = Decimal("0.5"), Decimal(20)


def _lost_thousands_of(value: Decimal, big: Figure) -> bool:
    """Whether ``big`` is about what ``value`` would say with its thousands (see _COUNT_FACTOR)."""
    estimate = value * 1000
    if big.kind == "vague":
        magnitude = big.magnitude or Decimal(0)
        return magnitude * _VAGUE_BELOW <= estimate <= magnitude * _VAGUE_ABOVE
    return any(v / _COUNT_FACTOR <= estimate <= v * _COUNT_FACTOR for v in _values(big) if v >= 1000)


# approximators that announce an estimate of a quantity ("fast 1 Jahr" or "mehr als 1" are not)
_ESTIMATE = frozenset({"etwa", "rund", "ungefähr", "circa", "ca.", "zirka", "schätzungsweise", "an die"})


class TinyApproximateCount(_FigureIndexed):
    """An estimate of one or two digits for a noun that is counted in thousands elsewhere.

    What it catches:
    An approximator ("etwa", "rund", "bis zu", "mehr als", "fast") with a one- or
    two-digit count of a noun that the document, or another of the same story (see FIG001),
    counts in thousands ("10.000
    Soldaten", "dreitausend Soldaten", "Tausende Soldaten", "mehrere Tausend Soldaten"):
    "etwa 3 Soldaten". Nobody estimates "about three" soldiers sent as reinforcements;
    with the thousands lost, the estimate survives and the figure does not. It supports
    FIG001 (which flags exact factors of 1,000) and catches inexact ones ("etwa 12
    Soldaten" vs "10.000 Soldaten"). The large count is evidence only when the estimate
    times 1,000 lies within a factor 2 of it (a vague "Tausende": from half to 20 times
    its magnitude): one article counts several groups with one noun ("rund 80 Soldaten"
    killed, "5.000 Soldaten" to be sent). People in general (Menschen, Personen, Leute) are not
    compared: one article counts a country's population and the victims of one attack
    with the same noun; nor are residents and audiences (Einwohner, Besucher, Zuschauer,
    Teilnehmer, Gäste, Fans): a village next to its city, the injured of a festival next to
    its crowd. Nor are units of time, "Mal" and "Grad": a text speaks of many
    durations ("vor fast zehn Jahren", "einige tausend Jahre alt"), none of them one
    quantity.

    Why it matters:
    Estimates are made of large quantities. Together with a large count of the same thing
    elsewhere, a tiny estimate is a strong hint that digits were lost; on its own it is
    only a hint, hence medium. One case needs no other mention: an estimate of exactly
    one ("rund 1 Mitgliedern"), which nobody writes.

    Flags:
    Das Pentagon gab gestern bekannt, dass Nordkorea seiner Meinung nach etwa 3 Soldaten als Verstärkung nach Russland geschickt habe. (with "mehr als dreitausend Soldaten" elsewhere)

    Does not flag:
    Der ukrainische Botschafter sagte, dass bis zu 12.000 Nordkoreaner an fünf Stützpunkten im Osten Russlands ausgebildet würden, darunter mindestens 500 Offiziere und drei Generäle des Generalstabs.
    Vor fast zehn Jahren reiste ich zum ersten Mal in die Arktis. (with "einige tausend Jahre alt" elsewhere: a duration, not a count)
    """

    code = "FIG004"
    name = "tiny-approximate-count"
    category = "figure"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for fig in sentence_figures(ctx.corpus, ctx.document, sentence):
            if fig.kind != "count" or fig.value is None or fig.scaled or not fig.approximator:
                continue
            if fig.separator_issue in ("grouping", "invalid"):
                continue  # "rund 2,500 Staffelteams" is FIG002's
            if fig.approximator.lower() not in _MAGNITUDE_APPROX or not 0 < fig.value < 100:
                continue
            key = match_key(fig)
            if key is None:
                continue
            if fig.value == 1 and fig.written == "digits" and fig.approximator.lower() in _ESTIMATE \
                    and not is_measured(fig.noun_key) and not is_measured(fig.noun):
                # "rund 1 Mitgliedern": nobody estimates one of something
                start = fig.approx_start if fig.approx_start is not None else fig.start
                yield self.flag(
                    sentence, start, _span(fig)[1],
                    f"'{sentence.text[start:_span(fig)[1]]}' estimates a count of one: digits "
                    f"(a thousands group) may be lost",
                )
                continue
            if key in _GENERIC_PEOPLE or key.endswith(_POPULATION_HEADS):
                continue
            if getattr(self, "_big_of", None) is not self.index:  # a new run's index
                self._big: dict[str, list[Mention]] = {}
                self._big_of = self.index
            big = self._big.get(key)
            if big is None:  # per key, not per figure: one noun may be counted in thousands of places
                big = self._big[key] = [m for m in self.index.mentions(key) if _is_big(m.figure)]
            # the large count must be what the estimate would be with its thousands: "rund 80
            # Soldaten" killed is no lost "80.000" beside "5.000 Soldaten" to be deployed
            big = [m for m in big if _lost_thousands_of(fig.value, m.figure)]
            story = self.story(ctx) if big else b""
            big = [m for m in big if self.index.tells_story(m, ctx.document.id, story)]
            if not big:
                continue
            mentions = _sorted_evidence(big, ctx.document.id)
            shown = "; ".join(f"{m.phrase} in {m.where(ctx.document.id)}" for m in mentions[:3])
            start = fig.approx_start if fig.approx_start is not None else fig.start
            yield self.flag(
                sentence, start, _span(fig)[1],
                f"'{sentence.text[start:_span(fig)[1]]}' estimates a tiny number, while {shown} count "
                f"{fig.noun} in thousands: digits may be lost",
                evidence=[m.evidence() for m in mentions],
            )


_PAREN = re.compile(r"\s*\(\s*(?:(?:rund|etwa|ca\.|circa|ungefähr|knapp|fast|über|mehr als)\s+)?$")
# a comparative after the bracketed figure makes it a difference, not a conversion:
# "20,12 Metern (20 Zentimeter mehr als im Vorjahr)", "(3 kg weniger)", "(5 Meilen weiter)"
_DIFFERENCE = re.compile(
    r"\s*(?:mehr|weniger|weiter|kürzer|länger|höher|tiefer|niedriger|schwerer|leichter|größer|kleiner|"
    r"als|über|unter|plus|minus|more|less|fewer|further|farther|longer|shorter|higher|lower|"
    r"heavier|lighter|than|over|under)\b", re.IGNORECASE)


class UnitConversionMismatch(Check):
    """A unit conversion in parentheses that does not agree with the figure it converts.

    What it catches:
    "50 Kilometer (80 Meilen)": the figure and its conversion in parentheses disagree
    (50 km are 31 miles). Any two units of length (mm, cm, m, km, inches, feet, yards,
    miles), of mass (kg, pounds, tonnes), of area (km², square miles, hectares, acres),
    Celsius/Fahrenheit, in both directions. The tolerance follows the rounding of the conversion (12 % or half its last
    significant digit, whichever is larger): "50 Kilometer (30 Meilen)" agrees. Currencies
    are never compared (exchange rates change), nor is a bracketed figure followed by a
    comparative: "Mit 20,12 Metern (20 Zentimeter mehr als im Vorjahr)" gives a difference.

    Why it matters:
    News agencies give both units; when MT corrupts one figure, the pair contradicts
    itself, and the conversion tells which order of magnitude was meant.

    Flags:
    Ein ukrainischer Beamter sagte, dass nordkoreanische Streitkräfte 50 Kilometer (80 Meilen) von der ukrainischen Grenze entfernt stationiert seien.

    Does not flag:
    Ein ukrainischer Beamter sagte gegenüber Associated Press, dass nordkoreanische Streitkräfte 50 Kilometer (30 Meilen) von der ukrainischen Grenze zu Russland entfernt stationiert seien.
    """

    code = "FIG005"
    name = "unit-conversion-mismatch"
    category = "figure"
    severity = "high"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        figs = sentence_figures(ctx.corpus, ctx.document, sentence)
        for a, b in zip(figs, figs[1:]):
            if a.value is None or b.value is None or "measure" not in (a.kind, b.kind):
                continue
            if not _PAREN.fullmatch(sentence.text, max(a.end, a.phrase_end), b.start):
                continue
            if _DIFFERENCE.match(sentence.text, max(b.end, b.phrase_end)):
                continue
            expected = convert(a.value, _weight(a), _weight(b))
            if expected is None:
                continue
            if agrees(expected, b.value):
                continue
            close = sentence.text.find(")", b.end)
            end = close + 1 if close != -1 and close - max(b.end, b.phrase_end) <= 2 else max(b.end, b.phrase_end)
            yield self.flag(
                sentence, a.start, end,
                f"{a.phrase(sentence.text)} are about {_round(expected)} {_weight(b)}, not "
                f"{_fmt(b.value)}: one of the two figures is wrong",
            )


def _weight(fig: Figure) -> str:
    """"Pfund"/"pounds" is money unless it converts kilograms (or is converted to them)."""
    return "lb" if fig.unit == "GBP" and (fig.noun or "").lower() in ("pfund", "pound", "pounds") else fig.unit or ""


def _round(value: Decimal) -> str:
    rounded = value.quantize(Decimal(1)) if abs(value) >= 10 else value.quantize(Decimal("0.1"))
    # "8 km", not "8.0 km"
    return _fmt(rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded)


class BacktranslationFigureMismatch(Check):
    """The figures of a sentence and of its back-translation disagree.

    What it catches:
    A figure of the German sentence that the English back-translation lost or changed,
    or a figure the back-translation has and the German does not, compared as values
    ("10.000" = "10,000", "dreitausend" = "three thousand", "25. Oktober" = "October 25").
    Small spelled-out numbers (up to twelve) and vague quantities are not compared:
    translations turn "zwei" into "both" and "Tausende" into "thousands of" freely.

    Why it matters:
    When the back-translation cannot reproduce a figure, either the German is ambiguous
    or corrupted (a broken separator, a lost scale word) or the model failed; the message
    says which side has what, so the editor can decide in seconds.

    Flags:
    Sie erhielten 1,5 Millionen Euro. (back-translation: "They received 1.5 euros.")

    Does not flag:
    Die USA schätzen, dass sich derzeit etwa 10.000 nordkoreanische Soldaten in Russland befinden. (back-translation: "The US estimates that there are currently about 10,000 North Korean soldiers in Russia.")
    """

    code = "FIG006"
    name = "backtranslation-figure-mismatch"
    category = "figure"
    severity = "medium"
    requires = frozenset({"backtranslation"})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        bt = ctx.backtranslation(sentence)
        if bt is None or ctx.document.language not in SUPPORTED_LANGUAGES:
            return
        cmp = compare_figures(sentence.text, ctx.document.language, bt.text, "en")
        for f, g in cmp.changed:
            yield self.flag(
                sentence, *_span(f),
                f"the German says {f.phrase(sentence.text)} ({_fmt(f.value)}), the back-translation "
                f"says {g.phrase(bt.text)} ({g.value:,}): the German figure may be ambiguous or corrupted",
                evidence=[Evidence(text=bt.text, note="back-translation")],
            )
        for f in cmp.missing:
            yield self.flag(
                sentence, *_span(f),
                f"{f.phrase(sentence.text)} has no counterpart in the back-translation: the model "
                f"lost it or could not read the German figure",
                evidence=[Evidence(text=bt.text, note="back-translation")],
            )
        for g in cmp.extra:
            yield self.flag(
                sentence, 0, len(sentence.text),
                f"the back-translation has {g.phrase(bt.text)} ({g.value:,}), which the German "
                f"sentence does not: a figure may be missing in the German, or the model invented it",
                evidence=[Evidence(text=bt.text, note="back-translation")],
                severity="low",
            )


class SourceFigureMismatch(Check):
    """The figures of a translated sentence and of its aligned source sentence disagree.

    What it catches:
    Bilingual mode: a figure of the source sentence that the German lost or changed, or a
    figure the German has and the source does not, compared as values ("10,000" =
    "10.000", "three" = "3", "1.5 million" = "1,5 Millionen", "3.5 percent" = "3,5
    Prozent", "10 times" = "zehnmal" = "zehnfach", "a quarter of a million" =
    "Viertelmillion", "2.5 million" = "zweieinhalb Millionen", "twice" = "2 Mal"). A change
    by a factor of 1,000 is called out as lost thousands.

    Why it matters:
    With the source at hand there is no guessing: a figure that differs from the source
    is a translation error, the most damaging kind in news text.

    Flags:
    Nordkorea hat 10 Soldaten nach Russland geschickt. (source: "North Korea has sent 10,000 soldiers to Russia.")

    Does not flag:
    Nordkorea hat 10.000 Soldaten nach Russland geschickt. (source: "North Korea has sent 10,000 soldiers to Russia.")
    Unit conversions by the translator, within the rounding of the converted figure
    ("115 Fahrenheit" as "46 Grad Celsius", "200 feet" as "60 Meter", "a foot" as "30 cm",
    "10000 nanoseconds" as "zehn Mikrosekunden"), and a source figure dropped where the
    source gives the same measure in a second unit that the German keeps ("120 feet, or 40
    meters" as "40 Meter"). Both ends of a range written apart ("from about 40 to 400" as
    "von etwa 40 auf 400"). A scale word with an article where the other side has the same
    scale word as a vague plural ("a billion-year time scale" as "Milliarden Jahre",
    "millions or billions of times" as "millionen- oder milliardenfach"). Vague quantities
    on both sides ("a couple thousand years" as "ein paar tausend Jahre"). A figure written
    with letters that the translation keeps verbatim (an English title: "Around the World
    in Eighty Days"). The ways news writes figures: "$5bn", "€120m", "$30k", "40C" in the
    English; "45 000" (a space, no-break or narrow no-break space between groups) and a
    number inside a word in the German ("zwölfjährig" for "12-year-old", "Fünfjahresplan";
    such a number answers a source figure, never counts as an added one: "ein
    Hundertjähriger" for "a centenarian"). Durations and speeds converted ("90 minutes" as
    "anderthalb Stunden", "two weeks" as "14 Tage", "18 months" as "anderthalb Jahre":
    exactly, within 12 %; "150 mph" as "240 km/h"), basis points as percentage points ("25
    basis points" as "0,25 Prozentpunkte"; "50 Prozentpunkte" for "50 basis points" is a
    change), a Fahrenheit figure as a bare "Grad", which is Celsius ("104F" as "40 Grad";
    "104 Grad" is a change), the pound as a weight ("5 pounds" as "zwei Kilogramm"), and a currency conversion in brackets added or
    left out ("100 Millionen Dollar (rund 92 Millionen Euro)"), a decade for an age ("in his
    80s" as "über achtzig"), a wire-style time moved to the reader's time zone ("1930 GMT" as
    "20.30 Uhr MEZ": whole hours apart, a zone named), a version after a product name
    ("iOS 17.4.", never the date 17 April), a change with its result ("rose by 23,000
    to 2.71 million", "fell 42% to 2.9 billion euros": two figures, not a range), scores
    in a list ("6-0 6-1" as "6:0, 6:1") and "goalless" as "0:0" or "0-0" as "torlos".
    Product pages and manuals: unit symbols glued or hyphenated ("65W" as "65-W-Ladegerät",
    "128GB" as "128 GB"), packs of N ("3-pack", "set of 4" as "3er-Pack", "4er-Set"), a
    count a list repeats said once with "je" ("6 plates, 6 bowls" as "je 6 Teller und
    Schüsseln"; "6 plates and 4 bowls" stays flagged), US measures converted (5'10" as
    "1,78 m", "12 oz" as "350 ml", "5.5 quarts" as "5,2 Liter", cups of an ingredient as
    grams at a density some ingredient has: "2 cups of flour" as "250 g Mehl", not "1 kg"),
    and "24/7", "24h/24", "7j/7" as "rund um die Uhr".
    A class number after a label word in a German compound or as a Roman numeral ("phase
    3 trial" as "Phase-III-Studie", "stage 4" as "Stadium IV", "type 2 diabetes" as
    "Typ-2-Diabetes"), multipliers written into a word ("6.5 billion times" as
    "6,5-milliardenfache", "a thousandfold" as "tausendfach") and "24 hours a day" as "rund
    um die Uhr".
    Speech and chat: the 12-hour clock ("at 6", "9 to 5" as "um 18 Uhr", "9 bis 17 Uhr"; "um
    19 Uhr" is a change), "noon", "half past 7" / "halb acht", "7ish", "'99" as 1999, "two
    decades" / "20 Jahre", "a century", an age by its decade ("early thirties" / "Anfang 30",
    "il a la trentaine"), "50/50" / "fifty-fifty", "100k!" as 100,000 ("a 10k" is a
    race), hyperbole ("a million times" / "tausendmal", "Thanks a million!" / "Tausend
    Dank!"; "100 times" / "tausendmal" is a change) and a year inside a numeric date
    ("3/12/1995" / "12.03.1995").
    """

    code = "FIG007"
    name = "source-figure-mismatch"
    category = "figure"
    severity = "high"
    requires = frozenset({"source"})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        sources = ctx.source(sentence)
        source_doc = ctx.corpus.source_documents.get(ctx.document.id)
        if not sources or source_doc is None:
            return
        if source_doc.language not in SUPPORTED_LANGUAGES or ctx.document.language not in SUPPORTED_LANGUAGES:
            return
        from ..align import aligned_targets  # bilingual mode only; align imports the check base

        src_text = " ".join(s.text for s in sources)
        # A source sentence split into several German sentences (1-2) is compared with all of
        # them joined; each sentence reports the figures that fall inside it, and a figure
        # missing from the whole group is reported once, on its first sentence.
        group = aligned_targets(ctx.corpus, ctx.document.id, sentence.index) or [sentence]
        offset, parts = 0, []
        for t in group:
            if t.index == sentence.index:
                offset = sum(len(p) + 1 for p in parts)
            parts.append(t.text)
        tgt_text = " ".join(parts)
        here = range(offset, offset + len(sentence.text))
        cmp = compare_figures(src_text, source_doc.language, tgt_text, ctx.document.language)
        ev = [Evidence(text=s.text, document=source_doc.id, sentence=s.index, start=s.start, end=s.end,
                       note="source") for s in sources]

        def span(g) -> tuple[int, int]:
            a, b = _span(g)
            return a - offset, min(b - offset, len(sentence.text))

        for f, g in cmp.changed:
            if g.start not in here:
                continue
            lost = ""
            if g.value and f.value:
                for factor in _FACTORS:
                    if f.value == g.value * factor:
                        lost = f": the {_FACTOR_WORD[factor]} were lost"
                expected = convert(f.value, f.unit, g.unit) if f.unit and g.unit else None
                if expected is not None:
                    lost = f" ({f.phrase(src_text)} are about {_round(expected)} {g.unit})"
            yield self.flag(
                sentence, *span(g),
                f"the source says {f.phrase(src_text)}, the translation {g.phrase(tgt_text)}{lost}",
                evidence=ev,
            )
        if group[0].index == sentence.index:
            for f in cmp.missing:
                # kept as written: a number word in an English title ("in Eighty Days"), an
                # English ordinal ("25th"), a code ("seat 12F"); a figure with a unit kept as
                # written ("12 ft.") is still reported: the German reader needs it converted
                if (f.written == "words" or _EN_ORDINAL.fullmatch(f.text) or _ATTACHED.fullmatch(f.text)) \
                        and re.search(rf"(?<!\w){re.escape(f.text)}(?!\w)", tgt_text):
                    continue
                yield self.flag(
                    sentence, 0, len(sentence.text),
                    f"the source has {f.phrase(src_text)}, the translation has no such figure",
                    evidence=ev, severity="medium",
                )
        for g in cmp.extra:
            if g.start not in here:
                continue
            yield self.flag(
                sentence, *span(g),
                f"{g.phrase(tgt_text)} is not in the source sentence",
                evidence=ev, severity="medium",
            )


_EN_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
# letters written onto the digits ("40C", "5bn"): kept verbatim, it is a code ("seat 12F",
# "Wohnung 4C") or at worst an unconverted figure UNT's checks see, not a lost one
_ATTACHED = re.compile(r"[\d.,]+[A-Za-z]{1,3}")

FIGURE_CHECKS = (LostMagnitude, WrongLocaleSeparator, FractionalCount, TinyApproximateCount,
                 UnitConversionMismatch, BacktranslationFigureMismatch, SourceFigureMismatch)
