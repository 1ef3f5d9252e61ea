from __future__ import annotations

from pathlib import Path

import pytest

from auditor.language import LanguageUndecided, detect_language

CONFIGURED = ("de", "fr", "es", "it", "nl", "ru", "pl", "sv")
SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))


def test_seeds_are_german() -> None:
    for p in Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"):
        assert detect_language(p.read_text("utf-8"), CONFIGURED) == "de"


def test_french() -> None:
    assert detect_language("Le ministre a confirmé que dix mille soldats ont été envoyés en Russie.", CONFIGURED) == "fr"


def test_english_is_recognised_when_a_candidate() -> None:
    # The CLI adds the pivot language so that English input is named, not mistaken for Dutch.
    text = "The minister confirmed that ten thousand soldiers were sent to Russia last week."
    assert detect_language(text, CONFIGURED + ("en",)) == "en"
    assert detect_language(text, CONFIGURED) != "en"


def test_too_short() -> None:
    with pytest.raises(LanguageUndecided):
        detect_language("Ja.", CONFIGURED)


def test_many_texts_at_once_answer_as_one_at_a_time() -> None:
    from auditor.language import detect_languages

    texts = [p.read_text("utf-8") for p in SEEDS] + [
        "Le ministre a confirmé que dix mille soldats ont été envoyés en Russie.",
        "The minister said that ten thousand soldiers were sent to the border.", "Ja.", "   "]
    answers = detect_languages(texts, CONFIGURED + ("en",))
    assert answers[:len(SEEDS)] == ["de"] * len(SEEDS)
    assert answers[len(SEEDS):len(SEEDS) + 2] == ["fr", "en"]
    assert all(isinstance(a, LanguageUndecided) for a in answers[-2:])
    assert detect_languages([], CONFIGURED) == []


def test_batches_answer_as_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor import language

    texts = [p.read_text("utf-8") for p in SEEDS] + [
        "The minister said that ten thousand soldiers were sent to the border."] * 3
    whole = language.detect_languages(texts, CONFIGURED + ("en",))
    monkeypatch.setattr(language, "BATCH", 2)
    assert language.detect_languages(texts, CONFIGURED + ("en",)) == whole == ["de"] * len(SEEDS) + ["en"] * 3
