"""How the supervisor API reads its JWT."""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication


class BearerJWTAuthentication(JWTAuthentication):
    """simplejwt's HS256 access tokens, refused with the original's challenge.

    simplejwt answers ``WWW-Authenticate: Bearer realm="api"``; the contract (and
    the webhook and the login here) say ``Bearer``.
    """

    def authenticate_header(self, request):
        return "Bearer"


class BearerJWTScheme(SimpleJWTScheme):
    """The OpenAPI description of simplejwt's, for our subclass (extensions match exactly)."""

    target_class = BearerJWTAuthentication

    def get_security_definition(self, auto_schema):
        # "bearer" is accepted too (the token_type we hand out), but OpenAPI has room
        # for one scheme name; the parent would warn about the second one.
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
