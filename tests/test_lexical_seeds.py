"""The five seed articles audited with the lexical checks (names, untranslated, boilerplate).

EXPECTED is the labelled set: every seed sentence read as a German editor would, listing
each span that should be flagged by these checks. The audit must produce exactly this set:
a missing entry is a lost true positive, an extra one a false alarm.

Read but deliberately not expected:
- 002 "Clearing-Operationen" (trench clearing operations): a half-translated compound,
  a true miss of UNT002; words inside hyphen compounds are exempt because
  "Social-Media-Fan" and "Food-Junkie" are ordinary German and wordfreq cannot tell them
  apart ("clearing" en-de 1.39, "food" 1.40).
- 002 "Kim Jong Un" / 004 "Kim Jong-un": one person, the hyphen is house style.
- 002 "Vladimir" inside the English bracket vs "Wladimir" elsewhere: the bracket is
  already UNT001's finding; both spellings are common in German, so NAM001 does not pair them.
- 001 "Die AP-Reporter Kim Tong-hyung ..." and 002 "Herausgegeben von Mike Firn.": credits
  of the published article, not boilerplate; Kim Tong-hyung is not Kim Yong-hyun.
- 004 "ICBM", 003 "CNN", 001 "Associated Press", 003 "National Intelligence Service",
  002 "Oblast Kursk": English names and abbreviations German uses as they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks.untranslated import english_spans
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.text.names import inflected, skeleton, variant

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CODES = ("NAM001", "UNT001", "UNT002", "UNT003", "BOI001")

EXPECTED = {
    # one ambassador, three spellings, once each: a tie flags all
    ("001", 8, "NAM001", "Sergei Kyslytsya"),
    ("001", 22, "NAM001", "Kislytsia"),
    ("001", 24, "NAM001", "Kislytsya"),
    # Kim Yong-hyun in 000 and 004, Kim Jong-hyun in 001
    ("001", 2, "NAM001", "Kim Jong-hyun"),
    ("002", 7, "UNT001", "[Russian President Vladimir]"),
    # the text says DVRK twice elsewhere in 002
    ("002", 3, "UNT003", "DPRK"),
    ("001", 37, "BOI001", "___"),
    # the generated author bio, fragment by fragment (". „Explorer. ... Food-Junkie.“")
    ("001", 39, "BOI001", "."),
    ("001", 40, "BOI001", "„Explorer."),
    ("001", 41, "BOI001", "Extremer Analytiker."),
    ("001", 42, "BOI001", "Social-Media-Fan."),
    ("001", 43, "BOI001", "Internet-Guru."),
    ("001", 44, "BOI001", "Unheilbarer Denker."),
    ("001", 45, "BOI001", "Zombie-Nerd."),
    ("001", 46, "BOI001", "Absoluter Food-Junkie.“"),
    ("002", 19, "BOI001", "VERWANDTE GESCHICHTEN"),
    ("002", 20, "BOI001", "Die Ukraine „hält“ eine 50.000 Mann starke Truppe zurück, darunter auch Nordkoreaner: Selenskyj"),
    ("002", 21, "BOI001", "Die Ukraine enthüllt „abgefangene“ Funkkommunikation nordkoreanischer Soldaten in Russland"),
    ("002", 22, "BOI001", "Nordkoreanische Truppen werden innerhalb weniger Tage gegen die Ukraine kämpfen, sagen die USA"),
    ("003", 21, "BOI001", "Details zur Meldung"),
    ("004", 18, "BOI001", "vf"),
}


@pytest.fixture(scope="module")
def result():
    docs = [prepare_document(p.stem[:3], str(p), p.read_text("utf-8"), "de") for p in sorted(SEEDS.glob("*.txt"))]
    return run_audit(docs, AuditConfig(select=CODES))


def test_seed_flags_equal_the_labelled_set(result) -> None:
    found = set()
    for doc in result.documents:
        assert not doc.errors, doc.errors
        for s in doc.sentences:
            for f in s.flags:
                found.add((doc.document.id, s.sentence.index, f.code, doc.document.text[f.start:f.end]))
    assert found - EXPECTED == set(), "false alarms"
    assert EXPECTED - found == set(), "missed"


def test_name_variant_cites_the_majority_spelling(result) -> None:
    doc = next(d for d in result.documents if d.document.id == "001")
    finding = next(f for f in doc.sentences[2].flags if f.code == "NAM001")
    assert "'Kim Yong-hyun' 2×" in finding.message
    assert {e.document for e in finding.evidence} == {"000", "004"}
    for e in finding.evidence:
        other = next(d for d in result.documents if d.document.id == e.document).document
        assert other.text[e.start:e.end] == "Kim Yong-hyun"


def test_acronym_cites_the_german_form_in_the_run(result) -> None:
    doc = next(d for d in result.documents if d.document.id == "002")
    finding = next(f for f in doc.sentences[3].flags if f.code == "UNT003")
    assert finding.severity == "medium"
    assert [doc.document.text[e.start:e.end] for e in finding.evidence] == ["DVRK", "DVRK"]


@pytest.mark.parametrize("a,b", [
    ("Kyslytsya", "Kislytsia"), ("Kislytsia", "Kislytsya"), ("Yong-hyun", "Jong-hyun"),
    ("Nowakowski", "Nowakowsky"), ("Schneider", "Schnieder"), ("Wladimir", "Vladimir"),
    ("Selenskyj", "Zelensky"), ("Charkiw", "Kharkiv"), ("Söder", "Soeder"), ("Müller", "Mueller"),
    ("Yoon", "Yun"), ("Moon", "Mun"),
])
def test_spelling_variants(a: str, b: str) -> None:
    assert variant(a, b) and variant(b, a)


@pytest.mark.parametrize("a,b", [
    ("Russland", "Russlands"), ("Austin", "Austins"), ("Einsatz", "Einsätze"),
    ("Nordkorea", "Nordkoreaner"), ("Tong-hyung", "Yong-hyun"), ("Jong-un", "Yong-hyun"),
    ("WASHINGTON", "Washington"), ("Südkorea", "Nordkorea"), ("Song", "Jong"),
])
def test_not_spelling_variants(a: str, b: str) -> None:
    assert not variant(a, b) and not variant(b, a)


def test_inflection_and_skeleton_rules() -> None:
    assert inflected("Putin", "Putins") and inflected("Staaten", "Staates")
    assert not inflected("Kislytsia", "Kyslytsya")
    assert skeleton("Kyslytsya") == skeleton("Kislytsia") == "kislicia"


def test_english_span_offsets_point_at_the_english_words() -> None:
    text = "Die Lage an der Grenze sei ernst, erklärte er, according to officials."
    [(a, b, words)] = english_spans(text)
    assert text[a:b] == "according to officials" and words == ["according", "to", "officials"]
    assert english_spans("") == [] and english_spans("„“ … ___") == []


def test_remembered_english_spans_are_the_computed_ones() -> None:
    """UNT001/UNT002 read english_spans through a per-process memo (a sentence recurs
    across documents); the remembered answer is the computed one, a second look a hit."""
    from auditor.checks.untranslated import _remembered_spans

    texts = ["Die Lage sei ernst, erklärte er, according to officials.",
             "Die Regierung kündigte an, weitere troops in die Region zu schicken.", ""]
    _remembered_spans.cache_clear()
    for text in texts + texts:
        assert _remembered_spans(text) == tuple(english_spans(text))
    assert _remembered_spans(texts[0])[0][2] == ["according", "to", "officials"]
    assert _remembered_spans.cache_info().hits >= len(texts)


def test_a_name_in_many_documents_gives_a_bounded_message() -> None:
    """The message names a few documents of the other spelling and counts the rest: a name a
    corpus repeats in thousands of documents must not make every flag as long as the corpus."""
    docs = [prepare_document(f"doc{i:03d}", f"doc{i:03d}.txt",
                             "Botschafter Sergei Kyslytsya sprach vor dem Sicherheitsrat.", "de") for i in range(40)]
    docs.append(prepare_document("odd", "odd.txt", "Danach sagte Botschafter Sergei Kislytsia, die Lage sei ernst.", "de"))
    result = run_audit(docs, AuditConfig(select=("NAM001",)))
    flags = [f for d in result.documents for s in d.sentences for f in s.flags]
    assert [f.message.split("'")[1] for f in flags] == ["Sergei Kislytsia"]
    assert "doc000, doc001, doc002 and 37 more documents" in flags[0].message
    assert "doc039" not in flags[0].message
