"""Users and cases made the way production makes them: through ``message_process``."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pipeline.models import PendingApproval, Run
from pipeline.services import message_process
from supervisor.groups import supervisors_group_ensure

ANGRY_MESSAGE = "This is unacceptable, I want my money back now!"


def escalated_case_create(
    *, client_id: str = "CRM-001", message: str = ANGRY_MESSAGE, hours_ago: float = 0.5
) -> PendingApproval:
    """A pending case; ``hours_ago`` past the SLA (2 h in the tests) makes it a breached one."""
    run = message_process(
        client_id=client_id,
        message=message,
        timestamp=timezone.now() - timedelta(hours=hours_ago),
        sender="test",
    )
    assert run.status == Run.Status.PENDING_APPROVAL, "the message must be one the Triage escalates"
    return PendingApproval.objects.get(pk=run.pk)


def supervisor_create(username: str):
    """A staff user in the Supervisors group; the password is ``<username>-password``."""
    user = get_user_model().objects.create_user(
        username, password=f"{username}-password", is_staff=True
    )
    user.groups.add(supervisors_group_ensure())
    return user
