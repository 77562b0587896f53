"""Keywords and a readable label for each theme: class-based TF-IDF over the themes' words.

A word is a good keyword of a theme when it is frequent among the theme's texts and rare in the others
(``tf(word, theme) * log(1 + average words per theme / frequency of the word everywhere)``, the c-TF-IDF
of BERTopic). A word used by a single member says nothing about the theme and is skipped when the theme
has more members, unless the theme has too few shared words.
"""

from __future__ import annotations

import math
from collections import Counter

from wagtail_participation.insights.engine.text import content_words, surface_forms

KEYWORDS_PER_THEME = 8
WORDS_PER_LABEL = 3
LABEL_CHARACTERS = 60


def theme_keywords(
    groups: list[list[str]], representatives: list[str], *, per_theme: int = KEYWORDS_PER_THEME
) -> tuple[list[list[str]], list[int]]:
    """For each group of texts, its keywords, best first, spelled as the texts spell them most often, and
    how many of them several members share. Among equally good words, those of the group's most
    representative text (``representatives``, one per group) come first."""
    spelling = surface_forms([text for group in groups for text in group])
    term_counts: list[Counter] = []
    doc_counts: list[Counter] = []
    for group in groups:
        tokenised = [content_words(text) for text in group]
        term_counts.append(Counter(word for tokens in tokenised for word in tokens))
        doc_counts.append(Counter(word for tokens in tokenised for word in set(tokens)))
    everywhere: Counter = Counter()
    for counts in term_counts:
        everywhere.update(counts)
    average_words = sum(everywhere.values()) / max(len(groups), 1)

    keywords, shared_counts = [], []
    for group, counts, docs, representative in zip(groups, term_counts, doc_counts, representatives, strict=True):
        central = set(content_words(representative))
        total = sum(counts.values()) or 1
        min_docs = 2 if len(group) > 2 else 1
        # Words shared by several members first; a small theme in several languages may have few of
        # them, so words of one member follow rather than leave the theme without keywords.
        scored = [
            (
                docs[word] < min_docs,
                -round(counts[word] / total * math.log(1 + average_words / everywhere[word]), 12),
                word not in central,
                word,
            )
            for word in counts
        ]
        scored.sort()
        chosen: list[str] = []
        shared = 0
        for single, _, _, word in scored:
            if not _variant_of_any(word, chosen):
                chosen.append(word)
                shared += not single
            if len(chosen) == per_theme:
                break
        keywords.append([spelling.get(word, word) for word in chosen])
        shared_counts.append(shared)
    return keywords, shared_counts


def _variant_of_any(word: str, chosen: list[str]) -> bool:
    """True when ``word`` is a plural or compound of a chosen keyword (or the other way round): "auto"
    and "autos", "wind" and "windkraft" would repeat one idea in the label."""
    return any(word.startswith(other) or other.startswith(word) for other in chosen)


def theme_label(keywords: list[str], shared: int, representative: str) -> str:
    """A short readable label: the first keywords joined by commas when at least two of them are shared
    by several members; otherwise (a small theme, or one written in several languages) the theme's most
    representative text, shortened at a word boundary."""
    if shared >= 2:
        head = keywords[: min(shared, WORDS_PER_LABEL)]
        return ", ".join([head[0][:1].upper() + head[0][1:], *head[1:]])
    return shorten(representative)


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` on one line, cut at the last word boundary before ``limit`` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"
