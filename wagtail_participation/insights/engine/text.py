"""Words of a text: one tokeniser for keywords, TF-IDF and the language guess."""

from __future__ import annotations

import re
from collections import Counter

from wagtail_participation.insights.engine.stopwords import ALL_STOP_WORDS

# Letters only (any script), apostrophes split words ("l'eau" gives "eau"), digits are dropped.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
MIN_WORD_LENGTH = 3


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept), in order."""
    return _WORD.findall(text or "")


def lowercase_words(text: str) -> list[str]:
    """All words of ``text`` in lowercase (stop words included, for the language guess)."""
    return [word.lower() for word in words(text)]


def content_words(text: str) -> list[str]:
    """The lowercase words of ``text`` that can carry a theme: no stop word (of any of the four
    languages) and at least three letters."""
    return [word for word in lowercase_words(text) if len(word) >= MIN_WORD_LENGTH and word not in ALL_STOP_WORDS]


def surface_forms(texts: list[str]) -> dict[str, str]:
    """For each lowercase content word, its commonest spelling in ``texts`` (so a German noun keeps its
    capital); ties go to the spelling seen first."""
    counts: dict[str, Counter] = {}
    for text in texts:
        for word in words(text):
            counts.setdefault(word.lower(), Counter())[word] += 1
    return {lower: forms.most_common(1)[0][0] for lower, forms in counts.items()}
