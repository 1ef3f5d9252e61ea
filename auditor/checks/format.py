"""Format checks: typographic slips an editor fixes in passing (quotes, punctuation)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Sentence
from .base import Check, Context, Finding
from .garbled import _PREPOSITIONS

#: Verbs that introduce or follow a quotation ("…“, sagte er").
REPORTING_VERBS = frozenset("""
sagte sagten sagt erklärte erklärten erklärt betonte betonten betont fügte fügten fügt
warnte warnten warnt fragte fragten fragt meinte meinten meint schrieb schrieben schreibt
teilte teilten teilt hieß heißt antwortete antworteten antwortet ergänzte ergänzten ergänzt
räumte räumten bekräftigte bekräftigten kritisierte kritisierten forderte forderten
versicherte versicherten berichtete berichteten verkündete verkündeten unterstrich
unterstrichen bemerkte bemerkten mahnte mahnten argumentierte argumentierten behauptete
behaupteten sagen erklären betonen
""".split())
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())

# „Ende.“ sagte er — sentence punctuation inside the quote, then the inquit without a comma.
_PUNCT_QUOTE_LOWER = re.compile(r"([.!?])[“”][ \t]+([a-zäöü]\w*)")
# „Ihre Sorgen nehmen zu“ betonte er — the comma before the inquit is missing.
_QUOTE_VERB = re.compile(r"(?<=\w)[“”][ \t]+([a-zäöü]\w*)")
# Austin, „Ich bin ... einzusetzen.“ — a quotation hung on a name by a comma.
_NAME_COMMA_QUOTE = re.compile(
    r"^([A-ZÄÖÜ][\w\-]+(?:[ \t]+[A-ZÄÖÜ][\w\-]+){0,2}),[ \t]*„(?=[A-ZÄÖÜ])"
)


class QuoteBalance(Check):
    """Unbalanced or misplaced quotation marks.

    What it catches:
    In a paragraph (quotations may run over several sentences, so the whole paragraph is
    read): a closing quote “ with no opening „ before it, an opening „ while the previous
    quotation is still open, a quotation never closed (unless the next paragraph opens
    again, the German way to quote over several paragraphs). In a sentence: the full stop kept
    inside the quote before the inquit ("…Bühne.“ sagte er" for "…Bühne“, sagte er"), a
    missing comma before the inquit ("„Ihre Sorgen nehmen zu“ betonte er"), a quotation
    hung on a name by a comma ("Austin, „Ich bin …“").

    A closing quote followed by a capitalised new clause ("…vereinbarung“ Es wurde") is
    left to GAR002: there the lost sentence boundary is the error, not the quote.

    Why it matters:
    Unbalanced quotes make it unclear who says what, which in news is a matter of
    attribution, not taste. The fix is mechanical, hence severity low.

    Flags:
    „Ich fordere sie auf, ihr Verhalten zu beenden, sowohl in der indopazifischen Region als auch jetzt auf der europäischen Bühne.“ sagte er.

    Does not flag:
    „Heute kann ich bestätigen, dass über 10.000 Soldaten der DVRK nach Ostrussland geschickt wurden“, sagte Patel am Dienstag.
    A quotation over two sentences of one paragraph („Ich denke, die Reaktion darauf ist
    gleich null. Es war Null“, sagte er), a quoted name followed by its verb (Der „Spiegel“
    berichtete), a quoted title after a preposition (Der Erfolg von „Die Schule der
    magischen Tiere 2“ erklärt sich ...), an exclamation inside a sentence (Er rief „Halt!“ und rannte los),
    single quotes and apostrophes, which are too ambiguous to balance; „…" closed with a
    straight quote, as much MT output writes it.
    """

    code = "FMT001"
    name = "quote-balance"
    category = "format"
    severity = "low"
    languages = frozenset({"de"})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        issues = ctx.corpus.memo(
            ("FMT001-paragraph", doc.id, sentence.paragraph),
            lambda: _paragraph_issues(doc, sentence.paragraph),
        )
        for pos, message in issues:
            if sentence.start <= pos < sentence.end:
                rel = pos - sentence.start
                yield self.flag(sentence, rel, rel + 1, message)
        yield from self._inquit(sentence)

    def _inquit(self, sentence: Sentence) -> Iterator[Finding]:
        text = sentence.text
        for m in _PUNCT_QUOTE_LOWER.finditer(text):
            punct, word = m.group(1), m.group(2)
            if word not in REPORTING_VERBS:
                continue  # „Halt!“ und rannte los: an exclamation inside the sentence
            if punct == ".":
                msg = (f"full stop inside the quotation before '{word}': German writes "
                       f"„…“, {word} …")
            else:
                msg = f"comma missing between the quotation and '{word}': „…{punct}“, {word} …"
            yield self.flag(sentence, m.start(), m.end(), msg)
        for m in _QUOTE_VERB.finditer(text):
            word = m.group(1)
            if word not in REPORTING_VERBS:
                continue
            opening = text.rfind("„", 0, m.start())
            if opening < 0:
                continue
            quoted = text[opening + 1:m.start()]
            words = quoted.split()
            before = text[:opening].split()
            # a quoted name as subject ("Der „Spiegel“ berichtete") is not speech
            if len(words) < 3 or not any(w[0].islower() for w in words[1:]):
                continue
            if before and before[-1].lower() in _ARTICLES:
                continue
            # the object of a preposition is a title, not speech: "Der Erfolg von „Die Schule
            # der magischen Tiere 2“ erklärt sich ..."
            if before and before[-1].lower() in _PREPOSITIONS:
                continue
            yield self.flag(
                sentence, m.start(), m.end(),
                f"comma missing between the quotation and '{word}': „…“, {word} …",
            )
        m = _NAME_COMMA_QUOTE.match(text)
        if m and re.search(r"[.!?][“”]\s*$", text):
            name = m.group(1)
            yield self.flag(
                sentence, 0, m.end(),
                f"quotation attached to '{name}' by a comma: a verb of saying or a colon is "
                f"missing ({name} sagte: „…“)",
            )


def _paragraph_issues(doc: Document, paragraph: int) -> list[tuple[int, str]]:
    """(document offset of the offending quote mark, message) for one paragraph."""
    sents = [s for s in doc.sentences if s.paragraph == paragraph]
    if not sents:
        return []
    following = next((s for s in doc.sentences if s.paragraph == paragraph + 1), None)
    # German typography opens every paragraph of a long quotation and closes only the last
    continued = following is not None and following.text[:1] in "„»«“"
    base = sents[0].start
    text = doc.text[base:sents[-1].end]
    issues: list[tuple[int, str]] = []
    for opener, closers in _quote_families(text):
        open_at: int | None = None
        for m in re.finditer("[" + re.escape(opener + closers) + "]", text):
            ch, pos = m.group(), m.start()
            if ch == opener and (ch not in closers or open_at is None):
                if open_at is not None:
                    issues.append((base + pos, f"a new quotation opens here ({ch}) before the "
                                               f"previous one was closed"))
                open_at = pos
            else:
                if open_at is None:
                    issues.append((base + pos, f"closing quote {ch} without an opening quote "
                                               f"in this paragraph"))
                open_at = None
        if open_at is not None and not continued:
            issues.append((base + open_at, f"quotation opened here ({opener}) is never closed "
                                           f"in this paragraph"))
    return issues


def _quote_families(text: str) -> list[tuple[str, str]]:
    """The quoting styles a paragraph uses: (opening mark, closing marks)."""
    families: list[tuple[str, str]] = []
    if "“" in text and "”" in text and "„" not in text:  # English-style “…” left by the MT
        families.append(("“", "”"))
    elif any(c in text for c in "„“”"):
        # „…" (a straight quote closing a German one) is how much MT output writes it: the
        # quotation is closed, with a plainer mark
        straight = '"' if "„" in text and not any(c in text for c in "“”") else ""
        families.append(("„", "“”" + straight))
    guillemets = [c for c in text if c in "»«"]
    if guillemets:
        # German »…«, Swiss and French «…»: the first mark tells which
        families.append(("»", "«") if guillemets[0] == "»" else ("«", "»"))
    return families
