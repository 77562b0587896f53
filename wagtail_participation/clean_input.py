"""One validator for everything a citizen types or puts in a URL: no control characters.

NUL and the other C0/C1 control characters have no place in participation text; PostgreSQL
refuses NUL outright (a 500 when it reaches a query or a JSON answer). Every public form strips
them through :class:`CleanInputMixin`; every listing filter (``?topic=``, ``?area=``, ``?q=``,
``?sort=``, ``?page=``...) reads its value through :func:`filter_value`.

- Multi-line text (a field with a ``Textarea``, and any value the form does not declare, such as
  answers kept as hidden inputs between survey steps) keeps tab, line feed and carriage return.
- Single-line text also loses those (a pasted line break becomes a space) and the text-direction
  override and isolate characters (U+202A..U+202E, U+2066..U+2069), so a title cannot show its
  words backwards or flip the text around it.

This is deliberately not a middleware rewriting ``request.POST``: passwords and admin input
must reach Django exactly as typed.
"""

from __future__ import annotations

import re

from django import forms

# C0 controls except tab (09), line feed (0A) and carriage return (0D); DEL; the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("[\t\r\n]+")
DIRECTION_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_multiline(value: str) -> str:
    """Text that may span lines: control characters removed, line breaks and tabs kept."""
    return CONTROLS.sub("", value)


def clean_line(value: str) -> str:
    """One line (a title, a name, a filter): no controls, no line breaks, no direction overrides."""
    return DIRECTION_OVERRIDES.sub("", LINE_BREAKS.sub(" ", CONTROLS.sub("", value)))


def clean_text(value: str) -> str:
    """Plain multi-line text for storage: cleaned and trimmed (HTML stays text, escaped on output)."""
    return clean_multiline(value).strip()


def filter_value(params, name: str, max_length: int = 100) -> str:
    """A listing filter from the query string: one clean, trimmed line of at most ``max_length``."""
    return clean_line(params.get(name) or "").strip()[:max_length]


def clean_data(data, single_line_keys=frozenset()):
    """A copy of submitted ``data`` (a QueryDict or a dict) with every text value cleaned; keys in
    ``single_line_keys`` as one line, the rest as multi-line text. Files are not touched."""
    cleaned = data.copy()
    for key in list(cleaned.keys()):
        clean = clean_line if key in single_line_keys else clean_multiline
        if hasattr(cleaned, "setlist"):
            cleaned.setlist(key, [clean(value) if isinstance(value, str) else value for value in cleaned.getlist(key)])
        elif isinstance(cleaned[key], str):
            cleaned[key] = clean(cleaned[key])
        elif isinstance(cleaned[key], (list, tuple)):
            cleaned[key] = [clean(value) if isinstance(value, str) else value for value in cleaned[key]]
    return cleaned


class CleanInputMixin:
    """For every public form (put it first among the bases): the bound data is cleaned before any
    field sees it, so no field, ``clean_*`` method or view reading ``form.data`` meets a control
    character. Single-line: fields whose widget is a text input (not a ``Textarea``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data:
            single_line = {
                self.add_prefix(name)
                for name, field in self.fields.items()
                if isinstance(field.widget, forms.TextInput)
            }
            self.data = clean_data(self.data, single_line)
