"""The log format of the contract, the lines each component writes, and no secret in any."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

WEBHOOK = "/api/v1/webhook/messages"
LOGIN = "/api/v1/auth/login"
DECIDE = "/api/v1/supervisor/decide"


def _formatter() -> logging.Formatter:
    handler = settings.LOGGING["handlers"][settings.LOGGING["root"]["handlers"][0]]
    config = settings.LOGGING["formatters"][handler["formatter"]]
    return logging.Formatter(config["format"], config["datefmt"])


def test_the_line_format_is_date_level_logger_message():
    record = logging.LogRecord(
        "crm_agents.analyst",
        logging.INFO,
        __file__,
        1,
        "client=%s sentiment=%s",
        ("CRM-005", "negative"),
        None,
    )

    line = _formatter().format(record)

    assert re.fullmatch(
        r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \| INFO     \| crm_agents\.analyst   \| "
        r"client=CRM-005 sentiment=negative",
        line,
    ), line


def test_the_level_column_is_padded_for_every_level():
    for level in ("DEBUG", "INFO", "WARNING", "ERROR"):
        record = logging.LogRecord("x", getattr(logging, level), __file__, 1, "m", (), None)
        assert f" | {level:<8} | " in _formatter().format(record)


def _messages(caplog, logger: str) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == logger]


@pytest.mark.django_db
def test_a_webhook_call_logs_each_agents_decision_and_the_request(caplog, webhook_client):
    caplog.set_level(logging.INFO)
    payload = {
        "client_id": "CRM-005",
        "message": "Hello, I would like a refund for order 1234 please.",
        "timestamp": timezone.now().isoformat(),
    }

    assert webhook_client.post(WEBHOOK, payload, format="json").status_code == 200

    [analyst] = _messages(caplog, "crm_agents.analyst")
    assert re.match(r"client=CRM-005 sentiment=(positive|neutral) intent=refund_request ", analyst)
    [triage] = _messages(caplog, "crm_agents.triage")
    assert triage.startswith("client=CRM-005 sla_breached=False proposed_action=process_refund")
    [executor] = _messages(caplog, "crm_agents.executor")
    assert executor.startswith("client=CRM-005 action=process_refund response_drafted=true ")
    [request] = _messages(caplog, "config.requests")
    assert re.fullmatch(r"POST /api/v1/webhook/messages → 200  \(\d+\.\d ms\)", request), request


@pytest.mark.django_db
def test_an_escalation_logs_the_triage_decision(caplog, webhook_client):
    caplog.set_level(logging.INFO)
    payload = {
        "client_id": "CRM-006",
        "message": "Thanks",
        "timestamp": (timezone.now() - timedelta(days=1)).isoformat(),
    }

    webhook_client.post(WEBHOOK, payload, format="json")

    [triage] = _messages(caplog, "crm_agents.triage")
    assert triage.startswith("client=CRM-006 sla_breached=True proposed_action=escalate_to_human")
    assert _messages(caplog, "crm_agents.executor") == []


def test_the_request_line_logs_the_path_without_the_query_string(caplog, client):
    caplog.set_level(logging.INFO)

    client.get("/health?api_key=should-not-be-logged")

    assert _messages(caplog, "config.requests")[0].startswith("GET /health → 200  (")
    assert "should-not-be-logged" not in caplog.text


@pytest.mark.django_db
def test_no_secret_reaches_the_log(caplog, supervisor, escalated_run):
    caplog.set_level(logging.DEBUG)
    api_key = "test-webhook-key-next"
    password = "alice-password"

    webhook = APIClient()
    webhook.credentials(HTTP_X_API_KEY=api_key)
    assert (
        webhook.post(
            WEBHOOK,
            {"client_id": "CRM-1", "message": "Hi", "timestamp": timezone.now().isoformat()},
            format="json",
        ).status_code
        == 200
    )
    # A wrong key and a wrong password are secrets too (often a typo of the right one).
    webhook.credentials(HTTP_X_API_KEY="test-webhook-key-typo")
    webhook.post(WEBHOOK, {}, format="json")
    anonymous = APIClient()
    anonymous.post(LOGIN, {"username": "alice", "password": "alice-passwrd"}, format="json")
    login = anonymous.post(LOGIN, {"username": "alice", "password": password}, format="json")
    token = login.json()["access_token"]
    supervisor_api = APIClient()
    supervisor_api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    decided = supervisor_api.post(
        DECIDE, {"run_id": str(escalated_run.run_id), "approved": True}, format="json"
    )
    assert decided.status_code == 200
    supervisor_api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}x")
    supervisor_api.get("/api/v1/supervisor/pending")

    assert caplog.records, "the calls above must have logged something"
    logged = caplog.text + "\n".join(
        f"{record.getMessage()} {record.args!r} {record.__dict__!r}" for record in caplog.records
    )
    for secret in (
        api_key,
        "test-webhook-key-typo",
        password,
        "alice-passwrd",
        token,
        token.split(".")[2],  # the signature part alone
        settings.JWT_SECRET_KEY,
    ):
        assert secret not in logged, secret
