"""Command line: classify messages in bulk, or measure the local analyzer.

    python -m crm_agents classify [FILE] [--provider local|gemini] [--explain]
    python -m crm_agents evaluate DATA_DIR [--half all|even|odd] [--limit N]

``classify`` reads JSON lines ``{"id": ..., "text": ...}`` (FILE or stdin) and
writes one JSON line ``{"id", "sentiment", "intent", "language"}`` per input.
A line that is not JSON, has no ``text`` or a ``text`` that is not a string is
reported on stderr with its line number; the others are still classified, and
the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from crm_agents.analyst import analyze
from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMProvider
from crm_agents.providers.local import LocalProvider
from crm_agents.providers.local.classifier import classify

# Seconds one message may take with a remote provider before the local
# analyzer answers instead (the Analyst's fallback).
REMOTE_DEADLINE_SECONDS = 20.0

_LOCAL = LocalProvider()


class CliError(Exception):
    """A problem with the command itself (not with one input line): exit status 2."""


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "classify":
            return _classify(args, stdin=stdin, stdout=stdout, stderr=stderr)
        return _evaluate(args, stdout=stdout)
    except CliError as exc:
        print(f"error: {exc}", file=stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crm_agents", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)

    classify_cmd = commands.add_parser(
        "classify",
        help="label JSON-lines messages with sentiment, intent and language",
        description='Read JSON lines {"id", "text"} and write {"id", "sentiment", "intent", "language"}.',
    )
    classify_cmd.add_argument(
        "file", nargs="?", type=Path, help="JSON-lines input (default: stdin)"
    )
    classify_cmd.add_argument(
        "--provider",
        choices=("local", "gemini"),
        default="local",
        help="local: offline rules (default); gemini: the Gemini provider, local as fallback",
    )
    classify_cmd.add_argument(
        "--explain", action="store_true", help="add the local analyzer's cues to each output line"
    )

    evaluate_cmd = commands.add_parser(
        "evaluate",
        help="measure the local analyzer on the labeled data (VADER as baseline)",
        description="Print one table of the local analyzer's scores on the labeled files.",
    )
    evaluate_cmd.add_argument(
        "data_dir",
        type=Path,
        help="directory with en_sentiment.jsonl, es_sentiment.jsonl, en_intent.jsonl (e.g. ../shared/data)",
    )
    evaluate_cmd.add_argument(
        "--half",
        choices=("all", "even", "odd"),
        default="all",
        help="only even or odd line numbers of each file (develop on one, check on the other)",
    )
    evaluate_cmd.add_argument(
        "--limit", type=int, help="at most N messages per file, for a quick run"
    )
    return parser


# -- classify ----------------------------------------------------------------


def _classify(args: argparse.Namespace, *, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    provider = _provider(args.provider)
    fallback = _LOCAL
    bad = 0
    with _open_input(args.file, stdin) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            message, problem = _parse_line(line)
            if problem:
                bad += 1
                print(f"line {number}: {problem}", file=stderr)
                continue
            stdout.write(
                json.dumps(
                    _label(message, provider, fallback, explain=args.explain), ensure_ascii=False
                )
                + "\n"
            )
    return 1 if bad else 0


def _parse_line(line: str) -> tuple[dict, str | None]:
    try:
        message = json.loads(line)
    except json.JSONDecodeError as exc:
        return {}, f"not JSON ({exc.msg})"
    if not isinstance(message, dict):
        return {}, "not a JSON object"
    if "text" not in message:
        return {}, 'no "text"'
    if not isinstance(message["text"], str):
        return {}, f'"text" is {type(message["text"]).__name__}, not a string'
    return message, None


def _label(message: dict, provider: LLMProvider, fallback: LLMProvider, *, explain: bool) -> dict:
    text = message["text"]
    local = provider is fallback
    # Locally, the Analyst would ask the local provider, which calls classify; calling
    # it directly keeps the cues, which the provider's response does not carry.
    found = classify(text) if local or explain else None
    result = None
    if not local:
        result = analyze(
            text,
            client_id=str(message.get("id")),
            provider=provider,
            fallback=fallback,
            deadline=Deadline(REMOTE_DEADLINE_SECONDS),
        )
    labels = found if result is None else result.value
    out = {
        "id": message.get("id"),
        "sentiment": labels.sentiment.value,
        "intent": labels.intent.value,
        "language": labels.language,
    }
    if result is not None and result.record.fallback:
        out["fallback"] = result.record.error
    if explain:
        out["cues"] = list(found.cues)
    return out


def _provider(name: str) -> LLMProvider:
    if name == "local":
        return _LOCAL
    # Imported lazily: a local run must not need the SDK. The same environment
    # variables as the service's configure it (the CLI runs without Django).
    from crm_agents.providers.gemini import DEFAULT_MODEL, GeminiProvider

    api_key = os.environ.get("GEMINI_API_KEY", "")
    if not api_key:
        raise CliError("--provider gemini needs GEMINI_API_KEY in the environment")
    return GeminiProvider(
        api_key=api_key,
        model=os.environ.get("GEMINI_MODEL") or DEFAULT_MODEL,
        base_url=os.environ.get("GEMINI_BASE_URL") or None,
        call_timeout_s=float(os.environ.get("LLM_CALL_TIMEOUT") or 10),
    )


@contextmanager
def _open_input(path: Path | None, stdin: TextIO) -> Iterator[Iterable[str]]:
    """The input file, or stdin (left open: it is not ours to close)."""
    if path is None:
        yield stdin
        return
    try:
        file = path.open(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    with file:
        yield file


# -- evaluate ----------------------------------------------------------------


def _evaluate(args: argparse.Namespace, *, stdout: TextIO) -> int:
    from crm_agents.evaluation import evaluate, format_table, missing_files

    missing = missing_files(args.data_dir)
    if missing:
        raise CliError(f"{args.data_dir} lacks {', '.join(missing)}")
    rows = evaluate(args.data_dir, half=args.half, limit=args.limit)
    scope = f"half={args.half}" + (f", limit={args.limit} per file" if args.limit else "")
    print(
        f"Local analyzer on {args.data_dir} ({scope}); VADER: English sentiment baseline\n",
        file=stdout,
    )
    print(format_table(rows), file=stdout)
    return 0
