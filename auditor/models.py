"""Which Marian model serves which language, and where its files are on this machine.

Models are always loaded from a local directory. A hub name is resolved to a directory
without touching the network first (the Hugging Face cache), and only downloaded when the
hub answers a bounded probe. ``MarianMTModel.from_pretrained`` / ``MarianTokenizer.
from_pretrained`` called with a hub name and no network retry for minutes (measured: 23 s
and 278 s) and then fail with an unrelated TypeError, so they are never given a hub name.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

MODELS_FILE_ENV = "AUDITOR_MODELS_FILE"
DEFAULT_ENDPOINT = "https://huggingface.co"

#: the files a Marian (opus-mt) checkpoint needs; the hub repos also carry TF/Rust weights
MARIAN_FILES = (
    "config.json",
    "*.spm",
    "vocab.json",
    "tokenizer_config.json",
    "generation_config.json",
    "special_tokens_map.json",
)
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")

Origin = Literal["local-dir", "hf-cache", "hub"]


class ModelUnavailable(Exception):
    """A model cannot be used here; ``str(exc)`` is a short reason for the report and CLI."""

    def __init__(self, reason: str, model: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.model = model


@dataclass(frozen=True)
class LanguageModels:
    language: str
    backtranslation: str
    roundtrip: str | None


@dataclass(frozen=True)
class ResolvedModel:
    path: Path
    model_id: str
    origin: Origin


# --------------------------------------------------------------------------- config


def load_models_config(path: Path | None = None) -> dict[str, LanguageModels]:
    """The language -> models table from ``models.yaml``.

    ``path`` wins, then ``$AUDITOR_MODELS_FILE``, then the file shipped in the package.
    Raises ValueError with the file name and what is wrong.
    """
    if path is None and os.environ.get(MODELS_FILE_ENV):
        path = Path(os.environ[MODELS_FILE_ENV])
    if path is not None:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read models file {source}: {exc.strerror or exc}") from None
    else:
        source = "auditor/models.yaml"
        text = resources.files("auditor").joinpath("models.yaml").read_text(encoding="utf-8")
    return parse_models_config(text, source)


def parse_models_config(text: str, source: str = "models.yaml") -> dict[str, LanguageModels]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{source}: invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
        raise ValueError(f"{source}: expected a mapping with a 'languages' mapping")
    table: dict[str, LanguageModels] = {}
    for lang, entry in data["languages"].items():
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: languages.{lang}: expected a mapping with 'backtranslation'")
        unknown = set(entry) - {"backtranslation", "roundtrip"}
        if unknown:
            raise ValueError(f"{source}: languages.{lang}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        bt = entry.get("backtranslation")
        rt = entry.get("roundtrip")
        if not isinstance(bt, str) or not bt.strip():
            raise ValueError(f"{source}: languages.{lang}.backtranslation: expected a model name or directory")
        if rt is not None and (not isinstance(rt, str) or not rt.strip()):
            raise ValueError(f"{source}: languages.{lang}.roundtrip: expected a model name, directory or null")
        table[str(lang)] = LanguageModels(str(lang), bt.strip(), rt.strip() if rt else None)
    return table


# --------------------------------------------------------------------------- resolution


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache, read from the environment now (huggingface_hub reads it
    once at import, which would ignore a later HF_HOME / HF_HUB_CACHE)."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


def offline_variable() -> str | None:
    """The variable that forbids network access, as ``NAME=value``, or None."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        value = os.environ.get(var, "")
        if value.strip().upper() in {"1", "ON", "YES", "TRUE"}:
            return f"{var}={value}"
    return None


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def resolve_model(name_or_dir: str, *, allow_download: bool = True, timeout: float = 3.0) -> ResolvedModel:
    """A local directory holding the model's files, or ModelUnavailable.

    Order: an existing directory; the Hugging Face cache (no network); a download, only when
    downloads are allowed, no offline variable is set and the hub answers within ``timeout``.
    """
    name = str(name_or_dir).strip()
    if not name:
        raise ModelUnavailable("empty model name", name)
    local = Path(name).expanduser()
    if local.is_dir():
        return ResolvedModel(_validated(local.resolve(), name), str(local.resolve()), "local-dir")
    if _looks_like_path(name):
        raise ModelUnavailable(f"no such directory: {name}", name)
    offline = offline_variable()
    # Nothing of it in the cache and no download allowed: known without importing
    # huggingface_hub (0.18 s, most of a re-audit whose result comes from the cache).
    certain_miss = _PLAIN_REPO_ID.fullmatch(name) is not None and not _cache_folder(name).is_dir()
    if not certain_miss:
        _check_repo_id(name)
        cached = _from_cache(name)
        if cached is not None:
            return ResolvedModel(cached, name, "hf-cache")

    if offline:
        raise ModelUnavailable(f"not in the Hugging Face cache and {offline}", name)
    if not allow_download:
        raise ModelUnavailable("not in the Hugging Face cache (downloads disabled)", name)
    if certain_miss:
        _check_repo_id(name)
    endpoint = hub_endpoint()
    problem = probe_endpoint(endpoint, timeout)
    if problem:
        raise ModelUnavailable(f"not in the Hugging Face cache and {problem}", name)
    return ResolvedModel(_download(name, endpoint, timeout), name, "hub")


def is_available_locally(name_or_dir: str) -> bool:
    try:
        resolve_model(name_or_dir, allow_download=False)
    except ModelUnavailable:
        return False
    return True


def pull_model(name: str, *, timeout: float = 3.0) -> ResolvedModel:
    """Make ``name`` available locally (a no-op when it already is); ModelUnavailable when
    it is neither here nor downloadable."""
    return resolve_model(name, allow_download=True, timeout=timeout)


def probe_endpoint(endpoint: str, timeout: float) -> str | None:
    """None when the hub answers within ``timeout`` seconds, else a short reason.

    A HEAD request (through the environment's proxies, as huggingface_hub would go) runs in a
    daemon thread: DNS resolution has no timeout of its own, so the join is the hard bound.
    """
    result: list[str | None] = []

    def probe() -> None:
        request = urllib.request.Request(endpoint, method="HEAD", headers={"User-Agent": "auditor"})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                result.append(None)
        except urllib.error.HTTPError:
            result.append(None)  # any HTTP answer means the hub is reachable
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            result.append(f"hub unreachable ({_short(reason)})")

    thread = threading.Thread(target=probe, name="auditor-hub-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or not result:
        return f"hub unreachable (timed out after {timeout:g} s)"
    return result[0]


def _short(reason: object) -> str:
    text = str(reason).strip() or type(reason).__name__
    if "timed out" in text.lower():
        return "timed out"
    return text.splitlines()[0][:120]


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or os.sep in name.replace("/", "", 1) or name.count("/") > 1


def _check_repo_id(name: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(name)
    except HFValidationError:
        raise ModelUnavailable(f"not a directory and not a valid hub model name: {name}", name) from None


def _validated(path: Path, name: str) -> Path:
    if not (path / "config.json").is_file():
        raise ModelUnavailable(f"{path} has no config.json (not a model directory)", name)
    if not any((path / w).is_file() for w in WEIGHT_FILES):
        raise ModelUnavailable(f"{path} has no weights ({' or '.join(WEIGHT_FILES)})", name)
    return path


#: names huggingface_hub's validate_repo_id accepts, simplified: "org/name" of word
#: characters, dots and dashes, without ".." or "--" (anything else is validated by the library)
_PLAIN_REPO_ID = re.compile(r"(?!.*(?:\.\.|--))[\w.-]{1,96}/[\w.-]{1,96}")


def _cache_folder(repo_id: str) -> Path:
    """Where the Hugging Face cache keeps a model repo (its documented layout)."""
    return hf_hub_cache() / ("models--" + repo_id.replace("/", "--"))


def _from_cache(repo_id: str) -> Path | None:
    """The cached snapshot of ``repo_id``'s main revision, found without any network."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = Path(snapshot_download(repo_id, cache_dir=hf_hub_cache(), local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    try:
        return _validated(folder, repo_id)
    except ModelUnavailable:
        return None  # an interrupted download: treat as not cached


def _download(repo_id: str, endpoint: str, timeout: float) -> Path:
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    try:
        files = set(HfApi(endpoint=endpoint).list_repo_files(repo_id))
        # both formats are on many opus-mt repos; fetch one
        weights = next((w for w in WEIGHT_FILES if w in files), None)
        if weights is None:
            raise ModelUnavailable(f"the hub repo has no PyTorch weights ({' or '.join(WEIGHT_FILES)})", repo_id)
        folder = snapshot_download(
            repo_id,
            cache_dir=hf_hub_cache(),
            endpoint=endpoint,
            allow_patterns=[*MARIAN_FILES, weights],
            etag_timeout=max(timeout, 10.0),
        )
    except ModelUnavailable:
        raise
    except RepositoryNotFoundError:
        raise ModelUnavailable("no such model on the hub (or it is private)", repo_id) from None
    except GatedRepoError:
        raise ModelUnavailable("the hub model is gated; log in with huggingface-cli first", repo_id) from None
    except HfHubHTTPError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status in (401, 404):
            raise ModelUnavailable("no such model on the hub (or it is private)", repo_id) from None
        raise ModelUnavailable(f"download failed: {_short(exc)}", repo_id) from None
    except Exception as exc:  # network/HTTP/disk errors from huggingface_hub become one reason
        raise ModelUnavailable(f"download failed: {type(exc).__name__}: {_short(exc)}", repo_id) from None
    return _validated(Path(folder), repo_id)


__all__ = [
    "LanguageModels",
    "ModelUnavailable",
    "ResolvedModel",
    "hf_hub_cache",
    "is_available_locally",
    "load_models_config",
    "parse_models_config",
    "probe_endpoint",
    "pull_model",
    "resolve_model",
]
