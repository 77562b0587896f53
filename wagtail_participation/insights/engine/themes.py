"""Themes in a set of texts: each with a short label, its keywords and its members, plus the texts that
fit no theme well ("unassigned").

Two backends, and the result says which one ran:

* **the multilingual encoder** (the ``[nlp]`` extra, or vectors the caller already stored): texts that
  mean the same land together whatever their language (:mod:`.clustering`);
* **TF-IDF on the standard library** when the extra is absent: texts that share words land together
  (:mod:`.tfidf`); the same idea in two languages may then make two themes.

The number of themes is chosen automatically unless given. The same input and settings give the same
output: seeded starts, stable orderings (themes by size, then label; members in input order).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from wagtail_participation.insights.engine import tfidf
from wagtail_participation.insights.engine.encoders import load_encoder
from wagtail_participation.insights.engine.keywords import theme_keywords, theme_label
from wagtail_participation.insights.engine.stopwords import guess_language
from wagtail_participation.insights.engine.text import lowercase_words

BACKEND_TFIDF = "tfidf"
FALLBACK_NOTE = (
    "TF-IDF on shared words (the multilingual encoder of the [nlp] extra is not installed): "
    "the same idea written in two languages may land in two themes."
)
FALLBACK_MAX_THEMES = 12
FALLBACK_PREFER_FEWER = 0.95  # the smallest k within 5 % of the best silhouette (not re-measured for issue 20)


@dataclass(frozen=True)
class TextItem:
    """One text to group: its caller's id (any JSON value), the text, and its language if known
    (``None``: guessed from stop words when the backend needs it)."""

    id: object
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Theme:
    """A group of texts about one thing: a readable label, keywords (best first) and the members' ids."""

    label: str
    keywords: tuple[str, ...]
    ids: tuple


@dataclass(frozen=True)
class ThemesResult:
    """Themes (largest first), the ids that fit none, and which backend made them, with a note for people."""

    themes: tuple[Theme, ...]
    unassigned: tuple
    backend: str
    note: str
    number_of_themes: int
    chosen_automatically: bool
    details: dict = field(default_factory=dict, compare=False)

    def as_json(self) -> dict:
        """The command's output shape: ``{"themes": [{"label", "keywords", "ids"}], "unassigned", "backend",
        "note"}``."""
        return {
            "themes": [{"label": t.label, "keywords": list(t.keywords), "ids": list(t.ids)} for t in self.themes],
            "unassigned": list(self.unassigned),
            "backend": self.backend,
            "note": self.note,
        }


def find_themes(
    items: list[TextItem],
    *,
    themes: int | None = None,
    vectors=None,
    backend: str | None = None,
    use_encoder: bool = True,
    threads: int = 1,
    seed: int = 0,
) -> ThemesResult:
    """Group ``items`` into themes.

    ``themes`` fixes the number of themes (default: chosen automatically). ``vectors`` are the items'
    sentence vectors, one row each, when the caller has them stored (then ``backend`` names their
    encoder); otherwise the multilingual encoder computes them if installed (``use_encoder=False`` forces
    the TF-IDF fallback). ``threads`` caps the CPU threads used; ``seed`` fixes every random start.
    """
    if themes is not None and themes < 1:
        raise ValueError("themes must be at least 1")
    items = list(items)
    if vectors is None and use_encoder:
        encoder = load_encoder(threads)
        if encoder is not None and _numpy_stack_available():
            vectors = encoder.encode([item.text for item in items])
            backend = f"{encoder.name} ({encoder.version})"
    if vectors is not None:
        if len(vectors) != len(items):
            raise ValueError("vectors must have one row per item")
        return _themes_from_vectors(items, vectors, backend or "precomputed vectors", themes, seed, threads)
    return _themes_from_words(items, themes, seed)


def _numpy_stack_available() -> bool:
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def _themes_from_vectors(items, vectors, backend, themes, seed, threads) -> ThemesResult:
    if len(items) < 3:
        return _single_theme(items, backend, themes)
    from wagtail_participation.insights.engine.clustering import (
        cluster_vectors,  # numpy and scikit-learn only on this path
    )

    languages = [_language(item) for item in items]
    labels, outlier_mask, centrality, details = cluster_vectors(
        vectors, languages, themes=themes, seed=seed, threads=threads
    )
    groups: dict[int, list[int]] = {}
    unassigned = []
    for index, (label, outlier) in enumerate(zip(labels.tolist(), outlier_mask.tolist(), strict=True)):
        if outlier or not items[index].text.strip():
            unassigned.append(index)
        else:
            groups.setdefault(label, []).append(index)
    note = f"Themes from multilingual sentence vectors ({backend})."
    return _result(items, list(groups.values()), unassigned, backend, note, themes, details, centrality.tolist())


def _language(item: TextItem) -> str | None:
    """The item's language as a bare code ("nl-BE" and "NL" are "nl", like a guessed one)."""
    if item.lang and item.lang.strip():
        return item.lang.strip().lower().replace("_", "-").split("-")[0]
    return guess_language(lowercase_words(item.text))


def _themes_from_words(items, themes, seed) -> ThemesResult:
    if len(items) < 3:
        return _single_theme(items, BACKEND_TFIDF, themes, FALLBACK_NOTE)
    vectors = tfidf.tfidf_vectors([item.text for item in items])
    usable = [index for index, vector in enumerate(vectors) if vector]
    unassigned = [index for index, vector in enumerate(vectors) if not vector]
    if len(usable) < 3:
        return _result(items, [usable] if usable else [], unassigned, BACKEND_TFIDF, FALLBACK_NOTE, themes, {})
    usable_vectors = [vectors[index] for index in usable]
    details: dict = {}
    if themes is None:
        sample = tfidf.SilhouetteSample(usable_vectors, seed=seed)
        highest = max(2, min(FALLBACK_MAX_THEMES, len(usable) // 5))
        scores, runs = {}, {}
        for k in range(2, highest + 1):
            runs[k] = tfidf.spherical_kmeans(usable_vectors, k, seed=seed)
            scores[k] = sample.score(runs[k][0])
        best = max(scores.values())
        k = min(k for k, score in scores.items() if score >= best * FALLBACK_PREFER_FEWER)
        assignment, similarity = runs[k]
        details["silhouette"] = scores
    else:
        assignment, similarity = tfidf.spherical_kmeans(usable_vectors, min(themes, len(usable)), seed=seed)
    groups: dict[int, list[int]] = {}
    for position, cluster in enumerate(assignment):
        groups.setdefault(cluster, []).append(position)
    kept: list[list[int]] = []
    for members in groups.values():
        scores_in = [similarity[position] for position in members]
        mean = sum(scores_in) / len(scores_in)
        spread = math.sqrt(sum((s - mean) ** 2 for s in scores_in) / len(scores_in))
        floor = mean - 2.0 * spread if len(members) >= 5 else -1.0
        kept.append([usable[p] for p in members if similarity[p] > max(floor, 0.0)])
        unassigned.extend(usable[p] for p in members if similarity[p] <= max(floor, 0.0))
    centrality = [0.0] * len(items)
    for position, index in enumerate(usable):
        centrality[index] = similarity[position]
    return _result(items, kept, sorted(unassigned), BACKEND_TFIDF, FALLBACK_NOTE, themes, details, centrality)


def _single_theme(items, backend, themes, note="Too few texts to compare.") -> ThemesResult:
    members = [index for index, item in enumerate(items) if item.text.strip()]
    rest = [index for index, item in enumerate(items) if not item.text.strip()]
    return _result(items, [members] if members else [], rest, backend, note, themes, {})


def _result(items, groups, unassigned, backend, note, themes, details, centrality=None) -> ThemesResult:
    """Build the result; ``centrality`` (one number per item, higher is more typical of its theme) picks
    each theme's representative text, else its first member."""
    groups = [sorted(group) for group in groups if group]
    representatives = [
        items[max(group, key=lambda index: (centrality[index], -index)) if centrality else group[0]].text
        for group in groups
    ]
    keywords, shared = theme_keywords([[items[index].text for index in group] for group in groups], representatives)
    ordered = sorted(
        (
            (-len(group), theme_label(words, shared_count, representative), group[0], words, group)
            for group, words, shared_count, representative in zip(
                groups, keywords, shared, representatives, strict=True
            )
        ),
        key=lambda row: row[:3],  # size, label, then the first member: a total order
    )
    built = [
        Theme(label=label, keywords=tuple(words), ids=tuple(items[index].id for index in group))
        for _, label, _, words, group in ordered
    ]
    return ThemesResult(
        themes=tuple(built),
        unassigned=tuple(items[index].id for index in sorted(unassigned)),
        backend=backend,
        note=note,
        number_of_themes=len(built),
        chosen_automatically=themes is None,
        details=details,
    )
