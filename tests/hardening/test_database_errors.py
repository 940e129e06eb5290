"""A database outage is a 503 with Retry-After wherever it surfaces, never an HTML 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client


class DatabaseDownMiddleware:
    """Stands for a middleware (sessions, authentication) whose query fails."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("connection refused")


@pytest.fixture
def broken_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.DatabaseDownMiddleware"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/supervisor/pending", "/admin/", "/api/v1/nowhere"])
def test_database_error_in_a_middleware_is_a_503_json(broken_middleware, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_database_error_in_the_admin_session_is_a_503_json(monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def load(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", load)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/admin/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_other_errors_outside_views_stay_a_generic_500(settings):
    class Boom:
        def __init__(self, get_response):
            pass

        def __call__(self, request):
            raise RuntimeError("secret detail")

    import sys

    sys.modules[__name__].Boom = Boom
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.Boom"]
    response = Client(raise_request_exception=False).get("/api/v1/supervisor/pending")
    assert response.status_code == 500
    assert b"secret detail" not in response.content
    assert "Retry-After" not in response
