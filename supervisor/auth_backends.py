"""The original's single supervisor account, configured in the environment."""

from __future__ import annotations

import bcrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend

from supervisor.services import environment_supervisor_sync


class EnvironmentSupervisorBackend(BaseBackend):
    """Logs in ``SUPERVISOR_USERNAME`` with the password whose bcrypt hash is
    ``SUPERVISOR_PASSWORD_HASH``, to the API and to the admin alike.

    The account is mirrored as a Django user in the Supervisors group, so its
    decisions are recorded like anyone's and an admin can deactivate it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        expected_username = settings.SUPERVISOR_USERNAME
        password_hash = settings.SUPERVISOR_PASSWORD_HASH
        if not (expected_username and password_hash and username and password is not None):
            return None
        if username != expected_username:
            return None
        try:
            valid = bcrypt.checkpw(password.encode(), password_hash.encode())
        except ValueError:  # a malformed hash in the environment: nobody logs in with it
            return None
        if not valid:
            return None
        user = environment_supervisor_sync(username=username)
        return user if user.is_active else None

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()
