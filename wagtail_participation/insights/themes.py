"""The themes engine on its own, from the command line (no Django):

    python -m wagtail_participation.insights.themes FILE.jsonl [--themes N] [--threads N] [--seed N]

FILE.jsonl holds one JSON object per line, ``{"id": ..., "text": ...}`` with an optional ``"lang"``
(``-`` reads standard input). The output is one JSON object: ``{"themes": [{"label", "keywords", "ids"}],
"unassigned": [...], "backend": ..., "note": ...}``. Bad input: a message on standard error, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from wagtail_participation.insights.engine.themes import TextItem, find_themes

EXIT_BAD_INPUT = 2


class BadInput(ValueError):
    """The input file cannot be read as the JSON lines the command expects."""


def read_items(lines) -> list[TextItem]:
    """Parse JSON lines into items; blank lines are skipped. Raises :class:`BadInput` naming the line."""
    items, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadInput(f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise BadInput(f'line {number}: expected a JSON object with "id" and "text"')
        if "id" not in record or not isinstance(record.get("text"), str):
            raise BadInput(f'line {number}: needs an "id" and a "text" string')
        identifier = record["id"]
        if isinstance(identifier, dict | list):
            raise BadInput(f'line {number}: "id" must be a string or a number')
        key = json.dumps(identifier)
        if key in seen:
            raise BadInput(f"line {number}: id {key} appears twice")
        seen.add(key)
        lang = record.get("lang")
        items.append(TextItem(id=identifier, text=record["text"], lang=lang if isinstance(lang, str) else None))
    return items


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wagtail_participation.insights.themes",
        description="Group texts (JSON lines with id and text) into themes and print them as JSON.",
    )
    parser.add_argument("file", help='JSON lines: {"id": ..., "text": ..., "lang": optional}; "-" for stdin')
    parser.add_argument("--themes", type=_positive, default=None, help="number of themes (default: automatic)")
    parser.add_argument("--threads", type=_positive, default=1, help="CPU threads to use (default: 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random starts (default: 0)")
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            items = read_items(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as handle:
                items = read_items(handle)
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file}: cannot read: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = find_themes(items, themes=args.themes, threads=args.threads, seed=args.seed)
    json.dump(result.as_json(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
