"""Similar ideas by meaning: the core's :class:`~wagtail_participation.capabilities.SimilarTextFinder`.

Only the draft is encoded in the resident's request (one thread, the encoder loaded once per process);
it is compared with the stored vectors of the board's visible ideas, in whatever language they were
written. Each process keeps the matrix of a few boards (``MATRICES_KEPT``, about 2 KB per idea: 50 MB
for 25,000), dropped when stored vectors change anywhere (:func:`embeddings.current_generation`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from wagtail_participation import conf
from wagtail_participation.capabilities import SimilarFound
from wagtail_participation.insights import embeddings
from wagtail_participation.insights.engine.encoders import Encoder, load_encoder

MATRICES_KEPT = 4


@dataclass(frozen=True)
class BoardMatrix:
    """The stored vectors of one scope's contributions, as they were when loaded."""

    generation: str
    model: tuple[str, str]
    pks: object  # numpy int64 array, one per row of ``vectors``
    vectors: object  # numpy float32 array (n, dimensions)


_matrices: OrderedDict[str, BoardMatrix] = OrderedDict()
_matrices_lock = threading.Lock()


def draft_encoder() -> Encoder | None:
    """One thread in a request: a web server's other requests need the other cores."""
    return load_encoder(threads=1)


def find(text: str, contributions, scope: str, limit: int = 5) -> SimilarFound | None:
    """Up to ``limit`` ``(pk, score)`` of ``contributions`` whose stored vectors are closest to
    ``text``'s, at least ``INSIGHTS_SIMILARITY_THRESHOLD`` alike, and those of ``contributions``
    without a vector yet; ``None`` without the encoder or when none of them has a vector yet (the
    caller then ranks by shared words)."""
    from django.db.models import Exists, OuterRef

    from wagtail_participation.insights.models import TextEmbedding

    encoder = draft_encoder()
    if encoder is None or not text.strip():
        return None
    import numpy as np  # the [nlp] extra, there when the encoder is

    matrix = board_matrix(scope, contributions, encoder)
    if not len(matrix.pks):
        return None
    scores = matrix.vectors @ encoder.encode([text])[0]
    threshold = float(conf.get("INSIGHTS_SIMILARITY_THRESHOLD"))
    count = min(limit, len(scores))
    best = np.argpartition(-scores, count - 1)[:count]
    best = best[np.argsort(-scores[best])]
    pairs = [(int(matrix.pks[i]), float(scores[i])) for i in best if scores[i] >= threshold]
    current = TextEmbedding.objects.filter(
        contribution_id=OuterRef("pk"), model_name=encoder.name, model_version=encoder.version
    )
    # Posted since the board's newest vector: a few rows, found through the primary key (an
    # exclusion over the whole board would probe every one of its ideas). An older idea without a
    # vector (approved by a moderator since the last tick) waits for the next tick.
    newer = contributions.filter(pk__gt=int(matrix.pks.max())).exclude(Exists(current))
    return SimilarFound(pairs, newer)


def board_matrix(scope: str, contributions, encoder: Encoder) -> BoardMatrix:
    """The cached matrix of ``scope``, loaded again (one query) when vectors changed since."""
    generation = embeddings.current_generation()
    model = (encoder.name, encoder.version)
    with _matrices_lock:
        cached = _matrices.get(scope)
        if cached is not None and cached.generation == generation and cached.model == model:
            _matrices.move_to_end(scope)
            return cached
    loaded = _load(generation, model, contributions, encoder.dimensions)
    with _matrices_lock:
        _matrices[scope] = loaded
        _matrices.move_to_end(scope)
        while len(_matrices) > MATRICES_KEPT:
            _matrices.popitem(last=False)
    return loaded


def _load(generation: str, model: tuple[str, str], contributions, dimensions: int) -> BoardMatrix:
    import numpy as np

    from wagtail_participation.insights.models import TextEmbedding

    rows = TextEmbedding.objects.filter(
        model_name=model[0], model_version=model[1], contribution_id__in=contributions.values("pk")
    ).values_list("contribution_id", "vector")
    pks, blobs = [], []
    for pk, blob in rows.iterator(chunk_size=2000):
        pks.append(pk)
        blobs.append(blob)
    vectors = embeddings.vectors_from(blobs, dimensions) if blobs else np.zeros((0, dimensions), dtype=np.float32)
    return BoardMatrix(generation, model, np.asarray(pks, dtype=np.int64), vectors)


def forget_cached_matrices() -> None:
    """Drop this process's matrices (tests; the generation token does it across processes)."""
    with _matrices_lock:
        _matrices.clear()
