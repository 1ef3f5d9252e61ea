"""Garbled sentence structure: fused sentences, stray capitals, verbless fragments, dangling words.

A careless MT pipeline joins and splits segments without regard to syntax: two sentences
fused without a space ("UkraineWas") or without a full stop ("Russland Der Schritt hat"),
the tail of a sentence cut off into a verbless fragment ("Bis zu 12.000 Soldaten nach
Russland."), or a word of the next segment left hanging after a finished clause
("... teilnehmen werden November.").

These checks run on every sentence of a run, so each starts with a cheap regular-expression
test, and only the spots that pass it are POS-tagged (HanTa via
:func:`auditor.text.pos.tag_without_lemmas`: about a millisecond per word, so a window of a
few words around the spot, not the sentence, and no lemmas, which would double the cost).
German capitalises nouns, so capitals alone prove nothing: the tagger tells "Russland Der
Schritt" (article) from "Präsident Putin" (name). On the seeds, one sentence in eleven is
tagged, nearly all of them garbled; ordinary sentences almost never reach the tagger.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..document import Document, Sentence
from ..text.correlatives import open_correlative
from ..text.pos import Token, english_has_verb, tag_window, word_window
from ..text.pos import tag_without_lemmas as tag
from .base import Check, Context, Corpus, Finding

# --- shared vocabularies -------------------------------------------------------------------
# Closed word classes are listed, not tagged: a list is exact, instant, and HanTa mis-tags
# capitalised function words after a quote (it tags "Er" in "„Mehr Hilfe“ Er" as FM).

#: Function words that start a German sentence but are never capitalised inside one.
CLAUSE_STARTERS = frozenset("""
Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines
Er Es Wir Ich Man Dies Diese Dieser Dieses Diesen Diesem Jene Jener
Sein Seine Seinen Seinem Seiner Unser Unsere Unseren Mein Meine
Einige Viele Alle Mehrere Manche Jeder Jede Jedes Keine Kein
Mit Aus Bei Nach Von Zu Zum Zur In Im Auf An Am Für Über Unter Vor Gegen Ohne Durch Um
Während Wegen Seit Bis Trotz Laut Neben Zwischen Hinter Außer Beim Vom Ins Ans Aufs
Wenn Weil Dass Ob Als Da Doch Aber Denn Sondern Obwohl Damit Nachdem Bevor
Was Wer Wie Wo Warum Wann Wohin Woher Welche Welcher Welches
Auch Nur Noch Schon Dann Deshalb Daher Dennoch Jedoch Allerdings Außerdem Zudem Zuvor
Inzwischen Andererseits Dabei Dazu Darüber Trotzdem Später Bereits Zunächst Hier Dort
Darunter Darauf Daraufhin Danach Dafür Dagegen Deswegen Demnach Zugleich Gleichzeitig
Beide Beiden Sowohl Weder Entweder Zwar Nun Immerhin Vielmehr Stattdessen
""".split())

#: "Und" and "Oder" are left out: "Bosch Und Partner", "Krieg Und Frieden" (title case in
#: names) outnumber sentences fused before an "Und".

#: The formal address is capitalised mid-sentence ("Täuschen Sie sich nicht"), so these
#: count as clause starters only right after a closing quote.
FORMAL_ADDRESS = frozenset("Sie Ihnen Ihr Ihre Ihren Ihrem Ihrer Ihres".split())

#: A capitalised article right after one of these nouns starts a title, not a sentence:
#: "die Partei Die Linke", "das Buch Der Untergang", "die Zeitung Die Welt".
TITLE_NOUNS = frozenset("""
Partei Zeitung Zeitschrift Tageszeitung Wochenzeitung Magazin Nachrichtenmagazin Blatt
Film Buch Roman Serie Band Gruppe Lied Song Album Titel Sender Show Stück Oper Theaterstück
Sendung Programm Podcast Werk Gedicht Kolumne Rubrik Bewegung Organisation Initiative
""".split())

#: Names that begin with a word from CLAUSE_STARTERS.
NAMES_WITH_FUNCTION_WORDS = frozenset(
    " ".join(name.split()) for name in """
    Den Haag|Des Moines|Die Linke|Die Grünen|Die Partei|Der Spiegel|Die Zeit|Die Welt|
    Das Erste|Der Standard|Die Presse|Der Tagesspiegel|Die Tageszeitung|Der Freitag|
    Die Rheinpfalz|Die Furche|Der Bund|Die Wochenzeitung|Der Pate""".split("|")
)

#: Name particles: "Van Der Bellen", "De La Cruz", "Ben Ali".
NAME_PARTICLES = frozenset("Van Von Vander De Di Da Du La Le Del Della Dos Das El Al Ben Bin Mac Ter Ten".split())

#: Words after which a capitalised article or preposition is part of a name or title:
#: "in Den Haag", "für Die Linke". A sentence never ends on them, except on a separable
#: verb particle ("kündigte Hilfen an Diese sollen"): see _SEPARABLE_PARTICLES.
_LOWER_FUNCTION = frozenset("""
der die das den dem des ein eine einen einem einer eines in im an am auf aus bei mit
nach von vom zu zum zur für über unter vor gegen ohne durch um bis seit laut nahe
""".split())

_SENT_FINAL = re.compile(r"[.!?…]+[\"“”»«’]*\s*$")


def _previous_word(text: str, end: int) -> tuple[int, str]:
    """The whitespace-delimited chunk ending at ``end`` (start offset, text)."""
    m = re.search(r"\S+$", text[:end])
    if not m:
        return end, ""
    return m.start(), m.group()


def _token_at(tokens: Sequence[Token], start: int) -> int | None:
    for i, t in enumerate(tokens):
        if t.start == start:
            return i
    return None


# --- GAR001 -------------------------------------------------------------------------------

# A lower-case letter directly followed by a capital and more lower-case letters.
_FUSION = re.compile(r"(?<![\w@#/.])([A-ZÄÖÜ]?[a-zäöüß]+)([A-ZÄÖÜ][a-zäöüß]+)(?![\w@/])")


class MissingSpaceFusion(Check):
    """Two words fused without a space where a sentence boundary was lost.

    What it catches:
    A word glued to the next one with no space, where the second is capitalised and is a
    German word in its own right: "UkraineWas er als gefährliche ... bezeichnete",
    "sagte der MinisterDer Plan sieht vor". Either the second part is a word that opens a
    German sentence (Der, Was, Er, Mit ...), or both parts are common German words and the
    fused form is not a word at all (wordfreq, German and English lists). When both parts
    are capitalised (the shape of a name: SachsenEnergie, KlimaTicket), the text alone must
    show the lost boundary too: a finite verb on each side with no comma or conjunction
    between ("in die UkraineSoldaten aus Nordkorea folgten"); with a source, the source
    decides instead (it writes a name as the translation does).

    Why it matters:
    The fusion marks a place where the pipeline glued two segments together: a space and
    usually a full stop are missing, and the sentence around it rarely reads right. The
    evidence is unambiguous and the error is visible to every reader, hence severity high.

    Flags:
    Auf dem Weg in die UkraineWas er als gefährliche und destabilisierende Entwicklung bezeichnete.

    Does not flag:
    Camel-case names and brands: McDonald, DeSantis, iPhone, YouTube, TikTok, BioNTech,
    PlayStation, "Österreich hat mit dem KlimaTicket vorgemacht"; hyphenated compounds and acronyms: US-Außenministerium, ICBM. With the
    source: a fused word the source itself writes (a user name such as "SolarWind", kept
    by the translation as it stands); a fusion where the aligned source sentence runs as
    many words together ("unblockMeine Bearbeitungen" for "unblockMy edits") is low: the
    translation kept the source's own fault.
    """

    code = "GAR001"
    name = "missing-space-fusion"
    category = "garbled"
    severity = "high"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        source = ctx.corpus.source_documents.get(ctx.document.id)
        # fusions of the aligned source sentences ("unblockMy edits", "formattingI'm"): a
        # translation that keeps as many kept the source's own (pasted-together headings,
        # templates), which is worth a glance, not an error the translation made
        source_fused = sum(len(_SOURCE_FUSION.findall(s.text)) for s in ctx.source(sentence))
        found = 0
        for m in _FUSION.finditer(text):
            left, right = m.group(1), m.group(2)
            if source is not None and re.search(rf"(?<!\w){re.escape(m.group())}(?!\w)", source.text):
                continue  # the source writes it so: a user name or brand (SolarWind), kept as is
            if _is_fusion(left, right):
                if (source is None and left[0].isupper() and right not in CLAUSE_STARTERS
                        and right not in FORMAL_ADDRESS
                        and not _clauses_meet(text, m.start(2))):
                    # two capitalised words, no clause ends before the second: an InterCaps
                    # name (SachsenEnergie, KlimaTicket), which a source would have shown
                    continue
                found += 1
                kept = found <= source_fused
                yield self.flag(
                    sentence, m.start(), m.end(),
                    f"missing space: '{left}' and '{right}' are fused; a space (and probably "
                    f"a full stop) was lost between them"
                    + ("; the source runs words together as often (kept from it?)" if kept else ""),
                    severity="low" if kept else None,
                )


# a lower-case letter run straight into a capital: "unblockMy", "WikiProject", "itIn"
_SOURCE_FUSION = re.compile(r"[a-z]{2}[A-Z]")


def _is_fusion(left: str, right: str) -> bool:
    lower_tail = len(left) - (1 if left[0].isupper() else 0)
    if lower_tail < 2:  # McDonald, DeSantis, iPhone, eBay
        return False
    # wordfreq instead of a hand list of brands: a brand (YouTube, LinkedIn, PlayStation)
    # is a word in its own right, a fusion of two German words is not.
    from wordfreq import zipf_frequency

    whole = (left + right).lower()
    # Fusions occur on the web too, so wordfreq knows some rarely ("berlindie": 1.1);
    # brands sit higher (biontech 1.7, tiktok 2.3, linkedin 3.2). BioNTech never gets
    # here: its second part is not a capitalised word.
    known = max(zipf_frequency(whole, "de"), zipf_frequency(whole, "en"))
    if right in CLAUSE_STARTERS or right in FORMAL_ADDRESS:
        return known < 1.5
    return known == 0.0 and (
        len(left) >= 4 and len(right) >= 3
        and zipf_frequency(left.lower(), "de") >= 3.0
        and zipf_frequency(right.lower(), "de") >= 3.0
    )


_CLAUSE_STOPS = frozenset({"$,", "$.", "$(", "KON"})


def _clauses_meet(text: str, split: int) -> bool:
    """Whether a clause with a finite verb ends at ``split`` and another with a finite verb
    starts there, with no comma or conjunction between them.

    German separates clauses with a comma, a conjunction or a full stop, so two finite verbs
    in one such stretch mean a lost boundary ("in die UkraineSoldaten aus Nordkorea
    folgten"); a name in a clause has a verb on one side at most ("Österreich hat mit dem
    KlimaTicket vorgemacht", "Nach Angaben von SachsenEnergie waren ...").
    """
    tokens = tag(text[:split] + " " + text[split:])
    i = _token_at(tokens, split + 1)
    if i is None or i == 0:
        return False
    right = _until(tokens[i:], _CLAUSE_STOPS)
    left = _until(tokens[i - 1::-1], _CLAUSE_STOPS)
    return any(t.is_finite_verb for t in right) and any(t.is_finite_verb for t in left)


# --- GAR002 -------------------------------------------------------------------------------

# A capitalised word after a word or a closing quote, with nothing but spaces in between.
_CAP_AFTER_WORD = re.compile(r"(?<=[\w“”«])([ \t]+)([A-ZÄÖÜ][a-zäöüß]*)(?![\w\-’'])")
# A capitalised adjective or participle (by its suffix) followed by a capitalised word,
# after a lower-case word: "sein Erhöhte Sicherheitsbedrohungen". Only these get tagged.
_CAP_ADJ = re.compile(
    r"\b([a-zäöüß]+)[ \t]+([A-ZÄÖÜ][a-zäöüß]+(?:(?:isch|lich|ig|bar|sam|haft|al|iv|ell|är|ös|end)"
    r"(?:e|en|er|es|em)|te|ten)"
    r"|(?:Neu|Weiter|Ander|Groß|Klein|Erst|Zweit|Dritt|Letzt|Hoh|Schwer|Stark|Jung|Alt|Ganz|"
    r"Gut|Schlecht|Wichtig|Viel|Wenig)(?:e|en|er|es|em))[ \t]+[A-ZÄÖÜ]"
)
#: A lower-case word that is itself an inflected adjective ("südkoreanischen Außenminister")
#: or a conjunction cannot end a clause.
_INFLECTED_ADJ = re.compile(
    r"[a-zäöüß]+(?:isch|lich|ig|bar|sam|haft|al|iv|ell|är|ös|end|ert|ten|ner)(?:e|en|er|es|em)"
)
#: Prepositions that double as separable verb particles ending a clause ("kündigte neue
#: Sanktionen an Diese sollen ..."): the tagger decides (PTKVZ or APPR).
_SEPARABLE_PARTICLES = frozenset("an auf aus vor zu mit nach bei um ab durch über unter".split())
_NOT_CLAUSE_END = frozenset("und oder sowie als wie aber sondern sowohl dass ob".split())
_VERB_HOMOGRAPHS = frozenset({"sein", "werden", "haben"})
# "nordkoreanische Truppen" as the corpus writes it, to catch "für Nordkoreanische Truppen".
_LOWER_ADJ_NOUN = re.compile(r"\b([a-zäöüß]{3,}(?:e|en|er|es|em))[ \t]+([A-ZÄÖÜ][\w\-]*)")
_UPPER_ADJ_NOUN = re.compile(
    r"\b([a-zäöüß]+)[ \t]+([A-ZÄÖÜ][a-zäöüß]{2,}(?:e|en|er|es|em))[ \t]+([A-ZÄÖÜ][\w\-]*)"
)


class MidSentenceCapital(Check):
    """A new sentence starting mid-sentence: a capitalised function word or adjective with no punctuation before it.

    What it catches:
    A word German never capitalises inside a sentence (article, pronoun, preposition,
    conjunction, sentence adverb, or an adjective after a finished verb) right after a word
    or a closing quote with no punctuation in between: "Beziehungen zu Russland Der Schritt
    hat", "„Mehr Hilfe“ Er behauptete", "Ausrüstung Mit der Bahn dorthin", "der Fall sein
    Erhöhte Sicherheitsbedrohungen". Function words come from a list; adjectives are
    confirmed by the POS tagger (German capitalises nouns, so only the tagger can tell
    "sein Erhöhte" from "die Vereinten Nationen").

    This check owns a closing quote followed by a capitalised new clause ("…vereinbarung“
    Es wurde"): the lost boundary is the error, the quote is fine; FMT001 does not flag it.

    Why it matters:
    It marks two MT segments joined without their full stop (often a heading fused into the
    paragraph below). The reader stumbles and the fused halves are frequently
    mistranslated as one sentence. Severity medium: the text is broken but still legible.

    Flags:
    Nordkoreas Vorstoß Intensivierung der Beziehungen zu Russland Der Schritt hat auf der ganzen Welt Alarm ausgelöst.

    Does not flag:
    „Täuschen Sie sich nicht: Wenn diese nordkoreanischen Truppen an Kampfeinsätzen teilnehmen, werden sie zu legitimen militärischen Zielen“, warnte Herr Austin.
    Nouns, names, titles (Herr Austin), the formal "Sie", names such as "in Den Haag" or
    "die Partei Die Linke", a title that lost its italics as the object of a verb ("Grass
    schrieb Die Blechtrommel in Paris"), a capital after a colon or a dash. With the source
    (bilingual mode), a boundary the source itself lost ("Multiple user This IP address")
    is flagged low only: the translation kept the source's own break.
    """

    code = "GAR002"
    name = "mid-sentence-capital"
    category = "garbled"
    severity = "medium"

    #: (adjective, noun) -> how often the run writes the adjective in lowercase / capitalised
    index: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]] = (Counter(), Counter())

    def facts(self, document: Document, corpus: Corpus) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
        return (Counter((m.group(1), m.group(2)) for m in _LOWER_ADJ_NOUN.finditer(document.text)),
                Counter((m.group(2).lower(), m.group(3)) for m in _UPPER_ADJ_NOUN.finditer(document.text)))

    def combine(self, total: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]] | None,
                facts: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]
                ) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
        """The run's counts so far: ``merge`` reads nothing else."""
        if total is None:
            total = (Counter(), Counter())
        total[0].update(facts[0])
        total[1].update(facts[1])
        return total

    def merge(self, facts: Sequence[tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]], corpus: Corpus
              ) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
        lower: Counter[tuple[str, str]] = Counter()
        upper: Counter[tuple[str, str]] = Counter()
        for found in facts:  # every document's counts, or the run's total alone (``combine``)
            self.combine((lower, upper), found)
        # only pairs the run also writes in lowercase are ever looked up
        return lower, Counter({pair: n for pair, n in upper.items() if pair in lower})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        flagged: set[int] = set()
        for m in _CAP_AFTER_WORD.finditer(text):
            word = m.group(2)
            start = m.start(2)
            after_quote = text[m.start(1) - 1] in "“”«"
            if word not in CLAUSE_STARTERS and not (after_quote and word in FORMAL_ADDRESS):
                continue
            if start == 0 or text[:m.start(1)].isupper():
                continue
            prev_start, prev = _previous_word(text, m.start(1))
            prev_bare = prev.rstrip("“”«")
            nxt = re.match(r"\S+", text[m.end(2):].lstrip())
            pair = f"{word} {nxt.group().strip('.,;:!?“”')}" if nxt else word
            if pair in NAMES_WITH_FUNCTION_WORDS:
                continue
            if not after_quote:
                if prev_bare in TITLE_NOUNS or prev_bare in NAME_PARTICLES:
                    continue
                if _no_sentence_before(text[:m.start(1)], word, text[m.end(2):]):
                    continue
                particle = prev_bare in _SEPARABLE_PARTICLES
                if prev_bare.lower() in _LOWER_FUNCTION and not particle:
                    continue
                if prev_bare.isupper() and len(prev_bare) > 1:  # "WASHINGTON Die" dateline
                    continue
                tokens = tag(text)
                i = _token_at(tokens, start)
                # HanTa reads name syllables ("Moon Jae In") and title words as nouns
                if i is None or tokens[i].pos in {"NN", "NE", "NNI", "NNA", "FM"}:
                    continue
                if _object_title(tokens, i):
                    continue
                if particle and not _particle_ends_clause(tokens, i):
                    continue  # "aus Den Haag": a preposition; "kündigte ... an Diese": a particle
            flagged.add(start)
            source_too = _source_runs_on(ctx, sentence)
            yield self.flag(
                sentence, prev_start, m.end(2),
                f"'{word}' is capitalised mid-sentence with no punctuation before it: a "
                f"sentence boundary (full stop or line break) seems lost between "
                f"'{prev_bare}' and '{word}'"
                + (f"; the source runs its sentences together too ('{source_too}')" if source_too else ""),
                # faithful to a source that lost the boundary itself: the translation did
                # not break it, so it is worth a glance, not an editor's fix
                severity="low" if source_too else None,
            )
        for m in _CAP_ADJ.finditer(text):
            prev, word = m.group(1), m.group(2)
            start = m.start(2)
            if start in flagged or prev in _LOWER_FUNCTION or word in CLAUSE_STARTERS:
                continue
            if prev in _NOT_CLAUSE_END or _INFLECTED_ADJ.fullmatch(prev):
                continue
            tokens = tag_window(text, *word_window(text, start, m.end(2), 3, 2))
            i = _token_at(tokens, start)
            if i is None or i == 0:
                continue
            before = tokens[i - 1]
            if tokens[i].pos not in {"ADJA", "ADJD"}:
                continue
            if before.pos.startswith("V") and before.pos.endswith("FIN"):
                # "Rilke schrieb Neue Gedichte": after a finite verb the capitals may be its
                # object (a title); a new sentence would bring its own finite verb
                tokens = tag_window(text, *word_window(text, start, m.end(2), 3, 8))
                i = _token_at(tokens, start)
                if i is None or _object_title(tokens, i):
                    continue
            elif not (before.pos.startswith("V") or before.text in _VERB_HOMOGRAPHS):
                continue
            flagged.add(start)
            yield self.flag(
                sentence, m.start(1), m.end(2),
                f"'{word}' is an adjective capitalised after the verb '{prev}': a new "
                f"sentence seems to start here without its full stop",
            )
        for m in _UPPER_ADJ_NOUN.finditer(text):
            word, noun = m.group(2), m.group(3)
            pair = (word.lower(), noun)
            # A capitalised form the corpus writes more often than the lowercase one is a fixed
            # term ("Schwarze Löcher", "Erste Hilfe", "Kalter Krieg"), which German may
            # capitalise: a title-case slip is the odd one out.
            lower, upper = self.index
            if m.start(2) in flagged or not lower[pair] or upper[pair] > lower[pair]:
                continue
            # English title case carried over ("Beweise für Nordkoreanische Truppen"): a
            # slip of form, not a broken sentence, hence low
            yield self.flag(
                sentence, m.start(2), m.end(3),
                f"'{word}' is capitalised here, but the corpus writes "
                f"'{word.lower()} {noun}' elsewhere: German does not capitalise adjectives "
                f"(English title case?)",
                severity="low",
            )


# English words that start a clause and are never capitalised mid-sentence (a closed class;
# "I" is left out: it is capitalised everywhere)
_EN_CLAUSE_STARTERS = frozenset(
    "This These That Those The A An We It You He She They My Our Your His Her Their There "
    "Many Just So Please What Why How If When Also Thanks Everyone Nobody Some".split())
_EN_RUN_ON = re.compile(r"\b([a-z][\w'-]*|[A-Z][a-z][\w'-]*)[ \t]+(" + "|".join(sorted(_EN_CLAUSE_STARTERS)) + r")\b")


def _source_runs_on(ctx: Context, sentence: Sentence) -> str | None:
    """Bilingual mode: the aligned source's own lost sentence boundary ("Multiple user This IP
    address", or a heading run into its paragraph: "Great page Love that phrase"), or None.
    Without a source (or with a well-formed one) there is none.

    The aligner pairs a German sentence that fused two source sentences with both of them;
    a German sentence paired with a single source sentence had no boundary to lose there:
    the source runs on at the same place ("angry I am just being respectful", where
    English capitalises "I" anyway)."""
    sources = ctx.source(sentence)
    for src in sources:
        m = _EN_RUN_ON.search(src.text)
        if m and not src.text[: m.start()].isupper():
            return m.group(0)
    if len(sources) == 1:
        text = sources[0].text
        return text if len(text) <= 60 else text[:57] + "..."
    return None


#: capitalised prepositions that open a street, inn or venue name ("Am Rosenhag", "Zur Post",
#: "Unter den Linden", "Auf der Mauer")
_NAME_PREPOSITIONS = frozenset("Am Im Zum Zur Vom Beim An Auf In Unter Über Vor Hinter Zu Bei".split())
#: lower-case words a prepositional phrase may hold besides its preposition
_PP_LOWER = _LOWER_FUNCTION | frozenset("ihrer ihrem seiner seinem unserer unserem".split())


def _no_sentence_before(left: str, word: str, right: str) -> bool:
    """Whether ``left`` (the sentence up to the capital) cannot be a sentence of its own, so
    no boundary was lost before ``word``.

    A single function word is no sentence ("Auch Die Toten Hosen standen", "Wann Die Ärzte
    auftreten"); nor is a bare prepositional phrase ("In der Straße", "Im Gasthof") before
    a capitalised preposition and a capitalised word, the shape of a street, inn or venue
    name ("In der Straße Am Rosenhag", "Im Gasthof Zur Post").
    """
    words = left.split()
    if len(words) == 1 and words[0] in CLAUSE_STARTERS:
        return True
    # the name goes on with a capital ("Am Rosenhag") or an article and one ("Unter den Linden")
    name_follows = re.match(r"\s*(?:(?:der|den|dem)\s+)?[A-ZÄÖÜ]", right)
    if word not in _NAME_PREPOSITIONS or not name_follows:
        return False
    # the phrase before: a preposition, then articles, adjectives and nouns only
    first = words[0].lower() if words else ""
    if not 2 <= len(words) <= 4 or first not in _LOWER_FUNCTION or first in _ARTICLES:
        return False
    return all(w[0].isupper() or w in _PP_LOWER or _INFLECTED_ADJ.fullmatch(w) for w in words[1:])


#: the articles among _LOWER_FUNCTION: a phrase they open is a noun phrase, which may be a
#: heading of its own
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())


def _particle_ends_clause(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word before token i is a separable particle closing a clause.

    HanTa often reads it as a preposition in a fused sentence, so two more signs count: a
    capitalised pronoun after it (a preposition would take "an diese"), or a finite verb
    on both sides ("kündigte neue Sanktionen an Diese sollen").
    """
    if tokens[i - 1].pos == "PTKVZ" or tokens[i].pos in {"PDS", "PPER", "PIS"}:
        return True
    stops = {"$,", "$.", "$("}
    finite = {"VVFIN", "VAFIN", "VMFIN"}
    right = any(t.pos in finite for t in _until(tokens[i:], stops))
    left = any(t.pos in finite for t in _until(tokens[i - 1::-1], stops))
    return right and left


def _until(tokens: Sequence[Token], stops: set[str]) -> list[Token]:
    out = []
    for t in tokens:
        if t.pos in stops:
            break
        out.append(t)
    return out


def _object_title(tokens: Sequence[Token], i: int) -> bool:
    """"Grass schrieb Die Blechtrommel in Paris": a title whose italics were lost.

    A sentence fused at token i has a finite verb after i (its own clause: "Russland Der
    Schritt hat"); when only the words before i have one, the capitalised words are the
    object of that verb, a title or a name.
    """
    stops = {"$,", "$.", "$("}
    right = []
    for t in tokens[i:]:
        if t.pos in stops:
            break
        right.append(t)
    left = []
    for t in reversed(tokens[:i]):
        if t.pos in stops:
            break
        left.append(t)
    finite = {"VVFIN", "VAFIN", "VMFIN"}
    return not any(t.pos in finite for t in right) and any(t.pos in finite for t in left)


# --- GAR003 -------------------------------------------------------------------------------

_PREPOSITIONS = frozenset("""
aus bei mit nach von vom zu zum zur in im ins an am ans auf über unter vor hinter neben
zwischen gegen ohne durch um für während wegen seit bis trotz laut gegenüber entlang
""".split())
#: Lower-case words that can appear in a verbless fragment; any other lower-case word
#: (kam, gibt, sagten, erreicht) most likely is or contains a verb, so the sentence is not
#: worth tagging. This gate keeps the tagger off ~90% of sentences.
_FRAGMENT_LOWER = _PREPOSITIONS | frozenset("""
der die das den dem des ein eine einen einem einer eines und oder sowie als wie auch nur
noch schon dort dorthin hier heute gestern morgen etwa rund fast mehr weniger knapp
nicht kein keine keinen sein seine ihr ihre ihren ihrem deren dessen dieser diese dieses
zuvor damals bereits jeweils insgesamt allein sogar
""".split())
_ADJ_ENDING = re.compile(r"[a-zäöüß]+(?:e|er|es|em)$")
_WORD = re.compile(r"\w+(?:[.\-]\w+)*")
#: Credits and captions, verbless by convention: "Mit Material von AP.", "Aus dem Englischen
#: von ...", "Von Mike Firn."
_CREDIT = re.compile(
    r"^(?:Von|Mit Material|Mitarbeit|Quelle|Foto|Fotos|Bild|Text|Redaktion|Übersetzung|"
    r"Aus dem (?:Englischen|Französischen|Amerikanischen|Spanischen|Italienischen|Russischen))\b"
)
#: Fragments led by a conjunction or focus particle, or an evaluative noun phrase with an
#: indefinite article, are a deliberate stylistic device ("Und das aus gutem Grund.",
#: "Vor allem im Osten.", "Ein Kurswechsel mit Folgen für die Industrie.").
_STYLISTIC_START = re.compile(
    r"^(?:Und|Aber|Oder|Doch|Denn|Sondern|Nicht|Auch|Vor allem|Zumindest|Immerhin|Nur|"
    r"Ein|Eine|Einen|Kein|Keine|"
    r"Selbst|Sogar|Ausgerechnet|Schon|Noch|Jedenfalls|Zum Beispiel|Etwa)\b"
)


class VerblessFragment(Check):
    """A sentence with no verb at all, left over from a broken sentence.

    What it catches:
    A sentence that ends in a full stop but has no verb of any form, holds at least two
    prepositions (it strings phrases together without a clause), and continues a paragraph: "Bis zu 12.000 Soldaten nach
    Russland.", "Aus dem Pentagon am Mittwoch.", "1000 Container mit militärischer
    Ausrüstung Mit der Bahn dorthin." Such pieces are the torn-off end of the sentence
    before them (the MT split "sent up to 12,000 troops | to Russia").

    Why it matters:
    The fragment is unreadable on its own and the sentence it was cut from usually lost
    its meaning too (the verb went one way, its object the other). Severity medium: clearly
    broken, but the reader can often guess the intent.

    Flags:
    Bis zu 12.000 Soldaten nach Russland.

    Does not flag:
    Headings ("Gemeinsame Erklärung der Verteidigungsminister der USA und Südkoreas"),
    credits ("Herausgegeben von Mike Firn." has a participle; "Mit Material von AP."),
    a fragment standing as its own paragraph (a caption or byline), bare noun phrases
    ("Extremer Analytiker."), a single afterthought ("Mit 52 Prozent der Stimmen."), a
    row of parallel nominal ellipses ("Im Norden Regen, im Süden Sonne."), an
    evaluative comment ("Ein Kurswechsel mit Folgen für die Industrie."), a colon ("Das
    Ergebnis: ein Abkommen."), quoted speech, fragments led by "Und", "Aber", "Vor allem".
    With an English source whose aligned sentence has no verb either ("Time for a break
    after 20 years of work?"), the flag is low: the fragment is the writer's own. A bare
    noun, after adjectives only, heading prepositional phrases is the nominal style of
    news headlines and teasers ("Neue Regeln für Radfahrer in Berlin.", "Kritik von
    Verbänden an den Plänen."): low too; a piece that starts with its preposition or a
    numeral stays medium.
    """

    code = "GAR003"
    name = "verbless-fragment"
    category = "garbled"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        if sentence.is_heading or not _SENT_FINAL.search(text):
            return
        if any(q in text for q in "„“”»«\":"):
            return  # quoted speech; "Das Ergebnis: ein Abkommen." is a stylistic colon
        sents = ctx.document.sentences
        i = sentence.index
        if i == 0 or i >= len(sents) or sents[i - 1].paragraph != sentence.paragraph:
            return  # a one-line paragraph without a verb is a caption, credit or tagline
        words = _WORD.findall(text)
        if not 3 <= len(words) <= 15:
            return
        if _CREDIT.match(text) or _STYLISTIC_START.match(text):
            return
        prepositions = 0
        for j, w in enumerate(words):
            lw = w.lower()
            if lw in _PREPOSITIONS:
                prepositions += 1
            if w[0].islower() and lw not in _FRAGMENT_LOWER and not (
                (_ADJ_ENDING.fullmatch(w) and not w.endswith("te"))
                # "mit schweren Panzern": -en after a preposition or article is an adjective
                or (w.endswith("en") and j > 0 and words[j - 1].lower() in _FRAGMENT_LOWER)
            ):
                return
        if prepositions < 2:
            return  # one afterthought PP is a stylistic device: "Mit 52 Prozent der Stimmen."
        tokens = tag(text)
        if any(t.pos.startswith("V") for t in tokens):
            return
        if not any(t.pos in {"APPR", "APPRART", "APPO"} for t in tokens):
            return
        if _parallel_ellipsis(tokens):
            return
        end = _SENT_FINAL.search(text).start()
        # a bare noun (after adjectives only) heading prepositional phrases is the nominal
        # style of news headlines and teasers, written on purpose: "Neue Regeln für
        # Radfahrer in Berlin.", "Großer Andrang an den Kontrollen.", "Kritik von Verbänden
        # an den Plänen." A piece torn off a sentence starts with its preposition or
        # numeral ("Bis zu 12.000 Soldaten nach Russland.", "Aus dem Pentagon am Mittwoch.")
        headline = _headline_style(tokens)
        # with an English source: when the aligned source sentence has no verb either ("All
        # the way.", "Thanks for your help with this." has one), the fragment is the
        # writer's, rendered faithfully, not a piece the translation tore off
        sources = ctx.source(sentence)
        source_doc = ctx.corpus.source_documents.get(ctx.document.id)
        faithful = (bool(sources) and source_doc is not None and source_doc.language == "en"
                    and not any(english_has_verb(s.text) for s in sources))
        yield self.flag(
            sentence, 0, end,
            "sentence without a verb: it reads like a piece torn off the previous sentence "
            "(join it back or restore the verb)"
            + ("; the source sentence has no verb either" if faithful else "")
            + ("; a bare noun with prepositional phrases may be a headline-style sentence"
               if headline and not faithful else ""),
            severity="low" if faithful or headline else None,
        )


def _headline_style(tokens: Sequence[Token]) -> bool:
    """A bare head noun, after attributive adjectives only, followed by a preposition: the
    nominal style of a headline or teaser ("Neue Regeln für Radfahrer in Berlin.",
    "Tore durch Müller und Sané in der ersten Halbzeit."), no article and no numeral
    before it."""
    i = 0
    while i < len(tokens) and tokens[i].pos == "ADJA":
        i += 1
    return (i + 1 < len(tokens) and tokens[i].pos in _NOUN_TAGS and tokens[i].text[:1].isupper()
            and tokens[i + 1].pos in _PP_TAGS)


_PP_TAGS = frozenset({"APPR", "APPRART"})
_NOUN_TAGS = frozenset({"NN", "NE"})


def _parallel_ellipsis(tokens: Sequence[Token]) -> bool:
    """"Im Norden Regen, im Süden Sonne.", "Regen im Norden, Sonne im Süden.": a nominal
    ellipsis of weather and sports reports, parts side by side after commas, each a bare
    head noun (no article, no numeral) next to a prepositional phrase. A piece torn off a
    sentence is prepositional phrases and quantified noun phrases ("Bis zu 12.000 Soldaten
    nach Russland."), not a row of such parts."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.pos == "$,":
            parts.append([])
        elif t.pos != "$.":
            parts[-1].append(t)
    if len(parts) < 2:
        return False
    for part in parts:
        if len(part) < 3 or any(t.pos == "CARD" for t in part):
            return False
        pos = [t.pos for t in part]
        # "im Süden Sonne": a PP, then a noun right after the PP's noun
        pp_first = pos[0] in _PP_TAGS and pos[-1] == "NN" and pos[-2] in _NOUN_TAGS
        # "Sonne im Süden": a bare noun, then a PP
        noun_first = pos[0] == "NN" and pos[1] in _PP_TAGS
        if not (pp_first or noun_first):
            return False
    return True


# --- GAR004 -------------------------------------------------------------------------------

# The cheap gate mirrors the POS logic with word lists: a short noun phrase before the full
# stop, a lower-case verb-like word before it, and a clause that can be verb-final.
_GATE_DET = frozenset("""
der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere unseren diese
diesen diesem dieser dieses jede jeden jedem jeder alle allen
""".split())
_GATE_NP = re.compile(
    r"(?:(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|seine?[nmrs]?|ihre?[nmrs]?)"
    r" )?(?:[a-zäöüß]+ )?[A-ZÄÖÜ][\w\-]*"
    r"(?: (?:in|im|auf|an|am|von|vom|gegen|mit|für|aus|bei|beim|zu|zum|zur|über|unter|nach|"
    r"um|durch)"
    r"(?: (?:der|die|das|den|dem|des))? [A-ZÄÖÜ][\w\-]*)?"
)
_VERB_LIKE = re.compile(r"[a-zäöüß]{2,}(?:en|t|te|ten|rn|ln)")
_NOT_VERB = _GATE_DET | frozenset("""
mit nicht seit bis jetzt erst meist bereits zuletzt insgesamt laut statt gegen zwischen
neben wegen oben unten innen außen eben denen deren welchen solchen manchen einigen vielen
beiden anderen letzten ersten nächsten meisten weiteren rund etwa fast zunächst heute
gestern morgen damit danach dort unter hinter nach
""".split())
_SUBORDINATOR_WORDS = (
    r"dass|weil|ob|wenn|als|nachdem|obwohl|damit|bevor|während|da|sodass|falls|seit|"
    r"der|die|das|den|dem|denen|deren|dessen|welche[rsnm]?|was|wo|wie|um|ohne|statt"
)
_ANY_SUBORDINATE = re.compile(r"(?:^|[,;–]\s*)(?:" + _SUBORDINATOR_WORDS + r")\b|\bdass\b")
_SEGMENT_SUBORDINATE = re.compile(r"^\s*(?:\w+\s+)?(?:" + _SUBORDINATOR_WORDS + r")\b")
_ZU_PARTICIPLE = re.compile(
    r"(?:\bzu[ \t]+[a-zäöüß]+(?:en|ern|eln)|[a-zäöüß]+zu[a-zäöüß]+en)"
    r"[ \t]+[a-zäöüß]*ge[a-zäöüß]+(?:t|en)\.$"
)


def _dangle_gate(text: str) -> int | None:
    """A cheap test that a sentence might end in a dangling noun phrase (see GAR004).

    Returns where the clause to tag begins (a comma or subordinator), or None.
    """
    text = text.rstrip()
    if not text.endswith("."):
        return None
    if _ZU_PARTICIPLE.search(text):
        comma = text.rfind(",")
        return comma if comma >= 0 else None
    words = list(re.finditer(r"\S+", text[:-1]))
    n = len(words)
    for p in range(n - 1, max(n - 7, 1), -1):
        if not _GATE_NP.fullmatch(" ".join(w.group() for w in words[p:])):
            continue
        verb, before = words[p - 1].group(), words[p - 2].group() if p >= 2 else ""
        if verb in _NOT_VERB or not _VERB_LIKE.fullmatch(verb) or _INFLECTED_ADJ.fullmatch(verb):
            continue
        prefix = text[:words[p - 1].start()]
        if before == "zu" or "zu" in verb[2:-2]:
            comma = prefix.rfind(",")
            return max(comma, 0)
        if _VERB_LIKE.fullmatch(before) and before not in _NOT_VERB:
            found = list(_ANY_SUBORDINATE.finditer(prefix))
            if found:
                return found[-1].start()
        elif before.endswith((",", "“", "”", "\"")):
            continue  # a clause-initial verb: "…“, sagte Austin."
        comma = prefix.rfind(",")
        if comma >= 0 and _SEGMENT_SUBORDINATE.match(prefix[comma + 1:]):
            return comma
    return None


_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_NONFINITE = frozenset({"VVINF", "VAINF", "VMINF", "VVPP", "VAPP", "VMPP", "VVIZU"})
#: What a dangling noun phrase may consist of (no verbs, no clause words, no punctuation).
_NP_TAGS = frozenset({
    "NN", "NE", "NNA", "NNI", "ART", "ADJA", "ADJD", "CARD", "PPOSAT", "PIAT", "PDAT",
    "APPR", "APPRART", "KON", "TRUNC", "PIS",
})
#: Tags the dangling material may start with: a noun phrase, never a PP (German may move
#: a PP after the verb: "dass die Zahl gestiegen sei auf 500") nor an adverb.
_NP_START = frozenset({"NN", "NE", "NNA", "NNI", "ART", "ADJA", "PPOSAT", "PIAT", "PDAT"})
#: Words that open a verb-final clause.
_SUBORDINATORS = frozenset({"KOUS", "PRELS", "PRELAT", "KOUI", "PWS", "PWAV", "PWAT"})


class DanglingWord(Check):
    """A stray word or phrase after a finished verb-final clause.

    What it catches:
    A subordinate clause (dass, weil, a relative clause, a zu-infinitive) ends with its verb
    cluster, and then a noun phrase follows before the full stop with nothing to attach it
    to: "... teilnehmen werden November.", "... gegen einen der beiden gilt die
    Unterzeichner.", "... ausgebildet hätten Clearing-Operationen.", "... verlängert werden
    könnte Konflikt in der Ukraine.", "um zu reagieren Angriff auf die Ukraine.", and a
    participle after a comma-separated zu-infinitive: "... zu modernisieren ausgegeben."

    Why it matters:
    German closes a subordinate clause with its verb; a noun after it belongs to no clause.
    It is the trace of an English word order ("to respond to the attack on Ukraine")
    copied clumsily or of two segments joined. The meaning is usually recoverable but the
    sentence is plainly wrong: severity medium.

    Flags:
    Austin sagte, die Beamten diskutierten darüber, was mit dem Einsatz zu tun sei, der seiner Meinung nach wahrscheinlich ausgeweitet oder verlängert werden könnte Konflikt in der Ukraine.

    Does not flag:
    What German allows after a verb-final clause: a comma and a new clause, "und"/"oder",
    a comparison ("als erwartet"), a prepositional phrase moved after the verb ("dass die
    Zahl gestiegen sei auf 500"), a quote and "sagte er", and main clauses, where objects
    follow the verb normally ("Dazu gehören Nordkorea und der Iran.").

    Also a correlative left without its second half: a sentence that opens with "je" and a
    comparative ("Und je ärmer die Gemeinden ...") but has no "desto", "umso" or second
    "je": the clause that should answer it was lost. A "je" clause after a main clause
    ("Es wird schwieriger, je länger wir warten.") needs no partner and is not judged.
    """

    code = "GAR004"
    name = "dangling-word"
    category = "garbled"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text.rstrip()
        je = None if sentence.is_heading else open_correlative(text)
        if je is not None:
            yield self.flag(
                sentence, je[0], je[1],
                f"'{text[je[0]:je[1]]}' opens a comparison that no 'desto' or 'umso' answers: "
                "half of the sentence is missing",
            )
        window = None if sentence.is_heading else _dangle_gate(text)
        if window is None:
            return
        tokens = tag_window(sentence.text, window)
        if len(tokens) < 4 or tokens[-1].text != ".":
            return
        found = _dangling(tokens)
        if found is None:
            return
        verb_i, tail_i = found
        tail_start = tokens[tail_i].start
        tail_end = tokens[-2].end
        cluster = sentence.text[tokens[verb_i].start:tokens[tail_i - 1].end]
        dangling = sentence.text[tail_start:tail_end]
        yield self.flag(
            sentence, tail_start, tail_end,
            f"'{dangling}' dangles after the finished clause ending in '{cluster}': it "
            f"belongs to no clause (lost or misplaced words?)",
        )


def _dangling(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """(first verb of the final cluster, first dangling token), or None."""
    last = len(tokens) - 1  # the final "$."
    # walk back over the candidate dangling material
    j = last - 1
    while j >= 0 and tokens[j].pos in _NP_TAGS:
        j -= 1
    if j < 0 or j == last - 1:
        # nothing after a verb, or no verb at all; one special case: a participle after a
        # zu-infinitive ("zu modernisieren ausgegeben.")
        return _participle_after_zu(tokens)
    # tokens[j] must end a verb cluster; tokens[j+1:last] is the tail, which must start
    # like a noun phrase, not a PP or an adverb
    tail = j + 1
    if tokens[tail].pos not in _NP_START or tokens[j].pos not in _FINITE | _NONFINITE:
        return None
    # the verb cluster: contiguous verbs (and "zu") ending at j
    k = j
    while k - 1 >= 0 and (tokens[k - 1].pos.startswith("V") or tokens[k - 1].pos == "PTKZU"):
        k -= 1
    cluster = tokens[k:j + 1]
    if k == 0:
        return None
    if any(t.pos in {"PTKZU", "VVIZU"} for t in cluster) and not any(
        t.pos in _FINITE for t in cluster
    ):
        # a zu-infinitive clause is verb-final; nothing but a finite verb may follow it
        return k, tail
    if not any(t.pos in _FINITE for t in cluster):
        return None
    if len(cluster) == 1 and tokens[k - 1].pos in {"$,", "$(", "XY", "FM"}:
        return None  # a clause-initial verb: "…“, sagte Rutte", "…, gilt die Regel"
    return (k, tail) if _in_subordinate_clause(tokens, k) else None


def _in_subordinate_clause(tokens: Sequence[Token], k: int) -> bool:
    """The verb cluster starting at k closes a clause opened by dass/weil/der/...

    Walks back (across commas: "dass sie ..., einschließlich Grabeneinsätzen, ausgebildet
    hätten") to the nearest subordinator; another finite verb on the way means the cluster
    belongs to a main clause ("Wenn er kommt, gilt die Regel"), where objects follow the
    finite verb normally.
    """
    i = k - 1
    while i >= 0:
        pos = tokens[i].pos
        if pos in _FINITE:
            return False
        if pos in _SUBORDINATORS:
            if pos.startswith("PW"):
                # "Was bedeutet der Schritt?" is a main clause; only "..., was ..." subordinates
                return i > 0 and tokens[i - 1].pos == "$,"
            return True
        i -= 1
    return False


def _participle_after_zu(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"…, die Fähigkeiten zu modernisieren ausgegeben." (but not "ohne zu zögern getan")."""
    last = len(tokens) - 1
    p = last - 1
    if p < 2 or tokens[p].pos not in {"VVPP", "VAPP"}:
        return None
    if tokens[p - 1].pos == "VVIZU":
        zu = p - 1
    elif tokens[p - 1].pos == "VVINF" and tokens[p - 2].pos == "PTKZU":
        zu = p - 2
    else:
        return None
    # the zu-infinitive must sit in its own comma-separated clause, so the participle cannot
    # be closing a main clause "hat ... getan"
    i = zu - 1
    while i >= 0 and tokens[i].pos != "$,":
        if tokens[i].pos in _FINITE:
            return None
        i -= 1
    if i < 0:
        return None
    return zu, p
