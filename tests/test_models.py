"""Model resolution: local directories, the Hugging Face cache, and bounded failure offline."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.models import (
    LanguageModels,
    ModelUnavailable,
    is_available_locally,
    load_models_config,
    probe_endpoint,
    pull_model,
    resolve_model,
)

UNCACHED = "Helsinki-NLP/opus-mt-de-en"


# --------------------------------------------------------------------------- config


def test_packaged_config_has_german() -> None:
    table = load_models_config()
    assert table["de"] == LanguageModels("de", "Helsinki-NLP/opus-mt-de-en", "Helsinki-NLP/opus-mt-en-de")
    assert table["pl"].roundtrip is None


def test_config_path_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "models.yaml"
    custom.write_text("languages:\n  de: {backtranslation: /models/de-en, roundtrip: null}\n", encoding="utf-8")
    assert load_models_config(custom) == {"de": LanguageModels("de", "/models/de-en", None)}
    monkeypatch.setenv("AUDITOR_MODELS_FILE", str(custom))
    assert load_models_config()["de"].backtranslation == "/models/de-en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("languages:\n  de: {backtranslation: x\n", "invalid YAML"),
        ("- just\n- a list\n", "'languages' mapping"),
        ("languages:\n  de: {roundtrip: Helsinki-NLP/opus-mt-en-de}\n", "languages.de.backtranslation"),
        ("languages:\n  de: {backtranslation: a/b, roundtrp: c/d}\n", "unknown key(s) roundtrp"),
    ],
)
def test_bad_config_is_a_clear_value_error(tmp_path: Path, text: str, expected: str) -> None:
    bad = tmp_path / "models.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_models_config(bad)
    assert expected in str(info.value)
    assert str(bad) in str(info.value)


def test_missing_config_file_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read models file"):
        load_models_config(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------- local dirs and cache


def test_local_directory(tiny_model_dir: Path, offline_hf: Path) -> None:
    resolved = resolve_model(str(tiny_model_dir))
    assert resolved.origin == "local-dir"
    assert resolved.path == tiny_model_dir.resolve()
    assert (resolved.path / "config.json").is_file()


def test_directory_without_config(tmp_path: Path) -> None:
    (tmp_path / "vocab.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="no config.json"):
        resolve_model(str(tmp_path))


def test_missing_directory_is_not_taken_for_a_hub_name(tmp_path: Path, offline_hf: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no such directory"):
        resolve_model(str(tmp_path / "missing" / "model"))


def test_hub_name_from_cache(tiny_hub_model: str, tiny_model_dir: Path) -> None:
    resolved = resolve_model(tiny_hub_model)
    assert resolved.origin == "hf-cache"
    assert resolved.model_id == tiny_hub_model
    assert "models--tiny-org--opus-mt-tiny" in str(resolved.path)
    assert (resolved.path / "vocab.json").read_bytes() == (tiny_model_dir / "vocab.json").read_bytes()
    assert is_available_locally(tiny_hub_model)


def test_cached_model_never_touches_the_network(tiny_hub_model: str, silent_server: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", silent_server)
    start = time.monotonic()
    assert resolve_model(tiny_hub_model, timeout=5.0).origin == "hf-cache"
    assert time.monotonic() - start < 1


def test_hf_home_locates_the_cache(tiny_hub_model: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    cache = Path(os.environ["HF_HUB_CACHE"])
    home = tmp_path / "hf-home"
    home.mkdir()
    (home / "hub").symlink_to(cache)
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(home))
    assert resolve_model(tiny_hub_model).path.parent.parent.name == "models--tiny-org--opus-mt-tiny"
    monkeypatch.setenv("HF_HOME", str(tmp_path / "elsewhere"))
    assert not is_available_locally(tiny_hub_model)


def test_incomplete_cache_entry_is_not_available(tiny_hub_model: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    from tiny_marian import install_in_hf_cache

    partial = tmp_path / "partial-model"
    partial.mkdir()
    (partial / "config.json").write_bytes((tiny_model_dir / "config.json").read_bytes())
    cache = tmp_path / "cache"
    install_in_hf_cache(partial, cache, "tiny-org/interrupted")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    assert not is_available_locally("tiny-org/interrupted")


def test_uncached_hub_name_offline_fails_fast(offline_hf: Path) -> None:
    start = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        resolve_model(UNCACHED)
    assert time.monotonic() - start < 5
    assert str(info.value) == "not in the Hugging Face cache and HF_HUB_OFFLINE=1"
    assert info.value.model == UNCACHED
    assert not is_available_locally(UNCACHED)


def test_downloads_disabled(offline_hf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    with pytest.raises(ModelUnavailable, match="downloads disabled"):
        resolve_model(UNCACHED, allow_download=False)


def test_unreachable_endpoint_fails_within_bound(offline_hf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    start = time.monotonic()
    with pytest.raises(ModelUnavailable, match="hub unreachable"):
        pull_model(UNCACHED, timeout=1.0)
    assert time.monotonic() - start < 3


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never answers (a hung proxy or firewall)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_silent_endpoint_is_cut_at_the_timeout(silent_server: str, offline_hf: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", silent_server)
    start = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        resolve_model(UNCACHED, timeout=0.5)
    assert time.monotonic() - start < 2
    assert "hub unreachable" in str(info.value)
    assert "timed out" in str(info.value)


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(404)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"error": "Repository not found"}')

    def log_message(self, *args: object) -> None:
        return  # keep the test output clean


@pytest.fixture
def not_found_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_reachable_hub_without_the_model(not_found_server: str, offline_hf: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert probe_endpoint(not_found_server, 2.0) is None
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", not_found_server)
    # huggingface_hub reads HF_HUB_OFFLINE once, at import (another test may have set it)
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    with pytest.raises(ModelUnavailable) as info:
        pull_model("tiny-org/does-not-exist", timeout=2.0)
    assert str(info.value) == "no such model on the hub (or it is private)"
    assert not is_available_locally("tiny-org/does-not-exist")


def test_invalid_name(offline_hf: Path) -> None:
    with pytest.raises(ModelUnavailable, match="not a valid hub model name"):
        resolve_model("bad name with spaces")


# --------------------------------------------------------------------------- CLI


def _cli(*args: str):  # noqa: ANN202
    from click.testing import CliRunner

    from auditor.cli import cli

    return CliRunner().invoke(cli, ["models", *args], catch_exceptions=False)


@pytest.fixture
def models_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_hub_model: str,
                tiny_reverse_model_dir: Path) -> Path:
    path = tmp_path / "models.yaml"
    path.write_text(
        "languages:\n"
        f"  de: {{backtranslation: {tiny_hub_model}, roundtrip: {tiny_reverse_model_dir}}}\n"
        f"  fr: {{backtranslation: {UNCACHED.replace('de-en', 'fr-en')}, roundtrip: null}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AUDITOR_MODELS_FILE", str(path))
    return path


def test_cli_models_list(models_file: Path, tiny_hub_model: str, tiny_reverse_model_dir: Path) -> None:
    res = _cli("list")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith(f"de   back-translation  {tiny_hub_model}  available (hf-cache: ")
    assert lines[1] == (f"de   round trip        {tiny_reverse_model_dir}  "
                        f"available (local-dir: {tiny_reverse_model_dir.resolve()})")
    assert lines[2].startswith("fr   back-translation  Helsinki-NLP/opus-mt-fr-en  missing (not in the Hugging Face cache")
    assert lines[3] == "fr   round trip        -"
    assert lines[4] == "Download a language's models with: auditor models pull LANG"


def test_cli_models_pull(models_file: Path) -> None:
    res = _cli("pull", "de")  # both models are here already: nothing to download, no network
    assert res.exit_code == 0, res.output
    assert res.output.count("already here") == 2

    start = time.monotonic()
    res = _cli("pull", "fr")
    assert res.exit_code == 3
    assert res.output == ("auditor: error: cannot pull Helsinki-NLP/opus-mt-fr-en: "
                          "not in the Hugging Face cache and HF_HUB_OFFLINE=1\n")
    assert time.monotonic() - start < 5

    res = _cli("pull", "xx")
    assert res.exit_code == 2
    assert res.output.startswith("auditor: error: no models configured for language 'xx'")


def test_cli_pull_without_network(models_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    res = _cli("pull", "fr")
    assert res.exit_code == 3
    assert res.output.startswith("auditor: error: cannot pull Helsinki-NLP/opus-mt-fr-en: ")
    assert "hub unreachable" in res.output and res.output.count("\n") == 1


def test_cli_bad_models_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "models.yaml"
    bad.write_text("languages: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_MODELS_FILE", str(bad))
    res = _cli("list")
    assert res.exit_code == 2
    assert res.output.startswith(f"auditor: error: {bad}: invalid YAML") and res.output.count("\n") == 1
