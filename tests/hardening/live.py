"""Real server processes on loopback for the concurrency and outage tests.

Everything is bounded: a server that does not answer within ``START_TIMEOUT`` seconds
fails the test, and every request has a timeout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30
REQUEST_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The URL of a PostgreSQL database from Django's settings for it."""
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgresql://{user}@{host}:{port}/{settings_dict['NAME']}"


@dataclass
class Server:
    """One gunicorn process (one worker, several threads) serving the instrumented app."""

    database_url: str
    calls_log: Path
    env: dict = field(default_factory=dict)
    threads: int = 8
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.launch()
        self.wait_until_ready()
        return self

    @staticmethod
    def start_all(servers: list[Server]) -> None:
        """Launch together (Django loads in parallel), then wait for each."""
        try:
            for server in servers:
                server.launch()
            for server in servers:
                server.wait_until_ready()
        except BaseException:
            Server.stop_all(servers)
            raise

    @staticmethod
    def stop_all(servers: list[Server]) -> None:
        for server in servers:
            if server.process and server.process.poll() is None:
                server.process.terminate()
        for server in servers:
            server.stop()

    def launch(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": self.database_url,
            "AGENT_CALLS_LOG": str(self.calls_log),
            "LOG_LEVEL": "WARNING",
            **self.env,
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.hardening.instrumented_wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            str(self.threads),
            "--timeout",
            "90",
            "--graceful-timeout",
            "2",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait_until_ready(self) -> None:
        give_up_at = time.monotonic() + START_TIMEOUT
        while time.monotonic() < give_up_at:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if requests.get(f"{self.url}/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or the worker is loading
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server on port {self.port} did not start in {START_TIMEOUT}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def post(self, path: str, json: dict, headers: dict) -> requests.Response:
        return requests.post(self.url + path, json=json, headers=headers, timeout=REQUEST_TIMEOUT)

    def get(self, path: str, headers: dict | None = None) -> requests.Response:
        return requests.get(self.url + path, headers=headers or {}, timeout=REQUEST_TIMEOUT)


def agent_calls(calls_log: Path, agent: str) -> list[str]:
    if not calls_log.exists():
        return []
    return [line for line in calls_log.read_text().splitlines() if line.startswith(agent + " ")]
