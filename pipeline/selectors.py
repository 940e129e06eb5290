"""Reads of runs and escalated cases."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from pipeline.errors import CaseNotFound
from pipeline.models import PendingApproval, Run


def pending_approval_list() -> QuerySet[PendingApproval]:
    """Cases waiting for a supervisor, oldest first."""
    return PendingApproval.objects.filter(status=Run.Status.PENDING_APPROVAL).order_by("created_at")


def escalated_case_get(*, run_id: str | uuid.UUID) -> PendingApproval:
    """An escalated case by id; anything else (unknown, malformed, never escalated) is not found."""
    try:
        return PendingApproval.objects.select_related("decided_by").get(pk=_as_uuid(run_id))
    except (PendingApproval.DoesNotExist, ValueError):
        raise CaseNotFound(run_id=str(run_id)) from None


def _as_uuid(value: str | uuid.UUID) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
