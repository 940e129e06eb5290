"""GET /, /health, /ready, the API docs and the JSON error pages."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError
from django.test import Client
from drf_spectacular.validation import validate_schema

API_PATHS = {
    "/api/v1/auth/login",
    "/api/v1/webhook/messages",
    "/api/v1/supervisor/pending",
    "/api/v1/supervisor/decide",
}


def test_root_names_the_app_its_version_and_docs(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.json() == {"app": "CRM Multi-Agent API", "version": "0.1.0", "docs": "/docs"}


def test_health_is_healthy(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "healthy"}


@pytest.mark.django_db
def test_ready_when_the_database_answers(client):
    response = client.get("/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok"}


@pytest.mark.django_db
def test_not_ready_when_the_database_does_not_answer(client, monkeypatch):
    from config import views

    class _Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", _Unreachable())

    response = client.get("/ready")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_an_unknown_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_the_swagger_ui_is_served_from_our_own_static_files(client):
    response = client.get("/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+\.(?:js|css|png))["']""", html)
    assert any("swagger-ui" in asset and asset.endswith(".js") for asset in assets)
    assert any(asset.endswith(".css") for asset in assets)
    # No CDN: every asset comes from our static path, so the docs work offline.
    for asset in assets:
        assert asset.startswith("/static/drf_spectacular_sidecar/"), asset
    assert "cdn.jsdelivr.net" not in html
    assert "unpkg.com" not in html
    assert "/openapi.json" in html


def test_the_swagger_ui_assets_are_served(client):
    html = client.get("/docs").content.decode()
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert assets

    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset


@pytest.mark.django_db
def test_the_openapi_document_is_valid_and_lists_the_four_api_paths(client):
    response = client.get("/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on anything that is not valid OpenAPI 3
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "CRM Multi-Agent API"
    assert schema["info"]["version"] == "0.1.0"
    assert schema["paths"].keys() >= API_PATHS
    assert "post" in schema["paths"]["/api/v1/webhook/messages"]
    assert "get" in schema["paths"]["/api/v1/supervisor/pending"]
    login = schema["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in login


def test_the_openapi_document_says_how_each_endpoint_authenticates(client):
    schema = client.get("/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    [(key_scheme, definition)] = [
        (name, scheme) for name, scheme in schemes.items() if scheme["type"] == "apiKey"
    ]
    assert definition["in"] == "header"
    assert definition["name"] == "X-Api-Key"
    [(jwt_scheme, _)] = [
        (name, scheme) for name, scheme in schemes.items() if scheme.get("scheme") == "bearer"
    ]
    paths = schema["paths"]
    assert paths["/api/v1/webhook/messages"]["post"]["security"] == [{key_scheme: []}]
    assert paths["/api/v1/supervisor/pending"]["get"]["security"] == [{jwt_scheme: []}]
    assert paths["/api/v1/supervisor/decide"]["post"]["security"] == [{jwt_scheme: []}]
    assert paths["/api/v1/auth/login"]["post"]["security"] == [{}]


def test_an_error_outside_the_api_is_a_json_500(monkeypatch):
    from config import views

    # Not JSON-serialisable: the root view fails while rendering, outside DRF.
    monkeypatch.setattr(views, "APP_INFO", {"app": object()})

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert response.json() == {"detail": "An unexpected error occurred. Please try again later."}
