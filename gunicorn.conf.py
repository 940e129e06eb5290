"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py config.wsgi``.

A message costs about a millisecond of CPU and then waits 0.3-3 s per LLM call,
so a request spends almost all its life waiting. Sync workers hold a whole
process per waiting request (5 workers serve 5 messages per second with 1 s
calls); threads wait for the price of a stack. ``gthread`` with a few processes
(for the cores) and many threads each (for the waits) serves concurrency / (calls
x latency) messages per second until the CPU runs out: see the README's
benchmark (``python -m bench.serving``) for the numbers behind these defaults.
"""

from __future__ import annotations

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104

worker_class = "gthread"
# About one per core: the GIL lets one process use one core at a time.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Messages in flight per process. A waiting thread costs a stack and a little
# memory, not CPU; the database pool is not the limit, since connections are
# given back while the LLM answers.
threads = int(os.environ.get("GUNICORN_THREADS", "256"))
# Open connections per process, busy or kept alive; more than ``threads`` or
# gthread turns keep-alive off and every request pays for a new connection.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# Room in the kernel for a burst of new connections while the workers accept.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))

# With gthread the heartbeat comes from the main thread, so this bounds a hung
# process, not a slow request; requests are bounded by LLM_TOTAL_TIMEOUT.
timeout = 30
# On a restart, messages in flight get their whole LLM budget to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "35"))
keepalive = 5

# The request middleware already logs one line per request.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
