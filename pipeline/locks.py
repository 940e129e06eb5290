"""Row locks, named so that every writer takes them the same way."""

from __future__ import annotations

from pipeline.models import PendingApproval
from pipeline.selectors import escalated_case_get


def escalated_case_lock(*, run_id) -> PendingApproval:
    """Lock an escalated case's row until the surrounding transaction ends.

    Must be called inside ``transaction.atomic``. Only the case's own row is
    locked (``of=("self",)``), not the user who decided it.
    """
    case = escalated_case_get(run_id=run_id)  # raises CaseNotFound with a clear message
    return PendingApproval.objects.select_for_update(of=("self",)).get(pk=case.pk)
