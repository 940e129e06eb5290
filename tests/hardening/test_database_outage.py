"""Acknowledged means stored: under load, the database is stopped (as in a crash) and
started again. Every 200 the webhook gave names a run that is in the table afterwards;
the rest were 503 with Retry-After, never a 500 or an HTML page."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests
from rest_framework_simplejwt.tokens import AccessToken

from tests.conftest import WEBHOOK_KEY
from tests.hardening.live import PROJECT_DIR, Server
from tests.hardening.throwaway_postgres import ThrowawayPostgres, unavailable_reason

# Deliveries in all. The database crashes once STOP_AT have been answered (others are in
# flight); deliveries from START_AT on are sent once it is back.
TOTAL = 240
STOP_AT, START_AT = 60, 140
WORKERS = 8
DEADLINE_SECONDS = 180  # the load stops by itself, whatever happens

pytestmark = pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))


@pytest.fixture
def database(tmp_path):
    postgres = ThrowawayPostgres().init()
    try:
        postgres.start()
        url = postgres.create_database("hardening_outage")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=PROJECT_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": url},
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield postgres, url
    finally:
        postgres.remove()


@pytest.fixture
def server(database, tmp_path):
    _, url = database
    # A short LLM budget, so that a retry of a delivery interrupted by the outage
    # waits briefly for the unfinished first attempt; a short pool wait, so that each
    # refusal during the outage comes after 2 s instead of the default 10 s and the
    # load fits its deadline on a slow machine.
    env = {"LLM_TOTAL_TIMEOUT": "2", "DB_POOL_TIMEOUT": "2"}
    server = Server(url, tmp_path / "agent-calls.log", env=env).start()
    yield server
    server.stop()


def deliver(server: Server, n: int) -> dict:
    payload = {
        "client_id": f"CRM-{n}",
        "message": "Where is my order?",
        "timestamp": "2026-02-26T08:00:00Z",
        "message_id": f"outage-{n}",
    }
    try:
        response = requests.post(
            server.url + "/api/v1/webhook/messages",
            json=payload,
            headers={"X-Api-Key": WEBHOOK_KEY},
            timeout=30,
        )
    except requests.RequestException as exc:  # no answer at all is not an acknowledgement
        return {"n": n, "status": None, "error": exc.__class__.__name__}
    body = response.json() if response.headers.get("Content-Type") == "application/json" else None
    return {
        "n": n,
        "status": response.status_code,
        "json": body is not None,
        "run_id": body.get("run_id") if body else None,
        "code": body.get("code") if body else None,
        "retry_after": response.headers.get("Retry-After"),
    }


def test_every_acknowledged_delivery_survives_a_database_crash(database, server):
    postgres, url = database
    results: list[dict] = []
    lock = threading.Lock()
    started_at = time.monotonic()
    outage_checks: dict = {}
    restarted = threading.Event()

    def one(n):
        if n >= START_AT:
            restarted.wait(DEADLINE_SECONDS)
        if time.monotonic() - started_at > DEADLINE_SECONDS:
            return
        result = deliver(server, n)
        with lock:
            results.append(result)

    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(one, n) for n in range(TOTAL)]
        phase = "up"
        while not all(f.done() for f in futures):
            done = len(results)
            if phase == "up" and done >= STOP_AT:
                postgres.stop("immediate")
                phase = "down"
                outage_checks = other_endpoints_during_the_outage(server)
            elif phase == "down" and done >= START_AT:
                postgres.start()
                phase = "restarted"
                restarted.set()
            time.sleep(0.01)
        if phase == "down":
            postgres.start()
        restarted.set()

    with psycopg.connect(url) as conn:
        stored = {str(row[0]) for row in conn.execute("SELECT run_id FROM pipeline_run")}

    statuses = [r["status"] for r in results]
    acknowledged = [r for r in results if r["status"] == 200]
    unavailable = [r for r in results if r["status"] == 503]
    print(
        f"\ndatabase outage: sent={len(results)} 200={len(acknowledged)} 503={len(unavailable)} "
        f"other={len(results) - len(acknowledged) - len(unavailable)} rows stored={len(stored)} "
        f"acknowledged and stored={sum(r['run_id'] in stored for r in acknowledged)}"
    )
    assert len(results) == TOTAL, f"the load hit its {DEADLINE_SECONDS}s deadline"
    assert set(statuses) <= {200, 503}, statuses
    assert acknowledged and unavailable, "the outage was not observed"
    assert any(r["n"] >= START_AT for r in acknowledged), "no delivery got through after restart"
    missing = [r for r in acknowledged if r["run_id"] not in stored]
    assert not missing, f"acknowledged but not stored: {missing}"
    assert all(r["json"] and r["code"] == "database_unavailable" for r in unavailable)
    assert all(r["retry_after"] and int(r["retry_after"]) > 0 for r in unavailable)
    assert outage_checks == {
        "ready": (503, "application/json"),
        "supervisor_pending": (503, "application/json"),
        "admin": (503, "application/json"),
    }

    # The CRM retries what was refused: each gets through once, or is told to wait
    # while an attempt the crash interrupted is still considered in flight.
    with ThreadPoolExecutor(WORKERS) as pool:
        retries = list(pool.map(lambda r: deliver(server, r["n"]), unavailable))
    print(
        f"retries of the refused: 200={sum(r['status'] == 200 for r in retries)} "
        f"409={sum(r['status'] == 409 for r in retries)}"
    )
    assert {r["status"] for r in retries} <= {200, 409}
    assert all(r["code"] == "delivery_in_progress" for r in retries if r["status"] == 409)
    with psycopg.connect(url) as conn:
        keys = conn.execute(
            "SELECT idempotency_key, count(*) FROM pipeline_run GROUP BY 1 HAVING count(*) > 1"
        ).fetchall()
    assert keys == []


def other_endpoints_during_the_outage(server: Server) -> dict:
    """Database errors outside the webhook's view: readiness, JWT user lookup, admin session."""
    token = AccessToken()
    token["user_id"] = "1"
    answers = {
        "ready": server.get("/ready"),
        "supervisor_pending": server.get(
            "/api/v1/supervisor/pending", {"Authorization": f"Bearer {token}"}
        ),
        "admin": requests.get(server.url + "/admin/", cookies={"sessionid": "x" * 32}, timeout=30),
    }
    return {
        name: (response.status_code, response.headers.get("Content-Type"))
        for name, response in answers.items()
    }
