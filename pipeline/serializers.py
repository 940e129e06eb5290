"""What the webhook accepts and what every endpoint answers about a run."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from rest_framework import serializers

from crm_agents.schemas import Action, Intent, Sentiment
from pipeline.models import Run

# A CRM's delivery key: printable, no spaces, as in Stripe's or Meta's ids.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"


class StrictCharField(serializers.CharField):
    """A string field that refuses numbers and booleans instead of turning them into text."""

    default_error_messages = {"invalid": "Not a valid string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # The length limit applies to what was sent, as the schema's maxLength says, not
        # to what is left after surrounding whitespace is trimmed.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class WebhookMessageInputSerializer(serializers.Serializer):
    client_id = StrictCharField(max_length=128)
    message = StrictCharField(max_length=settings.MESSAGE_MAX_CHARS)
    timestamp = serializers.DateTimeField(
        help_text="ISO 8601; without an offset it is taken as UTC."
    )
    message_id = StrictCharField(
        required=False,
        max_length=255,
        validators=[
            RegexValidator(
                IDEMPOTENCY_KEY_PATTERN, "Must be 1 to 255 printable characters without spaces."
            )
        ],
        help_text="The CRM's id of this delivery; a retry with the same id is answered once. "
        "The Idempotency-Key header does the same and wins when both are sent.",
    )


_STATUS_MESSAGES = {
    Run.Status.PROCESSED: "Message processed automatically: {action}.",
    Run.Status.PENDING_APPROVAL: "Case escalated to a human supervisor; awaiting approval.",
    Run.Status.APPROVED_AND_EXECUTED: "Case approved by {decided_by}; the reply was executed.",
    Run.Status.REJECTED: "Case rejected by {decided_by}; no reply was sent.",
    Run.Status.EXECUTING: "Case approved by {decided_by}; the reply is being drafted.",
    Run.Status.RECEIVED: "Message received; processing.",
}


class ProcessingResponseSerializer(serializers.Serializer):
    """The contract's ``ProcessingResponse`` (plus ``intent`` and ``language``).

    With ``context={"at_intake": True}`` it answers as the webhook did when the
    message arrived, so a retried delivery gets the same body even if a
    supervisor has decided the case since.

    The fields describe the body (for the OpenAPI schema); ``to_representation``
    writes it directly. No value needs a field's conversion, and DRF's per-request
    copy of the fields was a sixth of the webhook's CPU.
    """

    run_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Run.Status.values)
    sentiment = serializers.ChoiceField(choices=[s.value for s in Sentiment])
    intent = serializers.ChoiceField(choices=[i.value for i in Intent])
    language = serializers.CharField()
    sla_breached = serializers.BooleanField()
    proposed_action = serializers.ChoiceField(choices=[a.value for a in Action])
    supervisor_note = serializers.CharField(allow_null=True)
    execution_result = serializers.CharField(
        allow_null=True, help_text="The reply to the customer; null until one was sent."
    )
    message = serializers.CharField()

    def to_representation(self, run: Run) -> dict:
        status = self._status(run)
        replied = status in (Run.Status.PROCESSED, Run.Status.APPROVED_AND_EXECUTED)
        decided_by = run.decided_by.get_username() if run.decided_by_id else "a supervisor"
        return {
            "run_id": str(run.run_id),
            "status": str(status),
            "sentiment": run.sentiment,
            "intent": run.intent,
            "language": run.language,
            "sla_breached": run.sla_breached,
            "proposed_action": run.proposed_action,
            "supervisor_note": run.supervisor_note,
            "execution_result": run.execution_result if replied else None,
            "message": _STATUS_MESSAGES[status].format(
                action=run.proposed_action, decided_by=decided_by
            ),
        }

    def _status(self, run: Run) -> str:
        if self.context.get("at_intake") and run.status not in (
            Run.Status.PROCESSED,
            Run.Status.RECEIVED,
        ):
            return Run.Status.PENDING_APPROVAL
        return run.status
