"""Precision on clean text: articles no check may flag.

tests/data/clean_articles/ holds eight German news articles written for these tests
(flood, football, industry, North Korea, a concert, the stock market, a city council, an
interview; the people quoted are invented). They are full of what trips naive checks:
figures of every magnitude for one noun (a population in millions and the dead of one
attack), "mehrere Tausend", scores, prices, times and dates, English names and titles in
quotes, Korean and Japanese names, datelines and an interview's questions. Read together
as one run, so that the run-level checks (figures, names) compare all of them.
"""

from __future__ import annotations

from pathlib import Path

from auditor.engine import AuditConfig, prepare_document, run_audit

ARTICLES = sorted((Path(__file__).parent / "data" / "clean_articles").glob("*.txt"))


def test_clean_articles_stay_unflagged_by_every_check_at_every_severity() -> None:
    assert len(ARTICLES) == 8
    docs = [prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in ARTICLES]
    assert sum(len(d.sentences) for d in docs) > 150
    result = run_audit(docs, AuditConfig())
    flags = [(d.document.id, f.code, d.document.text[f.start:f.end])
             for d in result.documents for s in d.sentences for f in s.flags]
    assert flags == []
