"""The engine's Translator: a backend behind the back-translation cache.

Each distinct sentence is translated once per (model, settings): repeated sentences within
a run are deduplicated and earlier runs' translations come from the cache, so only the
misses reach the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .backends import BACKENDS, Backend, BackendUnavailable, GenerationSettings, backend_class, load_backend
from .cache import TranslationCache
from .corpus import Translation
from .models import ModelUnavailable, ResolvedModel, resolve_model

_EMPTY = Translation("", 0.0, 0.0, 0)
#: cache "settings" of forced-decoding scores, and the separator of a (source, target) key
_SCORE_KEY = "score"
_PAIR_SEP = "\x1e"
#: preference of ``backend="auto"``: fastest first, transformers (loads any Marian model) last
AUTO_ORDER = ("ctranslate2", "transformers")


@dataclass
class TranslatorStats:
    #: distinct non-empty texts found in the cache / not found there
    hits: int = 0
    misses: int = 0
    #: number of backend.translate() calls
    model_calls: int = 0
    #: number of backend.score() calls (forced decoding; cached like translations)
    score_calls: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "model_calls": self.model_calls,
                "score_calls": self.score_calls}


class CachedTranslator:
    """Implements the engine's Translator protocol (``translate``, ``describe``)."""

    def __init__(self, backend: Backend, cache: TranslationCache | None = None, *,
                 origin: str = "local-dir", resolved: ResolvedModel | None = None) -> None:
        self.backend = backend
        self.cache = cache
        self.origin = resolved.origin if resolved else origin
        self.resolved = resolved
        self.stats = TranslatorStats()
        self._identity = backend.identity
        self._settings_key = backend.settings.cache_key()

    @property
    def warnings(self) -> list[str]:
        return list(self.cache.warnings) if self.cache is not None else []

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        unique = [t for t in dict.fromkeys(texts) if t.strip()]
        found: dict[str, Translation] = {}
        if self.cache is not None and unique:
            found = self.cache.get_many(self._identity, self._settings_key, unique)
        missing = [t for t in unique if t not in found]
        self.stats.hits += len(unique) - len(missing)
        self.stats.misses += len(missing)
        if missing:
            self.stats.model_calls += 1
            fresh = dict(zip(missing, self.backend.translate(missing)))
            if self.cache is not None:
                self.cache.put_many(self._identity, self._settings_key, fresh)
            found.update(fresh)
        return [found[t] if t.strip() else _EMPTY for t in texts]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        """The model's log-probability of each target given its source (forced decoding),
        cached per (source, target) pair; generation settings do not matter here."""
        if len(sources) != len(targets):
            raise ValueError(f"score(): {len(sources)} sources but {len(targets)} targets")
        pairs = list(zip(sources, targets))
        keys = [f"{src}{_PAIR_SEP}{tgt}" for src, tgt in pairs]
        unique = {k: p for k, p in zip(keys, pairs) if p[0].strip() and p[1].strip()}
        found: dict[str, Translation] = {}
        if self.cache is not None and unique:
            found = self.cache.get_many(self._identity, _SCORE_KEY, unique)
        missing = [k for k in unique if k not in found]
        if missing:
            self.stats.score_calls += 1
            fresh = dict(zip(missing, self.backend.score([unique[k][0] for k in missing],
                                                         [unique[k][1] for k in missing])))
            if self.cache is not None:
                self.cache.put_many(self._identity, _SCORE_KEY, fresh)
            found.update(fresh)
        return [found.get(k, Translation(tgt, 0.0, 0.0, 0)) for k, (_, tgt) in zip(keys, pairs)]

    def describe(self) -> dict[str, Any]:
        info = {**self.backend.describe(), "origin": self.origin}
        if self.resolved is not None:
            info["path"] = str(self.resolved.path)
        return info


def build_translator(
    model: str,
    *,
    backend: str = "transformers",
    settings: GenerationSettings,
    cache: TranslationCache | None,
    allow_download: bool = True,
    timeout: float = 3.0,
) -> CachedTranslator:
    """Resolve ``model`` (directory or hub name), load it in ``backend``, put the cache in
    front. Raises ModelUnavailable or BackendUnavailable with a short reason.

    ``backend="auto"`` takes the first backend of AUTO_ORDER that is registered and can load
    this model (a faster one may need a converted model; transformers needs none).
    """
    if backend == "auto":
        candidates = [name for name in AUTO_ORDER if name in BACKENDS]
    else:
        backend_class(backend)  # an unknown or uninstalled backend fails before any download
        candidates = [backend]
    resolved = resolve_model(model, allow_download=allow_download, timeout=timeout)
    error: BackendUnavailable | None = None
    for name in candidates:
        try:
            loaded = load_backend(name, resolved.path, resolved.model_id, settings)
        except BackendUnavailable as exc:
            error = exc
            continue
        return CachedTranslator(loaded, cache, resolved=resolved)
    raise error or BackendUnavailable("no backend registered")


__all__ = ["AUTO_ORDER", "BackendUnavailable", "CachedTranslator", "ModelUnavailable", "TranslatorStats", "build_translator"]
