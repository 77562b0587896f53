"""An ordered registry of things keyed by a code: the building block of every registry in the core.

Personal-data kinds, figure sources, "my participation" sections, contribution kinds and the
capability hooks (:mod:`wagtail_participation.capabilities`) are each one :class:`Registry`. Apps
fill them from ``AppConfig.ready()`` (through their method manifest, docs/architecture.md); the
core only reads them, so it never imports the app that registered something.

Registering the same code again replaces the entry in its place (``ready()`` may run more than
once in tests). Entries are listed by their ``order`` attribute when they have one (lower first),
then in the order their codes were first registered, so a listing does not depend on
``INSTALLED_APPS`` beyond that tie-break, and an entry removed and registered again (as tests do
to run the core without a method) comes back where it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries with a ``code`` attribute, unique per code, listed by ``order`` then registration."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, T] = {}
        self._positions: dict[str, int] = {}  # first registration of each code, kept after removal

    def register(self, entry: T) -> T:
        """Add ``entry``, or replace the entry with the same code."""
        self._positions.setdefault(entry.code, len(self._positions))
        self._entries[entry.code] = entry
        return entry

    def unregister(self, code: str) -> T | None:
        """Remove the entry with this code; returns it (``None`` if there was none)."""
        return self._entries.pop(code, None)

    def get(self, code: str) -> T | None:
        return self._entries.get(code)

    def all(self) -> list[T]:
        """Every entry, by ``order`` (entries without one count as 0), then by registration."""
        return sorted(
            self._entries.values(), key=lambda entry: (getattr(entry, "order", 0), self._positions[entry.code])
        )

    def codes(self) -> list[str]:
        return [entry.code for entry in self.all()]

    def __contains__(self, code: str) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self.codes())}>"
