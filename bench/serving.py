"""Serve the app as in production and load it with wrk, all on 127.0.0.1.

    python -m bench.serving            # the full table, a few minutes
    python -m bench.serving --short    # a smoke test for CI: tiny runs, fails on any error

It starts everything itself: a fresh PostgreSQL database (``bench``, dropped and
created again on every run) on the server at ``--pg``, the Gemini emulator
(``tests.gemini_emulator``, in this process, so that its request count can be
read), the app under gunicorn with ``gunicorn.conf.py``, ``DEBUG=false`` and
generated secrets, and wrk posting valid webhook messages (``bench/webhook.lua``).

What it prints:

1. With the LLM answering in ``--latency`` seconds: messages per second and p50/p99
   latency at each concurrency, as a fraction of the physical limit
   concurrency / (LLM calls per message x latency). Calls per message are
   counted: emulator requests / runs stored.
2. CPU-bound: the local provider against a bare WSGI + psycopg insert
   (``bench/raw_wsgi.py``) under the same gunicorn config, and the Gemini SDK
   path with the emulator answering at once; CPU milliseconds per message are
   read from the server processes' /proc counters.
3. Peak PostgreSQL connections to the database (polled from pg_stat_activity),
   RSS per worker, and errors: non-200 answers, socket errors, timeouts, and
   runs that fell back to the local provider.

The exit status is non-zero if any request failed or the server could not serve;
the figures themselves are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "webhook.lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_BOUND_CONNECTIONS = 32
# The targets the serving setup is tuned for (reported, not asserted).
TARGETS = {200: 0.90, 400: 0.80}
MAX_PG_CONNECTIONS = 30
MAX_RSS_MB = 150
MIN_RAW_RATIO = 0.35


# --- processes and /proc ----------------------------------------------------------------
def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime: fields 14 and 15 of stat(5), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _own_cpu_seconds() -> float:
    """This process's CPU: the emulator's threads, and the pollers (a small share)."""
    times = os.times()
    return times.user + times.system


def _machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


class Server:
    """gunicorn with the project's config, as ``make serve`` runs it."""

    def __init__(self, app: str, env: dict[str, str], log_path: Path):
        self.app = app
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.app],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        give_up_at = time.monotonic() + 60
        while time.monotonic() < give_up_at:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} exited at start-up:\n{self.log_tail()}")
            if self._answers() and len(self.workers) == int(self.env["GUNICORN_WORKERS"]):
                return self
            time.sleep(0.2)
        raise RuntimeError(f"{self.app} did not answer within 60 s:\n{self.log_tail()}")

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}/health", timeout=2)  # noqa: S310
        except urllib.error.HTTPError:
            return True  # an answer, even a 404 or 405
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def workers(self) -> list[int]:
        return _children(self.process.pid) if self.process else []

    def cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *self.workers])

    def worker_rss_mb(self) -> list[float]:
        return [_rss_mb(pid) for pid in self.workers]

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class PgConnectionPoller:
    """Polls pg_stat_activity for the benchmark database; keeps the peak and the backends."""

    def __init__(self, admin_url: str, database: str, interval: float = 0.05):
        self.admin_url = admin_url
        self.database = database
        self.interval = interval
        self.peak = 0
        self.backends: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            while not self._stop.is_set():
                pids = [
                    row[0]
                    for row in conn.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,)
                    )
                ]
                self.peak = max(self.peak, len(pids))
                self.backends.update(pids)
                self._stop.wait(self.interval)

    def __enter__(self) -> PgConnectionPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


# --- wrk ----------------------------------------------------------------------------------
@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non200: int
    socket_errors: int
    timeouts: int
    first_bad: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non200 + self.socket_errors + self.timeouts


def wrk_run(url: str, *, connections: int, seconds: float, api_key: str, tag: str) -> WrkResult:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "15s",
        "-s",
        str(LUA_SCRIPT),
        f"{url}/api/v1/webhook/messages",
        "--",
        api_key,
        tag,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    match = re.search(r"^BENCH_RESULT (\{.*\})$", completed.stdout, re.MULTILINE)
    if completed.returncode != 0 or match is None:
        raise RuntimeError(
            f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
        )
    data = json.loads(match.group(1))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non200=data["non200"],
        socket_errors=data["connect"] + data["read"] + data["write"],
        timeouts=data["timeout"],
        first_bad=data["first_bad"],
    )


# --- one measured run ---------------------------------------------------------------------
@dataclass
class Measurement:
    label: str
    connections: int
    wrk: WrkResult
    server_cpu_s: float
    machine_busy: float
    emulator_cpu_s: float = 0.0
    llm_step_ms: float | None = None
    runs_stored: int = 0
    llm_calls: int | None = None
    tokens_in: float | None = None
    tokens_out: float | None = None
    degraded: int = 0
    unfinished: int = 0
    peak_pg: int = 0
    rss_mb: list[float] = field(default_factory=list)
    latency: float | None = None

    @property
    def cpu_ms_per_message(self) -> float:
        done = self.runs_stored or self.wrk.requests
        return self.server_cpu_s * 1000 / done if done else float("nan")

    @property
    def calls_per_message(self) -> float | None:
        if self.llm_calls is None or not self.runs_stored:
            return None
        return self.llm_calls / self.runs_stored

    @property
    def limit(self) -> float | None:
        calls = self.calls_per_message
        if not calls or not self.latency:
            return None
        return self.connections / (calls * self.latency)

    @property
    def errors(self) -> int:
        return self.wrk.errors + self.degraded + self.unfinished


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.admin_url = args.pg
        self.database = args.database
        self.database_url = _with_database(args.pg, args.database)
        self.api_key = secrets.token_urlsafe(32)
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-serving-"))
        self.base_env = self._base_env()
        self.emulator = None
        self.measurements: list[Measurement] = []
        self.failures: list[str] = []

    def _base_env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            # Nothing from a developer's set-up may leak in (a real Gemini key above all).
            if not key.startswith(("GEMINI_", "GOOGLE_", "LLM_", "DB_POOL_", "GUNICORN_"))
            and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
        }
        env.update(
            DJANGO_READ_DOT_ENV_FILE="false",
            DEBUG="false",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            JWT_SECRET_KEY=secrets.token_hex(32),
            WEBHOOK_API_KEY=self.api_key,
            DATABASE_URL=self.database_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            GUNICORN_WORKERS=str(self.args.workers),
            GUNICORN_THREADS=str(self.args.threads),
            LOG_LEVEL="INFO",
            NO_PROXY="127.0.0.1,localhost",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    # -- set-up ----------------------------------------------------------------------
    def database_create(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            name = sql.Identifier(self.database)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env={**self.base_env, "LLM_PROVIDER": "local"},
            check=True,
        )

    def emulator_start(self):
        from tests.gemini_emulator import GeminiEmulator

        self.emulator = GeminiEmulator("127.0.0.1", 0).start()

    @contextmanager
    def server(self, name: str, app: str, **env: str):
        server = Server(app, {**self.base_env, **env}, self.workdir / f"{name}.log")
        with server:
            yield server
        if "Traceback" in server.log_path.read_text(errors="replace"):
            print(f"  ! tracebacks in the {name} server's log:\n{server.log_tail()}")
            self.failures.append(f"tracebacks in the {name} server's log")

    def gemini_env(self) -> dict[str, str]:
        return {
            "LLM_PROVIDER": "gemini",
            "GEMINI_API_KEY": "bench-not-a-real-key",
            "GEMINI_BASE_URL": self.emulator.url,
        }

    # -- measuring -------------------------------------------------------------------
    def measure(
        self,
        server: Server,
        label: str,
        *,
        connections: int,
        seconds: float,
        latency: float | None = None,
        django: bool = True,
        record: bool = True,
    ) -> Measurement:
        tag = f"{label.split()[0]}{connections}-{secrets.token_hex(3)}"
        if self.emulator is not None:
            self.emulator.reset()
            self.emulator.latency = latency or 0.0
        calls_before = self.emulator.request_count if self.emulator is not None else 0
        with PgConnectionPoller(self.admin_url, self.database) as poller:
            cpu_before = server.cpu_seconds()
            own_before = _own_cpu_seconds()
            busy_before, total_before = _machine_cpu()
            result = wrk_run(
                server.url,
                connections=connections,
                seconds=seconds,
                api_key=self.api_key,
                tag=tag,
            )
            busy_after, total_after = _machine_cpu()
            unfinished = self._drain(tag) if django else 0
            cpu = server.cpu_seconds() - cpu_before
            own_cpu = _own_cpu_seconds() - own_before
        measurement = Measurement(
            label=label,
            connections=connections,
            wrk=result,
            server_cpu_s=cpu,
            emulator_cpu_s=own_cpu,
            machine_busy=(busy_after - busy_before) / max(1e-9, total_after - total_before),
            peak_pg=poller.peak,
            rss_mb=server.worker_rss_mb(),
            latency=latency,
            unfinished=unfinished,
        )
        if django:
            self._read_runs(measurement, tag)
            if self.emulator is not None and latency is not None:
                measurement.llm_calls = self.emulator.request_count - calls_before
        else:
            measurement.runs_stored = self._raw_rows(tag)
        if record:
            self.measurements.append(measurement)
            print(f"  {_summary(measurement)}", flush=True)
        return measurement

    def _drain(self, tag: str) -> int:
        """Wait for the requests wrk gave up on at its end; the runs still unfinished."""
        give_up_at = time.monotonic() + 40
        with psycopg.connect(self.database_url) as conn:
            while True:
                (unfinished,) = conn.execute(
                    "SELECT count(*) FROM pipeline_run WHERE client_id LIKE %s AND status = %s",
                    (f"{tag}-%", "received"),
                ).fetchone()
                conn.commit()
                if unfinished == 0 or time.monotonic() > give_up_at:
                    return unfinished
                time.sleep(0.2)

    def _read_runs(self, measurement: Measurement, tag: str) -> None:
        query = """
            SELECT count(*),
                   count(*) FILTER (WHERE degraded),
                   avg((SELECT sum((s->>'prompt_tokens')::int)
                        FROM jsonb_array_elements(agent_state->'steps') s)),
                   avg((SELECT sum((s->>'response_tokens')::int)
                        FROM jsonb_array_elements(agent_state->'steps') s)),
                   avg((SELECT avg((s->>'latency_ms')::float)
                        FROM jsonb_array_elements(agent_state->'steps') s))
            FROM pipeline_run WHERE client_id LIKE %s
        """
        with psycopg.connect(self.database_url) as conn:
            runs, degraded, tokens_in, tokens_out, step_ms = conn.execute(
                query, (f"{tag}-%",)
            ).fetchone()
        measurement.llm_step_ms = float(step_ms) if step_ms is not None else None
        measurement.runs_stored = runs
        measurement.degraded = degraded if measurement.latency is not None else 0
        measurement.tokens_in = float(tokens_in) if tokens_in is not None else None
        measurement.tokens_out = float(tokens_out) if tokens_out is not None else None

    def _raw_rows(self, tag: str) -> int:
        with psycopg.connect(self.database_url) as conn:
            (rows,) = conn.execute(
                "SELECT count(*) FROM bench_raw_message WHERE client_id LIKE %s", (f"{tag}-%",)
            ).fetchone()
        return rows

    def warm_up(self, server: Server, connections: int, *, latency=None, django=True) -> None:
        self.measure(
            server,
            "warm-up",
            connections=connections,
            seconds=self.args.warmup,
            latency=latency,
            django=django,
            record=False,
        )

    # -- the whole run ---------------------------------------------------------------
    def run(self) -> int:
        args = self.args
        print(
            f"bench: {os.cpu_count()} CPUs, load average {_loadavg()}, "
            f"{args.workers} workers x {args.threads} threads, runs of {args.duration:g} s; "
            f"logs in {self.workdir}",
            flush=True,
        )
        self.database_create()
        self.emulator_start()
        self.latency_runs: list[Measurement] = []
        print(f"Gemini SDK -> emulator, {args.latency:g} s per LLM call", flush=True)
        with self.server("gemini", "config.wsgi", **self.gemini_env()) as server:
            self.warm_up(server, args.connections[0], latency=args.latency)
            for connections in args.connections:
                self.latency_runs.append(
                    self.measure(
                        server,
                        "latency",
                        connections=connections,
                        seconds=args.duration,
                        latency=args.latency,
                    )
                )
            print("CPU-bound", flush=True)
            self.sdk_run = self.measure(
                server,
                "sdk-instant",
                connections=CPU_BOUND_CONNECTIONS,
                seconds=args.duration,
                latency=0.0,
            )
        self.providers_built = _providers_built(self.workdir / "gemini.log")
        with self.server("local", "config.wsgi", LLM_PROVIDER="local") as server:
            self.warm_up(server, CPU_BOUND_CONNECTIONS)
            self.local_run = self.measure(
                server, "local", connections=CPU_BOUND_CONNECTIONS, seconds=args.duration
            )
        with self.server("raw", "bench.raw_wsgi:application") as server:
            self.warm_up(server, CPU_BOUND_CONNECTIONS, django=False)
            self.raw_run = self.measure(
                server,
                "raw",
                connections=CPU_BOUND_CONNECTIONS,
                seconds=args.duration,
                django=False,
            )
        self.emulator.stop()
        print()
        print(self.table())
        return self.verdict()

    def table(self) -> str:
        args = self.args
        out = []
        out.append(
            f"1. LLM at {args.latency:g} s per call (Gemini SDK -> emulator), "
            f"{args.workers} workers x {args.threads} threads (gthread), {args.duration:g} s per run"
        )
        header = (
            "| conns | msgs/s | limit C/(calls x latency) | % of limit | p50 ms | p99 ms "
            "| LLM calls/msg | LLM call ms | tokens in/out per msg | server CPU ms/msg "
            "| CPU ceiling msgs/s | peak PG conns | RSS/worker MB | machine busy | errors |"
        )
        out += [header, _rule(header)]
        for m in self.latency_runs:
            limit = m.limit or float("nan")
            out.append(
                f"| {m.connections} | {m.wrk.rate:.0f} | {limit:.0f} | "
                f"{100 * m.wrk.rate / limit:.0f} % | {m.wrk.p50_ms:.0f} | {m.wrk.p99_ms:.0f} | "
                f"{m.calls_per_message or float('nan'):.2f} | {m.llm_step_ms or 0:.0f} | "
                f"{_tokens(m)} | {m.cpu_ms_per_message:.1f} | {_ceiling(m):.0f} | {m.peak_pg} | "
                f"{_rss(m)} | {100 * m.machine_busy:.0f} % | {_errors(m)} |"
            )
        out.append(
            "CPU ceiling: the machine's CPUs / (server + emulator CPU per message), "
            "the most messages per second these processes could serve if they had every core."
        )
        out += [_budget(m) for m in self.latency_runs if m.connections in TARGETS and m.limit]
        out.append("")
        out.append(
            f"2. CPU-bound ({CPU_BOUND_CONNECTIONS} connections, {args.duration:g} s per run; "
            "CPU = gunicorn master + workers, from /proc)"
        )
        header = (
            "| server | msgs/s | CPU ms/msg | vs raw WSGI | p50 ms | p99 ms "
            "| peak PG conns | RSS/worker MB | machine busy | errors |"
        )
        out += [header, _rule(header)]
        raw = self.raw_run
        for name, m in (
            ("raw WSGI + psycopg insert", raw),
            ("Django webhook, local provider", self.local_run),
            ("Django webhook, Gemini SDK -> emulator at 0 s", self.sdk_run),
        ):
            ratio = m.wrk.rate / raw.wrk.rate if raw.wrk.rate else float("nan")
            out.append(
                f"| {name} | {m.wrk.rate:.0f} | {m.cpu_ms_per_message:.2f} | {100 * ratio:.0f} % "
                f"| {m.wrk.p50_ms:.1f} | {m.wrk.p99_ms:.1f} | {m.peak_pg} | {_rss(m)} "
                f"| {100 * m.machine_busy:.0f} % | {_errors(m)} |"
            )
        sdk_extra = self.sdk_run.cpu_ms_per_message - self.local_run.cpu_ms_per_message
        out.append("")
        out.append(
            f"The Gemini SDK path adds {sdk_extra:.2f} CPU ms per message "
            f"({self.sdk_run.calls_per_message or 0:.2f} calls) over the local provider."
        )
        out.append(
            f"LLM provider built {self.providers_built} times in {args.workers} worker processes."
        )
        busy = max(m.machine_busy for m in self.measurements)
        out.append(
            f"Machine: {os.cpu_count()} CPUs, load average {_loadavg()} now; whole-machine CPU busy "
            f"{100 * min(m.machine_busy for m in self.measurements):.0f}-{100 * busy:.0f} % "
            "during the runs."
        )
        if not args.short:
            out.append("")
            out.append("Targets: " + "; ".join(self.targets()))
        return "\n".join(out)

    def targets(self) -> list[str]:
        checks = []
        for m in self.latency_runs:
            if m.connections in TARGETS and m.limit:
                share = m.wrk.rate / m.limit
                checks.append(
                    f"{m.connections} conns {100 * share:.0f} % of limit "
                    f"(>= {100 * TARGETS[m.connections]:.0f} %) {_mark(share >= TARGETS[m.connections])}"
                )
        peak = max(m.peak_pg for m in self.measurements)
        checks.append(
            f"peak PG {peak} (<= {MAX_PG_CONNECTIONS}) {_mark(peak <= MAX_PG_CONNECTIONS)}"
        )
        rss = max(max(m.rss_mb or [0]) for m in self.measurements)
        checks.append(f"RSS {rss:.0f} MB (<= {MAX_RSS_MB}) {_mark(rss <= MAX_RSS_MB)}")
        ratio = self.local_run.wrk.rate / self.raw_run.wrk.rate if self.raw_run.wrk.rate else 0
        checks.append(
            f"local/raw {100 * ratio:.0f} % (>= {100 * MIN_RAW_RATIO:.0f} %) "
            f"{_mark(ratio >= MIN_RAW_RATIO)}"
        )
        errors = sum(m.errors for m in self.measurements)
        checks.append(f"errors {errors} {_mark(errors == 0)}")
        return checks

    def verdict(self) -> int:
        problems = list(self.failures)
        for m in self.measurements:
            if m.wrk.requests == 0 or m.runs_stored == 0:
                problems.append(f"{m.label} at {m.connections} connections served nothing")
            if m.errors:
                problems.append(f"{m.label} at {m.connections} connections: {_errors(m)}")
            if m.latency and m.calls_per_message is not None and m.calls_per_message != 2:
                problems.append(f"{m.label}: {m.calls_per_message:.2f} LLM calls per message")
        if self.providers_built != self.args.workers:
            problems.append(f"LLM provider built {self.providers_built} times")
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1 if problems else 0


def _with_database(url: str, database: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path=f"/{database}").geturl()


def _providers_built(log_path: Path) -> int:
    return log_path.read_text(errors="replace").count("LLM provider gemini built in process")


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _rule(header: str) -> str:
    return "|" + "---|" * (header.count("|") - 1)


def _tokens(m: Measurement) -> str:
    if m.tokens_in is None:
        return "-"
    return f"{m.tokens_in:.0f} / {m.tokens_out:.0f}"


def _rss(m: Measurement) -> str:
    return " / ".join(f"{value:.0f}" for value in m.rss_mb) or "-"


def _errors(m: Measurement) -> str:
    parts = []
    if m.wrk.non200:
        parts.append(f"{m.wrk.non200} non-200 ({m.wrk.first_bad})")
    if m.wrk.socket_errors:
        parts.append(f"{m.wrk.socket_errors} socket")
    if m.wrk.timeouts:
        parts.append(f"{m.wrk.timeouts} timeouts")
    if m.degraded:
        parts.append(f"{m.degraded} fell back to local")
    if m.unfinished:
        parts.append(f"{m.unfinished} unfinished")
    return ", ".join(parts) or "0"


def _per_message_ms(m: Measurement, seconds: float) -> float:
    done = m.runs_stored or m.wrk.requests
    return seconds * 1000 / done if done else float("nan")


def _ceiling(m: Measurement) -> float:
    per_message = _per_message_ms(m, m.server_cpu_s + m.emulator_cpu_s)
    return (os.cpu_count() or 1) * 1000 / per_message if per_message else float("nan")


def _budget(m: Measurement) -> str:
    """What reaching the target would allow each message, beside what one costs."""
    rate = TARGETS[m.connections] * m.limit
    budget = (os.cpu_count() or 1) * 1000 / rate
    spent = _per_message_ms(m, m.server_cpu_s + m.emulator_cpu_s)
    return (
        f"Target at {m.connections} conns: {rate:.0f} msgs/s, which leaves {budget:.1f} CPU ms "
        f"per message for every process on the machine; server + emulator used {spent:.1f}."
    )


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _summary(m: Measurement) -> str:
    text = (
        f"{m.label:<12} {m.connections:>4} conns: {m.wrk.rate:7.1f} msgs/s, "
        f"p50 {m.wrk.p50_ms:.0f} ms, p99 {m.wrk.p99_ms:.0f} ms, "
        f"{m.cpu_ms_per_message:.2f} CPU ms/msg, emulator {_per_message_ms(m, m.emulator_cpu_s):.2f}, "
        f"LLM step {m.llm_step_ms or 0:.0f} ms, machine {100 * m.machine_busy:.0f} % busy, "
        f"errors {_errors(m)}"
    )
    if m.limit:
        text += f", {100 * m.wrk.rate / m.limit:.0f} % of {m.limit:.0f}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="tiny runs, for CI")
    parser.add_argument("--duration", type=float, help="seconds per run (default 12, short 2)")
    parser.add_argument(
        "--connections",
        type=lambda text: [int(part) for part in text.split(",")],
        help="comma-separated concurrencies of the latency runs (default 50,200,400; short 20)",
    )
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per LLM call")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=256)
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL whose user may create databases",
    )
    parser.add_argument("--database", default="bench", help="dropped and created again")
    args = parser.parse_args(argv)
    if args.duration is None:
        args.duration = 2.0 if args.short else 12.0
    if args.connections is None:
        args.connections = [20] if args.short else [50, 200, 400]
    args.warmup = 1.0 if args.short else 3.0
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    if not ROOT.joinpath("tests", "gemini_emulator.py").exists():
        print("tests/gemini_emulator.py is missing", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
