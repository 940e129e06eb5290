"""The project's WSGI app with its agent calls counted, for tests that run real servers.

Each call to the Analyst (one per pipeline execution) or the Executor (one per drafted
reply) appends a line to ``AGENT_CALLS_LOG``; appends of one short line are atomic, so
several server processes can share the file. ``EXECUTOR_DELAY_SECONDS`` makes the
Executor slow, like a language model, to widen race windows.
"""

from __future__ import annotations

import functools
import os
import time

from django.core.wsgi import get_wsgi_application

from crm_agents import analyst, executor

CALLS_LOG = os.environ["AGENT_CALLS_LOG"]
EXECUTOR_DELAY = float(os.environ.get("EXECUTOR_DELAY_SECONDS", "0"))
ANALYST_DELAY = float(os.environ.get("ANALYST_DELAY_SECONDS", "0"))


def _record(agent: str, client_id: str) -> None:
    line = f"{agent} {os.getpid()} {client_id}\n".encode()
    fd = os.open(CALLS_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _counted(agent: str, function, delay: float):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _record(agent, kwargs.get("client_id", "?"))
        time.sleep(delay)
        return function(*args, **kwargs)

    return wrapper


analyst.analyze = _counted("analyst", analyst.analyze, ANALYST_DELAY)
executor.draft_reply = _counted("executor", executor.draft_reply, EXECUTOR_DELAY)

application = get_wsgi_application()
