"""Sentence segmentation with character offsets.

Lines first: every non-empty line is a paragraph of its own (the seeds, like most exported
news text, put one paragraph on a line), and a line without final punctuation is a heading
and one sentence. Then SoMaJo (``de_CMC``; measured on the seeds: 0 wrong and 0 missed
splits, where sentencex missed 2 and pysbd split "am 27.| und 28. Oktober") splits each line
into sentences, keeping character offsets.

One guard on top of SoMaJo: it matches its abbreviation list case-insensitively, so
"Italien." "Japan." "Iran." (the list has the adjective abbreviations "italien." "japan."
"iran.") never end a sentence. We split there again when the token matches the list only
when lowercased and the next token starts with a capital letter.

Bounded work: SoMaJo's time and memory grow faster than the length of the text it is given
(measured: a 10 MB line ran 45 minutes and took 5.3 GB). A line longer than PIECE characters
is therefore tokenized in windows: each window's sentences but the last are kept, and the
next window starts where that last (possibly cut) sentence starts, so every boundary inside
a window is SoMaJo's own. A sentence that fills a whole window, and any sentence longer than
``max_sentence``, is cut at the last whitespace before the limit (never inside a word; a
run of more than ``max_sentence`` characters without whitespace is no word of any language
and is cut at the limit). Offsets stay exact: ``text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources

from .document import Sentence

#: longest stretch of one line given to SoMaJo at once (characters)
PIECE = 8000
#: default longest sentence (characters); ``auditor audit --max-sentence``
MAX_SENTENCE = 2000

_FINAL_PUNCT = re.compile(r"[.!?:;…]['\"“”„«»‹›’)\]]*\s*$")
_TOKENIZERS: dict[str, object] = {}

# SoMaJo ships tokenizers for German and English; other languages are segmented with the
# German model, which knows the common European punctuation conventions.
_SOMAJO_LANG = {"de": "de_CMC", "en": "en_PTB"}


def _tokenizer(language: str):
    name = _SOMAJO_LANG.get(language, "de_CMC")
    tok = _TOKENIZERS.get(name)
    if tok is None:
        from somajo import SoMaJo

        tok = SoMaJo(name, split_camel_case=False, character_offsets=True)
        _fast_emoji_split(tok._tokenizer)  # noqa: SLF001
        _abbreviations_in_dotted_runs(tok._tokenizer, name)  # noqa: SLF001
        _plus_ampersand_tokens_where_possible(tok._tokenizer)  # noqa: SLF001
        _compile_alignment_patterns()
        _direct_offsets_for_nfc_text()
        _TOKENIZERS[name] = tok
    return tok


def _fast_emoji_split(tokenizer) -> None:  # noqa: ANN001 (somajo.tokenizer.Tokenizer)
    """Give SoMaJo's tokenizer an emoji split that compiles its patterns once.

    SoMaJo 2.5.0's ``Tokenizer._split_emojis`` calls module-level ``regex.search`` with a
    pattern string for every grapheme of every token; each such call goes through the
    ``regex`` module's pattern cache and its flag checks, which cost more than the search.
    Profiled, that was 40 % of all segmentation time (a third of a corpus audit). This is the
    same loop with the patterns compiled once, and skipped for a token that holds no
    character of the emoji classes at all (no grapheme of it can match then). Set on our
    instance only, so SoMaJo itself is untouched; ``tests/test_segment.py`` checks that the
    tokens are the same as SoMaJo's own, emoji sequences included. Falls back to SoMaJo's
    method if a later SoMaJo renames what it relies on.
    """
    import regex

    split_on_boundaries = getattr(tokenizer, "_split_on_boundaries", None)
    if split_on_boundaries is None or not hasattr(tokenizer, "_split_emojis"):
        return
    any_emoji = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
    single = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]")
    grapheme = regex.compile(r"\X")

    def split_emojis(node, token_class: str = "emoticon") -> None:  # noqa: ANN001
        text = node.value.text
        boundaries: list[tuple[int, int, str | None]] = []
        if any_emoji.search(text):
            for m in grapheme.finditer(text):
                pattern = any_emoji if m.end() - m.start() > 1 else single
                if pattern.search(m.group()):
                    boundaries.append((m.start(), m.end(), None))
        split_on_boundaries(node, boundaries, token_class)

    tokenizer._split_emojis = split_emojis  # noqa: SLF001


#: a whitespace-free run of characters holding a full stop, from its start to its end
_DOTTED_RUN = r"(?<!\S)\S*\.\S*"


class _DottedRuns:
    """SoMaJo's abbreviation pattern, searched only inside whitespace-free runs with a full stop.

    ``Tokenizer._split_abbreviations`` runs one pattern, an alternation of SoMaJo's 1,100
    abbreviations, over the whole remaining text; trying it at every word was a third of
    SoMaJo's own time, profiled. Every alternative holds a full stop and no whitespace
    (checked when it is installed, ``_abbreviations_in_dotted_runs``), so every match lies
    inside one such run; searched there with ``pos``/``endpos`` (its look-behind and
    look-ahead meet whitespace or the run at both ends, as in the whole text) it gives
    the same matches. Anything but a plain ``finditer(text)`` goes to the pattern.
    """

    def __init__(self, pattern) -> None:  # noqa: ANN001 (a compiled regex pattern)
        import regex

        self._pattern = pattern
        self._runs = regex.compile(_DOTTED_RUN)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._pattern, name)

    def finditer(self, string, *args, **kwargs):  # noqa: ANN001, ANN201
        if args or kwargs or not isinstance(string, str):
            return self._pattern.finditer(string, *args, **kwargs)
        return self._in_runs(string)

    def _in_runs(self, string: str) -> Iterator:
        finditer = self._pattern.finditer
        for run in self._runs.finditer(string):
            yield from finditer(string, run.start(), run.end())


def _abbreviations_in_dotted_runs(tokenizer, name: str) -> None:  # noqa: ANN001
    """Give our tokenizer the abbreviation search of ``_DottedRuns`` where its premise holds:
    SoMaJo's pattern has the shape this was written for and every abbreviation of its list
    holds a full stop and no whitespace. Otherwise SoMaJo's own search stays."""
    import regex
    from somajo import utils

    pattern = getattr(tokenizer, "abbreviation", None)
    source = getattr(pattern, "pattern", "")
    if not (source.startswith(r"(?<![\p{L}.])(?:(?:(?:\p{L}\.){2,})|")
            and source.endswith(r")+(?!\p{L}{1,3}\.)")):
        return
    try:
        entries = utils.read_abbreviation_file(f"abbreviations_{name[:2]}.txt", to_lower=True)
    except OSError:
        return
    space = regex.compile(r"\s")
    if entries and all("." in e and not space.search(e) for e in entries):
        tokenizer.abbreviation = _DottedRuns(pattern)


class _WhereAnyOf:
    """A pattern each of whose matches holds one of ``chars``: a text holding none of them
    has no match, and is not searched (SoMaJo tries its tokens with "+" or "&", "Google+",
    "Strg+Alt+Entf", at every word of every text: 7 % of its time, profiled on lines
    seen once). Anything but a plain ``finditer(text)`` goes to the pattern."""

    def __init__(self, pattern, chars: str) -> None:  # noqa: ANN001 (a compiled regex pattern)
        self._pattern = pattern
        self._chars = chars

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._pattern, name)

    def finditer(self, string, *args, **kwargs):  # noqa: ANN001, ANN201
        if not args and not kwargs and isinstance(string, str) and not any(c in string for c in self._chars):
            return iter(())
        return self._pattern.finditer(string, *args, **kwargs)


def _plus_ampersand_tokens_where_possible(tokenizer) -> None:  # noqa: ANN001
    """``_WhereAnyOf("+&")`` for SoMaJo's tokens with a plus or an ampersand, where its premise
    holds: the pattern has the shape this was written for and every token of its list holds
    "+" or "&" (neither has a case variant, so ``IGNORECASE`` matches them alone)."""
    from somajo import utils

    pattern = getattr(tokenizer, "token_with_plus_ampersand", None)
    source = getattr(pattern, "pattern", "")
    if not (source.startswith(r"(?<!\w)(?:") and source.endswith(r")(?!\w)")):
        return
    try:
        entries = utils.read_abbreviation_file("tokens_with_plus_or_ampersand.txt")
    except OSError:
        return
    if entries and all("+" in e or "&" in e for e in entries):
        tokenizer.token_with_plus_ampersand = _WhereAnyOf(pattern, "+&")


class _CompiledPatterns:
    """The ``regex`` module with pattern strings compiled once, for SoMaJo's offset alignment.

    ``somajo.alignment`` calls module-level ``regex.sub(r"\\s", " ", text)`` for every token
    (to find it in the raw text); the ``regex`` module's own pattern cache costs more than
    the substitution (its lookup checks flags and locale each time): a tenth of all
    segmentation time, profiled. This answers ``sub``/``search``/``match``/``finditer`` with
    patterns compiled once (the same pattern and flags give the same compiled pattern, so
    the results are the module's) and passes everything else through. At most
    ``MAX_PATTERNS`` patterns are kept: SoMaJo's XML mode builds patterns from the text,
    and those go to the module as before.
    """

    MAX_PATTERNS = 64

    def __init__(self, module) -> None:  # noqa: ANN001 (the regex module)
        self._module = module
        self._patterns: dict[tuple[str, int], object] = {}

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._module, name)

    def _compiled(self, pattern: object, flags: int):  # noqa: ANN202
        if not isinstance(pattern, str) or not isinstance(flags, int):
            return None
        compiled = self._patterns.get((pattern, flags))
        if compiled is None and len(self._patterns) < self.MAX_PATTERNS:
            compiled = self._patterns[pattern, flags] = self._module.compile(pattern, flags)
        return compiled

    def sub(self, pattern, repl, string, count=0, flags=0):  # noqa: ANN001, ANN201
        compiled = self._compiled(pattern, flags)
        return compiled.sub(repl, string, count) if compiled else self._module.sub(pattern, repl, string, count, flags)

    def search(self, pattern, string, flags=0):  # noqa: ANN001, ANN201
        compiled = self._compiled(pattern, flags)
        return compiled.search(string) if compiled else self._module.search(pattern, string, flags)

    def match(self, pattern, string, flags=0):  # noqa: ANN001, ANN201
        compiled = self._compiled(pattern, flags)
        return compiled.match(string) if compiled else self._module.match(pattern, string, flags)

    def finditer(self, pattern, string, flags=0):  # noqa: ANN001, ANN201
        compiled = self._compiled(pattern, flags)
        return compiled.finditer(string) if compiled else self._module.finditer(pattern, string, flags)


def _compile_alignment_patterns() -> None:
    """SoMaJo's offset alignment with its patterns compiled once (see ``_CompiledPatterns``;
    the tokens and offsets are SoMaJo's own, ``tests/test_segment.py``)."""
    from somajo import alignment

    if not isinstance(alignment.re, _CompiledPatterns):
        alignment.re = _CompiledPatterns(alignment.re)


def _direct_offsets_for_nfc_text() -> None:
    """SoMaJo's token offsets without its character alignment where the text is already NFC.

    ``somajo.alignment.token_offsets`` maps every token through three dictionaries built
    over every character of the text, from the NFC text back to the raw one; for a text
    already in NFC (``unicodedata.is_normalized``; nearly all text) that alignment is the
    identity (``_align_nfc`` returns ``{(i, i + 1): (i, i + 1)}`` when the two are equal), so the
    offsets are ``_determine_offsets``' own. Building the dictionaries was a sixth of
    SoMaJo's time, profiled. XML input, a text not in NFC, and an offset outside the text
    (where SoMaJo's lookup would fail) go to SoMaJo's function as before
    (``tests/test_segment.py``: tokens and offsets equal SoMaJo's own).
    """
    import unicodedata

    from somajo import alignment

    original = alignment.token_offsets
    if getattr(original, "somajo_token_offsets", None) is not None:
        return
    determine = getattr(alignment, "_determine_offsets", None)
    if determine is None:
        return

    def token_offsets(token_list, raw, position, xml_input, tokens):  # noqa: ANN001, ANN202
        if not xml_input and unicodedata.is_normalized("NFC", raw):
            offsets = determine(tokens, raw, position)
            n = len(raw)
            if len(offsets) == len(tokens) and all(0 <= a < n and 0 < b <= n for a, b in offsets):
                return [(a + position, b + position) for a, b in offsets]
        return original(token_list, raw, position, xml_input, tokens)

    token_offsets.somajo_token_offsets = original
    alignment.token_offsets = token_offsets


@functools.lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """SoMaJo's German abbreviations: (exact spellings, lowercased spellings)."""
    text = resources.files("somajo").joinpath("data/abbreviations_de.txt").read_text("utf-8")
    entries = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(entries), frozenset(e.lower() for e in entries)


def _false_abbreviation(token: str, next_token: str) -> bool:
    exact, lowered = _abbreviations()
    return (
        token.endswith(".")
        and len(token) > 2
        and token[0].isupper()
        and token not in exact
        and token.lower() in lowered
        and next_token[:1].isupper()
    )


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-empty line, stripped of surrounding whitespace."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line)


def segment(text: str, language: str = "de", max_sentence: int = MAX_SENTENCE) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets satisfy ``text[s.start:s.end] == s.text``;
    none is longer than ``max_sentence`` characters."""
    if max_sentence < 1:
        raise ValueError("max_sentence must be positive")
    tokenizer = _tokenizer(language)
    sentences: list[Sentence] = []
    for paragraph, (line_start, line_end) in enumerate(_line_spans(text)):
        line = text[line_start:line_end]
        parts = [p for a, b in _line_sentences(tokenizer, line) for p in _cut(line, a, b, max_sentence)]
        heading = len(parts) == 1 and not _FINAL_PUNCT.search(line)
        for a, b in parts:
            start, end = line_start + a, line_start + b
            sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph, heading))
    return sentences


def _line_sentences(tokenizer, line: str) -> list[tuple[int, int]]:  # noqa: ANN001
    """Sentence spans of one line, SoMaJo given at most PIECE characters at a time."""
    if len(line) <= PIECE:
        return _somajo_spans(tokenizer, line, 0, len(line))
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(line):
        end = min(pos + PIECE, len(line))
        if end < len(line):
            end = _whitespace_before(line, pos, end)
        found = _somajo_spans(tokenizer, line, pos, end)
        if end == len(line) or len(found) <= 1:
            # the last window, or one sentence fills the window: take it as it is
            spans.extend(found)
            pos = end
        else:
            spans.extend(found[:-1])  # the last one may go on in the next window
            pos = found[-1][0]
        while pos < len(line) and line[pos].isspace():
            pos += 1
    return spans


def _somajo_spans(tokenizer, line: str, start: int, end: int) -> list[tuple[int, int]]:  # noqa: ANN001
    piece = line[start:end]
    parts = _memo_spans(tokenizer, piece) if len(piece) <= MEMO_CHARS else _piece_spans(tokenizer, piece)
    return [(start + a, start + b) for a, b in parts]


#: lines up to this long are remembered (``_memo_spans``): a longer one rarely recurs
MEMO_CHARS = 1000
#: how many lines are remembered per process; bounded, at most ~MEMO_LINES * MEMO_CHARS characters
MEMO_LINES = 16384


@functools.lru_cache(maxsize=MEMO_LINES)
def _memo_spans(tokenizer, piece: str) -> tuple[tuple[int, int], ...]:  # noqa: ANN001
    """``_piece_spans`` remembered: a batch of one domain repeats lines (headings, boilerplate,
    the same sentence in many documents) and SoMaJo is most of a text audit's time. Its
    answer depends on the text alone, so a remembered one is the same
    (``tests/test_segment.py``); keyed by the tokenizer object, one per language model."""
    return tuple(_piece_spans(tokenizer, piece))


def _piece_spans(tokenizer, piece: str) -> list[tuple[int, int]]:  # noqa: ANN001
    parts = _bang_names([span for tokens in tokenizer.tokenize_text([piece]) for span in _guarded_split(tokens)],
                        piece)
    if not parts:  # SoMaJo drops stretches of nothing but symbols it cannot tokenize
        stripped = piece.strip()
        if not stripped:
            return []
        lead = len(piece) - len(piece.lstrip())
        parts = [(lead, lead + len(stripped))]
    return parts


# Names with an exclamation mark SoMaJo ends a sentence at: a "!" after a word in capitals
# and before a letter is inside a name ("FRITZ!Box", "FRITZ!App"); these names end in one ("Yahoo! Mail",
# "bei Yahoo! Finanzen"), and a sentence goes on after them unless the next word opens one
# (a pronoun, an article, a conjunction: "Ich liebe Yahoo! Es ist schnell.")
_BANG_NAMES = re.compile(r"(?<![\w-])(?:Yahoo|Jeopardy|Wham|Joomla|FRITZ|Fritz|Panic|Oklahoma)!$")
_SENTENCE_OPENERS = frozenset("""
    ich du er sie es wir ihr man das der die dies diese dieser dieses ein eine und aber doch denn dann so ja
    nein auch jetzt hier da wer was wie warum wo danke bitte
    i you he she it we they this that these those there the a an and but so yes no thanks please what why how
""".split())


def _bang_names(parts: list[tuple[int, int]], piece: str) -> list[tuple[int, int]]:
    """``parts`` with the breaks after a "!" inside a name joined (see _BANG_NAMES)."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        if out:
            pa, pb = out[-1]
            if piece[pb - 1:pb] == "!" and _inside_name(piece, pb, a):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out


def _inside_name(piece: str, bang_end: int, next_start: int) -> bool:
    after = piece[next_start:next_start + 1]
    if next_start == bang_end:  # no space: "FRITZ!Box" (but "Toll!Das" lost a space)
        return after.isalpha() and bool(re.search(r"(?<![\w-])[A-Z]{2,}!$", piece[:bang_end])
                                        or _BANG_NAMES.search(piece, 0, bang_end))
    if not piece[bang_end:next_start].isspace() or not _BANG_NAMES.search(piece, 0, bang_end):
        return False
    word = re.match(r"[^\W\d_]+", piece[next_start:])
    return bool(word) and word.group().lower() not in _SENTENCE_OPENERS


def _whitespace_before(line: str, start: int, end: int) -> int:
    """The last whitespace position in ``line[start:end]`` after ``start``, else ``end``."""
    for i in range(end, start, -1):
        if line[i - 1].isspace() or line[i].isspace():
            return i
    return end


def _cut(line: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """``line[a:b]`` in pieces of at most ``limit`` characters, cut at whitespace."""
    out: list[tuple[int, int]] = []
    while b - a > limit:
        cut = _whitespace_before(line, a, a + limit)
        piece_end = cut
        while piece_end > a and line[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end == a:
            piece_end = cut = a + limit
        out.append((a, piece_end))
        a = cut
        while a < b and line[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
    return out


def _guarded_split(tokens) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = tokens[0].character_offset[0]
    for i, tok in enumerate(tokens[:-1]):
        if _false_abbreviation(tok.text, tokens[i + 1].text):
            spans.append((start, tok.character_offset[1]))
            start = tokens[i + 1].character_offset[0]
    spans.append((start, tokens[-1].character_offset[1]))
    return spans
