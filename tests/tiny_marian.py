"""Build a tiny, random-weight Marian model laid out like an opus-mt checkpoint.

Used by the tests and the benchmark: it exercises the real loading, tokenisation,
generation and scoring code in seconds, without downloading anything. Its translations are
gibberish (random weights never choose EOS on their own), which is exactly what the length
cap must handle.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

#: the layout of Helsinki-NLP/opus-mt-* vocab.json: </s>=0, <unk>=1, pieces..., <pad>=last
EOS, UNK, PAD = "</s>", "<unk>", "<pad>"


def seed_sentences() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def _train_spm(lines: list[str], prefix: Path, vocab_size: int) -> Path:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the seeds are small: a smaller vocabulary is fine
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        eos_id=2,
        unk_id=1,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def write_marian_vocabulary(path: Path, spm_pieces: int, total_size: int | None = None) -> dict[str, int]:
    """SentencePiece trained on the seeds as ``source.spm``/``target.spm``, ``vocab.json`` in
    opus-mt's layout (``</s>`` = 0, ``<unk>`` = 1, pieces, ``<pad>`` last) and the tokenizer
    files, in ``path``. ``total_size`` pads the vocabulary with filler pieces (the benchmark
    gives its embedding and output projection opus-mt's real size; SentencePiece never
    produces them). Returns the vocabulary."""
    import sentencepiece as spm
    from transformers import MarianTokenizer

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model_file = _train_spm(seed_sentences(), Path(tmp) / "spm", spm_pieces)
        processor = spm.SentencePieceProcessor(model_file=str(model_file))
        for name in ("source.spm", "target.spm"):
            shutil.copyfile(model_file, path / name)

    vocab: dict[str, int] = {EOS: 0, UNK: 1}
    for i in range(processor.get_piece_size()):
        piece = processor.id_to_piece(i)
        if processor.is_control(i) or processor.is_unknown(i) or piece in vocab:
            continue
        vocab[piece] = len(vocab)
    n = 0
    while total_size is not None and len(vocab) < total_size - 1:
        vocab[f"\u2581fill{n:05d}"] = len(vocab)
        n += 1
    vocab[PAD] = len(vocab)
    (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer(
            source_spm=str(path / "source.spm"),
            target_spm=str(path / "target.spm"),
            vocab=str(path / "vocab.json"),
            source_lang="de",
            target_lang="en",
            model_max_length=512,
        )
    tokenizer.save_pretrained(str(path))
    return vocab


def build_tiny_marian(path: Path, seed: int = 0, *, vocab_size: int = 800, max_positions: int = 128) -> Path:
    """Write a complete Marian model directory to ``path`` and return it."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    path = Path(path)
    vocab = write_marian_vocabulary(path, vocab_size)
    pad_id = vocab[PAD]

    # Explicit on every value opus-mt checkpoints set: the library defaults differ.
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=max_positions,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        bos_token_id=None,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.generation_config.bad_words_ids = [[pad_id]]
    model.generation_config.num_beams = 4
    model.generation_config.max_length = 512
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model.save_pretrained(str(path))
    return path


def install_in_hf_cache(model_dir: Path, cache: Path, repo_id: str, revision: str = "0" * 40) -> Path:
    """Lay ``model_dir`` out as the Hugging Face hub cache does (blobs, snapshots, refs)."""
    import hashlib

    repo = Path(cache) / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / revision
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    (repo / "refs").mkdir(exist_ok=True)
    for file in sorted(Path(model_dir).iterdir()):
        if not file.is_file():
            continue
        data = file.read_bytes()
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        link = snapshot / file.name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path("..") / ".." / "blobs" / blob.name)
    (repo / "refs" / "main").write_text(revision, encoding="utf-8")
    return snapshot


if __name__ == "__main__":
    import sys
    import time

    start = time.perf_counter()
    out = build_tiny_marian(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tiny-marian"))
    print(f"built {out} in {time.perf_counter() - start:.2f} s")
