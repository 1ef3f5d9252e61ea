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
