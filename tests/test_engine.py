"""Engine behaviour that no single check shows: failures stay contained, scoring, signature."""

from __future__ import annotations

import pytest

import auditor.checks as checks_module
from auditor.checks.base import Check
from auditor.engine import AuditConfig, prepare_document, run_audit

TEXT = ("Die Staats- und Regierungschefs sind besorgt darüber, wie die die Regierung reagiert. "
        "Der Minister reiste am Montag nach Seoul.")


class Boom(Check):
    """Raises on the second sentence (a stand-in for a check with a bug).

    What it catches:
    Nothing.

    Why it matters:
    It proves a broken check cannot take an audit down.

    Flags:
    Nothing.

    Does not flag:
    Anything.
    """

    code = "TST001"
    name = "test-boom"
    category = "format"
    severity = "low"
    languages = None

    def check(self, sentence, ctx):
        if sentence.index == 1:
            raise ZeroDivisionError("bug in the check")
        return ()


class BoomInMerge(Boom):
    code = "TST002"
    name = "test-boom-merge"

    def merge(self, facts, corpus):
        raise RuntimeError("index failed")


class BoomInFacts(Boom):
    """Its facts raise on the second document only."""

    code = "TST003"
    name = "test-boom-facts"

    def facts(self, document, corpus):
        if document.id == "e":
            raise KeyError("no facts")
        return len(document.sentences)

    def merge(self, facts, corpus):
        return sum(facts)


class BoomInCombinedFacts(BoomInFacts):
    """Its facts are folded into one total (``combine``) and raise on the second document."""

    code = "TST004"
    name = "test-boom-combined-facts"

    def combine(self, total, facts):
        return (total or 0) + facts


@pytest.fixture
def with_broken_checks(monkeypatch):
    monkeypatch.setattr(checks_module, "REGISTRY",
                        checks_module.REGISTRY + (Boom, BoomInMerge, BoomInFacts, BoomInCombinedFacts))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_raising_check_is_reported_and_the_run_goes_on(with_broken_checks, workers: int) -> None:
    # with 2 workers the facts raise in a worker process and the report is the same
    docs = [prepare_document("d", "d.txt", TEXT, "de"), prepare_document("e", "e.txt", TEXT, "de")]
    result = run_audit(docs, AuditConfig(select=("REP001", "TST001", "TST002", "TST003", "TST004")), workers=workers)
    for d in result.documents:
        errors = [(e.code, e.sentence, e.error.split(" (")[0]) for e in d.errors]
        # an index that cannot be built fails its check for the whole run: every document says so
        assert errors == [("TST002", None, "RuntimeError: index failed"),
                          ("TST003", None, "KeyError: 'no facts'"),
                          ("TST004", None, "KeyError: 'no facts'"),
                          ("TST001", 1, "ZeroDivisionError: bug in the check")]
        # the healthy check still ran on every sentence
        assert [f.code for f in d.sentences[0].flags] == ["REP001"]


def test_score_and_severity_combine_flags() -> None:
    doc = prepare_document("d", "d.txt", TEXT, "de")
    s = run_audit([doc], AuditConfig(select=("REP001",))).documents[0].sentences
    assert (s[0].severity, s[0].score) == ("medium", 0.5)
    assert (s[1].severity, s[1].score) == ("none", 0.0)


def test_signature_names_what_produced_the_flags() -> None:
    doc = prepare_document("d", "d.txt", TEXT, "de")
    result = run_audit([doc], AuditConfig(select=("REP001", "FIG001")),
                       backtranslation={"status": "unavailable", "reason": "offline"})
    assert result.signature == "auditor:0.1.0|bt:unavailable|checks:FIG001,REP001"


def test_combined_facts_merge_as_every_documents_facts() -> None:
    """A check that ``combine``s its facts gets the same index from the running total as
    from every document's facts (what ``Check.prepare`` gives it), on real text."""
    from pathlib import Path

    from auditor.checks.garbled import MidSentenceCapital
    from auditor.checks.names import NameVariant
    from auditor.corpus import Corpus

    root = Path(__file__).resolve().parent.parent
    paths = sorted(root.joinpath("seeds").glob("*.txt")) + sorted(
        root.joinpath("auditor/evaluation/data/texts").glob("*.de.txt"))
    corpus = Corpus(documents=[prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in paths])
    for cls in (NameVariant, MidSentenceCapital):
        assert cls.combines()
        listed, combined = cls(), cls()
        total = None
        for doc in corpus.documents:
            total = combined.combine(total, combined.facts(doc, corpus))
        index = combined.merge([total], corpus)
        assert index == listed.merge([listed.facts(doc, corpus) for doc in corpus.documents], corpus)
        assert index  # the corpus gives both checks something to index
    assert not Check.combines()


@pytest.mark.parametrize("workers", [1, 2])
def test_finish_gets_each_result_where_it_is_checked(workers: int) -> None:
    """``finish`` (here the view-model's ``document_view``, a module-level function) gets
    each document's result in the worker; ``on_document`` its value, in input order; the
    AuditResult then holds no documents."""
    from pathlib import Path

    from auditor.report.viewmodel import document_view

    root = Path(__file__).resolve().parent.parent
    docs = [prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in sorted(root.joinpath("seeds").glob("*.txt"))]
    whole = run_audit(docs, AuditConfig(), workers=workers)
    got: list = []
    streamed = run_audit(docs, AuditConfig(), workers=workers, finish=document_view,
                         on_document=lambda view, signature: got.append((view, signature)))
    assert streamed.documents == [] and streamed.signature == whole.signature
    assert docs == [None] * len(got)  # the handed list: each document released once written
    assert [view.to_json() for view, _ in got] == [document_view(d, whole.signature).to_json() for d in whole.documents]
    assert any(s.flags for view, _ in got for s in view.sentences)


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_with_sentences_as_offsets_audit_alike(workers: int) -> None:
    """A corpus run's audit process keeps sentences as offsets (``SentenceRows``, what
    ``segment_all`` gives): checked here or in a worker, the flags are those of lists, and the
    audit process's documents keep their offsets."""
    from pathlib import Path

    from auditor.document import SentenceRows
    from auditor.parallel import segment_all

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in sorted(root.joinpath("seeds").glob("*.txt"))]
    listed = [prepare_document(f"d{i}", f"d{i}.txt", t, "de") for i, t in enumerate(texts)]
    rows = segment_all([(t, "de") for t in texts])
    assert all(isinstance(r, SentenceRows) for r in rows)
    kept = [prepare_document(f"d{i}", f"d{i}.txt", t, "de", segmenter=lambda _t, _l, r=r: r)
            for i, (t, r) in enumerate(zip(texts, rows))]
    want = run_audit(listed, AuditConfig(), workers=workers)
    got = run_audit(kept, AuditConfig(), workers=workers)
    assert [[(s.sentence, s.flags) for s in d.sentences] for d in got.documents] == \
        [[(s.sentence, s.flags) for s in d.sentences] for d in want.documents]
    assert any(s.flags for d in got.documents for s in d.sentences)
    assert all(isinstance(d.sentences, SentenceRows) for d in kept)


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_wait_for_the_check_stage_parked(workers: int) -> None:
    """A corpus run's audit process parks each document before the facts stage (its text
    compressed, ``ParkedDocument``) and checks it from there: when the first document is
    written, every other one is waiting parked; the results are those of a run that kept
    every document whole."""
    from pathlib import Path

    from auditor.parallel import segment_all
    from auditor.report.viewmodel import document_view

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in sorted(root.joinpath("seeds").glob("*.txt"))]

    def documents() -> list:
        return [prepare_document(f"d{i}", f"d{i}.txt", t, "de", segmenter=lambda _t, _l, r=r: r)
                for i, (t, r) in enumerate(zip(texts, segment_all([(t, "de") for t in texts])))]

    whole = run_audit(documents(), AuditConfig(), workers=workers)
    docs = documents()
    waiting: list[list[str]] = []
    got: list = []

    def on_document(view, signature: str) -> None:
        waiting.append([type(d).__name__ for d in docs if d is not None])
        got.append(view.to_json())

    run_audit(docs, AuditConfig(), workers=workers, finish=document_view, on_document=on_document)
    assert len(texts) > 2 and waiting[0] == ["ParkedDocument"] * (len(texts) - 1)
    assert got == [document_view(d, whole.signature).to_json() for d in whole.documents]


def test_name_rarity_is_asked_with_the_facts_not_in_the_reduce(monkeypatch: pytest.MonkeyPatch) -> None:
    """NAM001's facts say which capitalised words are rare (``_is_rare``, where the facts are
    made), so the audit process's ``merge`` never loads wordfreq's list; the flags are the same."""
    import wordfreq

    from auditor.checks.names import NameVariant, _is_rare
    from auditor.corpus import Corpus

    texts = ["Der Botschafter Kyslytsya sprach lange.", "Kislytsia sprach im Einsatz vor dem Rat.",
             "Kyslytsya sagte, der Einsatz gehe weiter."]
    corpus = Corpus(documents=[prepare_document(f"d{i}", f"d{i}.txt", t, "de") for i, t in enumerate(texts)])
    check = NameVariant()
    facts = [check.facts(doc, corpus) for doc in corpus.documents]
    assert "kislytsia" in facts[1][2] and "einsatz" not in facts[1][2]
    assert all(_is_rare(k) == (wordfreq.zipf_frequency(k, "de") < 3.0) for f in facts for k in {w.lower() for w in f[0]})
    total = None
    for found in facts:
        total = check.combine(total, found)
    monkeypatch.setattr(wordfreq, "zipf_frequency", lambda *a, **k: pytest.fail("merge asked wordfreq"))
    findings = check.merge([total], corpus)
    assert findings  # Kislytsia is flagged against Kyslytsya
