"""Who may deliver messages: an API key in ``X-Api-Key``, or Meta's body signature."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions


@dataclass(frozen=True)
class WebhookSender:
    """The authenticated CRM integration; ``name`` identifies it without revealing the key."""

    name: str
    is_authenticated: bool = True


def key_fingerprint(key: str) -> str:
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


class WebhookAuthentication(authentication.BaseAuthentication):
    """``X-Api-Key`` compared in constant time with every configured key.

    WhatsApp through Meta cannot send custom headers; when ``META_APP_SECRET`` is
    set, a request whose ``X-Hub-Signature-256`` is the HMAC-SHA256 of its raw
    body under that secret is accepted instead.
    """

    def authenticate(self, request):
        api_key = request.headers.get("X-Api-Key")
        if api_key is not None:
            return self._by_key(api_key), None
        signature = request.headers.get("X-Hub-Signature-256")
        if signature is not None and settings.META_APP_SECRET:
            return self._by_signature(request, signature), None
        return None

    def authenticate_header(self, request):
        return "Bearer"

    def _by_key(self, api_key: str) -> WebhookSender:
        given = api_key.encode()
        # Compare with every key, without stopping at a match, so timing says nothing.
        matches = [hmac.compare_digest(given, key.encode()) for key in settings.WEBHOOK_API_KEYS]
        if not any(matches):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        return WebhookSender(key_fingerprint(api_key))

    def _by_signature(self, request, signature: str) -> WebhookSender:
        expected = hmac.new(
            settings.META_APP_SECRET.encode(), request._request.body, hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(signature.encode(), f"sha256={expected}".encode()):
            raise exceptions.AuthenticationFailed("Invalid X-Hub-Signature-256.")
        return WebhookSender("meta")


class WebhookAuthenticationScheme(OpenApiAuthenticationExtension):
    """The webhook's security scheme in the OpenAPI schema (the Meta signature is not
    something a client can fill in, so only the API key is described)."""

    target_class = WebhookAuthentication
    name = "WebhookApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
