"""Decoding: what arrives on a newsroom disk must come out as the right characters, or a clear error."""

from __future__ import annotations

import codecs

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
