"""Settings for the test suite: the project's settings with fixed test values.

A developer's ``.env`` is ignored so that it cannot change what the tests see;
``DATABASE_URL`` from the environment still chooses the database (CI sets PostgreSQL).
"""

import os

os.environ["DJANGO_READ_DOT_ENV_FILE"] = "false"
os.environ.setdefault("DEBUG", "false")
# The test servers speak plain http on loopback; the deploy check test sets it back.
os.environ["SECURE_COOKIES"] = "false"
os.environ.pop("SECURE_SSL_REDIRECT", None)
os.environ.pop("REDIS_URL", None)
# Generous, so that tests logging in or posting many times are not throttled; the
# throttling tests set their own rates.
os.environ["THROTTLE_LOGIN_IP_RATE"] = "10000/min"
os.environ["THROTTLE_LOGIN_USERNAME_RATE"] = "10000/min"
os.environ["THROTTLE_WEBHOOK_RATE"] = "100000/min"
os.environ["DJANGO_SECRET_KEY"] = "test-django-secret-key-not-for-production"
os.environ["JWT_SECRET_KEY"] = "test-jwt-secret-key-with-enough-length-for-hs256"
os.environ["WEBHOOK_API_KEY"] = "test-webhook-key,test-webhook-key-next"
os.environ["META_APP_SECRET"] = "test-meta-app-secret"
os.environ["SUPERVISOR_USERNAME"] = "envsupervisor"
# bcrypt hash of "env-password", cost 4 to keep the suite fast.
os.environ["SUPERVISOR_PASSWORD_HASH"] = (
    "$2b$04$.f7VNtZWbfOK2qUVvEYS7eL5OwnuNGKglAkfr6PFI5t/m9ZlSS.2W"
)
os.environ.pop("GEMINI_API_KEY", None)
os.environ["LLM_PROVIDER"] = "local"

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
