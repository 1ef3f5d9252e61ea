"""The back-translation cache (SQLite) and the CachedTranslator in front of a real backend."""

from __future__ import annotations

import importlib.util
import sqlite3
import threading
from pathlib import Path

import pytest

from auditor.backends import BackendUnavailable, load_backend
from auditor.backends.base import GenerationSettings
from auditor.cache import DB_NAME, TranslationCache, default_cache_dir
from auditor.checks.base import Translation
from auditor.models import ModelUnavailable
from auditor.translate import CachedTranslator, build_translator
from tiny_marian import seed_sentences

ID = "Helsinki-NLP/opus-mt-de-en@0123456789abcdef"
KEY = GenerationSettings().cache_key()
SETTINGS = GenerationSettings(threads=1, device="cpu", batch_size=8)

ITEMS = {
    "Russland hat 10.000 Soldaten geschickt.": Translation("Russia sent 10,000 soldiers.", -3.25, -0.41, 8),
    "Die Regierung schweigt.": Translation("The government is silent.", -2.5, -0.36, 7, truncated=True),
    "Ja.": Translation("Yes.", -0.5, -0.25, 2),
}


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("AUDITOR_CACHE_DIR")
    assert default_cache_dir().name == "auditor"


def test_round_trip_across_instances(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        assert cache.path == tmp_path / DB_NAME
        assert cache.get_many(ID, KEY, ITEMS) == {}
        cache.put_many(ID, KEY, ITEMS)
    assert TranslationCache(tmp_path / "new-v1.2").path == tmp_path / "new-v1.2" / DB_NAME
    with TranslationCache(tmp_path / DB_NAME) as cache:
        assert cache.path == tmp_path / DB_NAME
        assert cache.get_many(ID, KEY, [*ITEMS, "nicht im Cache"]) == ITEMS
        # another model, other settings or another text: misses
        assert cache.get_many(ID + "x", KEY, ITEMS) == {}
        assert cache.get_many(ID, GenerationSettings(beams=4).cache_key(), ITEMS) == {}
        assert cache.warnings == []
    journal = sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"


def test_only_hashes_of_the_sentences_are_keys(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        cache.put_many(ID, KEY, ITEMS)
    keys = [row[0] for row in sqlite3.connect(tmp_path / DB_NAME).execute("SELECT key FROM translations")]
    assert len(keys) == 3 and all(len(k) == 64 and "Soldaten" not in k for k in keys)


def test_concurrent_writers(tmp_path: Path) -> None:
    """Two runs writing to one cache at once: nothing lost, no error, no warning."""
    errors: list[BaseException] = []
    warnings: list[str] = []

    def writer(name: str) -> None:
        try:
            cache = TranslationCache(tmp_path)
            for batch in range(40):
                items = {f"{name} {batch} {i}": Translation(f"{name}-{batch}-{i}", -1.0, -0.5, 2) for i in range(25)}
                cache.put_many(ID, KEY, items)
                assert cache.get_many(ID, KEY, items) == items
            warnings.extend(cache.warnings)
            cache.close()
        except BaseException as exc:  # collected: an assertion in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and warnings == []
    with TranslationCache(tmp_path) as cache:
        texts = [f"{n} {b} {i}" for n in "ab" for b in range(40) for i in range(25)]
        assert len(cache.get_many(ID, KEY, texts)) == 2000


def test_garbage_file_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"this is not an SQLite database, just some text " * 100)
    cache = TranslationCache(tmp_path)
    assert len(cache.warnings) == 1 and "corrupt" in cache.warnings[0]
    moved = list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    cache.put_many(ID, KEY, ITEMS)
    assert cache.get_many(ID, KEY, ITEMS) == ITEMS
    cache.close()


def test_malformed_database_is_rebuilt(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        many = {f"Satz {i} " + "x" * 200: Translation(f"sentence {i}", -1.0, -0.5, 3) for i in range(400)}
        cache.put_many(ID, KEY, many)
    db = tmp_path / DB_NAME
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[page:len(data)] = b"\xa5" * (len(data) - page)  # every page but the header page
    db.write_bytes(bytes(data))

    cache = TranslationCache(tmp_path)
    assert cache.get_many(ID, KEY, list(many)[:5]) == {}
    assert any("corrupt" in w for w in cache.warnings), cache.warnings
    assert list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
    cache.put_many(ID, KEY, ITEMS)
    assert cache.get_many(ID, KEY, ITEMS) == ITEMS
    cache.close()


def test_unwritable_directory_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    cache = TranslationCache(blocker / "cache")
    assert not cache.enabled
    assert len(cache.warnings) == 1 and "disabled" in cache.warnings[0]
    cache.put_many(ID, KEY, ITEMS)
    assert cache.get_many(ID, KEY, ITEMS) == {}


# --------------------------------------------------------------------------- CachedTranslator


class CountingBackend:
    """Counts the texts a real backend is asked for (wraps it; outputs are the model's)."""

    def __init__(self, inner):  # noqa: ANN001
        self.inner = inner
        self.settings = inner.settings
        self.identity = inner.identity
        self.seen: list[str] = []

    def translate(self, texts):  # noqa: ANN001, ANN201
        self.seen.extend(texts)
        return self.inner.translate(texts)

    def describe(self):  # noqa: ANN201
        return self.inner.describe()

    def score(self, sources, targets):  # noqa: ANN001, ANN201
        self.seen.extend(targets)
        return self.inner.score(sources, targets)


@pytest.fixture(scope="module")
def tiny_backend(tiny_model_dir: Path):  # noqa: ANN201
    return load_backend("transformers", tiny_model_dir, "tiny", SETTINGS)


def test_second_run_makes_no_model_calls(tiny_backend, tmp_path: Path) -> None:  # noqa: ANN001
    texts = seed_sentences()[:12]
    texts = [*texts, texts[0], "", texts[3]]  # duplicates and an empty line
    first = CountingBackend(tiny_backend)
    with TranslationCache(tmp_path) as cache:
        translator = CachedTranslator(first, cache)
        out1 = translator.translate(texts)
    assert translator.stats.model_calls == 1 and translator.stats.misses == 12 and translator.stats.hits == 0
    assert sorted(first.seen) == sorted(set(texts) - {""})  # deduplicated, no empty text
    assert out1[12] == out1[0] and out1[13].text == "" and out1[13].tokens == 0

    second = CountingBackend(tiny_backend)
    with TranslationCache(tmp_path) as cache:
        translator = CachedTranslator(second, cache)
        out2 = translator.translate(texts)
    assert translator.stats.model_calls == 0 and translator.stats.hits == 12 and second.seen == []
    assert out2 == out1


def test_partial_hits_only_send_misses(tiny_backend, tmp_path: Path) -> None:  # noqa: ANN001
    texts = seed_sentences()[20:26]
    with TranslationCache(tmp_path) as cache:
        CachedTranslator(tiny_backend, cache).translate(texts[:3])
        counting = CountingBackend(tiny_backend)
        translator = CachedTranslator(counting, cache)
        translator.translate(texts)
    assert counting.seen == texts[3:]
    assert (translator.stats.hits, translator.stats.misses, translator.stats.model_calls) == (3, 3, 1)


def test_scores_are_cached(tiny_backend, tmp_path: Path) -> None:  # noqa: ANN001
    sources = seed_sentences()[30:33]
    targets = ["The army sent 10,000 soldiers.", "Nobody was hurt.", "The talks failed."]
    with TranslationCache(tmp_path) as cache:
        first = CachedTranslator(tiny_backend, cache).score(sources, targets)
        counting = CountingBackend(tiny_backend)
        translator = CachedTranslator(counting, cache)
        again = translator.score([*sources, ""], [*targets, "x"])
        # a translation of the same text must not be confused with a score
        translator.translate(targets)
    assert again[:3] == first and again[3].tokens == 0
    assert translator.stats.score_calls == 0 and translator.stats.model_calls == 1
    assert counting.seen == targets  # only the translate() call reached the model
    assert first == tiny_backend.score(sources, targets)


def test_without_cache(tiny_backend) -> None:  # noqa: ANN001
    translator = CachedTranslator(tiny_backend, None)
    texts = seed_sentences()[:2]
    assert [t.text for t in translator.translate(texts)] == [t.text for t in tiny_backend.translate(texts)]
    assert translator.stats.model_calls == 1


def test_build_translator_by_hub_name(tiny_hub_model: str, tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        translator = build_translator(tiny_hub_model, backend="auto", settings=SETTINGS, cache=cache)
        info = translator.describe()
        # auto prefers CTranslate2 when it is installed (converted into the HF cache's parent)
        expected = "ctranslate2" if importlib.util.find_spec("ctranslate2") else "transformers"
        assert {k: info[k] for k in ("backend", "model", "origin")} == {
            "backend": expected, "model": tiny_hub_model, "origin": "hf-cache"}
        assert info["settings"]["beams"] == 1
        out = translator.translate(seed_sentences()[:3])
    assert len(out) == 3 and all(t.tokens > 0 for t in out)


def test_build_translator_failures(offline_hf: Path, tiny_model_dir: Path) -> None:
    with pytest.raises(ModelUnavailable, match="HF_HUB_OFFLINE=1"):
        build_translator("Helsinki-NLP/opus-mt-de-en", settings=SETTINGS, cache=None)
    with pytest.raises(BackendUnavailable, match="unknown backend"):
        build_translator(str(tiny_model_dir), backend="nope", settings=SETTINGS, cache=None)


def test_two_runs_creating_the_cache_at_once(tmp_path: Path) -> None:
    # Switching a new file to WAL does not wait for a busy database: before the retry, two
    # runs opening a fresh cache together lost it in 8 of 30 tries ("database is locked").
    for trial in range(20):
        folder = tmp_path / str(trial)
        barrier = threading.Barrier(2)
        outcomes: list[tuple[bool, list[str]]] = []

        def opener() -> None:
            barrier.wait()
            cache = TranslationCache(folder)
            outcomes.append((cache.enabled, list(cache.warnings)))
            cache.close()  # sqlite3 connections belong to the thread that made them

        threads = [threading.Thread(target=opener) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes == [(True, []), (True, [])]
