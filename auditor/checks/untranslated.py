"""Untranslated text: English left in German.

Three layers, cheapest first, because every German sentence passes through here and all
text-only checks together must do 2,000 sentences/s:

1. a word-level test with wordfreq (an English word is much more frequent in English than
   in German: "according" 5.3 vs 2.9, "supply" 4.8 vs 3.2; German loanwords are not:
   "Training" 5.2 vs 4.6, "Media" 5.3 vs 4.6);
2. lingua restricted to German and English (measured: 30/30 short English spans found,
   where the unrestricted detector misses "[Russian President Vladimir]"), run only on
   sentences the word test made suspicious, whose ``detect_multiple_languages_of`` gives
   the English stretch;
3. exclusions for what German text legitimately keeps in English: proper names in title
   case (The Lancet, National Intelligence Service, Associated Press), words inside German
   hyphen compounds (Social-Media-Fan), a quotation that is nothing but the English words.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ..document import Document, Sentence
from ..text.crosslingual import web_identifier_spans
from ..text.names import NAME_GLUE
from .base import Check, Context, Corpus, Evidence, Finding

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_GERMAN_LETTERS = re.compile(r"[äöüßÄÖÜ]")
_HYPHEN = "-‑"
# A word touching one of these is part of an identifier (Wikipedia_talk, @user, #hashtag,
# a path), not prose the translation forgot.
_IDENTIFIER = "_@#/\\"

#: en zipf minus de zipf from which a word counts as English (wordfreq): "chain" 1.34,
#: "President" 1.78; German loanwords stay below ("Training" 0.55, "Food" 1.4 lives in
#: compounds only)
STRONG_LEAN = 1.3
STRONG_EN = 3.5
#: a single lowercase word needs more: German never writes a noun in lowercase, but
#: wordfreq's German list has some English noise
WORD_LEAN = 1.8
WORD_EN = 4.0

# English role words: a title-case stretch with one of these is an untranslated
# description ("Russian President Vladimir"), not an organisation's name. Demonyms alone do
# not make one: they open many names ("British Medical Journal", "American Airlines"); nor
# do the role adjectives (_ROLE_MODIFIERS) unless a role noun follows: "Foreign Minister",
# "Prime Minister", but "Foreign Affairs", "General Motors", "Prime Video".
_ROLES = frozenset({
    "president", "minister", "secretary", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "prime", "foreign", "defense", "defence", "ministry",
    "department", "leader", "official", "officials", "general", "governor", "mayor",
})
_ROLE_MODIFIERS = frozenset({"foreign", "general", "prime", "defense", "defence"})
# German function words (a closed class) spelled like English words. wordfreq counts them
# as English-leaning ("all": en 6.5, de 5.2), but in German text they are German: "all das",
# "all die Jahre"; they never make or end an English stretch on their own.
_GERMAN_FUNCTION_WORDS = frozenset({
    "all", "also", "am", "an", "bald", "bin", "da", "fast", "hat", "in", "man", "so", "um",
    "was", "war", "will", "wo",
})
#: a quotation of up to this many English words is cited, not forgotten: a term („game
#: changer“), a slogan („Stop the war“), a title or a saying („No man is an island“, „To be
#: or not to be“); a longer one is speech the translation kept
_CITED_MAX_WORDS = 6
_QUOTES = {"„": "“", "“": "”", "«": "»", "»": "«", '"': '"', "‚": "‘"}


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, float]]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en"), get_frequency_dict("de")


def _zipf(freq: float) -> float:
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


@functools.lru_cache(maxsize=131072)
def _freqs(word: str) -> tuple[float, float]:
    # wordfreq's own tables, read directly: zipf_frequency re-tokenises every word
    # (44 µs per word for both languages, measured), a dict lookup gives the same zipf
    # for a single lowercase letters-only word in about 1 µs
    en, de = _tables()
    w = word.replace("’", "'")
    return _zipf(en.get(w, 0.0)), _zipf(de.get(w, 0.0))


def english_lean(word: str) -> tuple[float, float]:
    """(English zipf, English minus German zipf) of a lowercased word."""
    w = word.lower()
    if _GERMAN_LETTERS.search(w):
        return 0.0, -9.0
    en, de = _freqs(w)
    return en, en - de


@functools.lru_cache(maxsize=1)
def _strong_words() -> frozenset[str]:
    """Every word that is strongly English (built once from wordfreq's English table,
    about 20 ms): the per-sentence gate is then a set lookup per word."""
    en, de = _tables()
    floor = 10 ** (STRONG_EN - 9)
    out = set()
    for w, f in en.items():
        if f >= floor and w.isascii():
            ez = _zipf(f)
            if ez - _zipf(de.get(w, 0.0)) >= STRONG_LEAN and w not in _GERMAN_FUNCTION_WORDS:
                out.add(w)
    return frozenset(out)


def _strong(word: str) -> bool:
    return word.lower().replace("’", "'") in _strong_words()


# English words are ASCII letters; a plain findall is the cheap first look at a sentence.
_ASCII_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]+(?:['’][a-z]+)?(?![^\W\d_])")


def _suspicious(text: str, lowercase_only: bool = False) -> bool:
    """Whether any ASCII word is strongly English (may be inside a compound: a cheap
    over-approximation that the full test narrows down)."""
    found = _ASCII_WORD.findall(text)
    if lowercase_only:
        found = [w for w in found if w.islower()]
    else:
        found = [w.lower() for w in found]
    return not _strong_words().isdisjoint(w.replace("’", "'") for w in found)


def _words(text: str) -> list[tuple[str, int, int, bool]]:
    """Words with offsets and whether they sit inside a hyphen compound."""
    out = []
    # inside a web address, e-mail address, @handle or #hashtag ("www.example.com/best-cake",
    # "@lisa.travels"): an identifier too
    identifiers = web_identifier_spans(text)
    for m in _WORD.finditer(text):
        a, b = m.start(), m.end()
        joined = _HYPHEN + _IDENTIFIER
        compound = ((a > 0 and text[a - 1] in joined) or (b < len(text) and text[b] in joined)
                    or any(x <= a < y for x, y in identifiers))
        out.append((m.group(), a, b, compound))
    return out


@functools.lru_cache(maxsize=1)
def _detector():
    """lingua for German and English only, built once per process (model load ~0.8 s)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


def _english_stretches(text: str) -> list[tuple[int, int]]:
    from lingua import Language

    return [(r.start_index, r.end_index) for r in _detector().detect_multiple_languages_of(text)
            if r.language == Language.ENGLISH]


def _bracketed(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The enclosing [ ... ] or ( ... ) of text[a:b], if the span lies inside one."""
    for opening, closing in (("[", "]"), ("(", ")")):
        o = text.rfind(opening, 0, a)
        c = text.find(closing, b)
        if o != -1 and c != -1 and closing not in text[o:a] and opening not in text[b:c]:
            return o, c + 1
    return None


def _quotation(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The inside of the innermost quotation around text[a:b], if any."""
    best = None
    for opening, closing in _QUOTES.items():
        o = text.rfind(opening, 0, a)
        if o == -1:
            continue
        if opening == closing:
            if text.count(opening, 0, o) % 2:
                continue  # that mark closes a quotation
        elif closing in text[o + 1:a]:
            continue
        c = text.find(closing, b)
        if c != -1 and (best is None or o + 1 > best[0]):
            best = (o + 1, c)
    return best


# "Sie sagte auf Englisch: We will ...", "(englisch: the deal)", "engl. für": the text says
# the English is meant
_ANNOUNCED = re.compile(r"(?:\b(?:auf|im|in)\s+Englisch(?:en)?|\benglisch(?:e[nrs]?)?\s+für|\(engl(?:isch)?\.?)"
                        r"[^.!?]{0,12}$", re.IGNORECASE)


# a quotation the text introduces as sung, chanted or written words ("sang mit: „I walk a
# lonely road ...“", "der Refrain „...“", "auf einem Schild stand: „...“") is cited at any
# length: a song is not translated; a quotation after "sagte" is speech
_SUNG = re.compile(r"\b(?:(?:mit)?s(?:ingt|ingen|ang|angen|ängt)|gesungen|angestimmt|stimmt\w*\s+\w+\s+an|"
                   r"skandier\w*|\w*(?:(?<!g)lied|song|zeile|refrain|(?<!kata)strophe|liedtext|songtext|titel|motto|slogan|schild|"
                   r"plakat|aufschrift|banner|transparent)(?:e|es|s|er|n|en)?)\b[^.!?„“”«»\"]{0,40}$", re.IGNORECASE)


def _cited(text: str, a: int, b: int) -> bool:
    """The span lies in a short quotation that is all English: „America first“, "No man is
    an island" are cited (a term, a saying, a title), not forgotten; or in a quotation of
    any length that the text introduces as sung or written words (_SUNG); or the text
    announces English ("sagte auf Englisch: ...")."""
    if _ANNOUNCED.search(text, max(0, a - 40), a):
        return True
    q = _quotation(text, a, b)
    if q is None:
        return False
    inner = text[q[0]:q[1]]
    sung = _SUNG.search(text, max(0, q[0] - 80), max(0, q[0] - 1))
    if not 0 < len(_WORD.findall(inner)) <= (10_000 if sung else _CITED_MAX_WORDS):
        return False
    from lingua import Language

    return _detector().detect_language_of(inner) == Language.ENGLISH


def _role(words: list[str], i: int) -> bool:
    """Does ``words[i]`` name a role (see _ROLES)?"""
    low = words[i].lower()
    if low not in _ROLES:
        return False
    if low not in _ROLE_MODIFIERS:
        return True
    following = [w.lower() for w in words[i + 1:] if w.lower() not in NAME_GLUE]
    return bool(following) and following[0] in _ROLES and following[0] not in _ROLE_MODIFIERS


def english_spans(text: str) -> list[tuple[int, int, list[str]]]:
    """English stretches of two or more words in a German sentence: (start, end, words)."""
    if not _suspicious(text):
        return []
    words = _words(text)
    if not any(not c and _strong(w) for w, _, _, c in words):
        return []
    runs = _runs(text, words)
    if not runs:
        return []
    stretches = _english_stretches(text)
    spans = []
    for run in runs:
        a, b = words[run[0]][1], words[run[-1]][2]
        if not any(lo < b and a < hi for lo, hi in stretches):
            continue  # lingua reads it as German
        run_words = [words[i][0] for i in run]
        box = _bracketed(text, a, b)
        if box and _english_inside(text[box[0] + 1:box[1] - 1]):
            a, b = box
        elif len(run) < 2:
            continue
        # a box holds its own words: "(The West of Scotland Transport Partnership)"
        # spells out an abbreviation; a single capitalised word there ("(Goat)") is a gloss
        # like any English noun
        name_words = [w for w, _, _, _ in _words(text[a:b])] if box else run_words
        title_case = all(w[0].isupper() or w.lower() in NAME_GLUE for w in name_words)
        if (title_case and (not box or len(name_words) >= 2)
                and not any(_role(name_words, i) for i in range(len(name_words)))):
            continue  # The Lancet, National Intelligence Service, Associated Press
        if _cited(text, a, b):
            continue  # „game changer“: a cited term; a quoted English sentence is not
        spans.append((a, b, run_words))
    return spans


@functools.lru_cache(maxsize=16384)
def _remembered_spans(text: str) -> tuple[tuple[int, int, list[str]], ...]:
    """``english_spans`` remembered per process, for UNT001 and UNT002 alike: it depends on
    the text alone, and a sentence recurs across a batch's documents (a worker checks many;
    a per-document memo missed those). Bounded; read-only for its callers."""
    return tuple(english_spans(text))


def _weak(word: str) -> bool:
    en, lean = english_lean(word)
    return en >= 3.0 and lean >= 0.0


def _edge(word: str) -> bool:
    """May end an English run: strong, or a lowercase English-leaning word uncommon in
    German ("on track"), never a German function word that is also English ("in",
    "will") nor a name after an English title ("Secretary of State Antony")."""
    if _strong(word):
        return True
    if word.lower() in _GERMAN_FUNCTION_WORDS:
        return False
    en, lean = english_lean(word)
    return word.islower() and en >= 3.0 and lean >= 0.0 and en - lean < 4.0


_RUN_JOIN = re.compile(r"\s*[,;:]?\s+")


def _runs(text: str, words: list[tuple[str, int, int, bool]]) -> list[list[int]]:
    """Runs of English-leaning words (indices into ``words``) with at least one strong
    word, joined by spaces or a comma, never across quotation marks or brackets, trimmed
    to words that may end a run."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, (w, a, _, compound) in enumerate(words):
        ok = not compound and _weak(w)
        if ok and cur and _RUN_JOIN.fullmatch(text[words[cur[-1]][2]:a]):
            cur.append(i)
            continue
        if cur:
            runs.append(cur)
        cur = [i] if ok else []
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and not _edge(words[run[0]][0]):
            run = run[1:]
        while run and not _edge(words[run[-1]][0]):
            run = run[:-1]
        if any(_strong(words[i][0]) for i in run):
            out.append(run)
    return out


def _english_inside(inner: str) -> bool:
    ws = [w for w, _, _, _ in _words(inner)]
    return bool(ws) and sum(_strong(w) for w in ws) * 2 >= len(ws)


class EnglishSpan(Check):
    """English words left in a German sentence.

    What it catches:
    A stretch of two or more English words inside German text: a clause the translation
    kept ("erklärte er, according to officials."), an untranslated phrase ("lobte die
    supply chain"), an editor's bracketed insertion from the English source ("[Russian
    President Vladimir] „Putin"). The word test is wordfreq (English far more frequent
    than German), the stretch comes from lingua restricted to German and English.

    Why it matters:
    The reader meets English in the middle of a German sentence; often the English words
    are also missing from the German meaning, because the translation skipped them.

    Flags:
    „Wir müssen die Kosten dafür erhöhen [Russian President Vladimir] „Putin und seine Ermöglichung autoritärer Drohungen, indem er der Ukraine die Unterstützung gibt, die sie braucht, um den Verlauf des Konflikts zu ändern“, sagte Rutte.

    Does not flag:
    Inzwischen gab der koreanische Geheimdienst, der National Intelligence Service, am
    Freitag bekannt, dass Nordkorea etwa 1.500 Soldaten nach Russland entsandt hat.
    (English proper names in title case, German compounds such as Social-Media-Fan, and a
    quotation that consists only of English words stay unflagged.)
    """

    code = "UNT001"
    name = "english-span"
    category = "untranslated"
    severity = "medium"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for a, b, _ in _remembered_spans(sentence.text):
            yield self.flag(sentence, a, b, f"English left untranslated: '{sentence.text[a:b]}'")


class EnglishWord(Check):
    """A single lowercase English word in a German sentence.

    What it catches:
    One English word written in lowercase inside German text ("weitere troops in die
    Region"). German writes nouns capitalised, so a lowercase word that wordfreq knows as
    common English and rare German is almost never a German word; loanwords German has
    taken in stay below the threshold (deadline, shutdown, meeting, online: their German
    frequency is close to the English one). Two or more English words in a row are
    UNT001's.

    Why it matters:
    A lone untranslated word is easy to miss in review and makes the sentence read as a
    careless draft; the German reader may not know the English term.

    Flags:
    Die Regierung kündigte an, weitere troops in die Region zu schicken.

    Does not flag:
    Inzwischen gab der koreanische Geheimdienst bekannt, dass Nordkorea Soldaten nach
    Russland entsandt hat, um dort militärisches Training zu erhalten.
    The lowercase glue of an English name in title case ("Fridays for Future", "The Body
    Keeps the Score").
    """

    code = "UNT002"
    name = "english-word"
    category = "untranslated"
    severity = "low"

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        text = sentence.text
        if not _suspicious(text, lowercase_only=True):
            return
        words = _words(text)
        hits = []
        for i, (w, a, b, compound) in enumerate(words):
            if compound or not w.islower() or len(w) < 3:
                continue
            if w in NAME_GLUE and _name_glue(words, i):
                # the glue of an English title-case name ("Fridays for Future", "Keeps the
                # Score"); German capitalises its nouns, so the neighbours must read as English
                continue
            en, lean = english_lean(w)
            if en >= WORD_EN and lean >= WORD_LEAN:
                hits.append((w, a, b))
        if not hits:
            return
        spans = _remembered_spans(text)
        for w, a, b in hits:
            if any(x <= a and b <= y for x, y, _ in spans) or _cited(text, a, b):
                continue
            yield self.flag(sentence, a, b, f"English word left untranslated: '{w}'")


def _name_glue(words: list[tuple[str, int, int, bool]], i: int) -> bool:
    """Is ``words[i]`` between two English title-case words, looking past the glue words
    next to it ("Queens of the Stone Age")?"""
    left = next((w for w, _, _, _ in reversed(words[:i]) if w not in NAME_GLUE), None)
    right = next((w for w, _, _, _ in words[i + 1:] if w not in NAME_GLUE), None)
    return all(n is not None and n[0].isupper() and english_lean(n)[1] > 0 for n in (left, right))


#: English abbreviations German news does not use, with the German one.
ACRONYMS: dict[str, str] = {
    "DPRK": "DVRK",
    "PRC": "VR China",
    "IMF": "IWF",
    "ECB": "EZB",
    "OSCE": "OSZE",
    "GDP": "BIP",
    "UNSC": "UN-Sicherheitsrat",
    "UNGA": "UN-Vollversammlung",
    "ICJ": "IGH",
}
_ACRONYM = re.compile(r"(?<![\w-])(" + "|".join(ACRONYMS) + r")(?![\w])")
_GERMAN_ACRONYM = re.compile(r"(?<![\w])(" + "|".join(re.escape(v) for v in ACRONYMS.values()) + r")(?![\w])")


class EnglishAcronym(Check):
    """An English abbreviation where German has its own (DPRK for DVRK).

    What it catches:
    Abbreviations from a short table of English forms that German news replaces with a
    German one: DPRK (DVRK), PRC (VR China), IMF (IWF), ECB (EZB), OSCE (OSZE), GDP (BIP),
    UNSC (UN-Sicherheitsrat), UNGA (UN-Vollversammlung), ICJ (IGH). Medium when the run
    itself uses the German form (then the text is inconsistent too, with the places as
    evidence), low otherwise. Abbreviations German shares with English (USA, NATO, UN,
    ICBM, CNN) are not in the table. This lives under untranslated rather than names
    because the cause is the same as for English words: the translation kept the source's
    form.

    Why it matters:
    German readers know the DVRK, not the DPRK; next to the German expansion
    ("Demokratische Volksrepublik Korea oder DPRK") the English letters do not even match.

    Flags:
    Die Demokratische Volksrepublik Korea oder DPRK ist der offizielle Name Nordkoreas.

    Does not flag:
    „Die DVRK und Russland sind zwei unabhängige souveräne Staaten.
    """

    code = "UNT003"
    name = "english-acronym"
    category = "untranslated"
    severity = "low"

    def facts(self, document: Document, corpus: Corpus) -> dict[str, list[Evidence]] | None:
        if document.language != "de":
            return None
        found: dict[str, list[Evidence]] = defaultdict(list)
        for s in document.sentences:
            for m in _GERMAN_ACRONYM.finditer(s.text):
                found[m.group()].append(Evidence(
                    text=s.text, document=document.id, sentence=s.index,
                    start=s.start + m.start(), end=s.start + m.end(), note=f"written '{m.group()}'"))
        return dict(found)

    def merge(self, facts: Sequence[dict[str, list[Evidence]] | None], corpus: Corpus) -> dict[str, list[Evidence]]:
        """German acronym -> every place the run writes it."""
        german: dict[str, list[Evidence]] = defaultdict(list)
        for found in facts:
            for acronym, places in (found or {}).items():
                german[acronym].extend(places)
        return dict(german)

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        for m in _ACRONYM.finditer(sentence.text):
            english = m.group()
            german = ACRONYMS[english]
            seen = (self.index or {}).get(german, [])
            if seen:
                docs = ", ".join(sorted({e.document for e in seen if e.document}))
                message = (f"'{english}' is the English abbreviation; this run writes '{german}' "
                           f"({len(seen)}× in {docs})")
                yield self.flag(sentence, m.start(), m.end(), message, evidence=seen[:5], severity="medium")
            else:
                yield self.flag(sentence, m.start(), m.end(),
                                f"'{english}' is the English abbreviation; German writes '{german}'")
