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
# German prepositions (a closed class) that open a relative clause before the pronoun:
# "die Stadt, in der der Bürgermeister lebt", "Kinder, für die die Schule zu teuer ist".
_PREPOSITIONS = frozenset({
    "an", "auf", "aus", "bei", "durch", "für", "gegen", "hinter", "in", "mit", "nach", "neben",
    "ohne", "seit", "über", "um", "unter", "von", "vor", "während", "wegen", "zu", "zwischen",
})
_RELATIVE_START = re.compile(
    r"[,–—-]\s*(?:(?:" + "|".join(sorted(_PREPOSITIONS)) + r")\s+)?$", re.IGNORECASE)
# The polite pronoun is "Sie" (and Ihr, Ihnen) written with a capital; lowercase "sie" is she,
# they or it. "programmieren Sie sie", "dass sie Sie anruft" are two different words: the
# capital is the only thing that tells them apart, so it must not be ignored for this closed
# class of pronouns.
_POLITE = frozenset({"sie", "ihr", "ihnen", "ihre", "ihren", "ihrem", "ihrer", "ihres"})
#: a short capitalised word less frequent in German than this (wordfreq zipf) is no everyday
#: German word: doubled, it is a reduplicated name (Bora Bora, Walla Walla, Ylang Ylang), not
#: a slip, which repeats the words a text uses all the time
_NAME_ZIPF = 3.5
#: reduplicated names double a syllable or two; a long rare word doubled ("Schlussphase
#: Schlussphase") is a German compound or a full name written twice, a slip
_NAME_MAX_LETTERS = 5


# Pronouns whose nominative and accusative are one form: after a finite verb or at the head
# of a subordinate clause the first is the subject and the second the object ("normalerweise
# rollt es es weg", "dass sie sie gesehen habe"). "er er", "ich ich" have no such reading.
_SUBJECT_OBJECT = frozenset({"es", "sie"})
# What puts a subject right before its object: a subordinating conjunction (KOUS: dass,
# weil, ob), a relative or interrogative pronoun, or a finite verb whose subject has not come
# yet (inversion: "Dann sah sie sie"; not "Wir haben sie sie", where "wir" is the subject).
_CLAUSE_HEADS = frozenset({"KOUS", "PRELS", "PWS", "PWAV"})
_SUBJECT_TAGS = frozenset({"PPER", "PIS", "PDS", "PRELS"})


def _subject_and_object(text: str, m: re.Match) -> bool:
    """"rollt es es weg": subject and object pronoun, one form, side by side."""
    from ..text.pos import tag_window, word_window

    tokens = tag_window(text, *word_window(text, m.start(), m.end(), 3, 1))
    before = [t for t in tokens if t.end <= m.start()]
    if not before:
        return False
    head = before[-1]
    if head.pos in _CLAUSE_HEADS:
        return True
    if not head.is_finite_verb:
        return False
    prior = before[-2] if len(before) > 1 else None
    return prior is None or not (prior.pos in _SUBJECT_TAGS or prior.is_noun)


def _pronoun_and_article(text: str, m: re.Match) -> bool:
    """"und die die Patienten versorgen", "Dass das das Vertrauen stärkt": a relative or
    demonstrative pronoun, then the same form as the article of the next noun phrase.

    Without a comma before it HanTa decides: a relative pronoun after "und"/"oder" (PRELS:
    a coordinated relative clause, "..., die wenig Personal haben und die die Patienten
    versorgen"), or a
    demonstrative (PDS) heading a subordinate clause as its subject or object ("Dass das das
    Vertrauen stärkt", "weil die die Mehrheit haben"). A slip reads as two articles ("wie
    die die Regierung reagiert": PWAV ART ART) or as a demonstrative where no clause begins
    ("Das ist das das Beste")."""
    from ..text.pos import tag_window, word_window

    tokens = tag_window(text, *word_window(text, m.start(), m.end(), 3, 2))
    i = next((k for k, t in enumerate(tokens) if t.start == m.start(1)), None)
    if i is None or i + 1 >= len(tokens) or tokens[i + 1].pos != "ART":
        return False
    before = tokens[i - 1].pos if i > 0 else ""
    # a relative clause opens after a comma (handled by the caller) or, coordinated, after
    # "und"/"oder"; HanTa's PRELS after a preposition with no comma is a slip ("in der der
    # Champions League")
    if not ((tokens[i].pos == "PRELS" and before == "KON")
            or (tokens[i].pos == "PDS" and before in _CLAUSE_HEADS)):
        return False
    # the pronoun is the subject and the noun phrase after it the object, so the clause
    # needs a verb that takes one: with a copula the noun phrase is the subject and the
    # pronoun has no role ("wenn die die Nachfrage am größten sei" is a slip)
    # except where the noun phrase is the predicate and the copula ends the clause right
    # after its noun ("ob das das richtige Forum ist", "weil das das Beste war")
    clause = re.split(r"[,;:.!?–—]", text[m.end():], maxsplit=1)[0]
    words = re.findall(r"\w+", clause)
    if not any(w.lower() in _COPULA for w in words):
        return True
    return (len(words) >= 2 and words[-1].lower() in _COPULA
            and not any(w.lower() in _COPULA for w in words[:-1]) and words[-2][:1].isupper())


#: the finite forms of "sein"
_COPULA = frozenset("bin bist ist sind seid war warst waren wart sei seist seien wäre wären wärst".split())


# Interjections people double when they speak or write ("ja ja", "na na", "haha" as "ha
# ha"): a closed class, in German and in the English a German text keeps ("hi hi", "bye
# bye"); a doubled content word stays flagged.
_INTERJECTIONS = frozenset(
    "ja nein na ha he hi hey ho hm hmm oh ach aha tja nee jaja bla blah la tata ta "
    "bye yeah yes no ok okay".split())


def _sentence_initial(text: str, start: int) -> bool:
    return not any(c.isalnum() for c in text[:start])


def _grammatical_pair(text: str, m: re.Match) -> bool:
    """Doublings German grammar or naming allows (see RepeatedWord's "Does not flag")."""
    first, second = m.group(1), m.group(3)
    low = first.lower()
    if low in _RELATIVE and _RELATIVE_START.search(text[: m.start()]):
        return True
    if low in _RELATIVE and first == second.lower() and _pronoun_and_article(text, m):
        return True
    if low in _POLITE and first[0].isupper() != second[0].isupper():
        capital = m.start(1) if first[0].isupper() else m.start(3)
        # at the start of a sentence every word has a capital: "Sie sie" there is a slip
        return not _sentence_initial(text, capital)
    if low in _SUBJECT_OBJECT and first == second and _subject_and_object(text, m):
        return True
    if (first == second and first[:1].isupper() and first[1:].islower()
            and 1 < len(first) <= _NAME_MAX_LETTERS):
        from wordfreq import zipf_frequency

        return zipf_frequency(low, "de") < _NAME_ZIPF
    return False


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
    A relative pronoun before the same article after a comma, also after a preposition
    ("die Stadt, in der der Bürgermeister lebt"); without a comma, where the tagger reads
    the first as a relative pronoun ("Praxen, die wenig Personal haben und die die
    Patienten versorgen") or as a demonstrative heading a subordinate clause ("Dass das das
    Vertrauen stärkt"); the polite "Sie" next to the pronoun
    "sie" ("programmieren Sie sie", "dass sie Sie anruft"), told apart by the capital;
    reduplicated names, a capitalised word that is no everyday German word written twice
    ("Bora Bora", "Walla Walla"); "es es" and "sie sie" after a finite verb or at the head
    of a subordinate clause, where they are subject and object ("normalerweise rollt es es
    weg", "weil sie sie nicht kannte"); a doubled interjection ("Ja ja", "Ha ha"). With
    the source, a doubling where the aligned source doubles as many words ("Warum warum"
    for "Why why why") is low: the translation kept it from the source.
    """

    code = "REP001"
    name = "repeated-word"
    category = "repetition"
    severity = "medium"
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        source_doubled: int | None = None
        found = 0
        for m in _WORD_PAIR.finditer(text):
            word = m.group(1)
            if word.isdigit():
                continue  # "10 10" is more often a table or a range than a typo
            if _grammatical_pair(text, m):
                continue
            if word.lower() in _INTERJECTIONS:
                continue  # "Ja ja", "Ha ha", "Hi hi": a doubled interjection is how it is said
            if source_doubled is None:
                source_doubled = sum(len(_WORD_PAIR.findall(s.text)) for s in ctx.source(sentence))
            found += 1
            # the aligned source doubles as many words ("Why why why", "various various"):
            # the translation kept the source's own emphasis or slip, worth a glance only
            kept = found <= source_doubled
            yield self.flag(
                sentence, m.start(), m.end(),
                f"'{word}' is written twice in a row"
                + ("; the source doubles a word too" if kept else ""),
                severity="low" if kept else None,
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
_AND_GAP = re.compile(r"[ \t]+und[ \t]+")


def _intensifier(text: str, previous: re.Match, m: re.Match) -> bool:
    """"Massen und Massen", "Stunden und Stunden": a bare plural doubled with "und" stresses
    the amount, as English "masses and masses" does; German uses it too, in speech more than
    in writing. A list item would have a list around it ("Energie, Handel und Handel") or
    an article ("die Führung und die Führung"), and the pattern needs a plural (HanTa's
    lemma differs from the word: "Massen" / "Masse"), so "Handel und Handel" stays."""
    word = m.group(1)
    if (previous.group(0) != word or m.group(0) != word
            or not _AND_GAP.fullmatch(text, previous.end(), m.start())):
        return False
    before = text[: previous.start()].rstrip()
    if before.endswith((",", ";")) or re.search(r"\b(?:und|oder|sowie)$", before):
        return False
    from ..text.pos import tag

    tokens = tag(f"{word} und {word}")
    return bool(tokens) and tokens[0].is_noun and tokens[0].lemma != word


# "Es gibt Streik und Streik", "Da gab es Lehrer und Lehrer": after an existential "gibt
# es" a bare noun doubled with "und" says the kinds differ (contrastive reduplication).
_EXISTENTIAL = re.compile(r"\b(?:gibt|gab|gebe|gäbe)(?:[ \t]+es)?[ \t]+$", re.IGNORECASE)


def _contrastive(text: str, previous: re.Match, m: re.Match) -> bool:
    """"Es gibt Streik und Streik": the same bare noun, "und", right after "gibt (es)"."""
    word = m.group(1)
    return (previous.group(0) == word == m.group(0)
            and _AND_GAP.fullmatch(text, previous.end(), m.start()) is not None
            and _EXISTENTIAL.search(text[: previous.start()]) is not None)


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
    a bare plural doubled for emphasis outside a list ("Massen und Massen",
    "Stunden und Stunden"), a bare noun doubled after "gibt (es)" to say that its kinds
    differ ("Es gibt Streik und Streik"),
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
                    and _COORD_GAP.fullmatch(text, previous.end(), m.start())
                    and not _intensifier(text, previous, m)
                    and not _contrastive(text, previous, m)):
                span = text[previous.start(1):m.end()]
                yield self.flag(
                    sentence, previous.start(1), m.end(),
                    f"'{m.group(1)}' appears twice in one list ('{span}'): one item was "
                    f"probably mistranslated or duplicated",
                )
            previous = m
