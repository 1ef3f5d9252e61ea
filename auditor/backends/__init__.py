"""Backend registry: found by name, imported lazily (torch/ctranslate2 load only when used)."""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import Backend, GenerationSettings

BACKENDS: dict[str, str] = {
    "transformers": "auditor.backends.transformers:TransformersBackend",
    "ctranslate2": "auditor.backends.ctranslate2:CTranslate2Backend",
}


class BackendUnavailable(RuntimeError):
    """The backend's library is not installed or cannot run here."""


def backend_class(name: str) -> type[Backend]:
    try:
        target = BACKENDS[name]
    except KeyError:
        raise BackendUnavailable(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}") from None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise BackendUnavailable(f"backend {name!r} needs {exc.name}, which is not installed") from None
    return getattr(module, attr)


def load_backend(name: str, model_dir: Path, model_id: str, settings: GenerationSettings) -> Backend:
    return backend_class(name)(model_dir, model_id, settings)


__all__ = ["BACKENDS", "Backend", "BackendUnavailable", "GenerationSettings", "backend_class", "load_backend"]
