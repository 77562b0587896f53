"""Normalising and keyed hashing of identifying details (invitation codes, census rows).

Codes and census values are stored only as HMAC-SHA256 digests under a server-side key, so a
database dump reveals neither, and checking one is a single indexed lookup. What people type is
normalised first, so "ab 12-34" and "AB1234", or "3/5/1980" and "1980-05-03", match.
"""

from __future__ import annotations

import hmac
import re
import secrets
import unicodedata
from datetime import date
from hashlib import sha256

# No 0/O, 1/I/L: codes are read from paper and typed by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def digest(key: bytes, purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of ``value`` for ``purpose`` (so a code and a census row never collide)."""
    return hmac.new(key, f"{purpose}\x1f{value}".encode(), sha256).hexdigest()


def generate_code() -> str:
    """A random invitation code such as ``K7PM-Q2XD-94WH`` (59 bits of entropy)."""
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)]
    return "-".join(groups)


def normalise_code(value: str) -> str:
    """Upper case without spaces or dashes; ``None``-safe."""
    return re.sub(r"[\s\-_.]", "", (value or "")).upper()


def normalise_text(value: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a name, street or number."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in without_marks.casefold() if ch.isalnum())


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),  # European day first
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
]


def normalise_date(value: str) -> str:
    """ISO date from ``1980-05-03``, ``03/05/1980``, ``3-5-1980``, ``03.05.1980`` or ``19800503``.

    Raises ``ValueError`` for anything else, including impossible dates.
    """
    text = (value or "").strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            return date(parts["y"], parts["m"], parts["d"]).isoformat()
    raise ValueError(f"not a date: {value!r}")


def normalise_field(kind: str, value: str) -> str:
    """Normalise one census field by its kind ("date" or "text")."""
    return normalise_date(value) if kind == "date" else normalise_text(value)


def census_key(fields: dict[str, str], kinds: dict[str, str]) -> str:
    """The canonical string of a census row: fields in a fixed order, each normalised.

    Raises ``ValueError`` when a field is missing or empty after normalising.
    """
    parts = []
    for name in sorted(kinds):
        normalised = normalise_field(kinds[name], fields.get(name, ""))
        if not normalised:
            raise ValueError(f"{name} is empty")
        parts.append(f"{name}={normalised}")
    return "|".join(parts)
