"""Reads of runs and escalated cases."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from pipeline.errors import CaseNotFound
from pipeline.models import PendingApproval, Run


def pending_approval_list() -> QuerySet[PendingApproval]:
    """Cases waiting for a supervisor, oldest first."""
    return PendingApproval.objects.filter(status=Run.Status.PENDING_APPROVAL).order_by("created_at")


def sla_breached_condition(*, now: datetime | None = None) -> Q:
    """Cases past the SLA: breached when triaged, or still pending and waited past it since.

    The stored ``sla_breached`` is the Triage's view at intake; a case that was
    on time then but has sat in the queue since is late now, and the supervisor
    must see it as such. The rule is the Triage's: strictly longer than the threshold.
    """
    now = now or timezone.now()
    limit = now - timedelta(hours=settings.SLA_THRESHOLD_HOURS)
    return Q(sla_breached=True) | Q(status=Run.Status.PENDING_APPROVAL, timestamp__lt=limit)


def pending_approval_counts() -> dict[str, int]:
    """How many cases wait for a supervisor, and how many of them are past the SLA."""
    pending = pending_approval_list()
    return {
        "pending": pending.count(),
        "breached": pending.filter(sla_breached_condition()).count(),
    }


def escalated_case_get(*, run_id: str | uuid.UUID) -> PendingApproval:
    """An escalated case by id; anything else (unknown, malformed, never escalated) is not found."""
    try:
        return PendingApproval.objects.select_related("decided_by").get(pk=_as_uuid(run_id))
    except (PendingApproval.DoesNotExist, ValueError):
        raise CaseNotFound(run_id=str(run_id)) from None


def _as_uuid(value: str | uuid.UUID) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
