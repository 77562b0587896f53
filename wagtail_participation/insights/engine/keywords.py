"""Keywords and a readable label for each theme: class-based TF-IDF over the themes' words.

A word is a good keyword of a theme when it is frequent among the theme's texts and rare in the others
(``tf(word, theme) * log(1 + average words per theme / frequency of the word everywhere)``, the c-TF-IDF
of BERTopic). A word used by a single member says nothing about the theme and is skipped when the theme
has more members.
"""

from __future__ import annotations

import math
from collections import Counter

from .text import content_words, surface_forms

KEYWORDS_PER_THEME = 8
WORDS_PER_LABEL = 3


def theme_keywords(groups: list[list[str]], *, per_theme: int = KEYWORDS_PER_THEME) -> list[list[str]]:
    """For each group of texts, its keywords, best first, spelled as the texts spell them most often."""
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

    keywords = []
    for group, counts, docs in zip(groups, term_counts, doc_counts, strict=True):
        total = sum(counts.values()) or 1
        min_docs = 2 if len(group) > 2 else 1
        scored = [
            (counts[word] / total * math.log(1 + average_words / everywhere[word]), word)
            for word in counts
            if docs[word] >= min_docs
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[str] = []
        for _, word in scored:
            if not _variant_of_any(word, chosen):
                chosen.append(word)
            if len(chosen) == per_theme:
                break
        keywords.append([spelling.get(word, word) for word in chosen])
    return keywords


def _variant_of_any(word: str, chosen: list[str]) -> bool:
    """True when ``word`` is a plural or compound of a chosen keyword (or the other way round): "auto"
    and "autos", "wind" and "windkraft" would repeat one idea in the label."""
    return any(word.startswith(other) or other.startswith(word) for other in chosen)


def label_from_keywords(keywords: list[str], *, words: int = WORDS_PER_LABEL) -> str:
    """A short readable label: the first keywords, joined by commas, the first one capitalised."""
    if not keywords:
        return ""
    head = keywords[:words]
    head[0] = head[0][:1].upper() + head[0][1:]
    return ", ".join(head)
