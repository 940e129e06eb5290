"""Every message the webhook accepted, with its analysis, action, reply and decision."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from crm_agents.schemas import Action, Intent, Sentiment


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


# What a supervisor may write with a decision, from the API and from the admin alike.
DECISION_REASON_MAX_CHARS = 2000
DECISION_REPLY_MAX_CHARS = 4000


class Run(models.Model):
    """One customer message through the pipeline. Never deleted: it is the audit trail."""

    class Status(models.TextChoices):
        RECEIVED = "received", "received (in progress)"
        PROCESSED = "processed", "processed automatically"
        PENDING_APPROVAL = "pending_approval", "pending approval"
        EXECUTING = "executing", "approved, reply being drafted"
        APPROVED_AND_EXECUTED = "approved_and_executed", "approved and executed"
        REJECTED = "rejected", "rejected"

    run_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client_id = models.CharField(max_length=128, db_index=True)
    message = models.TextField()
    timestamp = models.DateTimeField(help_text="When the customer wrote, as sent by the CRM.")

    sentiment = models.CharField(max_length=16, choices=_choices(Sentiment), blank=True)
    intent = models.CharField(max_length=32, choices=_choices(Intent), blank=True)
    language = models.CharField(max_length=8, blank=True)
    sla_breached = models.BooleanField(default=False)
    proposed_action = models.CharField(max_length=32, choices=_choices(Action), blank=True)
    # NULL, as in the contract: "no note" and "no reply yet" differ from an empty text.
    supervisor_note = models.TextField(null=True, blank=True)  # noqa: DJ001
    execution_result = models.TextField(  # noqa: DJ001
        null=True, blank=True, help_text="The reply sent to the customer."
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.RECEIVED)
    degraded = models.BooleanField(
        default=False, help_text="An LLM step failed and the local provider answered instead."
    )
    # The original's messages_json: the conversation and, per agent step, which
    # provider answered, how long it took, its token counts and any fallback.
    agent_state = models.JSONField(default=dict, blank=True)

    approved = models.BooleanField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_runs",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    reply_edited = models.BooleanField(
        default=False, help_text="The supervisor wrote the reply instead of the Executor."
    )
    executed_at = models.DateTimeField(null=True, blank=True)

    # Intake: which API client delivered the message, and its delivery key if any.
    sender = models.CharField(max_length=64)
    # NULL when the delivery has no key: NULLs never collide in the unique constraint.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_hash = models.CharField(max_length=64)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="run_status_created")]
        constraints = [
            # A retried delivery finds the first run instead of starting a second one.
            models.UniqueConstraint(
                fields=["sender", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="run_unique_delivery",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} · {self.run_id}"

    @property
    def steps(self) -> list[dict]:
        return self.agent_state.get("steps", [])


ESCALATED_STATUSES = (
    Run.Status.PENDING_APPROVAL,
    Run.Status.EXECUTING,
    Run.Status.APPROVED_AND_EXECUTED,
    Run.Status.REJECTED,
)


class EscalatedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status__in=ESCALATED_STATUSES)


class PendingApproval(Run):
    """A run the Triage escalated to a human: the original's ``pending_approvals``.

    Unlike the original, a decided case stays (with who, when, why and the reply);
    it only leaves the pending list.
    """

    objects = EscalatedManager()

    class Meta:
        proxy = True
        verbose_name = "escalated case"
        permissions = [("decide_pendingapproval", "Can approve or reject escalated cases")]
