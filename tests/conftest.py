"""Shared fixtures: a tiny Marian model built from the seeds (no downloads), and a Hugging
Face cache holding it under a hub name, so tests load it through the real resolution path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tiny_marian import build_tiny_marian, install_in_hf_cache

TINY_REPO_ID = "tiny-org/opus-mt-tiny"

# One model thread in tests: the suite shares the machine with other processes, and torch's
# OpenMP threads spin-wait when there are more of them than free cores (measured: 40x slower).
os.environ.setdefault("AUDITOR_THREADS", "1")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight Marian model (de -> en layout) in a plain directory."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), seed=0)


@pytest.fixture(scope="session")
def tiny_reverse_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second tiny model (other weights), standing in for the round-trip model."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-reverse"), seed=1)


def _hub_offline(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    """Hugging Face reads ``cache`` and never the network."""
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("HF_ENDPOINT", raising=False)


@pytest.fixture(scope="session")
def _tiny_hf_cache(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    cache = tmp_path_factory.mktemp("hf-cache")
    install_in_hf_cache(tiny_model_dir, cache, TINY_REPO_ID)
    return cache


@pytest.fixture
def offline_hf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty Hugging Face cache and HF_HUB_OFFLINE=1: nothing can be downloaded."""
    cache = tmp_path / "empty-hf-cache"
    cache.mkdir()
    _hub_offline(monkeypatch, cache)
    return cache


@pytest.fixture
def tiny_hub_model(monkeypatch: pytest.MonkeyPatch, _tiny_hf_cache: Path) -> str:
    """The tiny model's hub name, cached in HF_HUB_CACHE, with HF_HUB_OFFLINE=1."""
    _hub_offline(monkeypatch, _tiny_hf_cache)
    return TINY_REPO_ID


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network and no user caches: HF_HUB_OFFLINE=1, empty HF and auditor caches in tmp."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "auditor-cache"))
