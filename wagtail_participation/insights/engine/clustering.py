"""Clustering sentence vectors into themes (numpy and scikit-learn, the ``[nlp]`` extra).

The steps, each for a reason measured on real boards (docs/themes-engine.md has the numbers):

1. **Centre per language.** A multilingual encoder puts a language's texts a little apart from the other
   languages' texts. Subtracting each language's mean vector (for languages with enough texts) removes that
   shared direction, so the same idea in two languages lands in one theme instead of one theme per language.
   Then the corpus mean goes too (the shared "citizen proposal" direction).
2. **Project** onto the main 64 directions (PCA by an eigen-decomposition of the covariance): faster and
   less noisy.
3. **Smooth over neighbours.** Each vector is replaced by the mean of itself and its nearest neighbours; a
   short statement borrows context from the statements most like it, which sharpens the clusters.
4. **k-means** (several seeded starts) for each candidate number of themes; the silhouette on a fixed
   sample picks it, preferring fewer themes when the scores are close.
5. **Unassigned**: members far less similar to their theme than its other members (more than two standard
   deviations below the theme's mean similarity) are left out rather than forced in.
"""

from __future__ import annotations

import warnings
from contextlib import nullcontext

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

PROJECTED_DIMENSIONS = 64
NEIGHBOURS = 10
NEIGHBOURS_PER_TEXTS = 4  # fewer on a small board: one neighbour less than a quarter of its texts
MIN_TEXTS_PER_LANGUAGE = 20  # fewer texts give a mean that is more their topic than their language
MAX_THEMES = 16
MIN_TEXTS_PER_THEME = 5  # a theme this large may have outliers
SMALLEST_THEME_TRIED = 3  # the automatic choice tries at most n / 3 themes (up to MAX_THEMES)
SILHOUETTE_SAMPLE = 1500
PREFER_FEWER = 0.9  # the smallest k whose silhouette is within 10 % of the best one wins
OUTLIER_DEVIATIONS = 2.0
KMEANS_STARTS = 3
SCAN_STARTS = 2  # while scoring candidate k; the chosen k is clustered again with KMEANS_STARTS


def thread_limit(threads: int):
    """Cap the BLAS and OpenMP threads (numpy, scikit-learn) to ``threads`` for a ``with`` block."""
    try:
        from threadpoolctl import threadpool_limits  # a dependency of scikit-learn
    except ImportError:  # pragma: no cover - scikit-learn always brings it
        return nullcontext()
    return threadpool_limits(limits=threads)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def centre_per_language(vectors: np.ndarray, languages: list[str | None]) -> tuple[np.ndarray, int]:
    """Subtract each language's mean from its texts' vectors (languages with at least
    ``MIN_TEXTS_PER_LANGUAGE`` texts, when there are two or more such languages), then the corpus mean.
    Returns the unit vectors and how many languages were centred on their own."""
    vectors = _unit(np.asarray(vectors, dtype=np.float64))
    counts: dict[str, int] = {}
    for language in languages:
        if language:
            counts[language] = counts.get(language, 0) + 1
    large = sorted(language for language, count in counts.items() if count >= MIN_TEXTS_PER_LANGUAGE)
    if len(large) >= 2:
        vectors = vectors.copy()
        for language in large:
            rows = np.array([lang == language for lang in languages])
            vectors[rows] -= vectors[rows].mean(axis=0)
        vectors = _unit(vectors)
    else:
        large = []
    return _unit(vectors - vectors.mean(axis=0)), len(large)


def project(vectors: np.ndarray, dimensions: int | None = None) -> np.ndarray:
    """The unit vectors projected on their ``dimensions`` main directions (PCA, deterministic signs)."""
    centred = vectors - vectors.mean(axis=0)
    keep = min(dimensions or PROJECTED_DIMENSIONS, vectors.shape[1], max(vectors.shape[0] - 1, 1))
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred)
    basis = eigenvectors[:, np.argsort(eigenvalues)[::-1][:keep]]
    basis *= np.where(basis[np.abs(basis).argmax(axis=0), range(keep)] < 0, -1.0, 1.0)
    return _unit(centred @ basis)


def smooth_over_neighbours(vectors: np.ndarray, neighbours: int | None = None, block: int = 1024) -> np.ndarray:
    """Each unit vector replaced by the normalised mean of itself and its ``neighbours`` most similar
    vectors (cosine), computed block by block so memory stays at ``block x n``."""
    n = vectors.shape[0]
    if neighbours is None:
        # a small board has few true neighbours: ten of nine texts would average every text into one
        neighbours = min(NEIGHBOURS, max(0, n // NEIGHBOURS_PER_TEXTS - 1))
    take = min(neighbours + 1, n)
    if take <= 1:
        return vectors
    single = vectors.astype(np.float32)  # half the memory traffic; neighbours do not need float64
    smoothed = np.empty_like(vectors)
    for start in range(0, n, block):
        similarity = single[start : start + block] @ single.T
        nearest = np.argpartition(similarity, n - take, axis=1)[:, n - take :]
        smoothed[start : start + block] = vectors[nearest].mean(axis=1)
    return _unit(smoothed)


def kmeans(vectors: np.ndarray, k: int, seed: int, starts: int = KMEANS_STARTS) -> np.ndarray:
    """k-means labels, the best of ``starts`` seeded k-means++ starts. Fewer than ``k`` distinct
    points give fewer clusters (scikit-learn warns; the caller sees it in the labels)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(n_clusters=k, n_init=starts, random_state=seed).fit_predict(vectors)


def choose_number_of_themes(vectors: np.ndarray, seed: int) -> tuple[int, np.ndarray, dict[int, float]]:
    """Cluster for k = 2 .. min(MAX_THEMES, n / SMALLEST_THEME_TRIED); keep the smallest k whose
    silhouette (on a fixed sample) is within ``PREFER_FEWER`` of the best. Returns k, its labels and
    the silhouette of every k tried."""
    n = vectors.shape[0]
    highest = max(2, min(MAX_THEMES, n // SMALLEST_THEME_TRIED))
    scores = {}
    for k in range(2, highest + 1):
        labels = kmeans(vectors, k, seed, starts=SCAN_STARTS)
        if len(set(labels.tolist())) < k:  # fewer distinct points than k: larger k cannot do better
            break
        scores[k] = float(
            silhouette_score(vectors, labels, metric="cosine", sample_size=min(SILHOUETTE_SAMPLE, n), random_state=seed)
        )
    if not scores:
        return 1, np.zeros(n, dtype=int), {}
    best = max(scores.values())
    chosen = min(k for k, score in scores.items() if score >= best * PREFER_FEWER)
    return chosen, kmeans(vectors, chosen, seed), scores


def centrality_and_outliers(vectors: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each member's cosine similarity to its cluster's centroid, and a boolean mask of the members much
    less similar than the cluster's other members (clusters of ``MIN_TEXTS_PER_THEME`` or more)."""
    mask = np.zeros(len(labels), dtype=bool)
    centrality = np.zeros(len(labels))
    for cluster in np.unique(labels):
        rows = np.flatnonzero(labels == cluster)
        centroid = _unit(vectors[rows].mean(axis=0, keepdims=True))[0]
        similarity = vectors[rows] @ centroid
        centrality[rows] = similarity
        if len(rows) >= MIN_TEXTS_PER_THEME:
            mask[rows] = similarity < similarity.mean() - OUTLIER_DEVIATIONS * similarity.std()
    return centrality, mask


def cluster_vectors(
    vectors, languages: list[str | None], *, themes: int | None, seed: int, threads: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Labels (0..k-1), an outlier mask and each text's similarity to its cluster's centre for
    ``vectors`` (one row per text), with details of how they were found (the languages centred on their own, the silhouette per k when k was chosen)."""
    with thread_limit(threads):
        centred, languages_centred = centre_per_language(np.asarray(vectors), languages)
        projected = project(centred)
        smoothed = smooth_over_neighbours(projected).astype(np.float32)  # k-means runs faster in float32
        details: dict = {"languages_centred": languages_centred}
        if themes is None:
            k, labels, details["silhouette"] = choose_number_of_themes(smoothed, seed)
        else:
            k = max(1, min(themes, len(smoothed)))
            labels = kmeans(smoothed, k, seed) if k > 1 else np.zeros(len(smoothed), dtype=int)
        centrality, mask = centrality_and_outliers(projected, labels)
        return labels, mask, np.round(centrality, 9), details
