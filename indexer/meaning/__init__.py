"""Meaning: quote vectors from an offline embedding model, and searches by them. The only
package in quotebank that imports the model (wordllama) or holds vectors; the bank asks it.

Modules: model (the embedding model, loaded offline), vectors (the cache of every quote's
vector, beside the index), service (Meaning: embedding quotes and drafts, nearest quotes).
"""

import os

# One BLAS thread: a search multiplies one small matrix by the vectors, and OpenBLAS's own
# threads would spin on both cores against the server's other threads (measured at 100,000
# quotes: half the CPU time per draft). Read when numpy loads; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from indexer.meaning.model import DIMENSIONS, MODEL_VERSION, Embedder, MeaningUnavailable
from indexer.meaning.service import Meaning, passages
from indexer.meaning.vectors import VectorCache, VectorsUnavailable

__all__ = [
    "DIMENSIONS",
    "MODEL_VERSION",
    "Embedder",
    "Meaning",
    "MeaningUnavailable",
    "VectorCache",
    "VectorsUnavailable",
    "passages",
]
