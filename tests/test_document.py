"""Decoding: what arrives on a newsroom disk must come out as the right characters, or a clear error."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from auditor.document import DecodeError, decode_bytes

GERMAN = "Südkoreas Verteidigungsminister äußerte sich über 10.000 Soldaten – „Größe“."


def test_utf8_with_bom_is_stripped() -> None:
    text, enc = decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert text == GERMAN and enc == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, _ = decode_bytes(bom + GERMAN.encode(codec))
    assert text == GERMAN


def test_cp1252_is_not_mistaken_for_cp1250() -> None:
    # cp1252 has „ “ – at 0x84 0x93 0x96; unrestricted detection calls this cp1250 and garbles umlauts.
    data = GERMAN.encode("cp1252")
    text, enc = decode_bytes(data)
    assert text == GERMAN, enc


def test_latin1_umlauts() -> None:
    sample = "Die Bestätigung durch das Außenministerium wird die Besorgnis über die Lage verstärken."
    text, _ = decode_bytes(sample.encode("latin-1"))
    assert text == sample


@pytest.mark.parametrize("data", [b"\x00\x01\x02PK\x03\x04" * 50, bytes(range(256)) * 4])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_empty_is_text() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


# ------------------------------------------------------------------ sentences kept as offsets

TEXT = "Erster Satz hier.\n\nZweiter Absatz. Mit 10.000 Soldaten.\nÜberschrift"


def _segmented() -> list:
    from auditor.segment import segment

    return segment(TEXT, "de")


def test_sentence_has_slots_and_pickles() -> None:
    """A Sentence has no instance dict (a million of them cost 443 MB with one), and still
    pickles, copies and ``replace``s as a frozen dataclass."""
    import copy
    import pickle
    from dataclasses import FrozenInstanceError, replace

    s = _segmented()[1]
    assert not hasattr(s, "__dict__")
    assert pickle.loads(pickle.dumps(s)) == s and copy.deepcopy(s) == s
    moved = replace(s, start=s.start + 1)
    assert moved.start == s.start + 1 and moved.text == s.text
    with pytest.raises(FrozenInstanceError):
        s.start = 0  # type: ignore[misc]


def test_sentence_rows_read_as_the_list() -> None:
    from auditor.document import SentenceRows

    listed = _segmented()
    rows = SentenceRows.of(TEXT, listed)
    assert len(rows) == len(listed) == 4
    assert rows == listed and listed == rows and list(rows) == listed
    assert rows[0] == listed[0] and rows[-1] == listed[-1] and rows[1:3] == listed[1:3]
    assert all(TEXT[s.start:s.end] == s.text for s in rows)
    assert rows[-1].is_heading and rows[2].paragraph == listed[2].paragraph
    assert rows != listed[:-1] and rows != [*listed[:-1], listed[0]]
    with pytest.raises(IndexError):
        rows[4]
    assert rows.offsets() == [(s.start, s.end, s.paragraph, int(s.is_heading)) for s in listed]
    far = SentenceRows("x", [(2**33, 2**33 + 1, 0, 0)])  # past 4 bytes an offset
    assert far[0].start == 2**33 and far[0].text == ""


def test_sentence_rows_arrive_as_a_list_and_send_the_text_once() -> None:
    """Pickled (to a worker), a document's rows become a plain list of its sentences, and its
    text is in the pickle once, not once more per sentence."""
    import pickle

    from auditor.document import Document, SentenceRows

    listed = _segmented()
    doc = Document("d", "d.txt", TEXT, "de", sentences=SentenceRows.of(TEXT, listed))
    back = pickle.loads(pickle.dumps(doc))
    assert type(back.sentences) is list and back.sentences == listed and back == doc
    assert pickle.dumps(doc).count("Soldaten".encode()) == 1
    from auditor.segment import segment

    long = "\n\n".join([TEXT] * 50)
    listed = segment(long, "de")
    as_rows = pickle.dumps(Document("d", "d.txt", long, "de", sentences=SentenceRows.of(long, listed)))
    as_list = pickle.dumps(Document("d", "d.txt", long, "de", sentences=listed))
    assert len(as_rows) < 0.6 * len(as_list)


def test_a_parked_document_reads_as_the_document_it_was() -> None:
    """Waiting for its check stage, a document keeps its text compressed (``ParkedDocument``):
    text, sentences, fields and pickling give what the document gave, and unparked it is the
    same document; a document whose sentences are a caller's list is left as it is."""
    import pickle

    from auditor.document import Document, ParkedDocument, SentenceRows

    listed = _segmented()
    doc = Document("d", "d.txt", TEXT, "de", sentences=SentenceRows.of(TEXT, listed), locale="de_CH")
    parked = ParkedDocument.park(doc)
    assert isinstance(parked, ParkedDocument)
    assert parked.text == TEXT and list(parked.sentences) == listed and parked.size == len(TEXT)
    assert (parked.id, parked.path, parked.language, parked.locale) == ("d", "d.txt", "de", "de_CH")
    plain = parked.unparked()
    assert type(plain) is Document and plain == doc and plain.sentences == listed
    back = pickle.loads(pickle.dumps(parked))
    assert isinstance(back, ParkedDocument) and back.unparked() == doc
    assert ParkedDocument.park(parked) is parked
    as_list = Document("d", "d.txt", TEXT, "de", sentences=listed)
    assert ParkedDocument.park(as_list) is as_list


def test_a_parked_news_text_takes_a_fraction_of_its_bytes() -> None:
    """What parking is for: a German news text (a seed) compressed to under half its UTF-8."""
    from auditor.document import Document, ParkedDocument, SentenceRows
    from auditor.segment import segment

    text = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))[0].read_text("utf-8")
    parked = ParkedDocument.park(Document("s", "s.txt", text, "de", sentences=SentenceRows.of(text, segment(text, "de"))))
    assert parked.text == text
    assert len(parked._packed) < 0.5 * len(text.encode("utf-8"))
