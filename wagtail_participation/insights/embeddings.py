"""Stored embeddings: computed in batches, off a resident's request, once per text and model.

:func:`compute_missing` is what ``participation_tick`` runs (and the demo loader, and an analysis
before it reads vectors): every text the core's text sources hand out (visible ideas, published
proposals, visible comments) gets a vector from the current model, an edited text (its digest
changed) or a vector of another model version is computed again, and a stored vector whose text
the sources no longer hand out (deleted, hidden, removed) is deleted. Without the ``[nlp]`` extra
nothing is stored and nothing fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection, transaction

from wagtail_participation import cache_generations, capabilities, clock, conf, contribution_kinds
from wagtail_participation.insights.engine.encoders import Encoder, load_encoder
from wagtail_participation.insights.models import TextEmbedding

BATCH = 64  # texts per forward pass: big enough for the matrix products, small enough for memory
GENERATION_KEY = "wp_insights:embeddings_generation"
VECTOR_DTYPE = "<f4"  # float32, little-endian, whatever the machine


def batch_encoder() -> Encoder | None:
    """The encoder for batches, on the threads the site allows (``INSIGHTS_ENCODER_THREADS``)."""
    return load_encoder(threads=max(1, int(conf.get("INSIGHTS_ENCODER_THREADS"))))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def contribution_id_of(key: str) -> int | None:
    """The contribution a key names (``"idea:42"`` → 42) when its prefix is a contribution kind."""
    code, _, pk = key.partition(":")
    if contribution_kinds.get(code) is None or not pk.isdigit():
        return None
    return int(pk)


def vector_bytes(vector) -> bytes:
    return vector.astype(VECTOR_DTYPE).tobytes()


def vectors_from(blobs: Iterable, dimensions: int):
    """One float32 matrix, a row per stored vector (bytes or a database buffer)."""
    import numpy as np

    joined = b"".join(bytes(blob) for blob in blobs)
    return np.frombuffer(joined, dtype=VECTOR_DTYPE).reshape(-1, dimensions)


def current_generation() -> str:
    """A token that changes whenever stored vectors change, so every process drops its cached
    matrices (:mod:`wagtail_participation.insights.similar`). Kept in the default cache."""
    return cache_generations.current(GENERATION_KEY)


def forget_matrices() -> None:
    cache_generations.renew(GENERATION_KEY)


def store(encoder: Encoder, texts: list[tuple[str, str]]) -> int:
    """Encode ``(key, text)`` pairs in batches and store (or replace) their vectors; returns how many."""
    from wagtail_participation.models import Contribution

    stored = 0
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        vectors = encoder.encode([text for _key, text in chunk])
        wanted = {key: contribution_id_of(key) for key, _text in chunk}
        # A contribution deleted since its text was read gets no row (its foreign key would fail).
        alive = set(
            Contribution.objects.filter(pk__in=[pk for pk in wanted.values() if pk]).values_list("pk", flat=True)
        )
        now = clock.now()
        rows = [
            TextEmbedding(
                key=key,
                contribution_id=wanted[key],
                model_name=encoder.name,
                model_version=encoder.version,
                text_hash=text_hash(text),
                vector=vector_bytes(vector),
                created_at=now,
            )
            for (key, text), vector in zip(chunk, vectors, strict=True)
            if wanted[key] is None or wanted[key] in alive
        ]
        # MariaDB's ON DUPLICATE KEY UPDATE names no conflict target (any unique key is one)
        target = ["key", "model_name"] if connection.features.supports_update_conflicts_with_target else None
        with transaction.atomic():
            TextEmbedding.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=target,
                update_fields=["contribution", "model_version", "text_hash", "vector", "created_at"],
            )
        stored += len(rows)
    if stored:
        forget_matrices()
    return stored


def compute_missing(records=None, encoder: Encoder | None = None) -> int:
    """Compute the vectors that are missing or stale for the texts of ``records`` (every method
    when ``None``); with every method, also delete the vectors no source hands out any more and
    those of other models. Returns how many vectors were computed or deleted. Idempotent."""
    from wagtail_participation.models import MethodRecord

    encoder = encoder or batch_encoder()
    if encoder is None:
        return 0
    everything = records is None
    records = MethodRecord.objects.all() if everything else records
    current = encoder.name, encoder.version
    known = {
        key: (digest, version)
        for key, digest, version in TextEmbedding.objects.filter(model_name=encoder.name).values_list(
            "key", "text_hash", "model_version"
        )
    }
    seen, due, done = set(), [], 0
    for key, text, _language in capabilities.texts(records):
        seen.add(key)
        if known.get(key) != (text_hash(text), current[1]):
            due.append((key, text))
        if len(due) >= BATCH * 8:
            done += store(encoder, due)
            due = []
    done += store(encoder, due)
    if everything:
        done += forget_unseen(encoder, set(known) - seen)
    return done


def forget_unseen(encoder: Encoder, keys: set[str]) -> int:
    """Delete the vectors of texts no source hands out any more, and every other model's vectors."""
    removed = 0
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        removed += TextEmbedding.objects.filter(model_name=encoder.name, key__in=ordered[start : start + 500]).delete()[
            0
        ]
    removed += TextEmbedding.objects.exclude(model_name=encoder.name).delete()[0]
    if removed:
        forget_matrices()
    return removed


def stored_vectors(keys: list[str], encoder: Encoder):
    """The current model's stored vectors of ``keys`` as one matrix (a row per key that has one, in
    the order of ``keys``), those keys, and the keys without a vector (:func:`compute_missing`
    computes them)."""
    import numpy as np

    found = {}
    for start in range(0, len(keys), 500):
        found.update(
            TextEmbedding.objects.filter(
                model_name=encoder.name, model_version=encoder.version, key__in=keys[start : start + 500]
            ).values_list("key", "vector")
        )
    present = [key for key in keys if key in found]
    if not present:
        return [], np.zeros((0, encoder.dimensions), dtype=np.float32), list(keys)
    matrix = vectors_from((found[key] for key in present), encoder.dimensions)
    return present, matrix, [key for key in keys if key not in found]
