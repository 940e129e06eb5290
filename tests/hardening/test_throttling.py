"""Brute force on the login and floods on the webhook are answered 429 with Retry-After."""

from __future__ import annotations

import copy

import pytest
from django.core.cache import cache

from pipeline.models import Run

WEBHOOK = "/api/v1/webhook/messages"
LOGIN = "/api/v1/auth/login"


@pytest.fixture
def rates(settings):
    """Set throttle rates for one test; counters start from zero."""
    framework = copy.deepcopy(settings.REST_FRAMEWORK)
    cache.clear()

    def set_rates(**scopes):
        framework["DEFAULT_THROTTLE_RATES"].update(scopes)
        settings.REST_FRAMEWORK = framework

    yield set_rates
    cache.clear()


def login(api_client, username, password="wrong", ip="10.0.0.1"):
    return api_client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def assert_throttled(response):
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.mark.django_db
def test_login_is_throttled_per_ip(api_client, rates):
    rates(login_ip="3/min")
    answers = [login(api_client, f"user{n}").status_code for n in range(3)]
    assert answers == [401, 401, 401]
    assert_throttled(login(api_client, "user9"))
    # Another client is not affected.
    assert login(api_client, "user9", ip="10.0.0.2").status_code == 401


@pytest.mark.django_db
def test_login_is_throttled_per_username_across_ips(api_client, rates, supervisor):
    rates(login_username="2/min")
    assert login(api_client, "alice", ip="10.0.0.1").status_code == 401
    assert login(api_client, "ALICE ", ip="10.0.0.2").status_code == 401
    # The right password does not help once the username is locked out for the window.
    assert_throttled(login(api_client, "alice", "alice-password", ip="10.0.0.3"))
    assert login(api_client, "bob", ip="10.0.0.3").status_code == 401


@pytest.mark.django_db
def test_login_ip_ignores_a_spoofed_forwarded_for(api_client, rates):
    rates(login_ip="2/min")
    for n in range(2):
        api_client.post(
            LOGIN, {"username": "u", "password": "p"}, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    response = api_client.post(
        LOGIN, {"username": "u", "password": "p"}, HTTP_X_FORWARDED_FOR="1.2.3.99"
    )
    assert_throttled(response)


@pytest.mark.django_db
def test_webhook_is_throttled_per_api_key(api_client, rates, message_payload):
    rates(webhook="2/min")
    api_client.credentials(HTTP_X_API_KEY="test-webhook-key")
    assert [
        api_client.post(WEBHOOK, message_payload, format="json").status_code for _ in range(2)
    ] == [200, 200]
    assert_throttled(api_client.post(WEBHOOK, message_payload, format="json"))
    assert Run.objects.count() == 2
    # The other API key has its own budget.
    api_client.credentials(HTTP_X_API_KEY="test-webhook-key-next")
    assert api_client.post(WEBHOOK, message_payload, format="json").status_code == 200
    # Unauthenticated requests are refused before they count against anyone.
    api_client.credentials()
    assert api_client.post(WEBHOOK, message_payload, format="json").status_code == 401


@pytest.mark.django_db
def test_a_throttle_can_be_switched_off(api_client, rates, message_payload):
    rates(webhook="off")
    api_client.credentials(HTTP_X_API_KEY="test-webhook-key")
    for _ in range(5):
        assert api_client.post(WEBHOOK, message_payload, format="json").status_code == 200


def test_default_rates_leave_room_for_a_busy_crm():
    """The documented defaults, as read from an empty environment."""
    import json
    import subprocess
    import sys

    code = (
        "import os;"
        "[os.environ.pop(k, None) for k in list(os.environ) if k.startswith('THROTTLE_')];"
        "os.environ.update(DEBUG='true', DJANGO_READ_DOT_ENV_FILE='false');"
        "from config import settings as s;"
        "import json; print(json.dumps(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rates = json.loads(out.stdout)
    assert rates == {"login_ip": "30/min", "login_username": "10/min", "webhook": "60000/min"}


@pytest.mark.django_db
def test_throttle_counters_are_shared_through_redis(api_client, settings, rates, message_payload):
    """With REDIS_URL, two servers share one count: here two cache clients stand for them."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "hardening-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    from django.core.cache import caches

    from config import throttling

    shared = caches["default"]
    shared.clear()
    original = throttling.FixedWindowThrottle.cache
    throttling.FixedWindowThrottle.cache = shared
    try:
        rates(webhook="3/min")
        api_client.credentials(HTTP_X_API_KEY="test-webhook-key")
        codes = [
            api_client.post(WEBHOOK, message_payload, format="json").status_code for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        assert any(k.startswith("throttle:webhook:") for k in shared.keys("throttle:*"))
    finally:
        shared.clear()
        throttling.FixedWindowThrottle.cache = original
