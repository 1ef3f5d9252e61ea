"""Name checks: one name spelled two ways within a document or across the run."""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..document import Document, Sentence
from ..parallel import CHUNK_CHARS
from ..text import names as nm
from ..text.pos import Token, tag_window, word_window
from .base import Check, Context, Corpus, Evidence, Finding
from .figures import same_story, story_words

# Capitalised words (letters only). A hyphen part that starts in lowercase belongs to the
# name ("Yong-hyun", "Jong-un"); a capitalised part starts a new word ("Kreml-Truppen" ->
# "Kreml", "Truppen"). Python's re has no \p{Lu}: the class lists the capitals of Latin,
# Greek and Cyrillic.
_CAPS = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
_LOWER = "".join(c for c in map(chr, range(0x61, 0x530)) if c.islower())
_NAME_WORD = re.compile(
    rf"(?<![^\W\d_])[{_CAPS}][^\W\d_]{{2,}}(?:-[{_LOWER}][^\W\d_]*)*(?![^\W\d_])"
    rf"|(?<![^\W\d_])[{_CAPS}][^\W\d_]?-[{_LOWER}][^\W\d_]*(?:-[{_LOWER}][^\W\d_]*)*"
)

#: A capitalised word right after one of these is a name even where HanTa disagrees
#: (it reads "Blinken" as a verb).
_TITLES = re.compile(
    r"(?:minister|ministerin|präsident|präsidentin|botschafter|botschafterin|sprecher|"
    r"sprecherin|sekretär|sekretärin|kanzler|kanzlerin|chef|chefin|general|bürgermeister|"
    r"machthaber|führer|reporter|reporterin|korrespondent|korrespondentin|herr|frau)$",
    re.IGNORECASE,
)
_NAME_TAGS = frozenset({"NE", "FM"})
#: at most this many sentences per spelling are POS-tagged to confirm it is a name
_TAG_SAMPLE = 3
#: windows per task when the tagging runs in the worker processes (``_tag_ahead``)
_TAG_CHUNK = 40
#: POS tagging costs ~1 ms a word against a budget of 0.5 ms a sentence for all text checks:
#: at most this many windows around a name per run (30 + 1 per 50 sentences), spent on the
#: likeliest pairs first (same skeleton, then highest similarity)
_TAG_BUDGET_BASE = 30
#: words tagged on each side of a name: HanTa's trigram model needs two words of context,
#: and a name of up to four words still fits around its first word (measured: 5 -> 3 made
#: the text-only checks 6% faster, with the same 183 flags on every shipped labeled set)
_WINDOW = 3
_TAG_BUDGET_PER = 50
_AFTER_ARTICLE = re.compile(
    r"\b(?:der|die|das|dem|den|des|ein|eine|einen|einem|einer|eines|im|am|zum|zur|vom|"
    r"beim|ins|kein|keine|keinen|keinem|keiner)\s+([^\W\d_]+(?:-[^\W\d_]+)*)",
    re.IGNORECASE,
)
#: a spelling class needs one spelling rarer than this in German (wordfreq zipf) to be
#: compared at all: "Einsatz"/"Einsätze" are common words, "Kislytsia" is not
_RARE_ZIPF = 3.0


@functools.lru_cache(maxsize=1 << 16)
def _is_rare(word: str) -> bool:
    """Whether a lowercased word is rarer than ``_RARE_ZIPF`` in German. Asked where the facts
    are made (a worker, which has wordfreq's list loaded for other checks), not in ``merge``:
    the list cost the audit process about 60 MB (traced) of its peak. Cached: a corpus repeats
    its words, and a lookup normalises the word each time."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de") < _RARE_ZIPF


@functools.lru_cache(maxsize=1 << 16)
def _is_rare_name(word: str) -> bool:
    """Whether a lowercased word is rarer than ``_RARE_NAME_ZIPF`` in German (see
    :func:`_one_bearer`); asked where the facts are made, as :func:`_is_rare`."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de") < _RARE_NAME_ZIPF


@dataclass(frozen=True)
class _Occurrence:
    doc: str
    sentence: int
    start: int  # relative to the sentence
    end: int


def _token_at(tokens: tuple[Token, ...], start: int) -> int | None:
    for i, t in enumerate(tokens):
        if t.start <= start < t.end:
            return i
    return None


def _is_name(tokens: tuple[Token, ...], i: int) -> bool:
    t = tokens[i]
    if t.pos in _NAME_TAGS:
        return True
    if i and t.pos != "NN" and t.text[:1].isupper():
        prev = tokens[i - 1]
        return prev.pos in _NAME_TAGS or bool(_TITLES.search(prev.text))
    return False


def _mention(text: str, tokens: tuple[Token, ...], i: int) -> tuple[int, int, str | None, str | None]:
    """Span of the whole name around token i (adjacent name tokens), and its neighbours."""
    lo = hi = i
    while lo > 0 and _is_name(tokens, lo - 1) and text[tokens[lo - 1].end:tokens[lo].start] == " ":
        lo -= 1
    while hi + 1 < len(tokens) and _is_name(tokens, hi + 1) and text[tokens[hi].end:tokens[hi + 1].start] == " ":
        hi += 1
    left = tokens[i - 1].text if i > lo else None
    right = tokens[i + 1].text if i < hi else None
    return tokens[lo].start, tokens[hi].end, left, right


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Spellings:
    """NAM001's facts of the run so far (``NameVariant.combine``)."""

    #: capitalised words as written, counted (grouped by lowercase once, in ``merge``: one
    #: flat counter per document folds in at C speed, a counter per word did not)
    spellings: Counter[str] = field(default_factory=Counter)
    #: lowercased words written after an article somewhere
    nouns: set[str] = field(default_factory=set)
    #: lowercased capitalised words rarer than ``_RARE_ZIPF`` in German
    rare: set[str] = field(default_factory=set)
    #: those rarer than ``_RARE_NAME_ZIPF``
    rare_names: set[str] = field(default_factory=set)
    #: (input) document index -> its story words (``figures.story_words``), for documents
    #: with a rare capitalised word (about 200 bytes each)
    stories: dict[int, bytes] = field(default_factory=dict)
    #: capitalised word as written -> the (input) indices of the documents that write it
    documents: dict[str, array] = field(default_factory=dict)
    #: documents folded in so far
    folded: int = 0


class NameVariant(Check):
    """One name spelled two ways in the run ("Kyslytsya" / "Kislytsia").

    What it catches:
    A person's or place's name written with two or more spellings across the documents of
    one run: transliteration variants (Kyslytsya / Kislytsia / Kislytsya, Kim Yong-hyun /
    Kim Jong-hyun, Yoon / Yun, Nowakowski / Nowakowsky), umlauts spelled out (Söder /
    Soeder) and letter swaps (Schneider / Schnieder). The minority spelling is flagged with
    the majority spelling and its count as evidence; when the spellings are equally
    frequent, all of them are flagged. Inflected forms count for their name (Putins ->
    Putin), case is ignored (WASHINGTON / Washington), and only words HanTa tags as proper
    nouns (or that follow a title such as Außenminister) are compared; a word the run writes
    after an article ("die Einsätze", "im Pentagon") is taken for a common noun, and at
    least one spelling must be rare in German (wordfreq), so two common surnames (Hofmann /
    Hoffmann) are two people. Spellings that differ only by a hyphen (Kim Jong Un / Kim
    Jong-un) are house style and not flagged. Short names need a shared neighbour as
    evidence (Kiew / Kiev alone are not paired). A name continued by a few letters is
    another name (Ludmil / Ludmila, Stefan / Stefani), and the masculine and feminine forms
    of a Slavic surname (Lewandowski / Lewandowska) are two people. Spellings that never
    meet in one document need positive evidence that they name one bearer: a shared
    neighbouring name part (Josef Hölzl / Josef Hoelzl), both spellings very rare in German
    (Kyslytsya / Kislytsia), or documents that tell one story (FIG001's story words); the
    obituary of "Nikolai Brenner" and a war ticker's "Nikolaj Petrow" name two people. With
    the source: a spelling the source document itself writes is the author's, kept
    faithfully, and not flagged.

    Why it matters:
    Machine translation transliterates a name anew in every sentence, so one ambassador
    appears under three spellings, and readers take them for different people; a variant
    can also swap one person for another (Kim Yong-hyun is the defence minister, Kim
    Tong-hyung an AP reporter).

    Flags:
    Kislytsia übermittelte dem UN-Sicherheitsrat eine Reihe von Zahlen und genauere Einzelheiten.
    (when another sentence of the run names "Sergei Kyslytsya")

    Does not flag:
    Die AP-Reporter Kim Tong-hyung in Seoul, Südkorea, Ilya Novikov in Kiew, Ukraine, und
    Edith M. Lederer bei den Vereinten Nationen trugen dazu bei.
    (next to "Kim Yong-hyun" and "Kim Jong-un": three different people)
    """

    code = "NAM001"
    name = "name-variant"
    category = "name"
    severity = "medium"

    def facts(self, document: Document, corpus: Corpus
              ) -> tuple[Counter[str], set[str], set[str], set[str], bytes] | None:
        """The document's capitalised words as written, counted, the words it
        writes after an article, counted at C speed, which of the capitalised words are
        rare in German and which very rare, and the document's story words (to tell
        whether two documents that spell a name two ways tell one story); positions are
        found later, in ``merge``, only for the few spellings that end up in a candidate
        pair."""
        if not self.applies_to(document, corpus):
            return None
        spellings = Counter(_NAME_WORD.findall(document.text))
        rare = {k for k in {w.lower() for w in spellings} if _is_rare(k)}
        return (spellings, {w.lower() for w in _AFTER_ARTICLE.findall(document.text)},
                rare, {k for k in rare if _is_rare_name(k)},
                corpus.memo(("story-words", document.id), lambda: story_words(document)) if rare else b"")

    def combine(self, total: _Spellings | None,
                facts: tuple[Counter[str], set[str], set[str], set[str], bytes] | None
                ) -> _Spellings:
        """One more document's facts (None: the check does not apply to it) folded into the
        run's spellings: all ``merge`` needs, and far smaller than every document's facts
        (those held 1.9 KB a sentence: German capitalises every noun)."""
        total = _Spellings() if total is None else total
        if facts is not None:
            total.spellings.update(facts[0])
            documents, folded = total.documents, total.folded
            for written in facts[0]:
                documents.setdefault(written, array("I")).append(folded)
            total.nouns |= facts[1]
            total.rare |= facts[2]
            total.rare_names |= facts[3]
            if facts[4]:
                total.stories[total.folded] = facts[4]
        total.folded += 1
        return total

    def merge(self, facts: Sequence[_Spellings | tuple[Counter[str], set[str], set[str], set[str], bytes] | None],
              corpus: Corpus
              ) -> dict[tuple[str, int], list[tuple[int, int, str, tuple[Evidence, ...]]]]:
        """The findings of the run, by (document id, sentence index). The pairing and its POS
        tagging run here, once: the tagging budget is the run's, spent on the likeliest pairs
        first. ``facts``: every document's, or the run's total (``combine``) alone."""
        self._findings: dict[tuple[str, int], list[tuple[int, int, str, tuple[Evidence, ...]]]] = {}
        docs = [d for d in corpus.documents if self.applies_to(d, corpus)]
        if len(facts) == 1 and isinstance(facts[0], _Spellings):
            total = facts[0]
        else:
            total = None
            for found in facts:
                total = self.combine(total, found)
        if total is None:
            return self._findings
        nouns = total.nouns
        # lowercased capitalised word -> its spellings as written (WASHINGTON / Washington)
        written_as: dict[str, list[str]] = defaultdict(list)
        for written in total.spellings:
            written_as[written.lower()].append(written)
        n_sentences = sum(len(d.sentences) for d in docs)

        # Spelling classes: a word and its inflected forms ("Putin", "Putins").
        keys = sorted(written_as, key=lambda k: (len(k), k))
        base_of: dict[str, str] = {}
        by_fold: dict[str, str] = {}
        for k in keys:
            f = nm.fold(k)
            base = next((by_fold[f[:len(f) - len(suf)]] for suf in nm.INFLECTIONS
                         if suf and f.endswith(suf) and f[:len(f) - len(suf)] in by_fold), None)
            base_of[k] = base_of.get(base, base) if base else k
            by_fold.setdefault(f, k)
        members: dict[str, list[str]] = defaultdict(list)
        for k, b in base_of.items():
            members[b].append(k)
        # A word written after an article somewhere in the run is a common noun ("die
        # Einsätze", "im Pentagon"): people's names are not, and dropping these first keeps
        # the pairs, and the POS tagging that confirms them, few.
        bases = sorted(b for b, ks in members.items() if not any(k in nouns for k in ks))

        pairs = self._pairs(bases)
        if not pairs:
            return self._findings

        # the base spelling only: a rare genitive ("Hoffmanns") must not make a common
        # surname rare
        pairs = [(a, b) for a, b in pairs if a in total.rare or b in total.rare]
        if not pairs:
            return self._findings
        needed = {k for pair in pairs for base in pair for k in members[base]}
        # only documents whose own spellings include a needed one can hold an occurrence
        holding = sorted({i for k in needed for w in written_as[k] for i in total.documents[w]})
        occurrences, sentences = _locate([corpus.documents[i] for i in holding], needed)

        mention_cache: dict[str, list[tuple[_Occurrence, int, int, str | None, str | None]] | None] = {}
        tagged: set[tuple[str, tuple[int, int]]] = set()
        budget = _TAG_BUDGET_BASE + n_sentences // _TAG_BUDGET_PER
        tags = self._tag_ahead(pairs, members, occurrences, sentences, budget)

        def mentions(base: str):
            """Name mentions of a spelling class, or None when HanTa says it is no name."""
            if base in mention_cache:
                return mention_cache[base]
            found = []
            is_name = False
            occs = [o for k in members[base] for o in occurrences[k]]
            for n, o in enumerate(occs):
                s = sentences[(o.doc, o.sentence)]
                window = word_window(s.text, o.start, o.end, _WINDOW, _WINDOW)
                key = (s.text, window)
                if n < _TAG_SAMPLE and (key in tagged or len(tagged) < budget):
                    tagged.add(key)
                    # the words around the name, not the sentence: HanTa's trigram model
                    # decides locally, and tagging costs about a millisecond a word
                    tokens = tags[key] if key in tags else tag_window(s.text, *window)
                    i = _token_at(tokens, o.start)
                    if i is not None and _is_name(tokens, i):
                        is_name = True
                        a, b, left, right = _mention(s.text, tokens, i)
                        found.append((o, a, b, left, right))
                        continue
                found.append((o, o.start, o.end, None, None))
            mention_cache[base] = found if is_name else None
            return mention_cache[base]

        index_of = {corpus.documents[i].id: i for i in holding}

        def story(doc_id: str) -> bytes:
            return total.stories.get(index_of[doc_id], b"")

        uf = _UnionFind()
        for a, b in pairs:
            ma, mb = mentions(a), mentions(b)
            if ma is None or mb is None or not _compatible(a, b, ma, mb):
                continue
            if not _one_bearer(a, b, ma, mb, total.rare_names, story):
                continue
            uf.union(a, b)

        groups: dict[str, list[str]] = defaultdict(list)
        for base in uf.parent:
            groups[uf.find(base)].append(base)
        for group in groups.values():
            if len(group) < 2:
                continue
            self._flag_group(group, members, occurrences,
                             lambda k: Counter({w: total.spellings[w] for w in written_as[k]}), mentions, sentences)
        return self._findings

    def _tag_ahead(self, pairs, members, occurrences, sentences, budget: int  # noqa: ANN001
                   ) -> dict[tuple[str, tuple[int, int]], tuple[Token, ...]]:
        """The POS tags ``merge``'s ``mentions`` will ask for, tagged beforehand through
        ``Check.parallel`` (in the worker processes of a corpus run): the same windows in the
        same order as ``mentions`` meets them (pairs in order, each base's first
        ``_TAG_SAMPLE`` occurrences, the first ``budget`` distinct windows), so the flags are
        the same. Profiled at 21k sentences, two workers: this tagging was 1.0 s of the audit
        process's serial reduce while both workers waited."""
        wanted: list[tuple[str, tuple[int, int]]] = []
        seen_windows: set[tuple[str, tuple[int, int]]] = set()
        seen_bases: set[str] = set()
        for pair in pairs:
            for base in pair:
                if base in seen_bases:
                    continue
                seen_bases.add(base)
                for o in [o for k in members[base] for o in occurrences[k]][:_TAG_SAMPLE]:
                    text = sentences[(o.doc, o.sentence)].text
                    key = (text, word_window(text, o.start, o.end, _WINDOW, _WINDOW))
                    if key not in seen_windows and len(seen_windows) < budget:
                        seen_windows.add(key)
                        wanted.append(key)
        # a window costs about 2.5 ms to tag whatever its sentence's length: chunks of
        # _TAG_CHUNK windows, not of characters
        sizes = [CHUNK_CHARS // _TAG_CHUNK] * len(wanted)
        return dict(zip(wanted, self.parallel(_tag_windows, wanted, sizes)))

    @staticmethod
    def _pairs(bases: list[str]) -> list[tuple[str, str]]:
        """Candidate pairs, likeliest first: the same skeleton, then by similarity."""
        by_skeleton: dict[str, list[str]] = defaultdict(list)
        by_block: dict[tuple[str, int], list[str]] = defaultdict(list)
        for b in bases:
            sk = "-".join(nm.skeleton(p) for p in b.split("-"))
            by_skeleton[sk].append(b)
            spelled = "-".join(nm.skeletons(p)[-1] for p in b.split("-"))
            if spelled != sk:
                by_skeleton[spelled].append(b)  # "Söder" also meets "Soeder"
            if "-" not in b and len(sk) >= nm.FUZZY_MIN_LEN:
                by_block[(sk[0], len(sk))].append(b)
        exact: set[tuple[str, str]] = set()
        for group in by_skeleton.values():
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if nm.variant(a, b):
                        exact.add((a, b))
        from rapidfuzz import process

        fuzzy: dict[tuple[str, str], float] = {}
        cutoff = nm.FUZZY_MIN_RATIO / 100
        for (initial, length), group in by_block.items():
            # ratio >= cutoff needs 2*min/(la+lb) >= cutoff: compare only lengths that allow it
            longer = [b for extra in range(0, 4) if 2 * length / (2 * length + extra) >= cutoff
                      for b in by_block.get((initial, length + extra), [])]
            if not longer or (len(group) < 2 and len(longer) < 2):
                continue
            rows = [nm.skeleton(b) for b in group]
            cols = [nm.skeleton(b) for b in longer]
            matrix = process.cdist(rows, cols, scorer=nm.fuzz.ratio, score_cutoff=nm.FUZZY_MIN_RATIO)
            for i, j in zip(*matrix.nonzero()):
                a, b = sorted((group[i], longer[j]))
                if a != b and (a, b) not in exact and nm.variant(a, b):
                    fuzzy[(a, b)] = float(matrix[i, j])
        return sorted(exact) + sorted(fuzzy, key=lambda p: (-fuzzy[p], p))

    def _flag_group(self, group, members, occurrences, spellings_of, mentions, sentences) -> None:
        counts = {b: sum(len(occurrences[k]) for k in members[b]) for b in group}
        top = max(counts.values())
        majority = [b for b in group if counts[b] == top]
        flagged = group if len(majority) > 1 else [b for b in group if counts[b] < top]

        def spelling(base: str) -> str:
            """The class's most frequent written form, as the whole name where tagged."""
            written = Counter(sentences[(o.doc, o.sentence)].text[a:b] for o, a, b, _, _ in mentions(base) or [])
            return (written or spellings_of(base)).most_common(1)[0][0]

        for base in flagged:
            others = [b for b in sorted(group, key=lambda b: -counts[b]) if b != base]
            summary = ", ".join(f"'{spelling(o)}' {counts[o]}× in {_documents(o, members, occurrences)}"
                                for o in others)
            evidence = []
            for o in others:
                for occ, a, b, _, _ in (mentions(o) or [])[:3]:
                    s = sentences[(occ.doc, occ.sentence)]
                    evidence.append(Evidence(
                        text=s.text, document=occ.doc, sentence=occ.sentence,
                        start=s.start + a, end=s.start + b, note=f"spelled '{spelling(o)}'",
                    ))
            kind = "equally often" if len(majority) > 1 else "elsewhere"
            seen: set[tuple[str, int, int, int]] = set()
            for occ, a, b, _, _ in mentions(base) or []:
                if (occ.doc, occ.sentence, a, b) in seen:
                    continue  # "Yong" and "Hyun" of one "Kim Yong-Hyun" share a mention
                seen.add((occ.doc, occ.sentence, a, b))
                s = sentences[(occ.doc, occ.sentence)]
                message = (f"'{s.text[a:b]}' here; {kind} {summary}: "
                           f"the same name spelled two ways?")
                self._findings.setdefault((occ.doc, occ.sentence), []).append(
                    (a, b, message, tuple(evidence)))

    def check(self, sentence: Sentence, ctx: Context) -> Iterator[Finding]:
        source = ctx.corpus.source_documents.get(ctx.document.id)
        for a, b, message, evidence in (self.index or {}).get((ctx.document.id, sentence.index), []):
            if source is not None and _written_in(sentence.text[a:b], source.text):
                continue  # the source spells it so: the variant is the author's, kept faithfully
            yield self.flag(sentence, a, b, message, evidence=evidence)


def _tag_windows(windows: list[tuple[str, tuple[int, int]]], _shared: object) -> list[tuple[Token, ...]]:
    """POS tags of ``(sentence, (start, end))`` windows (``NameVariant._tag_ahead``)."""
    return [tag_window(text, a, b) for text, (a, b) in windows]


def _written_in(spelling: str, text: str) -> bool:
    """Whether ``text`` has ``spelling`` as a word of its own (case as written)."""
    return re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", text) is not None


def _documents(base: str, members, occurrences, shown: int = 3) -> str:  # noqa: ANN001
    """Where a spelling occurs, for a message: the first few documents and how many more.
    Every one of them would make each message as long as the run (a name that recurs in
    thousands of documents gave every flag a list of thousands)."""
    docs = sorted({x.doc for k in members[base] for x in occurrences[k]})
    more = f" and {len(docs) - shown} more documents" if len(docs) > shown else ""
    return ", ".join(docs[:shown]) + more


def _locate(docs, needed: set[str]):
    """Occurrences of the given spellings (lowercased), and the sentences they are in."""
    occurrences: dict[str, list[_Occurrence]] = defaultdict(list)
    sentences: dict[tuple[str, int], Sentence] = {}
    # no prefilter: a case-insensitive alternation of the needed spellings took 7 times as
    # long as finding the capitalised words themselves (measured at 10,000 sentences)
    for doc in docs:
        for s in doc.sentences:
            for m in _NAME_WORD.finditer(s.text):
                key = m.group().lower()
                if key in needed:
                    occurrences[key].append(_Occurrence(doc.id, s.index, m.start(), m.end()))
                    sentences[(doc.id, s.index)] = s
    return occurrences, sentences


#: a name this rare in German (wordfreq zipf) in both spellings is taken for one bearer
#: across documents: rare names seldom belong to two people of one run by chance, common
#: ones (Nikolai / Nikolaj, Lewandowski) often do
_RARE_NAME_ZIPF = 1.5
#: documents per spelling compared for a shared story (a name in thousands of documents
#: would otherwise cost a million comparisons; its first documents tell its story)
_STORY_SAMPLE = 20


def _one_bearer(a: str, b: str, ma, mb, rare_names: set[str], story) -> bool:  # noqa: ANN001
    """Positive evidence that two spellings name one bearer: they meet in one document, share
    a neighbouring name part (Josef Hölzl / Josef Hoelzl), are both rare names (Kyslytsya /
    Kislytsia), or come from documents telling one story (FIG001's story words). Unrelated
    documents of a run name different people with related names ("der Schauspieler Nikolai
    Brenner" in an obituary, "Generaloberst Nikolaj Petrow" in a war ticker)."""
    docs_a = list(dict.fromkeys(m[0].doc for m in ma))
    docs_b = list(dict.fromkeys(m[0].doc for m in mb))
    if set(docs_a) & set(docs_b):
        return True
    for k in (3, 4):
        if {nm.skeleton(m[k]) for m in ma if m[k]} & {nm.skeleton(m[k]) for m in mb if m[k]}:
            return True
    if a in rare_names and b in rare_names:
        return True
    return any(same_story(story(x), story(y))
               for x in docs_a[:_STORY_SAMPLE] for y in docs_b[:_STORY_SAMPLE])


def _compatible(a: str, b: str, ma, mb) -> bool:
    """No conflicting neighbour: "Kim Jong Un" and "Kim Yong Chol" share "Kim" but their
    other parts differ, so Jong/Yong there are two names. Short names (skeleton under
    FUZZY_MIN_LEN letters) need one neighbour in common as positive evidence."""
    def sides(ms, k):
        return {nm.skeleton(m[k]) for m in ms if m[k]}

    shared = False
    for k in (3, 4):
        sa, sb = sides(ma, k), sides(mb, k)
        if sa and sb:
            if not sa & sb:
                return False
            shared = True
    if len(nm.skeleton(a.replace("-", ""))) < nm.FUZZY_MIN_LEN and "-" not in a:
        return shared
    return True
