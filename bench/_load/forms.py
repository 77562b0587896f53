"""Reading HTML forms as a browser without JavaScript does: every ``<form>`` with its action,
method and fields, and filling one in (radio groups, checkboxes, text, numbers, selects)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Field:
    tag: str
    type: str
    name: str
    value: str
    checked: bool = False
    attrs: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # a <select>'s option values


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    page_url: str  # the page the form is on
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value) of submit buttons

    def hidden(self) -> list[tuple[str, str]]:
        return [(f.name, f.value) for f in self.fields if f.type == "hidden"]

    def named(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    def button(self, *wanted: str) -> tuple[str, str] | None:
        """The first submit button whose value is one of ``wanted`` (in that order)."""
        for value in wanted:
            for name, found in self.buttons:
                if found == value:
                    return name, found
        return None


class _FormParser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url, self.forms, self.form = base_url, [], None
        self._textarea = self._select = None
        self._notices: list[str] = []
        self._notice_class = None
        self.notices: list[tuple[str, str]] = []  # (class, text) of wp-notice paragraphs

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if "wp-notice" in attrs.get("class", "").split():
            self._notice_class, self._notices = attrs["class"], []
        if tag == "form":
            action = urljoin(self.base_url, attrs.get("action") or self.base_url)
            self.form = Form(action, attrs.get("method", "get").lower(), attrs, self.base_url)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name is not None:
            kind = attrs.get("type", "text").lower()
            if kind == "submit":
                self.form.buttons.append((name, attrs.get("value", "")))
            else:
                self.form.fields.append(Field(tag, kind, name, attrs.get("value", ""), "checked" in attrs, attrs))
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self.form.buttons.append((name or "", attrs.get("value", "")))
        elif tag == "textarea" and name is not None:
            self._textarea = Field(tag, "textarea", name, "", attrs=attrs)
            self.form.fields.append(self._textarea)
        elif tag == "select" and name is not None:
            self._select = Field(tag, "select", name, "", attrs=attrs)
            self.form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.value = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p" and self._notice_class is not None:
            self.notices.append((self._notice_class, " ".join("".join(self._notices).split())))
            self._notice_class = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._notice_class is not None:
            self._notices.append(data)


def parse(html: str, base_url: str) -> tuple[list[Form], list[tuple[str, str]]]:
    """The page's forms and its notices (``wp-notice`` paragraphs: messages to the person)."""
    parser = _FormParser(base_url)
    parser.feed(html)
    return parser.forms, parser.notices


def post_forms(forms: list[Form], action_pattern: str) -> list[Form]:
    return [form for form in forms if form.method == "post" and re.search(action_pattern, form.action)]


WORDS = (
    "crossing school bike lane speed zebra lights pavement parents cars children morning bus stop "
    "traffic junction roundabout path dark safe street cycle narrow parking trees bench playground"
).split()


HONEYPOT = "website"  # wagtail_participation.contribution_forms.HoneypotMixin


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(form: Form, rng: random.Random, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Values for every field a person fills in: hidden fields as they are, one option of each
    radio group and select (distinct places in a ranking: a family of selects ``name__N``), a
    checkbox or two of each checkbox family (``name__N``), words in
    empty text fields and numbers inside ``min``/``max``. Fields named in ``skip`` are left out."""
    data, radios, boxes, selects = [], {}, {}, {}
    for f in form.fields:
        if f.name in skip:
            continue
        if f.type == "hidden":
            data.append((f.name, f.value))
        elif f.type == "radio":
            radios.setdefault(f.name, []).append(f)
        elif f.type == "checkbox":
            boxes.setdefault(re.sub(r"__\d+$", "", f.name), []).append(f)
        elif f.type == "select":
            selects.setdefault(re.sub(r"__\d+$", "", f.name), []).append(f)
        elif f.type == "number" or f.attrs.get("inputmode") == "numeric":
            low = int(float(f.attrs.get("min") or 1))
            high = int(float(f.attrs.get("max") or max(low, 99)))
            data.append((f.name, f.value or str(rng.randint(low, high))))
        elif f.type in ("text", "textarea", "email", "search", ""):
            if f.value.strip() or f.name == HONEYPOT:  # a person leaves the honeypot empty, as its label asks
                data.append((f.name, f.value))
            else:
                data.append((f.name, sentence(rng, rng.randint(4, 12))[: int(f.attrs.get("maxlength") or 500)]))
    for name, group in radios.items():
        chosen = next((f for f in group if f.checked), None) or rng.choice(group)
        data.append((name, chosen.value))
    for group in selects.values():
        # A family of selects (``name__N``) is a ranking: each place given once.
        places = [o for o in group[0].options if o]
        rng.shuffle(places)
        for f, place in zip(group, places if len(group) > 1 else [rng.choice(places or [""])]):
            data.append((f.name, f.value or place))
    for group in boxes.values():
        checked = [f for f in group if f.checked] or rng.sample(group, rng.randint(1, min(2, len(group))))
        data += [(f.name, f.value or "on") for f in checked]
    return data
