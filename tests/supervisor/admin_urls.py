"""The console's URLs, as the tests of its pages ask for them."""

from __future__ import annotations

from django.urls import reverse

QUEUE_URL = reverse("admin:pipeline_pendingapproval_changelist")


def case_url(case, view: str = "change") -> str:
    """A case's page (``change``) or one of its decision views (``approve``, ``reject``)."""
    return reverse(f"admin:pipeline_pendingapproval_{view}", args=[case.pk])
