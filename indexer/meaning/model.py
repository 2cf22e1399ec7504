"""The embedding model: wordllama's static token vectors, shipped inside its wheel, read
offline (no download, no service, no torch).

wordllama 0.4's own loader looks for the tokenizer under `tokenizer/` while the wheel installs
it under `tokenizers/`, and downloads what it does not find (unless given `cache_dir` set to
the package's folder and downloads disabled). Its import also brings pydantic, requests and
huggingface-hub (30 MB of a server's memory). So the two files are read here directly from
where the wheel put them, with safetensors and tokenizers, and wordllama's Python code is
never imported: nothing here can reach the network.

A text's vector is a weighted mean of its token vectors, cut to the first DIMENSIONS
(wordllama's vectors are trained so that a prefix is a smaller model of its own). Token ids of
this tokenizer are roughly in order of frequency (byte-pair merges come in order of
frequency), so log(id)^2 gives rare tokens more weight than common ones without a frequency
table that would depend on the bank's own quotes: a vector depends on its text alone.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

DIMENSIONS = 128
# Changes whenever a vector computed for the same text would change: the cache is rebuilt.
MODEL_VERSION = f"wordllama-0.4-l2_supercat-{DIMENSIONS}-logid2-v1"
# Inside the wordllama package: the 256-dimension weights and the tokenizer (LLaMA-2's).
WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
TENSOR = "embedding.weight"
# Texts per tokenizer call; their token vectors are gathered at once (~20 MB at 256 texts of
# 150 tokens), so the batch is kept small for memory, not for speed.
BATCH = 256


class MeaningUnavailable(Exception):
    """The model could not be loaded: recall and search fall back to words alone."""


class Embedder:
    """Text to unit vectors of DIMENSIONS float32 values. Thread-safe."""

    def __init__(self) -> None:
        try:
            folder = _package_folder()
            tokenizer = Tokenizer.from_file(str(folder.joinpath(*TOKENIZER)))
            with safe_open(str(folder.joinpath(*WEIGHTS)), framework="np") as weights:
                table = np.asarray(weights.get_tensor(TENSOR)[:, :DIMENSIONS], dtype=np.float32)
        except Exception as exc:  # missing package, missing or damaged files: no meaning
            raise MeaningUnavailable(f"the embedding model cannot be loaded: {exc!r}") from exc
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        weights_by_id = np.log(np.arange(len(table), dtype=np.float32) + 2.0) ** 2
        self._table = np.ascontiguousarray(table * weights_by_id[:, None])  # folded in once
        self.dimensions = DIMENSIONS

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a zero vector for a text with no tokens)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        size = len(self._table)
        for start in range(0, len(texts), BATCH):
            chunk = list(texts[start : start + BATCH])
            # The Rust tokenizer encodes a batch on every core.
            encodings = self._tokenizer.encode_batch(chunk, add_special_tokens=False)
            lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64)
            if not lengths.sum():
                continue
            ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in encodings])
            np.clip(ids, 0, size - 1, out=ids)
            # Each text's tokens are one run of rows: sum the runs (empty runs stay zero).
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            present = lengths > 0
            sums = np.add.reduceat(self._table[ids], starts[present], axis=0)
            out[start : start + len(chunk)][present] = sums
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def _package_folder() -> Path:
    """Where the wordllama wheel is installed, found without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the wordllama package is not installed")
    return Path(spec.origin).parent
