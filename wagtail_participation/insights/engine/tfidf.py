"""The fallback that runs on the standard library alone: TF-IDF vectors as sparse dicts and a
deterministic spherical k-means, with the number of clusters chosen by silhouette on a sample.

It groups texts that share words, so it cannot put the same idea written in two languages together:
its output says so. It is meant for a few thousand texts (a site without the ``[nlp]`` extra).
"""

from __future__ import annotations

import math
import random
from collections import Counter

from wagtail_participation.insights.engine.text import content_words

SparseVector = dict[str, float]
SILHOUETTE_SAMPLE = 500


def tfidf_vectors(texts: list[str], *, min_df: int = 2) -> list[SparseVector]:
    """Sublinear TF-IDF of each text's content words, L2-normalised; words in fewer than ``min_df``
    texts are dropped (they cannot tie two texts together). A text without such words is ``{}``."""
    tokenised = [content_words(text) for text in texts]
    document_frequency = Counter(word for tokens in tokenised for word in set(tokens))
    n = len(texts)
    idf = {word: math.log((1 + n) / (1 + count)) + 1 for word, count in document_frequency.items() if count >= min_df}
    vectors = []
    for tokens in tokenised:
        weights = {word: (1 + math.log(count)) * idf[word] for word, count in Counter(tokens).items() if word in idf}
        vectors.append(_normalised(weights))
    return vectors


def _normalised(vector: SparseVector) -> SparseVector:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {word: value / norm for word, value in vector.items()} if norm else {}


def _dot(a: SparseVector, b: SparseVector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())


def spherical_kmeans(
    vectors: list[SparseVector], k: int, *, seed: int = 0, iterations: int = 30
) -> tuple[list[int], list[float]]:
    """Cluster non-empty unit ``vectors`` into ``k`` groups by cosine similarity (k-means++ seeding
    from ``random.Random(seed)``). Returns each vector's cluster and its similarity to that centroid."""
    rng = random.Random(seed)
    centroids = _kmeans_plus_plus(vectors, k, rng)
    assignment = [-1] * len(vectors)
    similarity = [0.0] * len(vectors)
    for _ in range(iterations):
        changed = False
        for index, vector in enumerate(vectors):
            scores = [_dot(vector, centroid) for centroid in centroids]
            best = max(range(len(centroids)), key=lambda c: (scores[c], -c))
            similarity[index] = scores[best]
            if best != assignment[index]:
                assignment[index], changed = best, True
        if not changed:
            break
        centroids = _centroids(vectors, assignment, len(centroids), fallback=centroids)
    return assignment, similarity


def _kmeans_plus_plus(vectors: list[SparseVector], k: int, rng: random.Random) -> list[SparseVector]:
    centroids = [vectors[rng.randrange(len(vectors))]]
    nearest = [1.0 - _dot(vector, centroids[0]) for vector in vectors]
    while len(centroids) < k:
        total = sum(nearest)
        if total <= 0:
            break
        target, running, chosen = rng.random() * total, 0.0, len(vectors) - 1
        for index, distance in enumerate(nearest):
            running += distance
            if running >= target:
                chosen = index
                break
        centroids.append(vectors[chosen])
        nearest = [min(old, 1.0 - _dot(vector, vectors[chosen])) for old, vector in zip(nearest, vectors, strict=True)]
    return centroids


def _centroids(
    vectors: list[SparseVector], assignment: list[int], k: int, *, fallback: list[SparseVector]
) -> list[SparseVector]:
    sums: list[dict[str, float]] = [{} for _ in range(k)]
    for vector, cluster in zip(vectors, assignment, strict=True):
        total = sums[cluster]
        for word, value in vector.items():
            total[word] = total.get(word, 0.0) + value
    return [_normalised(total) or fallback[cluster] for cluster, total in enumerate(sums)]


class SilhouetteSample:
    """Cosine distances among a fixed sample of at most ``SILHOUETTE_SAMPLE`` vectors, computed once and
    reused to score every candidate number of clusters."""

    def __init__(self, vectors: list[SparseVector], *, seed: int = 0):
        indices = list(range(len(vectors)))
        if len(indices) > SILHOUETTE_SAMPLE:
            indices = sorted(random.Random(seed).sample(indices, SILHOUETTE_SAMPLE))
        self.indices = indices
        self.distances = [[1.0 - _dot(vectors[a], vectors[b]) for b in indices] for a in indices]

    def score(self, assignment: list[int]) -> float:
        """Mean silhouette of the sample under ``assignment`` (one cluster per vector, all vectors)."""
        labels = [assignment[index] for index in self.indices]
        scores = []
        for row, own_label in zip(self.distances, labels, strict=True):
            sums: dict[int, list[float]] = {}
            for distance, label in zip(row, labels, strict=True):
                pair = sums.setdefault(label, [0.0, 0])
                pair[0] += distance
                pair[1] += 1
            own_sum, own_count = sums.pop(own_label)
            if own_count <= 1 or not sums:
                scores.append(0.0)
                continue
            inner = own_sum / (own_count - 1)  # the row's own zero distance is in the sum
            outer = min(total / count for total, count in sums.values())
            scores.append((outer - inner) / max(inner, outer) if max(inner, outer) > 0 else 0.0)
        return sum(scores) / len(scores) if scores else 0.0
