"""Boilerplate: text a news site wraps around an article, copied along with it.

Site furniture is recognised by shape, not by a model: exact link-block headings, lines of
underscores, an editor's initials as the last line, a generated author bio (a paragraph of
short title-case fragments with persona nouns). Plain rules are enough here, and a
classifier trained on web pages (boilerpy3, jusText) works on HTML structure that plain
text no longer has.

Credit lines stay unflagged on purpose: "Herausgegeben von Mike Firn." and "Die
AP-Reporter ... trugen dazu bei." are part of the article as published (the agency's own
credit), not the site's furniture; deleting them would remove attribution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Sentence
from .base import Check, Context, Finding

_RELATED_HEADS = (
    r"(?:verwandte (?:geschichten|artikel|themen|beiträge|nachrichten|meldungen)|"
    r"ähnliche (?:artikel|beiträge|nachrichten|meldungen)|mehr zum thema|lesen sie auch|"
    r"lesen sie mehr|das könnte sie auch interessieren|weitere (?:artikel|nachrichten|meldungen)|"
    r"auch interessant|meistgelesen|top-?stories|related(?: stories| articles)?)"
)
_RELATED = re.compile(_RELATED_HEADS + r"\s*:?", re.IGNORECASE)
# The heading and one linked headline on a line of their own: "Lesen Sie auch: Was die
# Zinswende für Sparer bedeutet". No article sentence starts like that.
_RELATED_INLINE = re.compile(_RELATED_HEADS + r"\s*:\s*\S.*", re.IGNORECASE)
_SITE_LINE = re.compile(
    r"(?:details zur meldung|zur meldung|zum artikel|mehr dazu|weiterlesen|mehr lesen|"
    r"artikel teilen|teilen|kommentare|kommentar schreiben|anzeige|werbung|zur startseite|"
    r"newsletter abonnieren|alle rechte vorbehalten|(?:©|copyright\b).*)\s*[.:]?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[_\-–—*=#~·•]{3,}")
# An editor's lowercase initials closing the text ("vf", "dpa/vf", "(jr)"). An agency
# name alone ("dpa", "(AFP)") is the source credit and stays.
_INITIALS = re.compile(r"\(?[a-zäöü]{1,4}(?:/[a-zäöü]{1,4})*\)?")
# In brackets, the same letters are the desk's credit that German news prints at the end
# (or start) of a story: "(gm)", "(red)", "(dpa/lnw)", "(AFP/red)". An unbracketed "vf" on
# the last line is the editor's mark left behind.
_DESK_CODE = re.compile(r"\([^\W\d_]{1,6}(?:/[^\W\d_]{1,6})*\)")
#: news agencies as German text credits them
AGENCIES = frozenset({"dpa", "afp", "ap", "rtr", "reuters", "kna", "epd", "sid", "apa", "sda", "ddp"})
# Persona nouns of generated author bios ("Explorer. Extremer Analytiker. Zombie-Nerd.").
_PERSONA = re.compile(
    r"(?:fan|guru|nerd|junkie|experte|expertin|liebhaber|liebhaberin|enthusiast|enthusiastin|"
    r"fanatiker|fanatikerin|ninja|evangelist|evangelistin|kenner|kennerin|denker|denkerin|"
    r"analytiker|analytikerin|explorer|pionier|pionierin|befürworter|befürworterin|"
    r"praktiker|praktikerin|spezialist|spezialistin|leser|leserin|schriftsteller|"
    r"schriftstellerin|unternehmer|unternehmerin|gelehrter|gelehrte|aficionado|maven|"
    r"problemlöser|problemlöserin|trendsetter|vordenker|vordenkerin|stratege|strategin)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BIO_MIN_FRAGMENTS = 4
_BIO_MIN_PERSONAS = 2


def _fragment(s: Sentence) -> list[str] | None:
    """The words of a bio-like fragment (1-3 capitalised words ending in '.'), else None."""
    words = _WORD.findall(s.text)
    if not words:
        return []
    if len(words) > 3 or not s.text.rstrip("“”\"«»’ ").endswith("."):
        return None
    if not all(w[0].isupper() for w in words):
        return None
    return words


def _bio_sentences(doc: Document) -> set[int]:
    found: set[int] = set()
    paragraphs: dict[int, list[Sentence]] = {}
    for s in doc.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    for sentences in paragraphs.values():
        fragments = [_fragment(s) for s in sentences]
        if any(f is None for f in fragments):
            continue
        real = [f for f in fragments if f]
        personas = sum(1 for f in real if any(_PERSONA.search(w.split("-")[-1]) for w in f))
        if len(real) >= _BIO_MIN_FRAGMENTS and personas >= _BIO_MIN_PERSONAS:
            found.update(s.index for s in sentences)
    return found


def _own_line(doc: Document, s: Sentence) -> bool:
    """Whether the sentence is a whole line of the document."""
    before = doc.text[:s.start].rsplit("\n", 1)[-1]
    after = doc.text[s.end:].split("\n", 1)[0]
    return not before.strip() and not after.strip()


def _scan(doc: Document) -> dict[int, str]:
    """Sentence index -> reason, for one document."""
    out: dict[int, str] = {}
    sentences = doc.sentences
    for i, s in enumerate(sentences):
        text = s.text.strip()
        if s.is_heading and _RELATED.fullmatch(text):
            out[i] = f"'{text}' heads a list of links to other articles"
            j = i + 1
            while j < len(sentences) and sentences[j].is_heading:
                out[j] = f"a headline in the '{text}' link list, not part of this article"
                j += 1
        elif _RELATED_INLINE.fullmatch(text) and _own_line(doc, s):
            out[i] = f"'{text.split(':', 1)[0].strip()}' links to another article, not part of this one"
        elif s.is_heading and _SITE_LINE.fullmatch(text):
            out[i] = f"'{text}' is a website element, not article text"
        elif _SEPARATOR.fullmatch(text):
            out[i] = "a separator line from the website layout"
        elif (i == len(sentences) - 1 and s.is_heading and _INITIALS.fullmatch(text)
              and text.strip("()").lower() not in AGENCIES and not _DESK_CODE.fullmatch(text)):
            out[i] = f"'{text}' looks like an editor's initials left at the end"
    for i in _bio_sentences(doc):
        out.setdefault(i, "part of an author bio from the website, not article text")
    return out


class SiteBoilerplate(Check):
    """Website furniture copied with the article (link lists, author bios, editor initials).

    What it catches:
    Lines that belong to the website, not the article: a related-links heading
    ("VERWANDTE GESCHICHTEN", "Lesen Sie auch") and the headlines listed under it (the
    heading lines that follow it) or after it on its line ("Lesen Sie auch: Was die
    Zinswende für Sparer bedeutet"), site lines such as "Details zur Meldung", "Anzeige" or
    a copyright line, separator lines ("___"), an editor's lowercase initials as the last
    line ("vf"; in brackets, "(gm)", "(dpa/lnw)", it is the desk's credit German news prints), and generated author bios (a paragraph of short title-case fragments with
    persona nouns: "Explorer. Extremer Analytiker. Social-Media-Fan. ..."). Credit lines
    ("Herausgegeben von Mike Firn.", "Die AP-Reporter ... trugen dazu bei.") and agency
    credits ("(dpa)") are part of the published article and stay unflagged.

    Why it matters:
    Boilerplate is not the translator's fault but it must not be published as the
    article; headline lists in particular read like article sentences about other events.

    Flags:
    VERWANDTE GESCHICHTEN

    Does not flag:
    Herausgegeben von Mike Firn.
    """

    code = "BOI001"
    name = "site-boilerplate"
    category = "boilerplate"
    severity = "low"
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        # a document's boilerplate is found by looking at the whole document, once
        found = ctx.corpus.memo(("boilerplate", ctx.document.id), lambda: _scan(ctx.document))
        reason = found.get(sentence.index)
        if reason:
            text = sentence.text
            start = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            yield self.flag(sentence, start, end, reason)
