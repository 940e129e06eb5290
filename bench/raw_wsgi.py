"""The floor the webhook is compared with: a bare WSGI app that stores the message.

It does the least any webhook must do (check the API key, parse the JSON,
insert one row with psycopg from a pool, answer JSON), with no framework, so the
CPU-bound run of ``bench.serving`` can say how much of the CPU goes to Django,
DRF and the agents. Served by the same gunicorn config as the real app::

    gunicorn -c gunicorn.conf.py bench.raw_wsgi:application

Reads ``DATABASE_URL``, ``WEBHOOK_API_KEY`` and ``DB_POOL_MIN_SIZE``/``DB_POOL_MAX_SIZE``.
"""

from __future__ import annotations

import hmac
import json
import os
import uuid

from psycopg_pool import ConnectionPool

_API_KEY = os.environ["WEBHOOK_API_KEY"].encode()

_pool = ConnectionPool(
    os.environ["DATABASE_URL"],
    min_size=int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
    max_size=int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
    timeout=float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    open=True,
)
with _pool.connection() as _connection:
    _connection.execute(
        "CREATE TABLE IF NOT EXISTS bench_raw_message ("
        " id uuid PRIMARY KEY, client_id text NOT NULL, message text NOT NULL,"
        " timestamp timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
    )


def _answer(start_response, status: str, body: dict) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        return _answer(start_response, "405 Method Not Allowed", {"detail": "POST only"})
    given = environ.get("HTTP_X_API_KEY", "").encode()
    if not hmac.compare_digest(given, _API_KEY):
        return _answer(start_response, "401 Unauthorized", {"detail": "Invalid API key."})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        data = json.loads(environ["wsgi.input"].read(length))
        row = (uuid.uuid4(), data["client_id"], data["message"], data["timestamp"])
    except (ValueError, KeyError, TypeError):
        return _answer(start_response, "422 Unprocessable Entity", {"detail": "bad message"})
    with _pool.connection() as connection:
        connection.execute(
            "INSERT INTO bench_raw_message (id, client_id, message, timestamp)"
            " VALUES (%s, %s, %s, %s)",
            row,
        )
    return _answer(start_response, "200 OK", {"run_id": str(row[0]), "status": "received"})
