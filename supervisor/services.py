"""Writes of the supervisor app."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from supervisor.groups import supervisors_group_ensure


@transaction.atomic
def environment_supervisor_sync(*, username: str):
    """The Django user behind the environment's supervisor, created on first login.

    Its password stays unusable: the environment's hash is the only way in, so
    changing ``SUPERVISOR_PASSWORD_HASH`` is enough to change the password.
    """
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(supervisors_group_ensure())
    return user
