"""A loopback imitation of the Gemini REST API, for tests and benchmarks.

It answers ``POST /{v1,v1beta}/models/{model}:generateContent`` the way Google
does (same JSON shapes, same error body), so the real google-genai SDK can be
pointed at it through ``base_url``. Tests script it per call: canned replies,
HTTP errors, latency, broken bodies, safety blocks, truncation. Every request
is logged so a test can assert what the SDK actually sent.

Standalone, for benchmarks (serves until killed)::

    python -m tests.gemini_emulator --port 8765 --latency 0.5
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/(?P<version>v1|v1beta)/models/(?P<model>[^/:]+):generateContent$")

# What Google answers with for each error status (the ``status`` field of the body).
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_TEXT = (
    "Thank you for your message. We are looking into it and will get back to you shortly."
)

# Values the default structured answer prefers when the schema offers them, so
# that an unscripted analyst call gets a plausible, schema-valid analysis.
_PREFERRED_ENUM_VALUES = ("neutral", "general_inquiry")


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Build it with the class methods rather than by hand."""

    status: int = 200
    # Exactly one of these is the body: a JSON answer, a text answer, or raw bytes.
    data: Any = None
    text: str | None = None
    raw: bytes | None = None
    content_type: str = "application/json"
    finish_reason: str = "STOP"
    block_reason: str | None = None
    prompt_tokens: int | None = None
    response_tokens: int | None = None
    delay: float = 0.0
    model_version: str | None = None

    @classmethod
    def json(cls, data: Any, **kwargs: Any) -> Reply:
        """A 200 whose candidate text is ``data`` serialised as JSON."""
        return cls(data=data, **kwargs)

    @classmethod
    def text_answer(cls, text: str, **kwargs: Any) -> Reply:
        """A 200 whose candidate text is ``text`` as is (for a structured call: not JSON)."""
        return cls(text=text, **kwargs)

    @classmethod
    def error(cls, status: int, message: str = "scripted failure", **kwargs: Any) -> Reply:
        """An HTTP error with Google's error body."""
        body = {
            "error": {
                "code": status,
                "message": message,
                "status": _GOOGLE_STATUS.get(status, "UNKNOWN"),
            }
        }
        return cls(status=status, raw=json.dumps(body).encode(), **kwargs)

    @classmethod
    def non_json(cls, body: str = "<html><body>Bad gateway</body></html>", **kwargs: Any) -> Reply:
        """A 200 whose body is not JSON at all (a proxy's HTML page, say)."""
        return cls(raw=body.encode(), content_type="text/html", **kwargs)

    @classmethod
    def safety_block(cls, reason: str = "SAFETY", **kwargs: Any) -> Reply:
        """The prompt was blocked: no candidates, ``promptFeedback.blockReason`` set."""
        return cls(block_reason=reason, **kwargs)

    @classmethod
    def truncated(cls, text: str = '{"sentiment": "neg', **kwargs: Any) -> Reply:
        """The answer was cut at ``maxOutputTokens``."""
        return cls(text=text, finish_reason="MAX_TOKENS", **kwargs)


@dataclass(frozen=True)
class ReceivedRequest:
    """What the SDK sent, as the emulator saw it."""

    path: str
    api_version: str
    model: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    @property
    def api_key(self) -> str | None:
        return self.headers.get("x-goog-api-key")

    @property
    def generation_config(self) -> dict[str, Any]:
        return self.body.get("generationConfig") or {}

    @property
    def temperature(self) -> float | None:
        return self.generation_config.get("temperature")

    @property
    def response_schema(self) -> dict[str, Any] | None:
        return self.generation_config.get("responseSchema")

    @property
    def system_text(self) -> str:
        parts = (self.body.get("systemInstruction") or {}).get("parts") or []
        return "".join(part.get("text", "") for part in parts)

    @property
    def user_text(self) -> str:
        return "".join(
            part.get("text", "")
            for content in self.body.get("contents") or []
            if content.get("role", "user") == "user"
            for part in content.get("parts") or []
        )


@dataclass
class _Script:
    queue: deque[Reply] = field(default_factory=deque)
    always: Reply | None = None
    latency: float = 0.0


class GeminiEmulator:
    """A threaded HTTP server on 127.0.0.1 playing Gemini; script it, then read ``requests``.

    Replies given to :meth:`script` are used once each, in order; after them
    (or without them) every call gets :meth:`always`'s reply if set, else the
    default: schema-valid JSON for a structured request, a short text otherwise.
    ``latency`` is added before every answer, on top of a reply's own delay.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency: float = 0.0,
        log_limit: int | None = None,
    ):
        self._lock = threading.Lock()
        self._script = _Script(latency=latency)
        # A benchmark sends requests for hours; it keeps only the latest ``log_limit``.
        self._log_limit = log_limit
        self._requests: deque[ReceivedRequest] = deque(maxlen=log_limit)
        # Set on reset and stop so that handlers still sleeping for an earlier
        # test give up instead of answering into the next one.
        self._wake = threading.Event()
        self._server = _Server((host, port), _handler_for(self))
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------
    @property
    def url(self) -> str:
        """The ``base_url`` to give the SDK (no API version, no trailing slash)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> GeminiEmulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="gemini-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._wake.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> GeminiEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget the script and the request log (between tests)."""
        with self._lock:
            self._wake.set()
            self._wake = threading.Event()
            self._script = _Script()
            self._requests = deque(maxlen=self._log_limit)

    # -- scripting --------------------------------------------------------
    def script(self, *replies: Reply) -> None:
        """Answer the next calls with ``replies``, one each, in order."""
        with self._lock:
            self._script.queue.extend(replies)

    def fail_first(self, count: int, status: int = 503, **kwargs: Any) -> None:
        """The next ``count`` calls get HTTP ``status``; later ones are answered normally."""
        self.script(*(Reply.error(status, **kwargs) for _ in range(count)))

    def always(self, reply: Reply | None) -> None:
        """Answer every unscripted call with ``reply`` (``None``: back to the default)."""
        with self._lock:
            self._script.always = reply

    @property
    def latency(self) -> float:
        return self._script.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        with self._lock:
            self._script.latency = seconds

    # -- inspection -------------------------------------------------------
    @property
    def requests(self) -> list[ReceivedRequest]:
        """A copy of the log of generateContent calls received, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self._requests)

    # -- used by the handler ----------------------------------------------
    def _receive(self, request: ReceivedRequest) -> tuple[Reply, float, threading.Event]:
        with self._lock:
            self._requests.append(request)
            script = self._script
            if script.queue:
                reply = script.queue.popleft()
            elif script.always is not None:
                reply = script.always
            else:
                reply = _default_reply(request)
            return reply, script.latency + reply.delay, self._wake


def _default_reply(request: ReceivedRequest) -> Reply:
    schema = request.response_schema
    words = len(request.user_text.split()) + len(request.system_text.split())
    if schema is not None:
        return Reply.json(_example_of(schema), prompt_tokens=words, response_tokens=12)
    return Reply.text_answer(
        DEFAULT_TEXT, prompt_tokens=words, response_tokens=len(DEFAULT_TEXT.split())
    )


def _example_of(schema: dict[str, Any], name: str = "") -> Any:
    """A value valid against ``schema`` (Gemini's dialect: upper-case types)."""
    enum = schema.get("enum")
    if enum:
        return next((value for value in _PREFERRED_ENUM_VALUES if value in enum), enum[0])
    kind = str(schema.get("type", "STRING")).upper()
    if kind == "OBJECT":
        return {key: _example_of(sub, key) for key, sub in (schema.get("properties") or {}).items()}
    if kind == "ARRAY":
        return [_example_of(schema.get("items") or {}, name)]
    if kind == "INTEGER":
        return 1
    if kind == "NUMBER":
        return 0.5
    if kind == "BOOLEAN":
        return False
    return "en" if name == "language" else "example"


def _success_body(reply: Reply, request: ReceivedRequest) -> dict[str, Any]:
    usage = {
        "promptTokenCount": reply.prompt_tokens or 0,
        "candidatesTokenCount": reply.response_tokens or 0,
        "totalTokenCount": (reply.prompt_tokens or 0) + (reply.response_tokens or 0),
    }
    body: dict[str, Any] = {
        "usageMetadata": usage,
        "modelVersion": reply.model_version or request.model,
        "responseId": f"emulated-{id(reply):x}",
    }
    if reply.block_reason is not None:
        body["promptFeedback"] = {"blockReason": reply.block_reason}
        body["usageMetadata"] = {
            "promptTokenCount": reply.prompt_tokens or 0,
            "totalTokenCount": reply.prompt_tokens or 0,
        }
        return body
    text = reply.text if reply.text is not None else json.dumps(reply.data)
    body["candidates"] = [
        {
            "content": {"parts": [{"text": text}], "role": "model"},
            "finishReason": reply.finish_reason,
            "index": 0,
        }
    ]
    return body


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 makes bursts of concurrent clients wait about a
    # second for the kernel to retry their SYN; benchmarks open hundreds.
    request_queue_size = 256
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out hang up on a handler that is still sleeping;
        # the broken pipe that follows is expected, not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(emulator: GeminiEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # Without it every response waits ~40 ms for delayed ACKs (Nagle).
        disable_nagle_algorithm = True
        # Keep-alive, so the SDK's connection pool is exercised as with Google.
        protocol_version = "HTTP/1.1"
        server_version = "GeminiEmulator/1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = self.rfile.read(length) if length else b""
            match = _PATH.match(self.path.split("?", 1)[0])
            if match is None:
                self._send(Reply.error(404, f"no such method: {self.path}"), None)
                return
            try:
                body = json.loads(payload or b"{}")
            except ValueError:
                self._send(Reply.error(400, "request body is not JSON"), None)
                return
            request = ReceivedRequest(
                path=match.group(0),
                api_version=match.group("version"),
                model=match.group("model"),
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
            )
            reply, delay, wake = emulator._receive(request)
            if delay > 0 and wake.wait(delay):
                # Reset or stopped while waiting: this answer belongs to no one.
                self.close_connection = True
                return
            self._send(reply, request)

        def _send(self, reply: Reply, request: ReceivedRequest | None) -> None:
            if reply.raw is not None:
                payload, content_type = reply.raw, reply.content_type
            else:
                assert request is not None  # errors carry a raw body
                payload = json.dumps(_success_body(reply, request)).encode()
                content_type = "application/json"
            self.send_response(reply.status)
            self.send_header("Content-Type", f"{content_type}; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted (SIGINT or SIGTERM)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer"
    )
    args = parser.parse_args(argv)
    emulator = GeminiEmulator(args.host, args.port, latency=args.latency, log_limit=1000)
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    with emulator:
        print(f"Gemini emulator on {emulator.url} (latency {args.latency}s)", flush=True)
        stopped.wait()


if __name__ == "__main__":
    main()
