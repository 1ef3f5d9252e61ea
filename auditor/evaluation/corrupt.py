"""A corruption generator: inject labeled errors into clean German sentences.

Each injector takes one sentence (and what it may need: the next sentence, the aligned
English original, the other sentences of the document) and returns the corrupted sentence
with the span of the injected error, its category and severity, or None where it does not
apply. :func:`corrupt` walks a document, corrupts a share of its sentences, spreading the
injectors evenly, and returns the corrupted text plus one label per error and one ``clean``
label per untouched sentence. Everything random goes through one ``random.Random(seed)``,
so the same input and seed give the same output, byte for byte.

The injectors imitate the errors found in the seeds: lost thousands ("10 Soldaten" for
10.000), English separators ("14,000" reads as fourteen in German), changed figures, name
variants ("Kislytsia" for "Kyslytsya"), fused sentences, missing spaces ("UkraineWas"),
dropped verbs, dangling words ("teilnehmen werden November."), English phrases left in the
text, doubled words and flipped negations ("verschlechterten" for "vertieften").
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..text.pos import tag

_THOUSANDS = re.compile(r"(?<![\d.,:])(\d{1,3})((?:\.\d{3})+)(?![\d,]|\.\d)")
_DECIMAL = re.compile(r"(?<![\d.,:])(\d+),(\d+)(?![\d.,:])")
_NUMBER = re.compile(r"(?<![\d.,:])\d+(?:[.,]\d+)*(?![\d.,]?\d|:)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FINAL = re.compile(r"[.!?]$")

# Antonym pairs for meaning flips: each direction is a plausible mistranslation that turns
# the statement around (the seeds' "verschlechterten sich die Beziehungen" for "deepened").
# Only words whose swap keeps the sentence grammatical: "vor" (vor allem) or "legte" (legte
# zu) would turn into garbled text, a different category.
_ANTONYMS = {
    "mehr": "weniger", "weniger": "mehr", "stieg": "sank", "sank": "stieg",
    "gestiegen": "gesunken", "gesunken": "gestiegen", "höher": "niedriger",
    "größer": "kleiner", "größten": "kleinsten", "zufrieden": "unzufrieden",
    "begrüßte": "kritisierte", "kritisch": "wohlwollend", "verbessert": "verschlechtert",
    "erfolgreichste": "erfolgloseste", "zugesagt": "abgelehnt",
    "beschlossen": "abgelehnt", "gewonnen": "verloren", "siegte": "verlor",
    "teurer": "billiger", "schneller": "langsamer", "verstärkt": "abgeschwächt",
    "kräftig": "kaum", "früh": "spät", "erweitern": "verkleinern",
    "gut": "schlecht", "retten": "zerstören", "verlängert": "verkürzt",
}
_NEGATIONS = {"nicht": "", "kein": "ein", "keine": "eine", "keinen": "einen", "keinem": "einem",
              "nie": "immer", "niemals": "immer"}

# Fallback English when no aligned original is at hand: phrases MT leaves untranslated.
_ENGLISH = ("according to officials", "said in a statement", "on Tuesday", "as well as",
            "at the same time", "in the coming days")

# Transliteration-style respellings, the way one name drifts across translations.
_RESPELL = (("ie", "i"), ("y", "i"), ("k", "c"), ("tz", "z"), ("ph", "f"), ("sch", "sh"),
            ("ei", "ai"), ("w", "v"), ("ck", "k"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue"),
            ("j", "y"), ("i", "y"), ("c", "k"), ("é", "e"), ("ć", "c"), ("th", "t"), ("dt", "t"))
_RELATIVE = frozenset({"die", "der", "das", "den", "dem", "des"})


@dataclass(frozen=True)
class Injection:
    text: str
    start: int
    end: int
    category: str
    severity: str
    note: str
    #: the corrupted text replaces this many input sentences (2 for a fused pair)
    consumes: int = 1


@dataclass
class Situation:
    """What an injector may look at besides its sentence."""

    sentences: Sequence[str]
    index: int
    english: str | None
    #: capitalised words of the document that are names (seen in the English original too)
    names: frozenset[str] = field(default_factory=frozenset)
    headings: frozenset[int] = field(default_factory=frozenset)
    paragraphs: Sequence[int] = ()

    @property
    def next(self) -> str | None:
        i = self.index + 1
        if i >= len(self.sentences) or i in self.headings:
            return None
        if self.paragraphs and self.paragraphs[i] != self.paragraphs[self.index]:
            return None
        return self.sentences[i]


Injector = Callable[[str, random.Random, Situation], "Injection | None"]


def _pick(rng: random.Random, items: Sequence):
    return items[rng.randrange(len(items))] if items else None


def lost_thousands(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    m = _pick(rng, list(_THOUSANDS.finditer(s)))
    if m is None:
        return None
    new = m.group(1)
    text = s[:m.start()] + new + s[m.end():]
    return Injection(text, m.start(), m.start() + len(new), "figure", "high",
                     f"lost thousands: {m.group()} -> {new}")


def wrong_locale(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    options = [(m, m.group().replace(".", ","), "high", "English thousands separator (reads as a decimal)")
               for m in _THOUSANDS.finditer(s)]
    options += [(m, m.group().replace(",", "."), "medium", "English decimal point")
                for m in _DECIMAL.finditer(s)]
    choice = _pick(rng, options)
    if choice is None:
        return None
    m, new, severity, why = choice
    text = s[:m.start()] + new + s[m.end():]
    return Injection(text, m.start(), m.start() + len(new), "figure", severity, f"{why}: {m.group()} -> {new}")


def changed_number(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    m = _pick(rng, [m for m in _NUMBER.finditer(s) if not re.fullmatch(r"(19|20)\d\d", m.group())])
    if m is None:
        return None
    number = m.group()
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    i = _pick(rng, positions)
    digits = [d for d in "0123456789" if d != number[i] and not (d == "0" and i == 0)]
    new = number[:i] + _pick(rng, digits) + number[i + 1:]
    text = s[:m.start()] + new + s[m.end():]
    return Injection(text, m.start(), m.start() + len(new), "figure", "high", f"changed figure: {number} -> {new}")


def _respell(name: str, rng: random.Random) -> str | None:
    """A transliteration-style variant of ``name``, or None when no rule gives a plausible one."""
    variants = []
    for a, b in _RESPELL:
        for i in range(1, len(name)):
            if name[i:i + len(a)].lower() == a:
                v = name[:i] + b + name[i + len(a):]
                # "Gaugisch" -> "Gaugiskh", "Steincke" -> "Steincce" read as typos, not as spellings
                if not any(x in v.lower() and x not in name.lower() for x in ("cc", "kh", "kk", "yy", "ii")):
                    variants.append(v)
    if not variants:
        # no transliteration rule applies: undouble a doubled consonant ("Hollmann" ->
        # "Holmann"), else double a single one between vowels ("Brandhuber" -> "Brandhubber")
        variants = [name[:i] + name[i + 1:] for i in range(1, len(name) - 1)
                    if name[i] == name[i + 1] and name[i].isalpha()]
        variants = variants or [name[:i + 1] + name[i:] for i in range(1, len(name) - 1)
                                if name[i] in "bdfgklmnprt" and name[i - 1] in "aeiouäöüy"
                                and name[i + 1] in "aeiouäöüy"]
    return _pick(rng, sorted(set(variants)))


def name_variant(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    found = [m for m in _WORD.finditer(s) if m.group() in sit.names and m.start() > 0]
    # a name that occurs elsewhere in the document is the detectable kind: the variant
    # contradicts the other spelling
    elsewhere = [m for m in found if sum(m.group() in t for t in sit.sentences) > 1]
    m = _pick(rng, elsewhere or found)
    if m is None:
        return None
    new = _respell(m.group(), rng)
    if new is None or new == m.group():
        return None
    text = s[:m.start()] + new + s[m.end():]
    return Injection(text, m.start(), m.start() + len(new), "name", "medium", f"name variant: {m.group()} -> {new}")


def fused_sentences(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    nxt = sit.next
    if nxt is None or not _FINAL.search(s) or not nxt[:1].isupper():
        return None
    head = s[:-1]
    last = re.search(r"\S+$", head)
    first = re.match(r"\S+", nxt)
    if last is None or first is None:
        return None
    text = f"{head} {nxt}"
    start, end = last.start(), len(head) + 1 + first.end()
    return Injection(text, start, end, "garbled", "high", "fused sentences: final punctuation dropped", consumes=2)


def missing_space(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    spaces = [m for m in re.finditer(r"(?<=[^\W\d_]) (?=[A-ZÄÖÜ][a-zäöüß])", s)]
    m = _pick(rng, spaces)
    if m is None:
        return None
    text = s[:m.start()] + s[m.end():]
    left = re.search(r"[^\W\d_]+$", s[:m.start()])
    right = re.match(r"[^\W\d_]+", s[m.end():])
    start = left.start()
    end = m.start() + right.end()
    return Injection(text, start, end, "garbled", "medium", "missing space between two words")


def dropped_verb(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    tokens = tag(s)
    verbs = [i for i, t in enumerate(tokens) if t.is_finite_verb and 0 < i < len(tokens) - 1]
    i = _pick(rng, verbs)
    if i is None:
        return None
    verb, before, after = tokens[i], tokens[i - 1], tokens[i + 1]
    text = s[:verb.start].rstrip() + " " + s[verb.end:].lstrip()
    if after.text in ",.;:!?“”\"»«)":  # no space before punctuation or a closing quote
        text = s[:verb.start].rstrip() + s[verb.end:]
    start = before.start
    gap = len(s[:verb.start].rstrip())
    end = text.find(after.text, gap) + len(after.text)
    return Injection(text, start, end, "garbled", "high", f"dropped finite verb '{verb.text}'")


def dangling_word(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    if not _FINAL.search(s) or s[-2:-1] in "“”\"'»«)":
        return None
    tokens = tag(s)
    nouns = [i for i, t in enumerate(tokens) if t.pos == "NN" and 0 < i < len(tokens) - 3]
    i = _pick(rng, nouns)
    if i is None:
        return None
    noun = tokens[i]
    cut_start = tokens[i - 1].start if tokens[i - 1].pos == "ART" else noun.start
    body = (s[:cut_start].rstrip() + " " + s[noun.end:].lstrip()) if s[noun.end:noun.end + 1] == " " else (
        s[:cut_start].rstrip() + s[noun.end:])
    body = body[:-1].rstrip()
    text = f"{body} {noun.text}{s[-1]}"
    start = len(body) + 1
    return Injection(text, start, start + len(noun.text), "garbled", "medium",
                     f"dangling word: '{noun.text}' moved after the final verb")


def english_phrase(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    words = list(_WORD.finditer(s))
    if len(words) < 6:
        return None
    german = {w.lower() for w in _WORD.findall(s)}
    # whitespace tokens keep "Ethiopia's" whole; a phrase must carry at least two English
    # words that are not also in the German sentence (names read the same in both)
    tokens = [t.strip(".,;:!?\"“”()") for t in (sit.english or "").split()]
    phrase = None
    for _ in range(12):
        n = rng.randint(3, 5)
        if len(tokens) < n + 2:
            break
        j = rng.randrange(1, len(tokens) - n)
        cand = tokens[j:j + n]
        foreign = [t for t in cand if t.islower() and t.lower() not in german]
        if all(re.fullmatch(r"[A-Za-z']+", t) for t in cand) and len(foreign) >= 2:
            phrase = " ".join(cand)
            break
    if phrase is None:
        phrase = _pick(rng, _ENGLISH)
    n = min(len(phrase.split()), len(words) - 3)
    i = rng.randrange(1, len(words) - n)
    a, b = words[i].start(), words[i + n - 1].end()
    text = s[:a] + phrase + s[b:]
    return Injection(text, a, a + len(phrase), "untranslated", "high", f"English left in: {phrase!r} for {s[a:b]!r}")


def duplicated_word(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    words = [m for m in _WORD.finditer(s) if len(m.group()) >= 3
             and not (m.group().lower() in _RELATIVE and re.search(r"[,–—-]\s*$", s[:m.start()]))]
    m = _pick(rng, words)
    if m is None:
        return None
    w = m.group()
    text = s[:m.end()] + " " + w + s[m.end():]
    return Injection(text, m.start(), m.end() + 1 + len(w), "repetition", "medium", f"duplicated word '{w}'")


def negation_flip(s: str, rng: random.Random, sit: Situation) -> Injection | None:
    words = list(_WORD.finditer(s))
    negations = [m for m in words if m.group().lower() in _NEGATIONS]
    antonyms = [m for m in words if m.group() in _ANTONYMS]
    m = _pick(rng, negations) if negations else _pick(rng, antonyms)
    if m is not None:
        old = m.group()
        new = _NEGATIONS.get(old.lower(), None) if negations else _ANTONYMS[old]
        if new == "":  # removing "nicht": the span runs from the word before the gap to the word after
            head = s[:m.start()].rstrip()
            tail = s[m.end():].lstrip()
            text = f"{head} {tail}"
            left = re.search(r"\S+$", head)
            right = re.match(r"[^\s,.;:!?]+", tail)
            if left is None or right is None:
                return None
            return Injection(text, left.start(), len(head) + 1 + right.end(), "meaning", "high",
                             f"negation removed: '{old}'")
        if old[:1].isupper():
            new = new[:1].upper() + new[1:]
        text = s[:m.start()] + new + s[m.end():]
        return Injection(text, m.start(), m.start() + len(new), "meaning", "high", f"meaning flipped: '{old}' -> '{new}'")
    tokens = tag(s)
    verbs = [t for t in tokens if t.is_finite_verb]
    if not verbs:
        return None
    verb = verbs[0]
    text = s[:verb.end] + " nicht" + s[verb.end:]
    return Injection(text, verb.end + 1, verb.end + 6, "meaning", "high", f"negation inserted after '{verb.text}'")


INJECTORS: dict[str, Injector] = {
    "lost-thousands": lost_thousands,
    "wrong-locale": wrong_locale,
    "changed-number": changed_number,
    "name-variant": name_variant,
    "fused-sentences": fused_sentences,
    "missing-space": missing_space,
    "dropped-verb": dropped_verb,
    "dangling-word": dangling_word,
    "english-phrase": english_phrase,
    "duplicated-word": duplicated_word,
    "negation-flip": negation_flip,
}


# Injectors that apply to few sentences (a figure with thousands, a name) go first among the
# equally used ones; otherwise the common injectors take their sentences and figure errors,
# the ones the seeds are about, stay rare in the generated sets.
_SCARCITY = {"lost-thousands": 0, "wrong-locale": 0, "name-variant": 0, "changed-number": 1, "fused-sentences": 1}


def select_injectors(keys: Sequence[str] = ()) -> list[str]:
    """Injector names chosen by name or by the category of the errors they make."""
    if not keys:
        return list(INJECTORS)
    category = {"lost-thousands": "figure", "wrong-locale": "figure", "changed-number": "figure",
                "name-variant": "name", "fused-sentences": "garbled", "missing-space": "garbled",
                "dropped-verb": "garbled", "dangling-word": "garbled", "english-phrase": "untranslated",
                "duplicated-word": "repetition", "negation-flip": "meaning"}
    chosen = [n for n in INJECTORS if n in keys or category[n] in keys]
    unknown = [k for k in keys if k not in INJECTORS and k not in category.values()]
    if unknown:
        raise ValueError(f"unknown injector or category: {unknown[0]!r} (known: {', '.join(INJECTORS)})")
    return chosen


def document_names(sentences: Sequence[str], english: Sequence[str] | None) -> frozenset[str]:
    """Capitalised words that are names: spelled the same in the English original.

    Without an original, a capitalised word that never starts a sentence and is not a
    common German word (wordfreq) is taken for a name.
    """
    words = {w for s in sentences for w in _WORD.findall(s) if w[:1].isupper() and len(w) > 2}
    from wordfreq import zipf_frequency

    if english:
        # spelled the same in the English original, and not a common English word there
        # ("League", "Champions" are words that happen to be capitalised)
        english_words = {w for s in english for w in _WORD.findall(s)}
        return frozenset(w for w in words if w in english_words and zipf_frequency(w.lower(), "en") < 4.0)

    return frozenset(w for w in words if zipf_frequency(w, "de") < 3.0)


def corrupt(
    sentences: Sequence[str],
    seed: int | str,
    categories: Sequence[str] = (),
    *,
    english: Sequence[str] | None = None,
    paragraphs: Sequence[int] | None = None,
    headings: Sequence[int] = (),
    document: str = "doc",
    rate: float = 0.6,
) -> tuple[str, list[dict]]:
    """Corrupt a share ``rate`` of the sentences; return the text and its label records.

    ``english``: the aligned English original, sentence by sentence (names and English
    phrases come from it). ``paragraphs``: paragraph number per sentence (sentences of one
    paragraph share a line). ``headings``: indices left untouched. Injectors are spread
    evenly: each corrupted sentence gets the least-used injector that applies to it.
    """
    rng = random.Random(seed)
    names = select_injectors(categories)
    paragraphs = list(paragraphs) if paragraphs is not None else [0] * len(sentences)
    if english is not None and len(english) != len(sentences):
        english = None
    sit_base = dict(sentences=sentences, names=document_names(sentences, english),
                    headings=frozenset(headings), paragraphs=paragraphs)
    used = {n: 0 for n in names}
    pieces: list[tuple[int, str, Injection | None, str | None]] = []  # (paragraph, text, injection, injector)
    i = 0
    while i < len(sentences):
        s = sentences[i]
        injection = chosen = None
        if i not in headings and rng.random() < rate:
            order = sorted(names, key=lambda n: (used[n], _SCARCITY.get(n, 2), rng.random()))
            sit = Situation(index=i, english=english[i] if english else None, **sit_base)
            for n in order:
                injection = INJECTORS[n](s, rng, sit)
                if injection is not None and n != "duplicated-word" and _doubled(injection.text) > _doubled(s):
                    # "in einem Wohnblock in Zagreb" minus the noun is "in in Zagreb": a second,
                    # unlabeled error; the sentence goes to the next injector instead
                    injection = None
                if injection is not None:
                    chosen = n
                    used[n] += 1
                    break
        if injection is None:
            pieces.append((paragraphs[i], s, None, None))
            i += 1
        else:
            pieces.append((paragraphs[i], injection.text, injection, chosen))
            i += injection.consumes

    text_parts: list[str] = []
    records: list[dict] = []
    pos = 0
    previous_paragraph = None
    for paragraph, s, injection, injector in pieces:
        if previous_paragraph is not None:
            sep = " " if paragraph == previous_paragraph else "\n"
            text_parts.append(sep)
            pos += 1
        previous_paragraph = paragraph
        if injection is None:
            records.append({"document": document, "start": pos, "end": pos + len(s), "label": "clean"})
        else:
            records.append({"document": document, "start": pos + injection.start, "end": pos + injection.end,
                            "label": "error", "category": injection.category, "severity": injection.severity,
                            "note": injection.note, "injector": injector})
        text_parts.append(s)
        pos += len(s)
    text = "".join(text_parts) + "\n"
    for rec in records:
        rec["anchor"] = text[rec["start"]:rec["end"]]
        occurrence = _occurrence(text, rec["anchor"], rec["start"])
        if occurrence > 1:
            rec["occurrence"] = occurrence
    return text, [_ordered(r) for r in records]


_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def _doubled(text: str) -> int:
    return len(_DOUBLED.findall(text))


def _occurrence(text: str, anchor: str, start: int) -> int:
    """Which occurrence of ``anchor`` starts at ``start``, counted as the label loader counts."""
    n, pos = 0, -1
    while True:
        pos = text.find(anchor, pos + 1)
        n += 1
        if pos == start or pos < 0:
            return n


_KEY_ORDER = ("document", "anchor", "occurrence", "start", "end", "label", "category", "severity", "note", "injector")


def _ordered(rec: dict) -> dict:
    return {k: rec[k] for k in _KEY_ORDER if k in rec}


def corrupt_file(path: str | Path, seed: int | str, categories: Sequence[str] = (), variants: int = 1,
                 rate: float = 0.6) -> list[tuple[str, str, list[dict]]]:
    """Corrupt one clean German text file ``<id>.de.txt`` (or ``<id>.txt``).

    Its English original ``<id>.en.txt`` next to it, when its sentences align one to one,
    supplies names and English phrases. Returns ``(document id, text, records)`` per variant;
    variant k of a file is seeded by ``"{seed}:{id}:{k}"``, so adding a file changes no other.
    """
    from ..segment import segment

    path = Path(path)
    doc_id = path.name.removesuffix(".txt").removesuffix(".de")
    text = path.read_text("utf-8")
    sents = segment(text, "de")
    en_path = path.with_name(f"{doc_id}.en.txt")
    english = None
    if en_path.is_file():
        en = segment(en_path.read_text("utf-8"), "en")
        if len(en) == len(sents):
            english = [s.text for s in en]
    out = []
    for k in range(1, variants + 1):
        name = doc_id if variants == 1 else f"{doc_id}-v{k}"
        corrupted, records = corrupt(
            [s.text for s in sents], f"{seed}:{doc_id}:{k}", categories, english=english,
            paragraphs=[s.paragraph for s in sents], headings=[s.index for s in sents if s.is_heading],
            document=name, rate=rate)
        out.append((name, corrupted, records))
    return out
