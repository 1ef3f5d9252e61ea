"""A corpus audit on a Ray cluster (the ``auditor[ray]`` extra): the same stages, run elsewhere.

``RayExecutor`` is an ``auditor.parallel.Executor``: each task (a chunk of documents to
segment, later a document to check) is a Ray task, at most ``workers * WINDOW`` of them in
flight, results yielded as they finish. Whatever runs in a ``ProcessPool`` runs here, since
the function and its tasks are the same; only the place differs.

Back-translation runs in ``BackTranslator`` actors, each loading the model once (one per GPU
when the cluster has GPUs, else one per node, whose torch threads use that node's cores:
never one model per task). ``RayBackend`` stands in for the local backend behind
``auditor.translate.CachedTranslator``, so the back-translation cache stays on the driver
and only its misses travel to the actors.

Every node needs auditor (and its model, see README "On a Ray cluster"); Ray's own cluster
launcher or KubeRay starts the nodes. ``ray`` is imported only when a Ray run is asked for.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .backends import Backend, BackendUnavailable, GenerationSettings
from .checks.base import Translation
from .parallel import WINDOW

#: seconds to wait for a cluster's address to answer before calling it unreachable: Ray's own
#: client retries an unreachable address for minutes, printing a warning every few seconds
CONNECT_TIMEOUT = 5.0
#: the port of a ``ray://`` address without one (Ray Client's default)
CLIENT_PORT = 10001
INSTALL_HINT = "pip install 'auditor[ray]'"


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached; the message is one line."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayUnavailable(f"--ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


def connect(address: str | None = None) -> bool:
    """Connect this process to Ray: ``None`` a local instance (the one ``ray start`` runs on
    this machine, else a new one), ``"local"`` a new local instance, ``"auto"`` the cluster this
    machine belongs to, ``HOST:PORT`` or ``ray://HOST:PORT`` that cluster. True when this call
    connected (so the caller disconnects), False when the process already was connected."""
    ray = _ray()
    if address not in (None, "local", "auto"):
        _check_reachable(address)
    if ray.is_initialized():
        return False
    if address in (None, "auto"):
        address = _found_address(address)
    try:
        # Ray's INFO lines and the workers' output would interleave with the progress display;
        # a task's error comes back with its result instead
        ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        if address == "auto" and isinstance(exc, ConnectionError):
            # Ray's own words name its `--address` flag, which auditor has not
            raise RayUnavailable("no Ray cluster runs on this machine (`ray start --head` starts one; "
                                 "--ray HOST:PORT names another)") from None
        where = "a local Ray instance" if address in (None, "local") else f"Ray cluster {address!r}"
        hint = ""
        if address not in (None, "local", "auto") and not os.environ.get("RAY_AUTH_MODE"):
            # it answered (checked above) and refused: most often its token authentication
            hint = ("; if the cluster uses token authentication, give this process RAY_AUTH_MODE=token "
                    "and the cluster's token (RAY_AUTH_TOKEN, or ~/.ray/auth_token)")
        raise RayUnavailable(f"cannot connect to {where}: {_first_line(exc)}{hint}") from None
    return True


def _found_address(address: str | None) -> str | None:
    """The cluster ``None`` or ``"auto"`` would attach to, checked: Ray takes RAY_ADDRESS, else
    the file the last ``ray start`` on this machine left, and waits for minutes when that
    cluster is gone. ``None`` then starts a new local instance instead (``"local"``)."""
    try:
        from ray._private.services import get_ray_address_from_environment  # not public API
    except ImportError:  # another Ray: let ray.init decide unchecked
        return address
    try:
        found = get_ray_address_from_environment(address, None)
    except ConnectionError:
        return address  # "auto" and nothing found: ray.init says so
    if found in (None, "auto", "local"):
        return found if address == "auto" else None
    try:
        _check_reachable(found)
    except RayUnavailable:
        if address is None and not os.environ.get("RAY_ADDRESS"):
            return "local"
        source = "RAY_ADDRESS" if os.environ.get("RAY_ADDRESS") else "the last `ray start` on this machine"
        raise RayUnavailable(f"the Ray cluster at {found} (from {source}) does not answer") from None
    # "auto", not the address: given an address, Ray 2.60 does not read the cluster's session
    # (its token authentication, which `ray start` now turns on), and the GCS refuses the
    # driver (InvalidAuthToken); "auto" finds the same cluster and connects as it should
    return "auto"


def _check_reachable(address: str) -> None:
    """A clear, fast error for an address nobody answers at (Ray itself would retry for minutes)."""
    hostport = address.removeprefix("ray://")
    host, sep, port_text = hostport.rpartition(":")
    if not sep and address.startswith("ray://"):
        host, port_text = hostport, str(CLIENT_PORT)
    if not host or not port_text.isdigit() or "/" in hostport:
        raise RayUnavailable(f"{address!r} is not a Ray address: give auto, HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host.strip("[]"), int(port_text)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise RayUnavailable(f"cannot reach Ray cluster {address!r}: {exc.strerror or exc}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RayExecutor:
    """Tasks as Ray tasks on the connected cluster (see ``connect``). ``workers``: tasks
    running at once (default: the cluster's CPUs when connected)."""

    #: a cluster's tasks run on other machines: the reports are written by the driver
    local = False

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address = address
        self._owned = connect(address)
        ray = _ray()
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._task = ray.remote(_run_task)
        self._backends: list[RayBackend] = []

    def run(self, fn: Callable[[Any, Any], Any], tasks: Iterable[Any], shared: Any = None
            ) -> Iterator[tuple[int, Any]]:
        ray = _ray()
        # In a list, so that Ray hands the task the reference rather than a fresh copy of the
        # value: each worker process deserialises it once (see _shared)
        shared_ref = [ray.put(shared)]
        pending: dict[Any, int] = {}
        queue = enumerate(tasks)
        try:
            while True:
                while len(pending) < self.workers * WINDOW:
                    nxt = next(queue, None)
                    if nxt is None:
                        break
                    pending[self._task.remote(fn, nxt[1], shared_ref)] = nxt[0]
                if not pending:
                    return
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    index = pending.pop(ref)
                    yield index, _get(ray, ref)
        finally:
            # also on Ctrl+C or an error: what is still queued or running is not wanted
            for ref in pending:
                ray.cancel(ref)

    def translator(self, translator: Any, actors: int | None = None) -> Any:
        """``translator`` (an ``auditor.translate.CachedTranslator``) with its model in Ray
        actors: the same cache, the same model and settings, the misses translated remotely."""
        from .translate import CachedTranslator

        backend = RayBackend(translator.backend, actors)
        self._backends.append(backend)
        return CachedTranslator(backend, translator.cache, origin=translator.origin, resolved=translator.resolved)

    def start(self) -> None:
        pass  # the cluster's workers are running already: connecting (``__init__``) was the start

    def close(self) -> None:
        for backend in self._backends:  # their CPUs and GPUs are free for the next job at once
            backend.close()
        if self._owned:
            _ray().shutdown()
            self._owned = False


def _get(ray: Any, ref: Any) -> Any:
    """A task's result; a task's exception as itself (as ``ProcessPool`` raises it)."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        raise exc.cause from exc


#: in a Ray worker process: (object id, value) of the last ``shared`` seen; workers are
#: reused from task to task, so a run's shared value is deserialised once per worker
_SHARED: tuple[str, Any] | None = None


def _run_task(fn: Callable[[Any, Any], Any], task: Any, shared_ref: list[Any]) -> Any:
    return fn(task, _shared(shared_ref[0]))


def _shared(ref: Any) -> Any:
    global _SHARED  # noqa: PLW0603 - a per-process memo of one value
    key = ref.hex()
    if _SHARED is None or _SHARED[0] != key:
        import ray

        _SHARED = (key, ray.get(ref))
    return _SHARED[1]


class BackTranslator:
    """A Ray actor holding one loaded backend (the model is loaded once, on the first batch).
    A model that cannot be had on this node is raised by each call, not by the constructor:
    Ray reports a failed constructor as a dead actor, without the reason's type."""

    def __init__(self, backend_name: str, model_dir: str, model_id: str, settings: GenerationSettings,
                 identity: str) -> None:
        self.problem: BackendUnavailable | None = None
        try:
            self.backend = _load_here(backend_name, model_dir, model_id, settings, identity)
        except BackendUnavailable as exc:
            self.problem = exc

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        return self._backend().translate(texts)

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        return self._backend().score(sources, targets)

    def describe(self) -> dict[str, Any]:
        return self._backend().describe()

    def _backend(self) -> Backend:
        if self.problem is not None:
            raise self.problem
        return self.backend


def _load_here(backend_name: str, model_dir: str, model_id: str, settings: GenerationSettings,
               identity: str) -> Backend:
    """The driver's model on this node: at the driver's path (a shared one), else from this
    node's Hugging Face cache; refused when its files differ from the driver's."""
    from .backends import load_backend
    from .models import ModelUnavailable, resolve_model

    path = Path(model_dir)
    if not path.is_dir():
        try:
            path = resolve_model(model_id, allow_download=False).path
        except ModelUnavailable as exc:
            raise BackendUnavailable(f"model {model_id} is not on Ray node {socket.gethostname()}: {exc}") from None
    backend = load_backend(backend_name, path, model_id, settings)
    if backend.identity != identity:
        # its translations would be cached on the driver under the driver's model
        raise BackendUnavailable(
            f"model {model_id} on Ray node {socket.gethostname()} ({backend.identity}) is not the driver's "
            f"({identity}); give every node the same files (a shared path, or copies that keep modification times)")
    return backend


class RayBackend(Backend):
    """The local backend's model, run in ``actors`` Ray actors (default: one per GPU of the
    cluster, else one per node); each batch of misses is split across them. The actors start
    on the first batch, so a run served from the cache starts none."""

    def __init__(self, local: Backend, actors: int | None = None) -> None:
        super().__init__(local.model_dir, local.model_id, local.settings)
        self.name = local.name  # type: ignore[misc] - the backend the actors run, as reports name it
        self.local = local
        self.actors = actors
        self._pool: Any = None
        self._handles: list[Any] = []

    @property
    def identity(self) -> str:
        return self.local.identity

    def describe(self) -> dict[str, Any]:
        if not self._handles:  # no batch was translated: as the local backend says it
            return self.local.describe()
        return self._call(lambda: _ray().get(self._handles[0].describe.remote()))

    def _translate(self, texts: Sequence[str]) -> list[Translation]:
        return self._spread(lambda actor, piece: actor.translate.remote(piece), list(texts))

    def _score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        pairs = list(zip(sources, targets))
        return self._spread(lambda actor, piece: actor.score.remote([s for s, _ in piece], [t for _, t in piece]),
                            pairs)

    def _spread(self, submit: Callable[[Any, list[Any]], Any], items: list[Any]) -> list[Translation]:
        """``items`` in one contiguous piece per actor (at least a batch each), in order."""
        pool = self._start()
        size = max(self.settings.batch_size, -(-len(items) // len(self._handles)))
        pieces = [items[i:i + size] for i in range(0, len(items), size)]
        return self._call(lambda: [t for part in pool.map(submit, pieces) for t in part])

    def _call(self, work: Callable[[], Any]) -> Any:
        """``work()``, with an actor's failure as the one-line BackendUnavailable the CLI
        reports (a model that cannot load or run there)."""
        ray = _ray()
        try:
            return work()
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause
            if isinstance(cause, BackendUnavailable):
                raise BackendUnavailable(str(cause)) from None
            raise BackendUnavailable(f"back-translation failed in a Ray actor: {_first_line(cause)}") from exc
        except ray.exceptions.RayActorError as exc:
            raise BackendUnavailable(f"a back-translation actor died: {_first_line(exc)}") from None

    def close(self) -> None:
        """End the actors (a later batch starts new ones)."""
        ray = _ray()
        for handle in self._handles:
            ray.kill(handle)
        self._handles, self._pool = [], None

    def _start(self) -> Any:
        if self._pool is not None:
            return self._pool
        ray = _ray()
        from ray.util import ActorPool

        cpu_nodes = sum(1 for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU"))
        options, count = actor_options(ray.cluster_resources(), cpu_nodes, self.actors)
        actor = ray.remote(BackTranslator).options(**options)
        self._handles = [actor.remote(self.local.name, str(self.model_dir), self.model_id, self.settings,
                                      self.local.identity) for _ in range(count)]
        self._pool = ActorPool(self._handles)
        return self._pool


def actor_options(resources: dict[str, float], cpu_nodes: int, actors: int | None = None
                  ) -> tuple[dict[str, Any], int]:
    """Ray options of the back-translation actors and how many: one per GPU of the cluster,
    else one per node, whose torch threads take that node's cores (as on one machine: never
    a model per core). ``actors`` overrides the count."""
    gpus = int(resources.get("GPU", 0))
    if gpus:
        return {"num_gpus": 1, "num_cpus": 1}, actors or gpus
    return {"num_cpus": 1, "scheduling_strategy": "SPREAD"}, actors or max(1, cpu_nodes)


__all__ = ["BackTranslator", "actor_options", "RayBackend", "RayExecutor", "RayUnavailable", "connect"]
