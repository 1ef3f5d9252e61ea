"""The benchmark's own fairness helpers (benchmarks/bench.py). The benchmark itself runs for
minutes and is not part of the suite; these are the parts whose failure would make its
numbers wrong without any error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402


def test_text_memos_are_the_text_keyed_caches_not_the_loaders() -> None:
    from auditor.checks.untranslated import _detector, _tables
    from auditor.engine import AuditConfig, prepare_document, run_audit
    from auditor.text import figures, pos

    seed = bench.SEEDS[0]
    run_audit([prepare_document(seed.stem, str(seed), seed.read_text("utf-8"), "de")], AuditConfig())
    memos = bench.text_memos()
    for memo in (pos.tag, pos.tag_without_lemmas, pos._word_analysis, figures._extract):
        assert memo in memos
    for loader in (pos._tagger, _tables, _detector):
        assert loader not in memos
    # what the rounds rely on: after clearing, a sentence is tagged afresh
    pos.tag_without_lemmas("Der Minister sagte das.")
    for memo in memos:
        memo.cache_clear()
    assert pos.tag_without_lemmas.cache_info().currsize == 0 and pos._word_analysis.cache_info().currsize == 0


def test_edited_seeds_change_exactly_one_sentence(tmp_path: Path) -> None:
    files = bench.edited_seeds(tmp_path)
    assert [f.name for f in files] == [p.name for p in bench.SEEDS]
    changed = [(a, b) for a, b in zip(bench.SEEDS, files) if a.read_text("utf-8") != b.read_text("utf-8")]
    assert len(changed) == 1
    before, after = (p.read_text("utf-8") for p in changed[0])
    assert after == before.replace(bench.EDIT[0], bench.EDIT[1], 1)


def test_unknown_configuration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="unknown configuration"):
        bench.child("no-such-row", tmp_path, 1, 1)


def test_decode_only_decodes_the_eos_step_and_rescores_nothing(tiny_model_dir: Path, tmp_path: Path) -> None:
    from auditor.backends.base import GenerationSettings
    from auditor.backends.ctranslate2 import CTranslate2Backend, ensure_converted
    from tiny_marian import seed_sentences

    from test_backend_ctranslate2 import convert_here, spy_on

    converted = ensure_converted(tiny_model_dir, "tiny", None, root=tmp_path, converter=convert_here)
    settings = GenerationSettings(threads=1, batch_size=4, device="cpu", max_length_ratio=1.1, max_length_extra=0)
    texts = seed_sentences()[:6]

    def backend() -> CTranslate2Backend:
        return CTranslate2Backend(tiny_model_dir, "tiny", settings, quantization=None, converted_dir=converted)

    full = backend()
    full_spy = spy_on(full)
    expected = full.translate(texts)
    assert full_spy.scored > 0  # random weights: outputs stop at their cap and are re-scored

    fast = backend()
    spy = spy_on(fast)
    bench.decode_only(fast)
    got = fast.translate(texts)
    assert spy.scored == 0
    # one more step per batch than the real backend asks for (the EOS step), same outputs
    assert spy.max_lengths == [n + 1 for n in full_spy.max_lengths]
    assert [t.text for t in got] == [t.text for t in expected]
    assert [t.tokens for t in got] == [t.tokens for t in expected]
