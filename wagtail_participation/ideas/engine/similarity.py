"""Similar ideas: token cosine similarity with stop words, no heavy dependency.

Good enough to catch "More bike racks at the station" against "Bicycle parking near the
station is full" when they share words; the candidates come from the search backend, this only
ranks them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

STOP_WORDS = frozenset(
    """a an and are as at be by for from has have in is it of on or that the this to was we with our you your
    de het een en van in op te dat die is voor met zijn niet aan er maar om ook als bij of dan nog wel
    le la les un une des et en du dans pour que qui sur au aux est pas plus par ce
    der die das ein eine und in zu den mit von auf für ist im dem nicht des sich""".split()
)
WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(ch)
    )
    words = [w for w in WORD.findall(folded) if w not in STOP_WORDS and len(w) > 2]
    # A crude stem (drop plural endings) so "racks" meets "rack" and "fietsen" meets "fiets".
    return [
        w[:-2] if w.endswith("en") and len(w) > 5 else w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words
    ]


def cosine(first: Counter, second: Counter) -> float:
    shared = set(first) & set(second)
    if not shared:
        return 0.0
    dot = sum(first[w] * second[w] for w in shared)
    return dot / (math.sqrt(sum(v * v for v in first.values())) * math.sqrt(sum(v * v for v in second.values())))


def rank_similar(query: str, candidates: list[tuple[object, str]], limit: int = 5, threshold: float = 0.2):
    """Return up to ``limit`` ``(key, score)`` pairs of candidates most similar to ``query``."""
    wanted = Counter(tokens(query))
    if not wanted:
        return []
    scored = [(key, cosine(wanted, Counter(tokens(text)))) for key, text in candidates]
    scored = [(key, score) for key, score in scored if score >= threshold]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
