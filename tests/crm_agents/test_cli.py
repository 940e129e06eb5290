"""python -m crm_agents classify: JSON lines in, labels out, bad lines reported."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crm_agents.cli import main
from tests.gemini_emulator import Reply

REPO = Path(__file__).resolve().parents[2]


def run(argv, stdin_text=""):
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin_text), stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def lines(text):
    return [json.loads(line) for line in text.splitlines()]


def test_classify_from_stdin_writes_one_line_per_message():
    status, out, err = run(
        ["classify"],
        '{"id": 1, "text": "Where is my refund? This is unacceptable"}\n'
        '{"id": "b", "text": "Hola, ¿a qué hora sale el vuelo a Madrid?"}\n',
    )
    assert status == 0
    assert err == ""
    first, second = lines(out)
    assert first == {
        "id": 1,
        "sentiment": "negative",
        "intent": "refund_request",
        "language": "en",
    }
    assert second["id"] == "b"
    assert second["language"] == "es"
    assert set(second) == {"id", "sentiment", "intent", "language"}


def test_classify_reads_a_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 7, "text": "Thank you so much, great crew!"}\n', encoding="utf-8")
    status, out, _ = run(["classify", str(path)])
    assert status == 0
    assert lines(out)[0]["sentiment"] == "positive"


def test_explain_adds_the_cues():
    status, out, _ = run(["classify", "--explain"], '{"id": 1, "text": "not good at all"}\n')
    assert status == 0
    (line,) = lines(out)
    assert any("negation" in cue for cue in line["cues"])
    assert any(cue.startswith("lang:") for cue in line["cues"])


def test_bad_lines_are_reported_with_their_number_and_the_rest_continue():
    status, out, err = run(
        ["classify"],
        '{"id": 1, "text": "fine"}\n'
        "this is not json\n"
        '{"id": 3}\n'
        '{"id": 4, "text": 42}\n'
        "\n"
        '["a list"]\n'
        '{"id": 7, "text": "ok"}\n',
    )
    assert status == 1
    assert [line["id"] for line in lines(out)] == [1, 7]
    reported = err.splitlines()
    assert reported[0].startswith("line 2: not JSON")
    assert reported[1] == 'line 3: no "text"'
    assert reported[2] == 'line 4: "text" is int, not a string'
    assert reported[3] == "line 6: not a JSON object"


def test_missing_input_file_is_a_usage_error(tmp_path):
    status, out, err = run(["classify", str(tmp_path / "nope.jsonl")])
    assert status == 2
    assert out == ""
    assert "cannot read" in err


def test_gemini_without_a_key_fails_clearly(monkeypatch):
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    status, out, err = run(["classify", "--provider", "gemini"], '{"id": 1, "text": "hi"}\n')
    assert status == 2
    assert out == ""
    assert "GEMINI_API_KEY" in err


@pytest.fixture
def gemini_cli_env(monkeypatch, gemini_emulator):
    """The environment that points the CLI's Gemini provider at the emulator."""
    monkeypatch.setenv("GEMINI_API_KEY", "cli-key")
    monkeypatch.setenv("GEMINI_BASE_URL", gemini_emulator.url)
    return gemini_emulator


def test_gemini_labels_come_from_the_model(gemini_cli_env):
    gemini_emulator = gemini_cli_env
    gemini_emulator.script(
        Reply.json({"sentiment": "positive", "intent": "general_inquiry", "language": "fr"})
    )
    status, out, _ = run(["classify", "--provider", "gemini"], '{"id": 1, "text": "merci"}\n')
    assert status == 0
    assert lines(out) == [
        {"id": 1, "sentiment": "positive", "intent": "general_inquiry", "language": "fr"}
    ]
    assert gemini_emulator.requests[0].api_key == "cli-key"


def test_gemini_failure_falls_back_to_the_local_rules_and_says_so(monkeypatch, gemini_cli_env):
    monkeypatch.setenv("LLM_CALL_TIMEOUT", "0.5")
    gemini_cli_env.always(Reply.error(400, "bad request"))
    status, out, _ = run(
        ["classify", "--provider", "gemini"], '{"id": 1, "text": "refund me now"}\n'
    )
    assert status == 0
    (line,) = lines(out)
    assert line["intent"] == "refund_request"
    assert line["fallback"] == "http_400"


def test_module_entry_point_runs_as_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "crm_agents", "classify"],
        input='{"id": 1, "text": "my bag is lost"}\nnope\n',
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["sentiment"] == "negative"
    assert "line 2" in result.stderr
