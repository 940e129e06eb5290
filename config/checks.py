"""Deploy checks of our own secrets, run by ``manage.py check --deploy``.

Django checks ``SECRET_KEY``; the keys that sign supervisor tokens and admit the CRM
bot deserve the same: HS256 wants at least 32 bytes (RFC 7518 §3.2), and an API key
on the internet must not be guessable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

JWT_MIN_BYTES = 32
API_KEY_MIN_CHARS = 24


@register(Tags.security, deploy=True)
def project_secrets_check(app_configs, **kwargs) -> list[Warning]:
    problems = []
    if len(settings.JWT_SECRET_KEY.encode()) < JWT_MIN_BYTES:
        problems.append(
            Warning(
                f"JWT_SECRET_KEY is shorter than {JWT_MIN_BYTES} bytes.",
                hint='Generate one: python -c "import secrets; print(secrets.token_hex(32))"',
                id="crm.W001",
            )
        )
    if any(len(key.strip()) < API_KEY_MIN_CHARS for key in settings.WEBHOOK_API_KEYS):
        problems.append(
            Warning(
                f"A WEBHOOK_API_KEY is shorter than {API_KEY_MIN_CHARS} characters.",
                hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(32))"',
                id="crm.W002",
            )
        )
    return problems
