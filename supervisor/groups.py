"""The "Supervisors" group: what a user needs to see and decide escalated cases."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

SUPERVISORS_GROUP = "Supervisors"
DECIDE_PERMISSION = "pipeline.decide_pendingapproval"
VIEW_CASES_PERMISSION = "pipeline.view_pendingapproval"
SUPERVISOR_PERMISSIONS = (
    ("pipeline", "decide_pendingapproval"),
    ("pipeline", "view_pendingapproval"),
    ("pipeline", "view_run"),
)


def supervisors_group_ensure(**_) -> Group:
    """Create the group with its permissions if missing (idempotent, runs after migrate)."""
    group, _created = Group.objects.get_or_create(name=SUPERVISORS_GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in SUPERVISOR_PERMISSIONS
    ]
    group.permissions.add(*permissions)
    return group
