"""CPU per LLM call in one thread: the google-genai SDK beside a bare HTTP POST of the same request.

    python -m bench.sdk_call_cost            # 2,000 calls per row, about a minute
    python -m bench.sdk_call_cost --short    # 100 calls per row: the CI smoke test

The Gemini emulator (``tests.gemini_emulator``) answers at once from its own
threads; only the calling thread's CPU is counted (``time.thread_time``), so the
emulator's work is left out. The rows make the same calls, alternating the
Analyst's request (structured, with a schema) and the Executor's (text):

- ``GeminiProvider`` through the google-genai SDK, as the service calls it;
- the same JSON bodies, as the SDK sent them, posted with ``httpx2`` (the SDK's
  own HTTP client, one kept-alive connection): what an HTTP call costs at least;
- the local provider, for scale.

The serving benchmark (``bench.serving``) measures what these calls cost inside
the server under load; this one isolates the SDK in a quiet thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = "My order has not arrived yet, can you check the status please?"


def _cpu_ms_per_call(call, requests: list, calls: int) -> float:
    for request in requests * 10:  # warm up: connections, caches, lazy imports
        call(request)
    started = time.thread_time()
    for n in range(calls):
        call(requests[n % len(requests)])
    return (time.thread_time() - started) * 1000 / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, help="calls per row (default 2000, short 100)")
    parser.add_argument("--short", action="store_true", help="few calls, for CI")
    args = parser.parse_args(argv)
    if args.calls is None:
        args.calls = 100 if args.short else 2000
    # A proxy from the environment would otherwise be asked for 127.0.0.1 too.
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    sys.path.insert(0, str(ROOT))

    from crm_agents import analyst, executor
    from crm_agents.deadline import Deadline
    from crm_agents.providers.gemini import GeminiProvider
    from crm_agents.providers.local import LocalProvider
    from crm_agents.schemas import Action, Analysis, Intent, Sentiment
    from tests.gemini_emulator import GeminiEmulator

    analysis = Analysis(Sentiment.NEUTRAL, Intent.SUPPORT_REQUEST, "en")
    requests = [
        analyst.build_request(MESSAGE),
        executor.build_request(MESSAGE, analysis, Action.SEND_STANDARD_RESPONSE, guidance=None),
    ]
    with GeminiEmulator("127.0.0.1", 0) as emulator:
        gemini = GeminiProvider("bench-not-a-real-key", base_url=emulator.url)
        local = LocalProvider()

        def sdk_call(request):
            gemini.generate(request, deadline=Deadline(30))

        sdk_ms = _cpu_ms_per_call(sdk_call, requests, args.calls)
        # The bodies and headers the SDK sent for the two requests, replayed as they were.
        sent = {
            received.body["generationConfig"]["temperature"]: received
            for received in emulator.requests
        }
        replays = [sent[request.temperature] for request in requests]
        with httpx2.Client(timeout=30) as client:

            def bare_post(received):
                response = client.post(
                    emulator.url + received.path,
                    json=received.body,
                    headers={"x-goog-api-key": received.api_key or ""},
                )
                response.raise_for_status()
                response.json()

            http_ms = _cpu_ms_per_call(bare_post, replays, args.calls)
        local_ms = _cpu_ms_per_call(
            lambda request: local.generate(request, deadline=Deadline(30)), requests, args.calls
        )
        gemini.close()

    print(
        f"CPU per call in one thread, {args.calls} calls per row (Analyst and Executor alternately)"
    )
    print("| path | CPU ms/call | vs bare HTTP |")
    print("|---|---|---|")
    for name, value in (
        ("GeminiProvider (google-genai SDK)", sdk_ms),
        ("bare HTTP POST of the same bodies (httpx2)", http_ms),
        ("local provider", local_ms),
    ):
        print(f"| {name} | {value:.3f} | {value / http_ms:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
