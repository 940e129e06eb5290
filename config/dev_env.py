"""Write a ``.env`` with fresh development secrets, if there is none yet.

Run as ``python -m config.dev_env`` (the README's run command does it). It prints
the supervisor's password and the webhook key once; only their hashes or the
file itself keep them afterwards. Needs no Django set-up, so it runs before
the settings can load.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import bcrypt

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def main() -> int:
    if ENV_FILE.exists():
        print(f"{ENV_FILE.name} exists; keeping it.")
        return 0
    password = secrets.token_urlsafe(12)
    api_key = secrets.token_urlsafe(32)
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()
    lines = [
        "# Written by `python -m config.dev_env` for local development. See .env.example.",
        "DEBUG=true",
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"JWT_SECRET_KEY={secrets.token_hex(32)}",
        f"WEBHOOK_API_KEY={api_key}",
        "SUPERVISOR_USERNAME=supervisor",
        # Single quotes: the hash starts with "$", which must not be read as a variable.
        f"SUPERVISOR_PASSWORD_HASH='{password_hash}'",
        "LOG_LEVEL=INFO",
    ]
    ENV_FILE.write_text("\n".join(lines) + "\n")
    ENV_FILE.chmod(0o600)
    print(
        f"Wrote {ENV_FILE.name} with fresh development secrets. Shown once:\n"
        f"  supervisor login: supervisor / {password}\n"
        f"  webhook X-Api-Key: {api_key}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
