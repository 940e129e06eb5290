"""Schemathesis against the project's own OpenAPI schema, in process (WSGI).

Every operation, with valid credentials (the webhook's API key and a supervisor's JWT),
valid and invalid data: no answer may be a 5xx, and every answer must be one the
schema describes (status, content type, body). ``FUZZ_EXAMPLES`` sets the number of
generated cases per operation and mode (CI: the default; longer: see the README).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import AccessToken
from schemathesis.config import SchemathesisConfig

from pipeline.models import Run
from tests.conftest import WEBHOOK_KEY

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))

config = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "max-examples": EXAMPLES},
        # Conformance and server errors; "positive data is accepted" does not hold for
        # an API whose valid-looking requests name cases that do not exist (404) or
        # reuse a delivery key (409), and those answers are checked by the others.
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
            "negative_data_rejection": {"enabled": True},
        },
        "phases": {"stateful": {"enabled": False}},
        "output": {"sanitization": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/openapi.json", get_wsgi_application(), config=config)
CASES: dict[str, int] = {}


@pytest.fixture
def in_process_requests():
    """Schemathesis calls the WSGI app directly; like Django's test client, keep the
    request signals from closing the test's database connection (inside its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(in_process_requests, supervisor):
    cache.clear()
    # A case to find, so that decisions reach the service and not only the 404.
    Run.objects.create(
        client_id="CRM-fuzz",
        message="I want a refund!",
        timestamp="2026-02-26T08:00:00Z",
        sentiment="negative",
        intent="refund_request",
        language="en",
        proposed_action="escalate_to_human",
        status=Run.Status.PENDING_APPROVAL,
        sender="key:fuzz",
        request_hash="0" * 64,
    )
    return {
        "X-Api-Key": WEBHOOK_KEY,
        "Authorization": f"Bearer {AccessToken.for_user(supervisor)}",
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_and_never_fails(case, credentials):
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1
    case.call_and_validate(headers=credentials)


def test_enough_cases_were_generated():
    """Runs after the fuzz tests (pytest keeps file order): the CI budget was spent."""
    if not CASES:
        pytest.skip("the fuzz tests did not run in this session")
    total = sum(CASES.values())
    print(f"fuzz cases per operation: {CASES} total={total}")
    # CI promises at least 500 cases; longer runs about FUZZ_EXAMPLES per operation.
    assert total >= max(500, 4 * EXAMPLES), CASES
