"""Back-translation speed and memory, measured in one run so the ratios hold on a noisy machine.

    python benchmarks/bench.py [--sentences 200] [--naive 20] [--quick] [--workdir DIR]

Weights cannot be downloaded here, so the script builds a random-weight model with the
exact architecture of Helsinki-NLP/opus-mt-de-en (74.4M parameters, 58,101-entry vocabulary,
so the output projection has the real size; the vocabulary is a SentencePiece model trained
on the seeds, padded with filler pieces). Random weights never choose EOS, so every output
is cut by the length cap, set here to 1.1x the source tokens (a realistic de->en ratio)
for all configurations alike.

Each configuration runs in its own child process; its peak RSS is that process's VmHWM.
The naive loop (one sentence per call) runs on an evenly spaced subset and is reported per
sentence. The sentences are the seed articles' sentences (134), repeated to --sentences.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

#: Helsinki-NLP/opus-mt-de-en's config.json
VOCAB_SIZE = 58101
#: pieces of opus-mt's target.spm: its SentencePiece models have 32,000 pieces each and
#: vocab.json is their union; the benchmark model's target side is emulated at that size
TARGET_SIDE = 32000
LENGTH_RATIO = 1.1


# --------------------------------------------------------------------------- the model


def build_model(path: Path) -> Path:
    """A random-weight Marian model with opus-mt-de-en's architecture, written to ``path``."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    from tiny_marian import write_marian_vocabulary

    write_marian_vocabulary(path, 8000, total_size=VOCAB_SIZE)
    config = MarianConfig(
        vocab_size=VOCAB_SIZE, decoder_vocab_size=VOCAB_SIZE, d_model=512,
        encoder_layers=6, decoder_layers=6, encoder_attention_heads=8, decoder_attention_heads=8,
        encoder_ffn_dim=2048, decoder_ffn_dim=2048, max_position_embeddings=512,
        activation_function="swish", scale_embedding=True, static_position_embeddings=True,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        pad_token_id=VOCAB_SIZE - 1, decoder_start_token_id=VOCAB_SIZE - 1, eos_token_id=0,
        forced_eos_token_id=0, bos_token_id=None, dropout=0.1, attention_dropout=0.0, activation_dropout=0.0,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    model.generation_config.bad_words_ids = [[VOCAB_SIZE - 1]]
    model.save_pretrained(str(path))
    (path / "bench-model.json").write_text(json.dumps({"parameters": model.num_parameters()}), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- children


def seed_texts() -> list[str]:
    from auditor.engine import prepare_document

    texts: list[str] = []
    for p in SEEDS:
        texts.extend(s.text for s in prepare_document(p.stem, str(p), p.read_text(encoding="utf-8"), "de").sentences)
    return texts


def sentences(n: int) -> list[str]:
    texts = seed_texts()
    return [texts[i % len(texts)] for i in range(n)]


def settings(**extra: object):  # noqa: ANN201
    from auditor.backends.base import GenerationSettings

    # the cap is the only way random weights stop: int(1.1 * source tokens), EOS included
    return GenerationSettings(**{"max_length_ratio": LENGTH_RATIO, "max_length_extra": 0, "batch_size": 32, **extra})


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vmap_dir(work: Path, converted: Path) -> Path:
    """The converted model (hard links) with the emulated vocabulary map, per conversion."""
    return work / f"vmap-{converted.name}"


def decode_only(backend) -> None:  # noqa: ANN001
    """Make ``backend`` cost what a trained model's outputs cost: they end with an EOS the
    decoder chose, so their log-probability comes with the decoding and nothing is
    re-scored. Each sentence decodes one step more than its kept tokens: the step where a
    trained model would choose the EOS (the naive loop computes that step too, to force
    the EOS)."""
    cap, hypotheses = backend._cap, backend._hypotheses

    def one_more_step(sources: list) -> tuple:
        backend._cap = lambda n: cap(n) + 1
        try:
            outputs, sums, _ = hypotheses(sources)
        finally:
            backend._cap = cap
        kept = [out[: cap(len(src)) - 1] for out, src in zip(outputs, sources)]
        return kept, [0.0 if v is None else v for v in sums], []

    backend._submit_scores = lambda *a: []
    backend._hypotheses = one_more_step


def child(config: str, work: Path, n: int, naive: int) -> dict:
    model = work / "model"
    out: dict = {"config": config}
    if config == "build":
        build_model(model)
        return out
    if config == "convert":
        from auditor.backends.ctranslate2 import ensure_converted

        start = time.perf_counter()
        path = ensure_converted(model, "bench", "int8")
        out["seconds"] = time.perf_counter() - start
        # the vocabulary map of the benchmark model, at the real target side's size
        from auditor.backends.ctranslate2 import write_target_vmap

        mapped = vmap_dir(work, path)
        if not mapped.exists():
            tmp = work / "converted-vmap.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            for f in path.iterdir():
                os.link(f, tmp / f.name)
            vocab = json.loads((model / "vocab.json").read_text(encoding="utf-8"))
            (tmp / "vmap.txt").unlink()
            out["vmap_candidates"] = write_target_vmap(model, tmp, [p for p in vocab if p not in ("</s>", "<unk>", "<pad>")][:TARGET_SIDE])
            os.replace(tmp, mapped)
        out["converted"] = str(path)
        return out

    texts = sentences(n)
    if config == "naive":
        step = max(1, len(texts) // naive)
        texts = texts[::step][:naive]
    if config in ("naive", "tf-batched"):
        from auditor.backends.transformers import TransformersBackend

        backend = TransformersBackend(model, "bench", settings(batch_size=1) if config == "naive" else settings())
        out["threads"] = backend.settings.resolved_threads()
        backend.model  # torch and the weights load on first use: load them before timing
        start = time.perf_counter()
        results = [backend.translate([t])[0] for t in texts] if config == "naive" else backend.translate(texts)
    elif config in ("ct2", "ct2-vmap", "ct2-beam4", "ct2-decode-only", "ct2-vmap-decode-only"):
        from auditor.backends.ctranslate2 import CTranslate2Backend, ensure_converted

        vmap = config in ("ct2-vmap", "ct2-vmap-decode-only")
        converted = ensure_converted(model, "bench", "int8")
        options = {"shortlist": vmap, "beams": 4 if config == "ct2-beam4" else 1}
        backend = CTranslate2Backend(model, "bench", settings(**options), quantization="int8",
                                     converted_dir=vmap_dir(work, converted) if vmap else converted)
        backend.translator  # load before timing, as the transformers backends are
        if config.endswith("decode-only"):
            decode_only(backend)
        start = time.perf_counter()
        results = backend.translate(texts)
        out["threads"] = f"inter {backend.options['inter_threads']} / intra {backend.options['intra_threads']}"
    elif config in ("audit-cold", "audit-warm", "audit-edited"):
        return audit_child(config, work, out)
    elif config == "text-only":
        return text_only_child(out)
    else:
        raise SystemExit(f"unknown configuration {config}")
    seconds = time.perf_counter() - start
    out.update(sentences=len(texts), seconds=seconds, peak_rss_mb=peak_rss_mb(),
               tokens=sum(r.tokens for r in results))
    (work / f"out-{config}.json").write_text(json.dumps([r.text for r in results], ensure_ascii=False), encoding="utf-8")
    return out


#: the edit of the "edited" row: one word of one sentence, as an editor's fix would be
EDIT = ("10 Soldaten", "10.000 Soldaten")


def edited_seeds(work: Path) -> list[Path]:
    """The seeds copied to ``work/edited/`` with one sentence changed (EDIT)."""
    folder = work / "edited"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    files = []
    done = False
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        if not done and EDIT[0] in text:
            text, done = text.replace(EDIT[0], EDIT[1], 1), True
        (folder / p.name).write_text(text, encoding="utf-8")
        files.append(folder / p.name)
    if not done:
        raise SystemExit(f"bench: no seed contains {EDIT[0]!r}")
    return files


def audit_child(config: str, work: Path, out: dict) -> dict:
    """The `auditor audit` command in this process, on the seed articles: cache cold, warm
    (unchanged run: its result is reused), or warm with one sentence edited (that sentence is
    translated, the run is audited afresh, unchanged documents' segmentations are reused).

    The only change to the CLI: the length cap of 1.1x (GenerationSettings' defaults), as in
    every other row. Imports are done before timing (a one-off cost of any process)."""
    import auditor.backends
    import auditor.cli
    import auditor.engine  # noqa: F401
    import auditor.report  # noqa: F401
    from auditor.backends.base import GenerationSettings
    from auditor.checks import REGISTRY  # noqa: F401

    auditor.backends.GenerationSettings = functools.partial(  # type: ignore[assignment]
        GenerationSettings, max_length_ratio=LENGTH_RATIO, max_length_extra=0)
    cache = work / "bt-cache"
    if config == "audit-cold":
        shutil.rmtree(cache, ignore_errors=True)
    files = list(SEEDS)
    if config == "audit-edited":
        files = edited_seeds(work)
    args = ["audit", *map(str, files), "--model", str(work / "model"), "--backend", "ctranslate2", "--lang", "de",
            "--cache-dir", str(cache), "--out", str(work / f"reports-{config}"), "--quiet"]
    from auditor.translate import CachedTranslator

    step = [0.0]
    translate = CachedTranslator.translate

    def timed(self: CachedTranslator, texts: list[str]) -> list:
        t = time.perf_counter()
        try:
            return translate(self, texts)
        finally:
            step[0] += time.perf_counter() - t

    CachedTranslator.translate = timed  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        auditor.cli.cli.main(args, prog_name="auditor", standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, 1, None):
            raise
    end = time.perf_counter()
    index = json.loads((work / f"reports-{config}" / "index.json").read_text(encoding="utf-8"))
    out.update(sentences=sum(d["sentences"] for d in index["documents"]), seconds=end - start,
               peak_rss_mb=peak_rss_mb(), translate_s=step[0])
    return out


def text_memos() -> list:
    """auditor's memos keyed by text (a sentence's POS tags, its figures, a word's
    frequency or skeleton), as opposed to one-off loads (maxsize 1 or a few languages):
    cleared between rounds, so repeating the same sentences measures no cache hits that a
    new text would not get."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("auditor.") or module is None:
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name:
                size = info().maxsize
                if size is not None and size > 8:
                    found.append(value)
    return found


def text_only_child(out: dict) -> dict:
    """Every registered check without a model, over the seed sentences. The first round
    loads what checks load once per process (word lists, detectors) and is reported
    apart; the timed rounds start with every text-keyed memo empty (``text_memos``; each
    run_audit has a fresh corpus memo too). Segmentation is not timed: it is not a check."""
    from auditor.checks import REGISTRY
    from auditor.engine import AuditConfig, prepare_document, run_audit

    docs = [prepare_document(p.stem, str(p), p.read_text(encoding="utf-8"), "de") for p in SEEDS]
    start = time.perf_counter()
    run_audit(docs, AuditConfig())
    out["first_round_s"] = time.perf_counter() - start
    memos = text_memos()
    out["memos_cleared"] = len(memos)
    rounds, elapsed = 0, 0.0
    while rounds < 5 or elapsed < 2.0:
        for memo in memos:  # every round starts as a new process's first would, loads aside
            memo.cache_clear()
        start = time.perf_counter()
        run_audit(docs, AuditConfig())
        elapsed += time.perf_counter() - start
        rounds += 1
    n = sum(len(d.sentences) for d in docs) * rounds
    out.update(sentences=n, seconds=elapsed, peak_rss_mb=peak_rss_mb(), checks=len(REGISTRY))
    return out


# --------------------------------------------------------------------------- driver


def run_child(config: str, args: argparse.Namespace, env: dict[str, str]) -> dict:
    cmd = [sys.executable, __file__, "--child", config, "--workdir", str(args.workdir),
           "--sentences", str(args.sentences), "--naive", str(args.naive)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"bench: configuration {config} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=200, help="sentences per configuration (default 200)")
    parser.add_argument("--naive", type=int, default=20, help="sentences for the naive loop (default 20)")
    parser.add_argument("--quick", action="store_true", help="60 sentences, naive loop on 6")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "auditor-bench",
                        help="model and caches (the model is built once and reused)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.sentences, args.naive = min(args.sentences, 60), min(args.naive, 6)
    args.workdir = args.workdir.resolve()
    if args.child:
        print(json.dumps(child(args.child, args.workdir, args.sentences, args.naive)))
        return

    env = {**os.environ, "AUDITOR_CACHE_DIR": str(args.workdir / "ct2-cache"), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_VERBOSITY": "error", "PYTHONWARNINGS": "ignore"}
    model = args.workdir / "model"
    if not (model / "bench-model.json").is_file():
        print(f"building the random-weight opus-mt-de-en-sized model in {model} ...", file=sys.stderr)
        run_child("build", args, env)
    params = json.loads((model / "bench-model.json").read_text())["parameters"]
    t0 = time.perf_counter()
    rows = {}
    convert = run_child("convert", args, env)
    load = [os.getloadavg()[0]]
    for config in ("naive", "tf-batched", "ct2", "ct2-decode-only", "ct2-vmap", "ct2-vmap-decode-only", "ct2-beam4",
                   "audit-cold", "audit-warm", "audit-edited", "text-only"):
        print(f"running {config} ...", file=sys.stderr)
        rows[config] = run_child(config, args, env)
        if config == "naive" and (os.cpu_count() or 1) > 1:
            # torch's OpenMP threads spin-wait on a busy machine: the baseline is the faster
            # of all cores and one thread, so the ratios below are not inflated by that
            single = run_child(config, args, {**env, "AUDITOR_THREADS": "1"})
            if single["sentences"] / single["seconds"] > rows[config]["sentences"] / rows[config]["seconds"]:
                rows[config] = single
        load.append(os.getloadavg()[0])
    args.load = load
    wall = time.perf_counter() - t0
    print_table(rows, convert, params, args, wall)


def print_table(rows: dict, convert: dict, params: int, args: argparse.Namespace, wall: float) -> None:
    def rate(r: dict) -> float:
        return r["sentences"] / r["seconds"]

    naive = rate(rows["naive"])
    label = {
        "naive": f"transformers fp32, one sentence per call ({rows['naive']['sentences']} sentences, "
                 f"{rows['naive']['threads']} thread(s))",
        "tf-batched": "transformers fp32, batches of 32 sorted by length",
        "ct2": f"CTranslate2 int8, batches of 32 sorted, async ({rows['ct2'].get('threads', '')})",
        "ct2-decode-only": "the same, without the forced-EOS re-scoring (as a trained model's outputs, which end on their own)",
        "ct2-vmap": f"CTranslate2 int8 + vocabulary map ({convert.get('vmap_candidates', TARGET_SIDE)} of {VOCAB_SIZE} pieces + source pieces)",
        "ct2-vmap-decode-only": "the same, outputs ending on their own (log-probabilities from the decoder, over the shortlist)",
        "ct2-beam4": "CTranslate2 int8, beam 4, same batching",
        "audit-cold": "`auditor audit` seeds, CTranslate2, cache cold",
        "audit-warm": "`auditor audit` seeds, CTranslate2, cache warm (unchanged: result reused)",
        "audit-edited": "`auditor audit` seeds, CTranslate2, cache warm, one sentence edited",
        "text-only": f"text-only checks ({rows['text-only'].get('checks')} registered), run_audit without a model",
    }
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"\n{now}; {os.cpu_count()} cores ({cpu}); Python {platform.python_version()}; "
          f"model: random weights, opus-mt-de-en architecture ({params / 1e6:.1f}M parameters), "
          f"outputs capped at {LENGTH_RATIO}x the source tokens; {args.sentences} sentences per row; "
          f"1-min load average during the run {min(args.load):.1f} to {max(args.load):.1f}\n")
    print("| configuration | sentences/s | vs naive | peak RSS |")
    print("|---|---:|---:|---:|")
    for key, r in rows.items():
        print(f"| {label[key]} | {rate(r):,.1f} | {rate(r) / naive:,.1f}x | {r['peak_rss_mb']:,.0f} MB |")
    cold, warm = rows["audit-cold"]["seconds"], rows["audit-warm"]["seconds"]
    work = args.workdir
    ct2_out = json.loads((work / "out-ct2.json").read_text(encoding="utf-8"))
    vmap_out = json.loads((work / "out-ct2-vmap.json").read_text(encoding="utf-8"))
    tf_out = json.loads((work / "out-tf-batched.json").read_text(encoding="utf-8"))
    same = lambda a, b: sum(x == y for x, y in zip(a, b))  # noqa: E731
    edited = rows["audit-edited"]
    print(f"\n- warm re-audit vs cold, whole `auditor audit` command (in-process, after imports): "
          f"{cold:.2f} s -> {warm:.3f} s ({cold / warm:.0f}x faster): the unchanged run's result is reused")
    print(f"- one sentence edited ({EDIT[0]!r} -> {EDIT[1]!r}): {cold:.2f} s -> {edited['seconds']:.2f} s "
          f"({cold / edited['seconds']:.0f}x faster): that sentence is translated (the model is loaded for it, "
          f"{edited['translate_s']:.2f} s), every other from the cache, and the whole run is audited afresh "
          "(cross-document checks), with the unchanged documents' segmentations from the cache")
    print(f"- whole-audit peak RSS (cold cache, real-size model via CTranslate2): {rows['audit-cold']['peak_rss_mb']:.0f} MB; "
          f"with a warm cache the model is never loaded: {rows['audit-warm']['peak_rss_mb']:.0f} MB")
    print(f"- CTranslate2 vs naive loop: {rate(rows['ct2']) / naive:.1f}x; vs batched transformers: "
          f"{rate(rows['ct2']) / rate(rows['tf-batched']):.1f}x; vocabulary map vs plain CTranslate2: "
          f"{rate(rows['ct2-vmap']) / rate(rows['ct2']):.2f}x as run, "
          f"{rate(rows['ct2-vmap-decode-only']) / rate(rows['ct2-decode-only']):.2f}x for outputs that end on their own "
          f"({rate(rows['ct2-vmap-decode-only']) / naive:.0f}x the naive loop)")
    print(f"- identical outputs: CTranslate2 int8 vs transformers fp32 {same(ct2_out, tf_out)}/{len(ct2_out)}; "
          f"with vs without vocabulary map {same(ct2_out, vmap_out)}/{len(ct2_out)} (random weights: see benchmarks/BACKTRANSLATION.md)")
    share = 1 - rate(rows["ct2"]) / rate(rows["ct2-decode-only"])
    print(f"- re-scoring costs {share:.0%} of the CTranslate2 time here: random weights never end a sentence, so "
          "every output stops at its cap and is re-scored with the forced EOS (as the transformers backend "
          "re-scores every output); a trained model's outputs end on their own and take their log-probability "
          f"from the decoder: {rate(rows['ct2-decode-only']):.1f} sentences/s "
          f"({rate(rows['ct2-decode-only']) / naive:.0f}x the naive loop)")
    first = rows["text-only"]
    print(f"- text-only checks: the first round in a process took {first['first_round_s']:.2f} s for "
          f"{len(seed_texts())} sentences (one-off loading of word lists and detectors)")
    print(f"- one-off int8 conversion: {convert['seconds']:.1f} s (0 when cached); benchmark wall time {wall:.0f} s")


if __name__ == "__main__":
    main()
