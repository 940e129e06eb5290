"""Users and cases made the way production makes them: through ``message_process``."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pipeline.models import PendingApproval, Run
from pipeline.services import message_process
from supervisor.groups import supervisors_group_ensure

ANGRY_MESSAGE = "This is unacceptable, I want my money back now!"
HAPPY_MESSAGE = "Thanks, everything works great!"


def run_process(message: str, *, client_id: str = "CRM-001", timestamp=None, **kwargs) -> Run:
    """``message_process`` as the webhook calls it, written now unless ``timestamp`` says when."""
    return message_process(
        client_id=client_id,
        message=message,
        timestamp=timestamp or timezone.now(),
        sender="test",
        **kwargs,
    )


def processed_run_create(*, client_id: str = "CRM-001", message: str = HAPPY_MESSAGE) -> Run:
    """A message the Triage answered automatically."""
    run = run_process(message, client_id=client_id)
    assert run.status == Run.Status.PROCESSED, "the message must be one answered automatically"
    return run


def escalated_case_create(
    *, client_id: str = "CRM-001", message: str = ANGRY_MESSAGE, hours_ago: float = 0.5
) -> PendingApproval:
    """A pending case; ``hours_ago`` past the SLA (2 h in the tests) makes it a breached one."""
    run = run_process(
        message, client_id=client_id, timestamp=timezone.now() - timedelta(hours=hours_ago)
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
