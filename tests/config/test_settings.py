"""config.settings loaded in a fresh interpreter, with an environment the test controls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# What a production deployment must set; each test removes or changes one thing.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-key",
    "JWT_SECRET_KEY": "a-production-jwt-secret-key-long-enough-for-hs256",
    "WEBHOOK_API_KEY": "a-webhook-key",
}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter whose environment is exactly ``env``."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # Never a developer's .env: the test decides every variable.
            "DJANGO_READ_DOT_ENV_FILE": "false",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def _load_settings(
    env: dict[str, str], *names: str, setup: bool = False
) -> subprocess.CompletedProcess:
    """Print the named settings as JSON; ``setup`` runs ``django.setup()`` too, as a server
    does (slower: it imports every app, so only the start-up failures use it)."""
    code = (
        "import json, django\n"
        f"{'django.setup()' if setup else ''}\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))\n"
    )
    return _run(code, env)


def _settings(env: dict[str, str], *names: str, setup: bool = False) -> dict:
    result = _load_settings(env, *names, setup=setup)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _failure(env: dict[str, str], *, setup: bool = False) -> str:
    result = _load_settings(env, "DEBUG", setup=setup)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_settings_load_with_every_secret_set():
    loaded = _settings(PRODUCTION_ENV, "DEBUG", "WEBHOOK_API_KEYS", "LLM_PROVIDER", setup=True)

    assert loaded == {
        "DEBUG": False,
        "WEBHOOK_API_KEYS": ["a-webhook-key"],
        "LLM_PROVIDER": "local",
    }


@pytest.mark.parametrize("name", ["JWT_SECRET_KEY", "DJANGO_SECRET_KEY", "WEBHOOK_API_KEY"])
def test_a_missing_secret_with_debug_off_stops_start_up_naming_it(name):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != name}

    message = _failure(env, setup=True)

    assert f"{name} is not set" in message


def test_an_empty_secret_counts_as_missing():
    message = _failure({**PRODUCTION_ENV, "JWT_SECRET_KEY": ""})

    assert "JWT_SECRET_KEY is not set" in message


def test_debug_runs_without_secrets():
    loaded = _settings({"DEBUG": "true"}, "DEBUG", "JWT_SECRET_KEY")

    assert loaded["DEBUG"] is True
    assert len(loaded["JWT_SECRET_KEY"]) >= 32


def test_several_webhook_keys_are_read_for_rotation():
    loaded = _settings({**PRODUCTION_ENV, "WEBHOOK_API_KEY": "old-key,new-key"}, "WEBHOOK_API_KEYS")

    assert loaded["WEBHOOK_API_KEYS"] == ["old-key", "new-key"]


def test_the_database_defaults_to_sqlite():
    loaded = _settings(PRODUCTION_ENV, "DATABASES")

    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_the_originals_asyncpg_database_url_maps_to_psycopg():
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgresql+asyncpg://crm_user:s3cret@db.example.com:5433/crm",
    }

    database = _settings(env, "DATABASES")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "crm"
    assert database["USER"] == "crm_user"
    assert database["PASSWORD"] == "s3cret"
    assert database["HOST"] == "db.example.com"
    assert int(database["PORT"]) == 5433


def test_the_llm_provider_is_gemini_when_a_gemini_key_is_set():
    # Without one it is local: see the production settings test above.
    loaded = _settings({**PRODUCTION_ENV, "GEMINI_API_KEY": "a-gemini-key"}, "LLM_PROVIDER")

    assert loaded == {"LLM_PROVIDER": "gemini"}


def test_gemini_chosen_without_a_key_fails_clearly():
    message = _failure({**PRODUCTION_ENV, "LLM_PROVIDER": "gemini"})

    assert "GEMINI_API_KEY" in message


def test_an_unknown_llm_provider_fails_clearly():
    message = _failure({**PRODUCTION_ENV, "LLM_PROVIDER": "openai"})

    assert "LLM_PROVIDER" in message
    assert "openai" in message


def test_an_unknown_log_level_fails_clearly():
    message = _failure({**PRODUCTION_ENV, "LOG_LEVEL": "verbose"})

    assert "LOG_LEVEL" in message
    assert "VERBOSE" in message


def test_the_noisy_loggers_stay_at_warning_with_log_level_debug():
    code = (
        "import json, logging, django\n"
        "django.setup()\n"
        "names = ['httpx', 'httpx2', 'httpcore', 'django.db.backends', 'crm_agents.analyst', '']\n"
        "print(json.dumps({n: logging.getLogger(n).getEffectiveLevel() for n in names}))\n"
    )
    result = _run(code, {**PRODUCTION_ENV, "LOG_LEVEL": "debug"})
    assert result.returncode == 0, result.stderr

    levels = json.loads(result.stdout.strip().splitlines()[-1])

    assert levels == {
        "httpx": 30,
        "httpx2": 30,
        "httpcore": 30,
        "django.db.backends": 30,
        "crm_agents.analyst": 10,
        "": 10,
    }
