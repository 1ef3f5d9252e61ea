"""Meaning checks: what text checks cannot see, seen through the model or the source text.

Two families. Model signals (MEA001, MEA002, MEA008) judge each sentence against the other
sentences of the run with the robust z-score rule of :mod:`auditor.signals`; they need the
back-translation and are skipped (the report says the model was unavailable) without it.
Source agreement (MEA003-MEA007, UNT004) needs the original text (``auditor audit T --source S``)
and the alignment of :mod:`auditor.align`; none of them needs a model.

Negation against the back-translation alone is deliberately no flag: the back-translation
of a German sentence renders that German sentence, so a mismatch there shows how the
model read it, not an error of the translation; it is kept as the ``bt_negation_agree``
signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from rapidfuzz import fuzz

from ..document import Sentence
from ..signals import RULES, OutlierRule, PoolStats, judge, pool_stats
from ..text.crosslingual import (NEGATION_WORDS, copied_words, name_in, negation_cues, numbers, optional_negation_cues,
                                 skeleton, soft_negation_count, source_names, source_person_names)
from ..text.figures import PREVIOUS_YEAR, SUPPORTED_LANGUAGES, conversion_aside, extract_figures
from ..text.names import NAME_GLUE
from .base import Check, Context, Evidence, Finding
from .boilerplate import AGENCIES


def _fmt(x: float) -> str:
    return f"{x:.2f}".replace("-", "\u2212")


class _SignalOutlier(Check):
    """Base for checks that flag a signal far below the corpus (see auditor.signals)."""

    rule: ClassVar[OutlierRule]
    requires = frozenset({"backtranslation"})
    languages = None
    #: how the message names the signal and its unit
    label: ClassVar[str]

    def __init__(self, options: dict | None = None) -> None:
        super().__init__(options)
        self._rule = self.rule.with_options(self.options)

    def merge(self, facts, corpus) -> PoolStats:
        """The run's pool of the signal (the signals are computed in the audit process, before
        the checks); a document's own pool is taken from its view where it is checked."""
        return pool_stats(corpus, self._rule)

    def applies_to(self, document, corpus) -> bool:
        return super().applies_to(document, corpus) and any(
            self.rule.signal in corpus.signals.get((document.id, s.index), {}) for s in document.sentences)

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        v = judge(ctx.corpus, self._rule, ctx.document.id, sentence.index, self.index)
        if v is None or not v.flagged:
            return
        doc_part = (f", z {_fmt(v.z_document)} within this document" if v.z_document is not None else "")
        yield self.flag(
            sentence, 0, len(sentence.text),
            f"{self.label} {_fmt(v.value)}, robust z {_fmt(v.z_corpus)} vs the corpus median "
            f"{_fmt(v.corpus.median)} ({v.corpus.count} sentences{doc_part}; flagged at |z| >= "
            f"{self._rule.z:g} and {self._rule.min_delta:g} from the median)",
        )


class LowConfidence(_SignalOutlier):
    """The model's back-translation of the sentence has unusually low probability.

    What it catches:
    Sentences whose back-translation's length-normalised log-probability (Seq-Logprob) lies
    far below the other sentences of the run: the model could not make sense of the German,
    which is what garbled, corrupted or half-translated sentences look like to it.

    Why it matters:
    Seq-Logprob is the strongest model-internal hallucination detector in Guerreiro et al.
    2023 (ROC AUC 83.0 on WMT18 de-en per Dale et al. 2023); a sentence the model cannot
    read is often one a reader cannot either.

    Flags:
    „Mehr Hilfe“ Er behauptete, selbst wenn er es bekäme, würde er in der Ukraine keinen Erfolg haben. (when its log-probability is an outlier of the run)

    Does not flag:
    Er wies darauf hin, dass noch unklar sei, ob nordkoreanische Soldaten in dem Krieg eingesetzt würden.

    Options:
    z (3.5), min_delta (0.5 nats per token from the median), min_pool (10 sentences),
    min_tokens (4): see auditor.signals.
    """

    code = "MEA001"
    name = "low-confidence"
    category = "meaning"
    severity = "medium"
    rule = RULES["bt_logprob_mean"]
    label = "back-translation log-prob per token"


class RoundtripLoss(_SignalOutlier):
    """The round trip German -> English -> German loses the sentence.

    What it catches:
    Sentences whose round trip (the back-translation translated back into the document
    language with the roundtrip model of models.yaml) scores a chrF against the original far
    below the other sentences of the run: meaning was lost on the way.

    Why it matters:
    A well-formed sentence survives a round trip through two good models with most of its
    character n-grams; one that does not usually has a broken structure or words the model
    misread.

    Flags:
    Umfassende strategische Partnerschaftsvereinbarung“ Es wurde vermerkt, dass es unterzeichnet war. (when its round-trip chrF is an outlier of the run)

    Does not flag:
    Das Pentagon gab gestern bekannt, dass Nordkorea etwa 3.000 Soldaten geschickt habe.

    Options:
    z (3.5), min_delta (15 chrF points), limit (60: never above this chrF), min_pool (10),
    min_tokens (4).
    """

    code = "MEA002"
    name = "roundtrip-loss"
    category = "meaning"
    severity = "medium"
    # the round trip doubles the model time; the engine runs it only for a check that asks
    requires = frozenset({"backtranslation", "roundtrip"})
    rule = RULES["roundtrip_chrf"]
    label = "round-trip chrF"


class SourceDivergence(_SignalOutlier):
    """The back-translation is far from the aligned source sentence.

    What it catches:
    In bilingual mode with a model: the chrF between the sentence's back-translation and its
    aligned source sentence(s) lies far below the other pairs of the run.

    Why it matters:
    The back-translation is a reading of the German; when it shares much less with the
    original than the other sentences do, the German says something else.

    Flags:
    Seoul lehnte den Vorschlag nicht ab. (source: "Seoul rejected the proposal.", when its chrF is an outlier of the run)

    Does not flag:
    Seoul lehnte den Vorschlag ab. (source: "Seoul rejected the proposal.")

    Options:
    z (3.5), min_delta (15 chrF points), limit (50: never above this chrF), min_pool (10),
    min_tokens (4).
    """

    code = "MEA008"
    name = "source-divergence"
    category = "meaning"
    severity = "medium"
    requires = frozenset({"backtranslation", "source"})
    rule = RULES["source_chrf"]
    label = "chrF of the back-translation against the source"


def _source_evidence(ctx: Context, sources: list[Sentence], note: str) -> list[Evidence]:
    doc = ctx.corpus.source_documents.get(ctx.document.id)
    doc_id = doc.id if doc else None
    return [Evidence(s.text, document=doc_id, sentence=s.index, start=s.start, end=s.end, note=note)
            for s in sources]


_ENGLISH_CONTRACTION = re.compile(r"\b[A-Za-z]+n['’]t\b")


def _bare(word: str) -> str:
    """A word compared without case or apostrophes ("don't" and "dont" are one)."""
    return word.lower().replace("'", "").replace("’", "")


def _pair_group(sentence: Sentence, ctx: Context):
    """The aligned pair of ``sentence`` with its source sentences and target group."""
    alignment = ctx.corpus.alignments.get(ctx.document.id)
    if alignment is None:
        return None
    pair = alignment.pair_of(sentence.index)
    if pair is None or not pair.source:
        return None
    sources = [alignment.source.sentences[i] for i in pair.source]
    targets = [ctx.document.sentences[i] for i in pair.target]
    return pair, sources, targets, alignment.source.language


class NegationMismatch(Check):
    """Negation in the source and not in the translation, or the other way round.

    What it catches:
    An aligned pair where one side has a grammatical negation (not, no, never, nobody, n't,
    also without the apostrophe: dont, didnt / nicht, kein, nie, niemand, nichts) and the
    other has none: "will not attend" translated as "wird teilnehmen", or "rejected"
    translated as "lehnten ... nicht ab". French negation is read as French writes it: "pas",
    "plus", "jamais", "rien", "personne", "aucun", "ni", "nul", "guère", "point" negate with a
    "ne"/"n'" of their clause ("n'a pas", "Personne n'a", "Aucun accord n'a été trouvé", "Nul
    ne sait"), besides the verbless "Pas de blessés", "Aucune victime", "Nul doute que" and
    "non" ("non coupable", "ou non").

    A lexical negation on the other side excuses the difference ("not clear" / "unklar",
    "without" / "ohne", "dislike" / "nicht mögen", "non-public" / "nicht öffentlich", "yet
    to" / "noch nicht", "declined to comment" / "wollte sich nicht äußern", "did not sign" /
    "verweigerte die Unterschrift"), but only when that side has more lexical negations than the side
    with the grammatical one: "never lost" / "immer verloren" keeps a lexical negation on
    both sides and is flagged. "rejected" is no negation, so "lehnten nicht ab" for it is
    flagged.

    Why it matters:
    A lost or added negation turns the statement into its opposite while the sentence reads
    perfectly well; no text-only check can see it.

    Flags:
    Seoul lehnte den Vorschlag nicht ab. (source: "Seoul rejected the proposal.")

    Does not flag:
    Der Minister wird nicht am Gipfel teilnehmen. (source: "The minister will not attend the summit.")
    Negations a faithful translation may keep or drop: "not only" / "nicht nur", "wie nie
    zuvor" (than ever), question tags and rhetorical questions ("isn't it?" / "oder?",
    "nicht wahr?", "wouldn't you know it"), "not ... until" / "erst", "konnte nicht anders,
    als"; a negation word the translation kept verbatim (a quoted English title: „No man is
    an island“). A negated phrase whose fixed counterpart on the other side is positive, and
    only with that counterpart: "not guilty" / "freigesprochen", "no change" / "unverändert",
    "not ... before" / "erst", "frühestens", "cannot be appealed" / "rechtskräftig", "no
    later than" / "spätestens", "too early to say" / "lässt sich noch nicht sagen" (but not
    "nicht zu früh"); see crosslingual._COUNTERPARTS. French words no "ne" licenses ("une
    personne", "un pas décisif", "le plus chaud jamais mesuré", "si jamais", "pas moins de",
    "sans eau ni électricité", "mieux que personne"), "ne ... que" and "ne ... plus que" ("nur (noch)"), the expletive "ne" ("plus
    qu'on ne le pensait", "avant qu'il ne"), litotes ("n'a pas manqué de saluer" /
    "würdigte"), "ne ... pas avant" / "frühestens", and French lexical negatives German
    renders with "nicht" ("resté muet", "injoignable", "en fuite", "invaincu", "annulé",
    "illégal", "inacceptable", "mécontent", "malhonnête"). English and German litotes, a
    negation before an affixed antonym, when the other side says the positive without
    either: "not unhappy" / "durchaus zufrieden", "nicht unerheblich" / "considerable"
    ("not unhappy" / "unglücklich" stays flagged).
    Product pages, manuals and reviews: "must not exceed" / "höchstens", "not ... unless" /
    "nur, wenn", "not removable" / "fest verbaut", "not covered" / "ausgeschlossen", "No
    more X" / "Schluss mit X", "couldn't be happier" / "rundum zufrieden", "Do not touch" /
    "Finger weg" (each only with its counterpart), "out of stock" / "nicht vorrätig", "when
    not in use" / "bei Nichtgebrauch" ("unplug", "disable", "uninstall" are verbs of
    reversal, no negation).
    Leaflets and labels: a bound said either way ("should not be taken for more than 3
    days" / "höchstens 3 Tage", "Store below 25°C" / "Nicht über 25 °C lagern", "do not
    store above 30°C" / "unter 30 °C lagern"), exposure ("do not expose to light" / "vor
    Licht schützen", "protect from light" / "nicht dem Licht aussetzen") and privative words
    counted like lexical negations on both sides ("Avoid alcohol" / "keinen Alkohol",
    "refrain from", "keep out of the sun", "contraindicated" / "darf nicht angewendet
    werden", "sugar-free" / "enthält keinen Zucker", "no symptoms" / "symptomfrei",
    "asymptomatic" / "keine Symptome"; "Avoid" / "Vermeiden Sie nicht" is still a flag).
    Spoken language: a negative pronoun with a clitic counts ("Nobody's perfect" / "Niemand
    ist perfekt"; "Jeder ist perfekt" is flagged), so do spoken German "nee", "nö", "nix",
    "nich" and French "T'inquiète"; stand-alone formulas ("No worries!", "No problem, ...",
    "Pas de souci", "None taken", "last but not least") may be rendered either way, and
    formulas with a positive German form answer only that form ("can't wait" / "freue mich
    auf", "don't forget" / "denk daran", "not at all" / "gern geschehen", "couldn't care
    less" / "egal"; "Don't forget it" / "Vergiss es" stays flagged); "out of stock", "ran
    out of", "I'm out of" / "ausverkauft", "uns ist ... ausgegangen" excuse like the other
    lexical negatives.
    """

    code = "MEA003"
    name = "negation-mismatch"
    category = "meaning"
    severity = "high"
    requires = frozenset({"source"})
    languages = frozenset({"de", "fr"})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        group = _pair_group(sentence, ctx)
        if group is None:
            return
        pair, sources, targets, src_lang = group
        if src_lang not in NEGATION_WORDS:
            return  # no word list for the source language: nothing to compare
        source_text = " ".join(s.text for s in sources)
        target_text = " ".join(t.text for t in targets)
        lang = ctx.document.language
        target_words = {_bare(m.group()) for m in _WORD.finditer(target_text)}
        # a negation word the translation kept verbatim (a quoted English title or motto,
        # "No man is an island"; "dont" kept as "don't") travelled with its polarity, and so
        # did the source's negation when the translation kept an English negative
        # contraction of its own (an untranslated clause: "Es doesn't Feature ...")
        all_cues = [c for s in sources for c in negation_cues(s.text, src_lang, target_text, lang)]
        cue_forms = {_bare(c.text) for c in all_cues}
        kept_english = 0 if src_lang != "en" else sum(
            1 for m in _ENGLISH_CONTRACTION.finditer(target_text) if _bare(m.group()) not in cue_forms)
        src_cues = [c for c in all_cues if _bare(c.text) not in target_words][kept_english:]
        src_any = any(negation_cues(s.text, src_lang) or optional_negation_cues(s.text, src_lang) for s in sources)
        own = negation_cues(sentence.text, lang, source_text, src_lang)
        group_any = any(negation_cues(t.text, lang) or optional_negation_cues(t.text, lang) for t in targets)
        quoted = ", ".join(f"'{c.text}'" for c in src_cues)
        # a lexical negation excuses a grammatical one on the other side only when it has no
        # lexical counterpart there itself: "never lost" / "immer verloren" is no excuse
        soft_src, soft_tgt = soft_negation_count(source_text, src_lang), soft_negation_count(target_text, lang)
        if (src_cues and not group_any and sentence.index == pair.target[0]
                and soft_tgt <= soft_src):
            yield self.flag(
                sentence, 0, len(sentence.text),
                f"the source is negated ({quoted}) but the translation has no negation word",
                evidence=_source_evidence(ctx, sources, "aligned source"),
            )
        elif own and not src_any and soft_src <= soft_tgt:
            yield self.flag(
                sentence, own[0].start, own[-1].end,
                f"'{own[0].text}' negates the translation but the source has no negation",
                evidence=_source_evidence(ctx, sources, "aligned source"),
            )


class Omission(Check):
    """A source sentence that has no counterpart in the translation.

    What it catches:
    Source sentences the alignment leaves without any target sentence. The flag sits on the
    target sentence nearest to the gap (the one before it; the one after it when the gap
    opens a paragraph); the evidence is the omitted source sentence with its offsets. A
    short dropped sentence next to its neighbour ("Do not blank me again. That is a
    violation." as "Das ist eine Verletzung.") counts too: the aligner splits a merge whose
    one sentence shares no word stem, number, name or negation with the German (see
    auditor.align._unmerge).

    Why it matters:
    MT systems and hurried post-editing drop sentences silently; a dropped sentence cannot
    be seen in the translation itself.

    Flags:
    Er sagte, es gebe Beweise. (source: "He said there was evidence. Some soldiers had moved to the border.")

    Does not flag:
    Er sagte, es gebe Beweise. Einige Soldaten seien an die Grenze verlegt worden. (same source)
    Two source sentences merged into one German sentence that keeps a stem, number, name or
    negation of each; a repeated short sentence joined ("Danke, danke." for "Thank you.
    Thank you."); a dropped sentence of one or two words (a greeting, a signature); a French
    sentence without a number, name or negation of its own merged into its neighbour ("La
    colère gronde. Les agriculteurs bloquent l'A6." as "Die Wut wächst: Landwirte blockieren
    die A6."): French shares too few word stems with German for their absence to prove
    anything.
    """

    code = "MEA004"
    name = "omission"
    category = "meaning"
    severity = "high"
    requires = frozenset({"source"})
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        omitted = ctx.corpus.memo(("omission-gaps", ctx.document.id), lambda: _gaps(ctx)).get(sentence.index)
        if not omitted:
            return
        first = omitted[0].text
        preview = first if len(first) <= 80 else first[:77] + "..."
        more = f" (and {len(omitted) - 1} more)" if len(omitted) > 1 else ""
        yield self.flag(
            sentence, 0, len(sentence.text),
            f"source sentence {omitted[0].index + 1} has no counterpart in the translation: "
            f"'{preview}'{more}",
            evidence=_source_evidence(ctx, omitted, "omitted source sentence"),
        )


def _gaps(ctx: Context) -> dict[int, list[Sentence]]:
    """The document's omitted source sentences, by the target sentence they fell next to."""
    gaps: dict[int, list[Sentence]] = {}
    alignment = ctx.corpus.alignments.get(ctx.document.id)
    for omitted, near in alignment.omissions() if alignment is not None else ():
        if near is not None:
            gaps.setdefault(near, []).append(omitted)
    return gaps


class Addition(Check):
    """A target sentence that has no counterpart in the source.

    What it catches:
    Target sentences the alignment leaves without any source sentence: text that the
    translation adds.

    Why it matters:
    Added sentences are either hallucinated by the MT system or inserted by an editor; both
    need checking against the original.

    Flags:
    Die Lage an der Front bleibt angespannt. (source: none of the source sentences says this)

    Does not flag:
    Austin sagte, die Soldaten könnten den Konflikt verlängern. (source: "Austin said the soldiers could prolong the conflict.")
    A credit line the translation adds ("Foto: dpa", "Übersetzung: Anna Berg", "Aus dem
    Englischen von Jan Roth"): attribution, not content.
    """

    code = "MEA005"
    name = "addition"
    category = "meaning"
    severity = "medium"
    requires = frozenset({"source"})
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        alignment = ctx.corpus.alignments.get(ctx.document.id)
        if alignment is None:
            return
        pair = alignment.pair_of(sentence.index)
        if pair is not None and not pair.source and not _CREDIT.fullmatch(sentence.text.strip()):
            yield self.flag(sentence, 0, len(sentence.text),
                            "this sentence has no counterpart in the source text")


_AGENCY = "|".join(sorted(AGENCIES))
# a credit line: photo, graphic, source, translator ("Foto: dpa", "Übersetzung: Anna Berg",
# "Aus dem Englischen von Jan Roth", "(dpa/AFP)")
_CREDIT = re.compile(
    r"(?:(?:Fotos?|Bild(?:er)?|Grafik|Video|Quelle|Text|Mitarbeit|Übersetzung|Übersetzt von|Redaktion)\s*:\s*"
    r"[^.!?:]{1,60}[.]?|Aus dem (?:Englischen|Französischen|Amerikanischen)(?: übersetzt)? von [^.!?]{1,60}[.]?|"
    rf"\(?(?:{_AGENCY})(?:\s*/\s*(?:{_AGENCY}))*\)?)",
    re.IGNORECASE)


_BRACKETED = re.compile(r"\(([^()]*\w[^()]*)\)|\[([^\[\]]*\w[^\[\]]*)\]")


# a stock code as news agencies write it: "(TSLA.O)", "(VOWG_p.DE)"; the English segmenter
# may end a sentence at its dot, and the aligned sentences are joined with a space
_TICKER = re.compile(r"[A-Z][A-Za-z0-9_]{0,6}\.\s?[A-Z]{1,3}")
# a US lawmaker's party and state: "(R-Texas)", "(D-N.Y.)"
_AFFILIATION = re.compile(r"[RDI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?")
_PARTY_WORDS = re.compile(r"republikan|demokrat|unabhängig|parteilos|républicain|démocrate", re.IGNORECASE)
# a French département's number after a place ("Saint-Denis (93)", "Ajaccio (2A)"): French
# readers locate the place by it, German ones by a region or nothing
_DEPARTEMENT = re.compile(r"0[1-9]|[1-8]\d|9[0-5]|97[1-6]|2[AB]")
# a reporting period's label, no number: "H1", "Q3", "FY23", "FY 2023"
_PERIOD_LABEL = re.compile(r"\b(?:H[12]|Q[1-4]|FY\s?(?:\d{2}|\d{4}))\b")
_PLACE_BEFORE = re.compile(r"\b[A-ZÀ-Ý][\w'’-]*\s*$")


def _incidental_aside(m: re.Match[str], source: str, language: str, target: str) -> bool:
    """An aside a translation may leave out without losing content: the abbreviation of the
    name before it ("European Central Bank (ECB)": German writes its own, EZB, or none), a
    stock code, the figure before it in another currency, unit or time zone ("£50,000
    (about $62,000)", "38C (100F)", "10:17 a.m. EDT (1417 GMT)"), a lawmaker's party and
    state where the translation names the party ("der Republikaner Ted Cruz"), a French
    département's number after a place ("Saint-Denis (93)"; "(93 morts)" is content)."""
    aside = (m.group(1) or m.group(2)).strip()
    if _TICKER.fullmatch(aside):
        return True
    if language == "fr" and _DEPARTEMENT.fullmatch(aside) and _PLACE_BEFORE.search(source, 0, m.start()):
        return True
    if _AFFILIATION.fullmatch(aside):
        return bool(_PARTY_WORDS.search(target))
    letters = re.sub(r"[^A-Za-z]", "", aside)
    if aside.isupper() and 2 <= len(letters) <= 8 and " " not in aside:
        words = [w for w in re.findall(r"[^\W\d_]+", source[max(0, m.start() - 120):m.start()])
                 if w.lower() not in NAME_GLUE]
        initials = "".join(w[0] for w in words if w[0].isupper()).upper()
        if initials.endswith(letters.upper()):
            return True
    if language in SUPPORTED_LANGUAGES:
        figures = extract_figures(source, language)
        inside = [f for f in figures if m.start() < f.start < m.end()]
        return bool(inside) and all(conversion_aside(f, source, figures) for f in inside)
    return False


def _unbalanced_bracket(text: str) -> int | None:
    """The offset of a bracket without its partner in ``text``, else None."""
    partner = {")": "(", "]": "["}
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append((ch, i))
        elif ch in partner:
            if not stack or stack[-1][0] != partner[ch]:
                return i
            stack.pop()
    return stack[0][1] if stack else None


class DroppedAside(Check):
    """A bracketed phrase of the source that the translation dropped.

    What it catches:
    An aligned pair whose source has more bracketed phrases than the translation, where the
    translation shows the loss: a bracket left without its partner ("(Ich möchte ..." for
    "(Laughter) I want ..."), or no bracket at all while a number or name of the bracketed
    phrase is missing from it too. An omission inside a sentence, which the sentence
    alignment (MEA004) cannot see.

    Why it matters:
    Asides carry dates, party affiliations, units and stage directions; a translation that
    drops one reads fluently, and a lone bracket is the only trace.

    Flags:
    (Er sagte, die Stadt werde das Bad sanieren. (source: "(Applause) He said the city would renovate the pool.")

    Does not flag:
    (Applaus) Er sagte, die Stadt werde das Bad sanieren. (source: "(Applause) He said the city would renovate the pool.")
    An aside turned into commas or a compound with its numbers and names kept ("Der CDU-Abgeordnete"
    for "The deputy (CDU)"); a translation that adds brackets. Asides a translation may leave
    out: the abbreviation of the name before it ("European Central Bank (ECB)"), a stock code
    ("(TSLA.O)"), the figure before it converted ("£50,000 (about $62,000)", "38C (100F)",
    "10 km (6 miles)", "10:17 a.m. EDT (1417 GMT)"), a lawmaker's party and state where the
    translation names the party ("(R-Texas)" as "der Republikaner"), a French département's
    number ("Saint-Denis (93)"). A period label ("H1", "Q3") is no number, and the year of a
    comparison may be said as "im Vorjahr".
    """

    code = "MEA007"
    name = "dropped-aside"
    category = "meaning"
    severity = "medium"
    requires = frozenset({"source"})
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        group = _pair_group(sentence, ctx)
        if group is None:
            return
        pair, sources, targets, src_lang = group
        if sentence.index != pair.target[0]:
            return  # one report per pair
        source_text = " ".join(s.text for s in sources)
        target_text = " ".join(t.text for t in targets)
        found = list(_BRACKETED.finditer(source_text))
        asides = [m.group(1) or m.group(2) for m in found]
        if len(asides) <= len(_BRACKETED.findall(target_text)):
            return
        lone = _unbalanced_bracket(sentence.text)
        start, end = (lone, lone + 1) if lone is not None else (0, len(sentence.text))
        if lone is None and not any(_unbalanced_bracket(t.text) is not None for t in targets):
            if _unbalanced_bracket(source_text) is not None or any(c in target_text for c in "()[]"):
                return
            # no bracket at all: only a number or name of the aside gone missing shows the loss
            target_numbers = set(numbers(target_text))
            relative_year = bool(PREVIOUS_YEAR.search(target_text))
            asides = [m.group(1) or m.group(2) for m in found
                      if not _incidental_aside(m, source_text, src_lang, target_text)]
            asides = [a for a in asides
                      if any(n not in target_numbers and not (relative_year and re.fullmatch(r"(?:19|20)\d\d", n))
                             for n in numbers(_PERIOD_LABEL.sub("", a)))
                      or any(not name_in(c.text, target_text) for c in source_names(a, src_lang))]
            if not asides:
                return
        preview = asides[0] if len(asides[0]) <= 60 else asides[0][:57] + "..."
        yield self.flag(
            sentence, start, end,
            f"the source's aside '({preview})' has no counterpart in the translation",
            evidence=_source_evidence(ctx, sources, "aligned source"),
        )


class NameMismatch(Check):
    """A person named in the source whose surname the translation does not contain.

    What it catches:
    People named in the aligned source sentence(s) — two or more capitalised words ending in
    a surname rare as an English word ("Kim Yong-hyun", "Olaf Scholz") — whose
    surname has no counterpart in the target sentence(s): "Kim Yong-hyun" translated as
    "Kim Jong-un". Matching is transliteration-aware (Selenskyj = Zelensky) and part by
    part for hyphenated names ("Jong-un" is not "Yong-hyun").

    Single capitalised words are not compared: in English they are as often sentence
    starts, demonyms ("German", "Swiss") or places with a German exonym ("Thuringia" /
    "Thüringen") as names, and measured on fourteen clean bilingual articles they gave 34
    false alarms and no true one. Names are looked for in the English source only (German
    capitalises every noun); a name that moved to a neighbouring target sentence is no
    mismatch.

    Why it matters:
    A changed name attributes a statement to the wrong person; it reads fluently and no
    text-only check can know which name is right.

    Flags:
    Austin traf Kim Jong-un im Pentagon. (source: "Austin met Kim Yong-hyun at the Pentagon.")

    Does not flag:
    Selenskyj sagte, Kiew sei bereit. (source: "Zelensky said Kyiv was ready.")
    """

    code = "MEA006"
    name = "name-mismatch"
    category = "meaning"
    severity = "medium"
    requires = frozenset({"source"})
    languages = None

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        group = _pair_group(sentence, ctx)
        if group is None:
            return
        pair, sources, targets, src_lang = group
        if sentence.index != pair.target[0]:
            return  # one report per pair
        target_text = " ".join(t.text for t in targets)
        # the neighbours too: a name that moved one sentence (a split, a reordering) is no error
        doc = ctx.document
        lo, hi = max(0, pair.target[0] - 1), min(len(doc.sentences), pair.target[-1] + 2)
        neighbourhood = " ".join(s.text for s in doc.sentences[lo:hi])
        seen: set[str] = set()
        for s in sources:
            for name in source_person_names(s.text, src_lang):
                surname = name.text.split()[-1]
                if surname in seen or name_in(surname, target_text) or name_in(surname, neighbourhood):
                    continue
                seen.add(surname)
                start, end = _name_span(name.text, sentence.text)
                yield self.flag(
                    sentence, start, end,
                    f"the source names {name.text}, but the translation has no '{surname}': "
                    "a changed or lost name?",
                    evidence=_source_evidence(ctx, sources, "aligned source"),
                )


_WORD = re.compile(r"\w+(?:[-']\w+)*")


def _name_span(name: str, text: str) -> tuple[int, int]:
    """Where the translation put the person: the word most like the surname, else the word
    after the first name ("Ivana Horvat" for "Ivana Marković"), else the whole sentence."""
    surname = name.split()[-1]
    span = _closest_word(surname, text)
    if span != (0, len(text)):
        return span
    words = list(_WORD.finditer(text))
    first = skeleton(name.split()[0])
    for m, nxt in zip(words, words[1:]):
        if skeleton(m.group()) == first and nxt.group()[:1].isupper():
            return nxt.start(), nxt.end()
    return span


def _closest_word(name: str, text: str) -> tuple[int, int]:
    """The span of the word most like ``name`` (a changed name), else the whole sentence."""
    key = skeleton(name)
    best, span = 0.0, (0, len(text))
    for m in _WORD.finditer(text):
        if not m.group()[:1].isupper():
            continue
        score = fuzz.ratio(key, skeleton(m.group()))
        if score > best:
            best, span = score, (m.start(), m.end())
    return span if best >= 60 else (0, len(text))


# "sogenannt" (or "so genannt") and up to two capitalised words of the term before the copied
# one: "das sogenannte Geofencing", "des sogenannten „Quiet Quitting“", "sogenanntes Deep
# Fake Porn"; not past the term ("seine sogenannten Entführer waren Patsies": the copy is
# outside it)
_SO_CALLED = re.compile(r"\b[Ss]o\s?genannt\w*\s+(?:[„“\"'‚‘»«]?[A-ZÄÖÜ][\w-]*[“”\"'‘’«»]?\s+){0,2}[„“\"'‚‘»«]?$")


class SourceCopy(Check):
    """Source words copied into the translation untranslated.

    What it catches:
    Lower-case words of the target sentence that occur verbatim in the aligned source and are
    English words, not German ones ("announced", "however", "troops"); also an English noun
    the translation copied and capitalised as German nouns are ("Ihre Bricks" for "your
    bricks"). A copy introduced by "sogenannt" ("das sogenannte Geofencing") names an
    English term on purpose: low.

    Why it matters:
    A copied source word is a segment the MT system gave up on; with the source at hand it
    is certain, not a guess from a language detector.

    Flags:
    Die Regierung announced neue Maßnahmen. (source: "The government announced new measures.")

    Does not flag:
    Die Regierung kündigte neue Maßnahmen an. (source: "The government announced new measures.")
    Words inside a web address, an e-mail address, an @handle or a #hashtag, which a
    translation keeps as they are ("Folgt mir auf Instagram: @lisa.travels").
    """

    # Untranslated text, found by comparing with the source; it lives with the bilingual
    # checks because it uses their alignment helpers.
    code = "UNT004"
    name = "source-copy"
    category = "untranslated"
    severity = "medium"
    requires = frozenset({"source"})
    languages = frozenset({"de", "fr", "es", "it", "nl", "sv", "pl", "ru"})

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        group = _pair_group(sentence, ctx)
        if group is None:
            return
        _, sources, _, src_lang = group
        source_text = " ".join(s.text for s in sources)
        names = source_names(source_text, src_lang)
        for cue in copied_words(source_text, sentence.text, ctx.document.language, names):
            # "das sogenannte Geofencing", "sogenanntes Quiet Quitting": the translation
            # names the English term as a term, on purpose (whether or not the source says
            # "so-called", "known as")
            introduced = bool(_SO_CALLED.search(sentence.text, 0, cue.start))
            yield self.flag(
                sentence, cue.start, cue.end,
                f"'{cue.text}' is copied untranslated from the source"
                + ("; introduced by 'sogenannt' as a term, likely on purpose" if introduced else ""),
                evidence=_source_evidence(ctx, sources, "aligned source"),
                severity="low" if introduced else None,
            )
