"""Documents and sentences: the text as the user wrote it, with character offsets into it.

Every offset in auditor (sentences, flags, evidence, aligned source spans) is a character
offset into ``Document.text``, the decoded text with a leading BOM removed and nothing else
changed, so ``doc.text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, overload

# Encodings a European newsroom text plausibly arrives in. Unrestricted, charset-normalizer
# labels cp1252 text as cp1250 (measured), which turns "ä" into the wrong letter silently.
PLAUSIBLE_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "mac_roman")


class DecodeError(ValueError):
    """The bytes are not text auditor can read (binary, or no plausible encoding)."""


# slots: a sentence without its instance dict is 64 bytes instead of about 200, and a corpus
# audit makes one per sentence in every worker and in each figure mention's copy
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading line) of a document."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    #: A line of its own without final punctuation: a title or section heading.
    is_heading: bool = False


class SentenceRows(Sequence[Sentence]):
    """A document's sentences kept as offsets into its text; each :class:`Sentence` is made
    when it is read (a new object each time, equal to the last).

    The audit process of a corpus run only hands its documents on (to the workers that check
    them) and reads their sentences rarely, yet held every Sentence object with its copy of
    the text from segmentation to the check stage: 443 MB at a million sentences (measured;
    2026-12-05). Offsets are 16 bytes a sentence. Pickled, the rows arrive as a plain list
    of Sentences, so a worker's checks read a list, and the text travels once, with the
    document. Equal to any sequence of the same sentences.
    """

    __slots__ = ("_text", "_rows")

    def __init__(self, text: str, rows: Iterable[Sequence[int]]) -> None:
        self._text = text
        # start, end, paragraph, heading per sentence, flat; 4 bytes each below 4 G characters
        flat = [v for row in rows for v in row[:4]]
        try:
            self._rows = array("I", flat)
        except OverflowError:
            self._rows = array("q", flat)

    @classmethod
    def of(cls, text: str, sentences: Iterable[Sentence]) -> SentenceRows:
        """``sentences`` of ``text`` (positions 0, 1, ... as their indexes) kept as offsets."""
        return cls(text, ((s.start, s.end, s.paragraph, s.is_heading) for s in sentences))

    def offsets(self) -> list[tuple[int, int, int, int]]:
        """(start, end, paragraph, heading) per sentence, without making the sentences."""
        r = self._rows
        return [(r[i], r[i + 1], r[i + 2], r[i + 3]) for i in range(0, len(r), 4)]

    def __len__(self) -> int:
        return len(self._rows) // 4

    def _make(self, i: int) -> Sentence:
        r, k = self._rows, 4 * i
        return Sentence(i, r[k], r[k + 1], self._text[r[k]:r[k + 1]], r[k + 2], bool(r[k + 3]))

    @overload
    def __getitem__(self, i: int) -> Sentence: ...

    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self._make(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("sentence index out of range")
        return self._make(i)

    def __iter__(self) -> Iterator[Sentence]:
        r, text = self._rows, self._text
        for i, k in enumerate(range(0, len(r), 4)):
            yield Sentence(i, r[k], r[k + 1], text[r[k]:r[k + 1]], r[k + 2], bool(r[k + 3]))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SentenceRows) and other._text is self._text:
            return other._rows == self._rows
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return repr(list(self))

    def __reduce__(self) -> tuple[Any, tuple[str, array]]:
        return _sentence_list, (self._text, self._rows)


def _sentence_list(text: str, rows: array) -> list[Sentence]:
    """Unpickling a :class:`SentenceRows`: where a document is checked, its sentences are read
    many times over, so there they are made once, as a list."""
    view = SentenceRows(text, ())
    view._rows = rows
    return list(view)


@dataclass(frozen=True)
class Unit:
    """One translation unit of a localisation file (XLIFF, TMX, PO, bilingual table).

    ``start``/``end`` delimit the unit's target text in ``Document.text`` (its source text in
    the source document at ``source_start``/``source_end``); ``key`` is the unit's position in
    its file, which the write-back uses. ``source_codes``/``target_codes`` are the inline codes
    and placeholders taken out of the text the checks read (``<x id="1"/>``, ``%s``, ``{0}``).
    """

    id: str
    key: int
    start: int
    end: int
    source_start: int = 0
    source_end: int = 0
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    state: str | None = None


@dataclass
class Document:
    """A decoded text and its sentences. ``id`` is unique within a run (the file stem)."""

    id: str
    path: str
    text: str
    language: str
    encoding: str = "utf-8"
    #: a list, or :class:`SentenceRows` (offsets: what a corpus run's audit process holds)
    sentences: Sequence[Sentence] = field(default_factory=list)
    #: localisation files: the translation units, in text order (empty for plain text)
    units: list[Unit] = field(default_factory=list)
    #: localisation files: format, units audited and skipped (auditor.l10n.documents)
    localisation: dict[str, Any] | None = None
    #: a regional variant as babel names it ("de_CH", "de_AT") when the user gave one
    #: (``--lang de-CH``): figures are read the region's way (Swiss "1'000"). None: the
    #: language's own conventions.
    locale: str | None = None
    _unit_starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def unit_of(self, sentence: Sentence) -> Unit | None:
        """The translation unit a sentence belongs to (None for plain text)."""
        if not self.units:
            return None
        if len(self._unit_starts) != len(self.units):
            self._unit_starts = [u.start for u in self.units]
        starts = self._unit_starts
        i = bisect.bisect_right(starts, sentence.start) - 1
        if i >= 0 and self.units[i].start <= sentence.start < max(self.units[i].end, self.units[i].start + 1):
            return self.units[i]
        return None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def size(self) -> int:
        """The text's length in characters (what the work on a document grows with)."""
        return len(self.text)


class ParkedDocument(Document):
    """A :class:`Document` waiting for its check stage with its text compressed.

    At corpus scale the audit process holds every text from reading to the check stage,
    which comes only after the whole corpus's facts are in: 149 MB of ``str`` at a million
    sentences (measured), the largest thing it held. Before the facts stage the engine parks
    each document (:meth:`park`): the text as zlib-compressed UTF-8 and the sentences as their
    offsets. A worker gets the parked document, smaller to send, and unparks it. ``text`` and
    ``sentences`` are made again on each read, so a reader that needs them many times makes a
    plain Document first (:meth:`unparked`, as the engine does where it checks one).
    """

    def __init__(self, doc: Document, rows: SentenceRows) -> None:  # noqa: D107 (see park)
        # every field but text and sentences, as the dataclass has them
        for f in fields(Document):
            if f.name not in ("text", "sentences"):
                object.__setattr__(self, f.name, getattr(doc, f.name))
        # the fastest level: the audit process compresses every text of the run, one by one
        self._packed = zlib.compress(doc.text.encode("utf-8"), 1)
        self._rows = rows._rows
        self._size = len(doc.text)

    @classmethod
    def park(cls, doc: Document) -> Document:
        """``doc`` parked, or ``doc`` itself where its sentences are a list (a caller's own,
        whose indexes need not be positions) or it is parked already."""
        if isinstance(doc, ParkedDocument) or not isinstance(doc.sentences, SentenceRows):
            return doc
        return cls(doc, doc.sentences)

    @property  # type: ignore[override]
    def text(self) -> str:
        return zlib.decompress(self._packed).decode("utf-8")

    @property
    def size(self) -> int:
        return self._size

    @property  # type: ignore[override]
    def sentences(self) -> SentenceRows:
        return self._sentences(self.text)

    def _sentences(self, text: str) -> SentenceRows:
        rows = SentenceRows(text, ())
        rows._rows = self._rows
        return rows

    def unparked(self) -> Document:
        """The plain Document again, its text decompressed once (``replace`` cannot: it would
        make another ParkedDocument)."""
        text = self.text
        kept = {f.name: getattr(self, f.name) for f in fields(Document) if f.init and f.name not in ("text", "sentences")}
        return Document(text=text, sentences=self._sentences(text), **kept)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file content; return ``(text, encoding)``.

    UTF-8 (a BOM is removed), UTF-16 with a BOM, else the best of the plausible European
    single-byte encodings by charset-normalizer. Raises DecodeError for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-8 after a UTF-8 byte-order mark ({exc.reason})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 ({exc.reason})") from None
    if b"\x00" in data:
        raise DecodeError(_nul_reason(data))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(PLAUSIBLE_ENCODINGS)).best()
    if best is None:
        raise DecodeError("not text in UTF-8, UTF-16 or a European encoding")
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise DecodeError("binary file (mostly control characters)")
    return text, best.encoding


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(text)


def _nul_reason(data: bytes) -> str:
    """Why bytes with NUL in them are refused: a few stray NULs in otherwise-text (a scraper's
    or an editor's slip) are named with their place, so that they can be removed; many are
    binary data."""
    nuls = data.count(b"\x00")
    first = data.index(b"\x00")
    rest = data.replace(b"\x00", b"")
    if nuls <= max(3, len(data) // 1000):
        try:
            text = rest.decode("utf-8")
        except UnicodeDecodeError:
            text = rest.decode("cp1252", errors="replace")
        if _control_ratio(text) <= 0.01:
            line = data.count(b"\n", 0, first) + 1
            column = first - (data.rfind(b"\n", 0, first) + 1) + 1
            more = f" ({nuls} NUL bytes in all)" if nuls > 1 else ""
            return f"NUL byte at byte {first} (line {line}, column {column}) in otherwise-text{more}; remove it"
    return "binary file (contains NUL bytes)"
