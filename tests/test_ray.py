"""``auditor audit --ray``: the same reports as local workers, from Ray tasks and actors on a
local Ray instance started here (2 CPUs); errors in one line."""

from __future__ import annotations

import logging
import operator
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'auditor[ray]')")

from auditor import ray_executor  # noqa: E402 - after the skip: it is the module under test
from auditor.backends import GenerationSettings, load_backend  # noqa: E402
from auditor.cache import TranslationCache  # noqa: E402
from auditor.cli import cli  # noqa: E402
from auditor.ray_executor import RayBackend, RayExecutor  # noqa: E402
from auditor.translate import CachedTranslator  # noqa: E402
from tiny_marian import seed_sentences  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.joinpath("seeds").glob("*.txt"))
TEXTS = sorted(Path(str(resources.files("auditor.evaluation").joinpath("data/texts"))).glob("*.de.txt"))

pytestmark = pytest.mark.usefixtures("isolated_env")


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> object:
    """One local Ray instance for the module (starting one takes seconds); the CLI attaches to it."""
    # "local": a new instance even where RAY_ADDRESS or a `ray start` cluster would be found
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    yield ray
    ray.shutdown()


def _audit(out: Path, *args: str, formats: str = "json") -> tuple[dict[str, bytes], str]:
    res = CliRunner().invoke(cli, ["audit", *args, "--out", str(out), "--format", formats], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}, res.output


@pytest.fixture
def ray_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tasks that went through RayExecutor.run, counted on the driver: a --ray run that fell back
    to local processes would write the same reports and prove nothing."""
    counted: list[int] = []
    run = RayExecutor.run

    def counting(self: RayExecutor, fn, tasks, shared=None):  # noqa: ANN001, ANN202
        for item in run(self, fn, tasks, shared):
            counted.append(item[0])
            yield item

    monkeypatch.setattr(RayExecutor, "run", counting)
    return counted


def test_ray_writes_the_reports_of_two_workers(tmp_path: Path, ray_runs: list[int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # A result that is not kept (no cache) is not held whole with Ray either: its tasks
    # render each document's files and the driver writes them as they come.
    from auditor.engine import run_audit

    kept: list[int] = []

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = run_audit(*args, **kwargs)
        kept.append(len(result.documents))
        return result

    monkeypatch.setattr("auditor.engine.run_audit", spy)
    files = [*map(str, SEEDS + TEXTS), "--no-backtranslation", "--no-cache"]
    local, _ = _audit(tmp_path / "workers", *files, "--workers", "2", formats="json,html,jsonl")
    monkeypatch.setattr("auditor.parallel.CHUNK_CHARS", 5_000)  # several tasks, finishing in any order
    on_ray, _ = _audit(tmp_path / "ray", *files, "--ray", formats="json,html,jsonl")
    assert len(ray_runs) > 3
    assert kept == [0, 0]  # streamed both times: no document's result reached the caller whole
    # a JSON report and an HTML page per document, the two indexes and reports.jsonl
    assert len(local) == 2 * (len(SEEDS) + len(TEXTS)) + 3
    assert on_ray == local
    assert b'"code": "FIG' in b"".join(local.values())  # flags to agree on


def test_executor_yields_each_result_once_with_its_index_and_bounded_in_flight() -> None:
    executor = RayExecutor(workers=2)
    assert executor.workers == 2
    taken: list[int] = []

    def tasks():  # noqa: ANN202
        for i in range(40):
            taken.append(i)
            yield {"key": i * i}

    results = {}
    for index, value in executor.run(operator.getitem, tasks(), "key"):  # shared: the key, sent once
        assert len(taken) - len(results) <= executor.workers * ray_executor.WINDOW
        results[index] = value
    assert results == {i: i * i for i in range(40)}
    # a task's error is raised as itself, as a ProcessPool raises it
    with pytest.raises(KeyError, match="nokey"):
        list(executor.run(operator.getitem, [{"key": 1}], "nokey"))
    executor.close()
    assert ray.is_initialized()  # an executor leaves a connection it did not open


def test_back_translation_in_actors_gives_the_in_process_reports(tmp_path: Path, tiny_model_dir: Path) -> None:
    files = [*map(str, SEEDS[:6]), "--model", str(tiny_model_dir), "--backend", "transformers",
             "--lang", "de", "--no-cache"]
    here, said_here = _audit(tmp_path / "here", *files)
    on_ray, said = _audit(tmp_path / "ray", *files, "--ray")
    assert on_ray == here
    line = [ln for ln in said.splitlines() if ln.startswith("back-translation (de, transformers)")]
    assert line == [ln for ln in said_here.splitlines() if ln.startswith("back-translation (de, transformers)")]
    assert "0 sentences translated" not in line[0]


def test_batches_are_spread_across_actors_and_only_cache_misses_reach_them(tmp_path: Path,
                                                                          tiny_model_dir: Path) -> None:
    settings = GenerationSettings(batch_size=8)
    local = load_backend("transformers", tiny_model_dir, "tiny", settings)
    texts = seed_sentences()[:40]
    expected = local.translate(texts)

    remote = RayBackend(local, actors=2)
    translator = CachedTranslator(remote, TranslationCache(tmp_path / "cache"))
    assert translator.translate(texts) == expected
    # both actors loaded the model (a describe names the device only then) and translated
    assert all("device" in ray.get(h.describe.remote()) for h in remote._handles)
    assert len(remote._handles) == 2

    sent: list[int] = []
    spread = RayBackend._spread
    remote._spread = lambda submit, items: sent.append(len(items)) or spread(remote, submit, items)
    again = translator.translate([*texts[:10], "Ein neuer Satz, den noch niemand übersetzt hat."])
    assert again[:10] == expected[:10]
    assert sent == [1]  # the cache is the driver's: only the new sentence went to an actor
    assert translator.stats.hits == 10
    remote.close()


def test_a_model_missing_on_the_nodes_is_the_cli_fallback(tmp_path: Path, tiny_model_dir: Path) -> None:
    local = load_backend("transformers", tiny_model_dir, "tiny-org/not-on-any-node", GenerationSettings())
    remote = RayBackend(local, actors=1)
    remote.model_dir = tmp_path / "not-here"  # as if the driver's path were not shared
    with pytest.raises(ray_executor.BackendUnavailable, match="is not on Ray node"):
        remote.translate(["Ein Satz."])
    remote.close()


def _one_line_error(args: list[str]) -> str:
    res = CliRunner().invoke(cli, ["audit", *args])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1, res.output
    assert res.output.startswith("auditor: error: ")
    return res.output


def test_an_unreachable_cluster_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    said = _one_line_error([str(SEEDS[0]), "--no-backtranslation", "--out", str(out), "--ray", "127.0.0.1:1"])
    assert "cannot reach Ray cluster '127.0.0.1:1'" in said
    assert "not a Ray address" in _one_line_error([str(SEEDS[0]), "--no-backtranslation", "--ray", "http://x"])
    # `--ray FILE` would take the file for the address: refused rather than audited without it
    assert "for a Ray address" in _one_line_error([str(SEEDS[0]), "--ray", str(SEEDS[1])])
    assert not out.exists()


def test_without_ray_installed_it_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    said = _one_line_error([str(SEEDS[0]), "--no-backtranslation", "--out", str(tmp_path / "out"), "--ray"])
    assert "pip install 'auditor[ray]'" in said


def test_a_gone_cluster_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ray would retry a dead address for minutes: RAY_ADDRESS naming one is an error at once...
    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:1")
    with pytest.raises(ray_executor.RayUnavailable, match="127.0.0.1:1 .from RAY_ADDRESS. does not answer"):
        ray_executor._found_address(None)
    # ...and the file a killed `ray start` left behind makes a plain --ray start its own instance
    monkeypatch.delenv("RAY_ADDRESS")
    monkeypatch.setattr("ray._private.services.get_ray_address_from_environment", lambda addr, tmp: "127.0.0.1:1")
    assert ray_executor._found_address(None) == "local"
    with pytest.raises(ray_executor.RayUnavailable, match="last `ray start`"):
        ray_executor._found_address("auto")


def test_one_actor_per_gpu_else_one_per_node() -> None:
    assert ray_executor.actor_options({"CPU": 32.0, "GPU": 4.0}, 2) == ({"num_gpus": 1, "num_cpus": 1}, 4)
    options, count = ray_executor.actor_options({"CPU": 32.0}, 3)
    assert (options["num_cpus"], count) == (1, 3) and "num_gpus" not in options
    assert ray_executor.actor_options({"CPU": 2.0}, 1, actors=2)[1] == 2


def test_attaches_to_the_cluster_ray_start_runs(tmp_path: Path) -> None:
    """A cluster as `ray start --head` runs it (Ray 2.60 turns its token authentication on):
    `--ray=auto` and a plain `--ray` attach to it. Given its address instead, Ray would not
    read the session's token and the cluster refused the driver (InvalidAuthToken)."""
    import os
    import signal
    import socket
    import subprocess
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # a user's shell: the module's ray.init set RAY_AUTH_MODE=token in this process, which
    # would hide what a driver that reads no session does
    env = {k: v for k, v in os.environ.items() if k not in ("RAY_ADDRESS", "RAY_AUTH_MODE")}
    log = tmp_path / "ray-start.log"
    ray_cli = Path(sys.executable).with_name("ray")
    head = subprocess.Popen(
        [str(ray_cli), "start", "--head", "--block", "--port", str(port), "--num-cpus", "1",
         "--include-dashboard=false", "--disable-usage-stats"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while "Ray runtime started" not in log.read_text() and head.poll() is None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "Ray runtime started" in log.read_text(), log.read_text()[-2000:]
        sessions = set(Path("/tmp/ray").glob("session_2*"))  # a new local instance would add one
        for n, flag in enumerate(("--ray=auto", "--ray")):
            out = tmp_path / f"out-{n}"
            res = subprocess.run(
                [sys.executable, "-m", "auditor", "audit", str(SEEDS[0]), "--no-backtranslation", "--no-cache",
                 "-q", "--out", str(out), flag],
                capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
            assert res.returncode in (0, 1), res.stderr[-2000:]  # 1: the seed has flags
            assert (out / "index.json").is_file() and "InvalidAuthToken" not in res.stderr
        assert set(Path("/tmp/ray").glob("session_2*")) == sessions  # both attached to the running head
    finally:
        os.killpg(head.pid, signal.SIGKILL)  # the head and every Ray process it started
        head.wait(60)
