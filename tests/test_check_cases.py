"""One generic test runs every check's YAML cases (``auditor/checks/cases/<CODE>.yaml``).

Each ``flags`` case must produce a finding of that check whose span text equals ``match``
(or, without ``match``, any finding); each ``clean`` case must produce none. ``corpus``
lists other documents of the same run, for checks that compare across documents.
``source`` gives the source text (bilingual cases; aligned with the case text by auditor.align).
``backtranslation`` gives the English back-translation of the case text (one sentence): test
input handed to the engine as a translation with log-probabilities 0, not a model's output.
``backtranslations`` (several sentences) gives one ``[english, log-prob per token]`` per
sentence, and ``roundtrips`` one round-trip translation per sentence: hand-made signal values,
test input for the model-signal checks' threshold logic (MEA001, MEA002), not a model's output.
``options`` gives the check's options. ``severity`` (flags cases) is the severity the finding
on ``match`` must carry, for checks whose sub-rules flag at different severities.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from auditor.checks import REGISTRY, Translation
from auditor.engine import AuditConfig, prepare_document, run_audit

CASES_DIR = resources.files("auditor.checks").joinpath("cases")


def _load(code: str) -> dict:
    return yaml.safe_load(CASES_DIR.joinpath(f"{code}.yaml").read_text("utf-8"))


def _cases():
    for cls in REGISTRY:
        data = _load(cls.code)
        for i, case in enumerate(data.get("flags", [])):
            yield pytest.param(cls.code, "flags", case, id=f"{cls.code}-flags-{i}")
        for i, case in enumerate(data.get("clean", [])):
            case = case if isinstance(case, dict) else {"text": case}
            yield pytest.param(cls.code, "clean", case, id=f"{cls.code}-clean-{i}")


class GivenBacktranslations:
    """A translator that returns back-translations written in the case (test input)."""

    def __init__(self, given: dict[str, str]) -> None:
        self.given = given

    def translate(self, texts):
        return [Translation(self.given.get(t, ""), 0.0, 0.0, 0) for t in texts]

    def describe(self) -> dict:
        return {"backend": "yaml-case", "model": "given back-translations"}


class GivenScoredBacktranslations:
    """Back-translations with log-probabilities written in the case (test input, per sentence)."""

    def __init__(self, given: dict[str, tuple[str, float]]) -> None:
        self.given = given

    def translate(self, texts):
        out = []
        for t in texts:
            english, logprob = self.given[t]
            tokens = len(english.split()) + 1
            out.append(Translation(english, logprob * tokens, logprob, tokens))
        return out

    def describe(self) -> dict:
        return {"backend": "yaml-case", "model": "given back-translations"}


def _given_signals(case: dict, doc) -> tuple[object, object]:
    """The translator and round-trip translator of a case with ``backtranslations``."""
    given = case["backtranslations"]
    assert len(given) == len(doc.sentences), "one back-translation per sentence"
    translator = GivenScoredBacktranslations({s.text: (g[0], float(g[1])) for s, g in zip(doc.sentences, given)})
    roundtrip = None
    if "roundtrips" in case:
        assert len(case["roundtrips"]) == len(given), "one round trip per sentence"
        roundtrip = GivenBacktranslations({g[0]: r for g, r in zip(given, case["roundtrips"])})
    return translator, roundtrip


def run_case(code: str, case: dict):
    lang = case.get("language", "de")
    docs = [prepare_document("case", "case.txt", case["text"], lang)]
    for j, other in enumerate(case.get("corpus", [])):
        docs.append(prepare_document(f"other{j}", f"other{j}.txt", other, lang))
    sources = None
    if "source" in case:
        src = prepare_document("case-source", "case-source.txt", case["source"], case.get("source_language", "en"))
        sources = {"case": src}
    translator = None
    if "backtranslation" in case:
        assert len(docs[0].sentences) == 1, "a case with a back-translation must be one sentence"
        translator = GivenBacktranslations({docs[0].sentences[0].text: case["backtranslation"]})
    roundtrip = None
    if "backtranslations" in case:
        translator, roundtrip = _given_signals(case, docs[0])
    config = AuditConfig(select=(code,), check_options={code: case.get("options", {})})
    result = run_audit(docs, config, translator=translator, sources=sources, roundtrip=roundtrip)
    doc = result.documents[0]
    assert not doc.errors, doc.errors
    return doc, [f for s in doc.sentences for f in s.flags if f.code == code]


@pytest.mark.parametrize("code,kind,case", list(_cases()))
def test_case(code: str, kind: str, case: dict) -> None:
    doc, findings = run_case(code, case)
    spans = [doc.document.text[f.start:f.end] for f in findings]
    if kind == "flags":
        assert findings, f"{code} should flag: {case['text']!r}"
        if "match" in case:
            assert case["match"] in spans, f"{code} flagged {spans}, expected {case['match']!r}"
        if "severity" in case:
            severities = [f.severity for f, s in zip(findings, spans) if s == case.get("match", s)]
            assert case["severity"] in severities, f"{code} flagged at {severities}, expected {case['severity']}"
    else:
        assert not findings, f"{code} must not flag {case['text']!r}: {[(f.message, s) for f, s in zip(findings, spans)]}"


@pytest.mark.parametrize("cls", REGISTRY, ids=lambda c: c.code)
def test_every_check_is_documented_and_has_cases(cls) -> None:
    sections = cls.doc_sections()
    for name in ("What it catches", "Why it matters", "Flags", "Does not flag"):
        assert sections.get(name), f"{cls.code} docstring lacks '{name}:'"
    data = _load(cls.code)
    assert data["code"] == cls.code
    assert data.get("flags") and data.get("clean"), f"{cls.code} needs flags and clean cases"
    assert cls.category in {"figure", "name", "garbled", "untranslated", "repetition", "meaning", "format", "boilerplate"}
    assert cls.severity in {"low", "medium", "high"}


def test_registry_codes_and_names_are_unique() -> None:
    assert len({c.code for c in REGISTRY}) == len(REGISTRY)
    assert len({c.name for c in REGISTRY}) == len(REGISTRY)
