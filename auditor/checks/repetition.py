"""Repetition checks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Sentence
from .base import Check, Context, Finding

_WORD_PAIR = re.compile(r"\b(\w+)(\s+)(\1)\b", re.IGNORECASE)
# German relative clauses legitimately put a relative pronoun before an identical article:
# "die Soldaten, die die Grenze überquerten". Only a comma (or dash) right before marks that.
_RELATIVE = frozenset({"die", "der", "das", "den", "dem", "des"})


class RepeatedWord(Check):
    """A word written twice in a row.

    What it catches:
    The same word twice in immediate succession ("die die Regierung", "habe habe"), case
    ignored.

    Why it matters:
    Doubled words are a typical trace of careless post-editing or of MT joining two
    segments; readers notice them at once and they undermine trust in the whole article.

    Flags:
    Die Staats- und Regierungschefs sind besorgt darüber, wie die die Regierung reagiert.

    Does not flag:
    Die Soldaten, die die Grenze überquerten, trugen russische Uniformen.
    """

    code = "REP001"
    name = "repeated-word"
    category = "repetition"
    severity = "medium"
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        for m in _WORD_PAIR.finditer(text):
            word = m.group(1)
            if word.isdigit():
                continue  # "10 10" is more often a table or a range than a typo
            if word.lower() in _RELATIVE and re.search(r"[,–—-]\s*$", text[: m.start()]):
                continue
            yield self.flag(
                sentence, m.start(), m.end(),
                f"'{word}' is written twice in a row",
            )


# One item of a coordination: optional article, optional inflected adjective, a capitalised
# word ("die militärische Führung", "Kommunikation").
_ITEM = re.compile(
    r"(?:\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)[ \t]+)?"
    r"((?:\b(?!(?:sowie|wie|ohne|gegen|sagte|hatte|wurde)\b)[a-zäöüß]+(?:e|en|er|es|em)[ \t]+)?"
    r"[A-ZÄÖÜ][\w\-]*)"
)
# Only a conjunction: "Frauen und Männer, Männer und Frauen" repeats across a comma on purpose.
_COORD_GAP = re.compile(r"[ \t]+(?:und|oder|sowie)[ \t]+")


class RepeatedCoordinatedWord(Check):
    """The same item twice, side by side, in one coordination.

    What it catches:
    A list in which one item is repeated next to itself: "Führung und Kommunikation sowie
    Kommunikation", "X, Y und Y", "die Führung und die Führung". Items are noun phrases
    (article, adjective, noun); the two must be joined by und, oder or sowie and be
    identical apart from the article.

    Why it matters:
    The MT rendered two different source words ("command and control as well as
    communication") with the same German word, so the list lost an item and reads as
    nonsense. Severity medium, like a doubled word.

    Flags:
    „Einige der Herausforderungen sind Interoperabilität, Sprachbarriere, Führung und Kommunikation sowie Kommunikation“, sagte Patel.

    Does not flag:
    Sie sollten besorgt sein über die Schritte, die Russland unternommen hat, um die Stabilität zu untergraben und Stabilität und Sicherheit zu gefährden.
    Idioms and non-adjacent items: "Schritt für Schritt", "mehr und mehr", "nach und nach",
    a chiasmus across a comma ("Frauen und Männer, Männer und Frauen"),
    "die politische Führung und die militärische Führung", "zwischen Russland und der
    Ukraine sowie Russland und Belarus".
    """

    code = "REP002"
    name = "repeated-coordinated-word"
    category = "repetition"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        if " und " not in text and " oder " not in text and " sowie " not in text:
            return
        previous = None
        for m in _ITEM.finditer(text):
            if (previous is not None and previous.group(1) == m.group(1)
                    and _COORD_GAP.fullmatch(text, previous.end(), m.start())):
                span = text[previous.start(1):m.end()]
                yield self.flag(
                    sentence, previous.start(1), m.end(),
                    f"'{m.group(1)}' appears twice in one list ('{span}'): one item was "
                    f"probably mistranslated or duplicated",
                )
            previous = m
