"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Built here, once in each server process (gunicorn imports this module after
# forking), so the first requests do not wait for the LLM client together.
from pipeline.providers import configured_provider  # noqa: E402

configured_provider()
