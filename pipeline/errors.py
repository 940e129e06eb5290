"""Domain errors: each has a stable ``code`` and the HTTP status it maps to.

``config.exceptions.api_exception_handler`` is the one place they become responses.
"""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "domain_error"
    message = "The request cannot be carried out."

    def __init__(self, message: str | None = None, **extra):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.extra = extra  # more fields for the response body


class CaseNotFound(DomainError):
    status_code = 404
    code = "case_not_found"
    message = "No escalated case has this run_id."


class DecisionConflict(DomainError):
    status_code = 409
    code = "already_decided"
    message = "This case was already decided the other way."


class DecisionInProgress(DomainError):
    status_code = 409
    code = "decision_in_progress"
    message = "This case is being decided right now; repeat the request in a moment."


class IdempotencyKeyReused(DomainError):
    status_code = 409
    code = "idempotency_key_reused"
    message = "This idempotency key was already used for a different message."


class DeliveryInProgress(DomainError):
    status_code = 409
    code = "delivery_in_progress"
    message = "A delivery with this idempotency key is still being processed; retry shortly."
