"""Apply docs/integration.md to a site made by ``wagtail start mysite``, literally.

Each fenced code block that follows a marker comment of the page is written into the site:

    <!-- integration STEP: append PATH -->                   add the block at the end of PATH
    <!-- integration STEP: write PATH -->                    PATH is the block (a new file)
    <!-- integration STEP: before PATH "ANCHOR" -->          insert the block before ANCHOR's line
    <!-- integration STEP: after PATH "ANCHOR" -->           insert the block after ANCHOR's line
    <!-- integration STEP: replace PATH "ANCHOR" -->         the block replaces ANCHOR's line
    <!-- integration STEP: replace-to-end PATH "ANCHOR" -->  the block replaces ANCHOR's line to the end

PATH is relative to the site's directory; ANCHOR must occur exactly once. Usage:
``python apply_docs.py DOCS_FILE SITE_DIR STEP`` (STEP: ``install`` or ``languages``).
Standard library only: it runs with any Python, before the site's virtualenv has the package.
"""

import re
import sys
from pathlib import Path

MARKER = re.compile(
    r'^<!-- integration (?P<step>[\w-]+): (?P<operation>[\w-]+) (?P<path>\S+)(?: "(?P<anchor>[^"]*)")? -->\n'
    r"```[\w-]*\n(?P<block>.*?)^```\n",
    re.M | re.S,
)
OPERATIONS = {"append", "write", "before", "after", "replace", "replace-to-end"}


def edits(docs: str, step: str):
    """The (operation, path, anchor, block) of ``step``, in the page's order."""
    found = [match.groupdict() for match in MARKER.finditer(docs) if match["step"] == step]
    if not found:
        raise SystemExit(f"docs/integration.md has no code block marked for step {step!r}")
    for edit in found:
        if edit["operation"] not in OPERATIONS:
            raise SystemExit(f"unknown operation {edit['operation']!r} in a marker of docs/integration.md")
        yield edit["operation"], edit["path"], edit["anchor"], edit["block"]


def anchor_line(text: str, anchor: str, path: str) -> tuple[int, int]:
    """Start and end offsets of the one line holding ``anchor``."""
    if text.count(anchor) != 1:
        raise SystemExit(f"{path}: expected {anchor!r} once, found it {text.count(anchor)} times")
    start = text.rfind("\n", 0, text.index(anchor)) + 1
    end = text.find("\n", start)
    return start, (len(text) if end == -1 else end + 1)


def apply(operation: str, text: str, anchor: str | None, block: str, path: str) -> str:
    if operation == "append":
        return text + ("" if text.endswith("\n") else "\n") + "\n" + block
    if operation == "write":
        return block
    start, end = anchor_line(text, anchor, path)
    if operation == "before":
        return text[:start] + block + text[start:]
    if operation == "after":
        return text[:end] + block + text[end:]
    if operation == "replace":
        return text[:start] + block + text[end:]
    return text[:start] + block  # replace-to-end


def main(docs_file: str, site_dir: str, step: str) -> None:
    docs = Path(docs_file).read_text(encoding="utf-8")
    for operation, path, anchor, block in edits(docs, step):
        target = Path(site_dir) / path
        text = "" if operation == "write" else target.read_text(encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(apply(operation, text, anchor, block, path), encoding="utf-8")
        print(f"  {step}: {operation} {path}" + (f" at {anchor!r}" if anchor else ""))


if __name__ == "__main__":
    main(*sys.argv[1:])
