"""Marian (opus-mt) models through CTranslate2: int8 on CPU, about 4.5x the batched
transformers backend in less than half its memory (see benchmarks/BACKTRANSLATION.md).

The Hugging Face checkpoint is converted once (``TransformersConverter``, int8) into a
cache directory keyed by the model's weights; the conversion runs in a child process (so
torch never enters this process: it alone costs ~200 MB of RSS) into a temporary directory
that is renamed into place, under a file lock, so a killed run never leaves a half model
that a later run would load.

Tokenisation uses the model's SentencePiece files and vocab.json directly, exactly as
MarianTokenizer does (pieces outside vocab.json become ``<unk>``, ``</s>`` ends each
source); loading transformers for the tokenizer alone would import torch.

Pitfalls this module handles (measured): CTranslate2 takes token strings and needs the
``</s>`` on the source; it returns hypotheses without the EOS; ``max_decoding_length`` is
one value per call (each sentence stops at its own cap through the step callback);
``min_decoding_length`` defaults to 1 there and 0 in transformers; its greedy ``scores``
are normalised by length and include the EOS only when the model chose it (see
``_hypotheses``), so outputs stopped at their cap are re-scored with ``score_batch``, which
appends the EOS itself: the same quantity the transformers backend reports. With the
vocabulary map (``--shortlist``), the decoder's probabilities are normalised over the
shortlist, as in Marian's and Bergamot's shortlists (see ``_hypotheses``).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, cast

# Imported here, not lazily: the registry turns a missing library into BackendUnavailable
# when this module is imported, before any model is resolved or downloaded.
import ctranslate2
import sentencepiece as spm

from ..checks.base import Translation
from . import BackendUnavailable
from .base import Backend, GenerationSettings
from .transformers import MARIAN_REQUIRED

EOS, UNK, PAD = "</s>", "<unk>", "<pad>"
#: the vocabulary map CTranslate2 reads from a model directory (``use_vmap=True``)
VMAP_FILE = "vmap.txt"
#: written last into a converted model: a directory without it was never finished
COMPLETE_MARKER = "auditor-converted.json"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
#: target tokens per score_batch call: bounds the vocabulary-sized logits in memory
#: (measured with opus-mt's 58,101 pieces, 2 calls in parallel, 134 seed sentences: 512 ->
#: +430 MB, 256 -> +190 MB, 128 -> +110 MB, 64 -> +100 MB; 128 was the fastest)
SCORE_TOKENS = 128
#: padded source tokens per translate_batch call: the decoder's key/value caches grow with
#: batch x length (measured on the real-size model, 200 seed sentences, 2 x 1 threads:
#: 1024 -> 33-34 sentences/s, 4096 -> 36-40; whole-audit peak RSS 463, 487 (2048), 459 MB)
BATCH_TOKENS = 2048

#: converts ``model_dir`` into the (empty, existing) directory ``dest``
Converter = Callable[[Path, Path, "str | None"], None]


# --------------------------------------------------------------------------- conversion cache


def converted_root() -> Path:
    """Where converted models live: ``$AUDITOR_CACHE_DIR/ctranslate2`` when set, else
    ``ctranslate2/`` beside the Hugging Face hub cache (``~/.cache/huggingface/ctranslate2``)."""
    if os.environ.get("AUDITOR_CACHE_DIR"):
        return Path(os.environ["AUDITOR_CACHE_DIR"]).expanduser() / "ctranslate2"
    from ..models import hf_hub_cache

    return hf_hub_cache().parent / "ctranslate2"


def weights_identity(model_dir: Path) -> str:
    """A hash of everything that defines a model's weights, cheap to compute.

    Config and vocabulary files are hashed by content. A weights file inside the Hugging
    Face cache is a link to a blob named by its sha256, so the link target identifies it; a
    plain file is identified by size and modification time (hashing 300 MB on every start
    would cost a second), so two random models with the same layout never share a
    conversion.
    """
    h = hashlib.sha256()
    for path in sorted(Path(model_dir).iterdir()):
        if not path.is_file():
            continue
        st = path.stat()
        h.update(f"{path.name}:{st.st_size}".encode())
        if path.name in WEIGHT_FILES:
            target = os.path.realpath(path)
            h.update(Path(target).name.encode() if path.is_symlink() else str(st.st_mtime_ns).encode())
        elif st.st_size < 5_000_000:
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


def conversion_key(model_dir: Path, quantization: str | None) -> str:
    """The converted model's directory name: the same weights give the same name whatever
    they are called (a hub name, a path); another quantization or CTranslate2 version
    gives another."""
    digest = hashlib.sha256(
        f"{weights_identity(model_dir)}|{quantization or 'float32'}|ct2-{ctranslate2.__version__}".encode()
    ).hexdigest()[:20]
    return f"{quantization or 'float32'}-{digest}"


def convert_in_subprocess(model_dir: Path, dest: Path, quantization: str | None) -> None:
    """Run ``TransformersConverter`` in a child process (torch stays out of this one)."""
    code = (
        "import sys\n"
        "from ctranslate2.converters import TransformersConverter\n"
        "q = sys.argv[3] or None\n"
        "TransformersConverter(sys.argv[1]).convert(sys.argv[2], quantization=q, force=True)\n"
    )
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(model_dir), str(dest), quantization or ""],
        capture_output=True, text=True, env=env, check=False,
        cwd=dest,  # an empty directory: nothing in the caller's cwd can shadow a module
    )
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
        raise BackendUnavailable(
            f"cannot convert {model_dir} for CTranslate2: {lines[-1] if lines else f'exit {proc.returncode}'}"
        )


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock between processes (released by the kernel if the holder dies)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def is_complete(path: Path) -> bool:
    return (path / COMPLETE_MARKER).is_file() and (path / "model.bin").is_file()


def ensure_converted(
    model_dir: Path,
    model_id: str,
    quantization: str | None = "int8",
    *,
    root: Path | None = None,
    converter: Converter = convert_in_subprocess,
) -> Path:
    """The converted model's directory, converting on first use.

    The conversion goes into ``.<key>.tmp-<pid>`` beside the final directory and is renamed
    into place only when complete (vocabulary map and marker included), under an exclusive
    lock: two concurrent runs convert once, and a run killed mid-way leaves only a temporary
    directory, which nothing loads and the next conversion removes.
    """
    root = Path(root) if root is not None else converted_root()
    key = conversion_key(model_dir, quantization)
    final = root / key
    if is_complete(final):
        return final
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackendUnavailable(f"cannot create {root} for converted models: {exc.strerror or exc}") from None
    with _locked(root / f".{key}.lock"):
        if is_complete(final):  # another run converted it while we waited
            return final
        for stale in root.glob(f".{key}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        if final.exists():  # not complete: never written by ensure_converted, not trusted
            shutil.rmtree(final, ignore_errors=True)
        tmp = root / f".{key}.tmp-{os.getpid()}"
        tmp.mkdir()
        try:
            converter(Path(model_dir), tmp, quantization)
            write_target_vmap(Path(model_dir), tmp)
            (tmp / COMPLETE_MARKER).write_text(
                json.dumps({"model": model_id, "source": str(model_dir), "quantization": quantization or "float32"}),
                encoding="utf-8",
            )
            _fsync_dir(tmp)
            os.replace(tmp, final)
            _fsync_dir(root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return final


def _fsync_dir(path: Path) -> None:
    for file in [*path.iterdir(), path] if path.is_dir() else [path]:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- vocabulary map


def write_target_vmap(model_dir: Path, dest: Path, target_pieces: Sequence[str] | None = None) -> int:
    """Write CTranslate2's vocabulary map: the output projection restricted to the target
    language's side of the joint vocabulary; returns the number of fixed candidates.

    opus-mt models share one vocab.json between a source and a target SentencePiece model;
    an English output needs only target.spm's pieces, plus source pieces copied verbatim
    (names, figures), which the map adds per sentence (a source piece maps to itself).
    """
    if target_pieces is None:
        spm_file = model_dir / "target.spm"
        if not spm_file.is_file():
            return 0
        processor = spm.SentencePieceProcessor(model_file=str(spm_file))
        target_pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())
                         if not (processor.is_control(i) or processor.is_unknown(i))]
    vocab = _read_vocab(model_dir)
    # the map's format separates pieces by spaces and keys by a tab: pieces holding either
    # cannot be written (SentencePiece writes spaces as U+2581, so none are expected)
    usable = {p for p in vocab if " " not in p and "\t" not in p and p not in (EOS, UNK, PAD)}
    fixed = [p for p in dict.fromkeys(target_pieces) if p in usable]
    fixed_set = set(fixed)
    source_only = [p for p in vocab if p in usable and p not in fixed_set]
    lines = ["\t" + " ".join(fixed)]
    lines.extend(f"{p}\t{p}" for p in source_only)
    (dest / VMAP_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(fixed)


def _read_vocab(model_dir: Path) -> dict[str, int]:
    try:
        data = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackendUnavailable(f"cannot read {model_dir / 'vocab.json'}: {exc}") from None
    if not isinstance(data, dict):
        raise BackendUnavailable(f"{model_dir / 'vocab.json'} is not a token -> id mapping")
    return data


# --------------------------------------------------------------------------- backend


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_memory() -> None:
    """Give freed heap memory back to the OS between decoding and scoring.

    CTranslate2's worker threads free their decoding buffers into glibc's per-thread
    arenas, which keep them: the scoring buffers then come on top (measured on the
    real-size model: peak 461 MB, 338 MB with this trim in between, at the same speed).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _stop_at_cap(caps: list[int], step: Any) -> bool:
    """Greedy-search step callback: True ends this sentence (CTranslate2 ``batch_id`` is
    the sentence's index in its call) once it has ``caps[batch_id]`` tokens."""
    return bool(step.step + 1 >= caps[step.batch_id])


def thread_split(threads: int) -> tuple[int, int]:
    """(inter_threads, intra_threads) for ``threads`` CPU cores: parallel batches first
    (measured on 2 cores, real-size model, 200 sentences: 2 x 1 gave 46.6 sentences/s,
    1 x 2 gave 26.9), at most 4 threads per batch on larger machines."""
    intra = max(1, threads // 4)
    return max(1, threads // intra), intra


class CTranslate2Backend(Backend):
    name: ClassVar[str] = "ctranslate2"

    def __init__(self, model_dir: Path, model_id: str, settings: GenerationSettings, *,
                 quantization: str | None = "int8", converted_dir: Path | None = None) -> None:
        super().__init__(model_dir, model_id, settings)
        self.quantization = quantization

        missing = [f for f in MARIAN_REQUIRED if not (self.model_dir / f).is_file()]
        if not any((self.model_dir / w).is_file() for w in WEIGHT_FILES):
            missing.append("model.safetensors or pytorch_model.bin")
        if missing:
            raise BackendUnavailable(f"cannot load a Marian model from {self.model_dir}: missing {', '.join(missing)}")
        try:
            config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(f"cannot read {self.model_dir / 'config.json'}: {exc}") from None
        if config.get("model_type") != "marian":
            raise BackendUnavailable(f"{self.model_dir} is not a Marian model (model_type {config.get('model_type')!r})")

        limits = [config.get("max_position_embeddings"), self._model_max_length()]
        #: longest source (and longest output) in tokens, EOS included
        self.max_tokens: int = min(int(n) for n in limits if isinstance(n, int) and 0 < n < 1_000_000)

        self.converted_dir = converted_dir if converted_dir is not None else ensure_converted(
            self.model_dir, model_id, quantization)

        threads = settings.resolved_threads()
        cuda = ctranslate2.get_cuda_device_count() > 0
        if settings.device == "auto":
            device = "cuda" if cuda else "cpu"
        elif settings.device.startswith("cuda") and not cuda:
            raise BackendUnavailable(f"device {settings.device!r} requested but CTranslate2 sees no GPU")
        else:
            device = settings.device.split(":")[0]
        if device not in ("cpu", "cuda"):
            raise BackendUnavailable(f"CTranslate2 runs on cpu or cuda, not {settings.device!r}")
        self.device = device
        if device == "cuda":
            index = settings.device.partition(":")[2]
            # "auto" picks the fastest type this GPU supports (int8_float16, bfloat16, ...)
            options: dict[str, Any] = {"compute_type": "auto", "inter_threads": 1,
                                       "device_index": int(index) if index.isdigit() else 0}
        else:
            inter, intra = thread_split(threads)
            # "default" keeps the converted type: int8 stays int8, float32 stays float32
            options = {"compute_type": "default", "inter_threads": inter, "intra_threads": intra}
        self.options = options
        if not (self.converted_dir / "config.json").is_file():
            raise BackendUnavailable(f"{self.converted_dir} is not a CTranslate2 model (no config.json)")
        self._translator: Any = None
        self.use_vmap = settings.shortlist and (self.converted_dir / VMAP_FILE).is_file()

    # The vocabulary (58,101 entries for opus-mt) and the SentencePiece models are read on
    # first use, like the model: a re-audit served from the cache never needs them.

    @functools.cached_property
    def vocab(self) -> dict[str, int]:
        return _read_vocab(self.model_dir)

    @functools.cached_property
    def _spm_source(self) -> Any:
        return self._load_spm("source.spm")

    @functools.cached_property
    def _spm_target(self) -> Any:
        return self._load_spm("target.spm")

    def _load_spm(self, name: str) -> Any:
        try:
            return spm.SentencePieceProcessor(model_file=str(self.model_dir / name))
        except (OSError, RuntimeError) as exc:
            raise BackendUnavailable(f"cannot load the SentencePiece model {self.model_dir / name}: {exc}") from None

    @property
    def translator(self) -> Any:
        """The loaded model, created on first use: a re-audit served by the cache never
        pays for loading it."""
        if self._translator is None:
            try:
                self._translator = ctranslate2.Translator(str(self.converted_dir), device=self.device, **self.options)
            except (RuntimeError, ValueError, OSError) as exc:
                raise BackendUnavailable(f"CTranslate2 cannot load {self.converted_dir}: {exc}") from None
        return self._translator

    @property
    def identity(self) -> str:
        # int8 outputs differ slightly from the float32 reference: their own cache entries
        return f"{super().identity}+ct2-{self.quantization or 'float32'}"

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "device": self.device, "quantization": self.quantization or "float32",
                "vocabulary_map": self.use_vmap, **{k: v for k, v in self.options.items() if k != "compute_type"}}

    # ------------------------------------------------------------------ public

    def _translate(self, texts: Sequence[str]) -> list[Translation]:
        encoded = [self._encode(text, self._spm_source) for text in texts]
        sources = [tokens for tokens, _ in encoded]
        outputs, sums, scoring = self._hypotheses(sources)
        for k, value in self._collect_scores(scoring):
            sums[k] = value
        release_memory()
        results = []
        for k, (output, logprob) in enumerate(zip(outputs, cast("list[float]", sums))):
            n = len(output) + 1
            results.append(Translation(self._decode(output), logprob, logprob / n, n, encoded[k][1]))
        return results

    def _score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        encoded = [self._encode(src, self._spm_source) for src in sources]
        # the target's EOS is added by score_batch itself
        target_tokens = [self._encode(tgt, self._spm_target)[0][:-1] for tgt in targets]
        sums = self._score_tokens([tokens for tokens, _ in encoded], target_tokens)
        results = []
        for k, logprob in enumerate(sums):
            n = len(target_tokens[k]) + 1
            results.append(Translation(targets[k], logprob, logprob / n, n, encoded[k][1]))
        return results

    # ------------------------------------------------------------------ internals

    def _model_max_length(self) -> int | None:
        try:
            value = json.loads((self.model_dir / "tokenizer_config.json").read_text(encoding="utf-8")).get(
                "model_max_length")
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, int) else None

    def _encode(self, text: str, processor: Any) -> tuple[list[str], bool]:
        """Token strings as MarianTokenizer makes them (``</s>`` last), cut to the limit."""
        pieces = [p if p in self.vocab else UNK for p in processor.encode(text, out_type=str)]
        pieces.append(EOS)
        if len(pieces) <= self.max_tokens:
            return pieces, False
        return [*pieces[: self.max_tokens - 1], EOS], True

    def _decode(self, tokens: list[str]) -> str:
        # skip_special_tokens: MarianTokenizer drops </s>, <unk> and <pad> before joining
        pieces = [t for t in tokens if t not in (EOS, UNK, PAD)]
        return self._spm_target.decode_pieces(pieces).replace("\u2581", " ").strip()

    def _cap(self, source_tokens: int) -> int:
        """Tokens allowed for a source of this length, EOS included (as in transformers)."""
        return max(1, min(self.settings.max_new_tokens(source_tokens), self.max_tokens - 1))

    def _batches(self, sources: list[list[str]]) -> list[list[int]]:
        """Indices grouped into batches of similar length (less padding, similar caps), at
        most ``batch_size`` sentences and BATCH_TOKENS padded tokens (over all beams) each,
        the longest batch first.

        The order is the submission order, and the workers (inter_threads) take batches
        first come, first served: longest first is the classic longest-processing-time
        schedule, where the short batches at the end fill the gaps instead of one worker
        finishing the longest batch alone (measured on the real-size model, 200 seed
        sentences, 7 batches on 2 x 1 threads: 35.4 -> 40.0 sentences/s decoding).
        """
        order = sorted(range(len(sources)), key=lambda k: len(sources[k]))
        size = max(1, self.settings.batch_size)
        budget = BATCH_TOKENS // max(1, self.settings.beams)  # each beam holds its own caches
        batches: list[list[int]] = []
        for k in order:
            # sorted ascending: this sentence is the batch's longest
            if not batches or len(batches[-1]) >= size or (len(batches[-1]) + 1) * len(sources[k]) > budget:
                batches.append([])
            batches[-1].append(k)
        return batches[::-1]

    def _hypotheses(self, sources: list[list[str]]
                    ) -> tuple[list[list[str]], list[float | None], list[tuple[list[int], list[Any]]]]:
        """Output tokens (no EOS) per source, each within its own length cap; the output's
        log-probability where the decoder already knows it (else None); and the queued
        re-scoring calls that fill in the others (``_collect_scores``).

        Batches of similar length are submitted asynchronously, so with inter_threads > 1
        they run in parallel. ``max_decoding_length`` is one value per call; greedy search
        stops each sentence at its own cap through the step callback (measured 10% faster
        than decoding every sentence to the batch's longest cap and cutting), beam search
        decodes to the batch's cap and cuts.

        Greedy ``scores`` (measured against score_batch): an output that ended with EOS
        scores sum(log-probs, EOS included) / (tokens + 1), so its sum comes for free; an
        output stopped at its cap scores its tokens without any EOS, so it is re-scored with
        the EOS appended, as transformers' forced EOS is. Beam scores carry the length
        penalty: re-scored too.

        With the vocabulary map the decoder normalises over the shortlist, and those are the
        scores kept: re-scoring every output over the full vocabulary would cost more than
        the map saves (measured on the real-size model: 29 sentences/s against 39 without
        the map, for outputs that end on their own). For a trained model the difference is
        the probability of source-side pieces its training targets never contained; it
        cannot be measured here (no weights). Runs with and without the map are cached
        apart (``GenerationSettings.cache_key``), so one run never mixes the two, except
        for outputs stopped at their cap: those are re-scored over the full vocabulary.
        """
        batches = self._batches(sources)
        greedy = self.settings.beams == 1
        pending = []
        for batch in batches:
            own = [self._cap(len(sources[k])) - 1 for k in batch]  # the EOS comes on top
            options: dict[str, Any] = {}
            if greedy:
                options["callback"] = functools.partial(_stop_at_cap, own)
            pending.append(self.translator.translate_batch(
                [sources[k] for k in batch],
                beam_size=self.settings.beams,
                length_penalty=1.0,
                max_decoding_length=max(1, max(own)),
                min_decoding_length=0,
                max_input_length=0,  # sources are already cut to the model's limit
                use_vmap=self.use_vmap,
                return_scores=True,
                asynchronous=True,
                **options,
            ))
        free_scores = greedy
        outputs: list[list[str]] = [[] for _ in sources]
        sums: list[float | None] = [None] * len(sources)
        scoring: list[tuple[list[int], list[Any]]] = []
        for batch, futures in zip(batches, pending):
            for k, future in zip(batch, futures):
                result = future.result()
                hypothesis = list(result.hypotheses[0])
                own = self._cap(len(sources[k])) - 1
                # the sentence's own cap, then the EOS, as generate() ends a capped output
                outputs[k] = hypothesis[:own]
                if free_scores and len(hypothesis) < own:
                    sums[k] = float(result.scores[0]) * (len(hypothesis) + 1)
            # Re-scoring is queued as soon as a batch is decoded, behind the batches still
            # decoding, so no worker idles while the last, longest batch finishes (measured
            # on the real-size model, 200 sentences, 2 x 1 threads: see BACKTRANSLATION.md).
            rescore = [k for k in batch if sums[k] is None]
            if rescore:
                scoring.extend(self._submit_scores(rescore, [sources[k] for k in rescore],
                                                   [outputs[k] for k in rescore]))
        return outputs, sums, scoring

    def _score_tokens(self, sources: list[list[str]], targets: list[list[str]]) -> list[float]:
        """Sum of log P(token | source, previous tokens) over each target and its EOS, with
        the full vocabulary (never the vocabulary map): the same quantity as transformers."""
        sums = [0.0] * len(sources)
        for k, value in self._collect_scores(self._submit_scores(list(range(len(sources))), sources, targets)):
            sums[k] = value
        return sums

    def _submit_scores(self, keys: list[int], sources: list[list[str]], targets: list[list[str]]
                       ) -> list[tuple[list[int], list[Any]]]:
        """Queue ``score_batch`` calls for these pairs; (keys, futures) per call.

        Scoring materialises float32 logits for every target position over the whole
        vocabulary (58,101 x 4 bytes = 232 KB per token for opus-mt): a batch of 32
        sentences of 100 tokens would peak above 1.4 GB. Calls are therefore bounded in
        target tokens (SCORE_TOKENS), not in sentences.
        """
        order = sorted(range(len(keys)), key=lambda i: len(targets[i]))
        chunks: list[list[int]] = []
        budget = 0
        for i in order:
            need = len(targets[i]) + 1
            if not chunks or budget + need > SCORE_TOKENS:
                chunks.append([])
                budget = 0
            chunks[-1].append(i)
            budget += need
        return [
            ([keys[i] for i in chunk],
             self.translator.score_batch([sources[i] for i in chunk], [targets[i] for i in chunk],
                                         max_input_length=0, asynchronous=True))
            for chunk in chunks
        ]

    @staticmethod
    def _collect_scores(pending: list[tuple[list[int], list[Any]]]) -> Iterator[tuple[int, float]]:
        for keys, futures in pending:
            for k, future in zip(keys, futures):
                yield k, float(sum(future.result().log_probs))


__all__ = ["CTranslate2Backend", "converted_root", "ensure_converted", "thread_split", "write_target_vmap"]
