"""Deciding from the console: one case with its buttons, or several with the bulk actions."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

import supervisor.admin
from pipeline.models import PendingApproval, Run
from pipeline.services import approval_decide
from tests.supervisor.admin_urls import QUEUE_URL, case_url


def fresh(case) -> PendingApproval:
    return PendingApproval.objects.select_related("decided_by").get(pk=case.pk)


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- one case ------------------------------------------------------------------------------


def test_approve_form_shows_the_case(supervisor_browser, make_case):
    case = make_case(client_id="CRM-form")

    response = supervisor_browser.get(case_url(case, "approve"))

    html = response.content.decode()
    assert response.status_code == 200
    assert case.message in html
    assert case.supervisor_note in html
    assert 'name="reason"' in html and 'name="reply"' in html


def test_approve_with_an_edited_reply_sends_that_reply(supervisor_browser, supervisor, make_case):
    case = make_case(client_id="CRM-edit")

    response = supervisor_browser.post(
        case_url(case, "approve"),
        {"reason": "long-standing customer", "reply": "We have refunded you in full today."},
    )

    case = fresh(case)
    assert response.status_code == 302
    assert response.url == QUEUE_URL
    assert case.status == Run.Status.APPROVED_AND_EXECUTED
    assert case.approved is True
    assert case.execution_result == "We have refunded you in full today."
    assert case.reply_edited is True
    assert case.decided_by == supervisor
    assert case.decision_reason == "long-standing customer"
    assert any("CRM-edit" in text and "approved" in text for text in shown_messages(response))


def test_approve_without_a_reply_lets_the_executor_draft_it(supervisor_browser, make_case):
    case = make_case()

    supervisor_browser.post(case_url(case, "approve"), {"reason": "", "reply": "   "})

    case = fresh(case)
    assert case.status == Run.Status.APPROVED_AND_EXECUTED
    assert case.reply_edited is False
    assert case.execution_result
    assert case.steps[-1]["step"] == "executor"


def test_reject_without_a_reason_is_refused(supervisor_browser, make_case):
    case = make_case()

    response = supervisor_browser.post(case_url(case, "reject"), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert fresh(case).status == Run.Status.PENDING_APPROVAL


def test_reject_with_a_reason(supervisor_browser, supervisor, make_case):
    case = make_case()

    response = supervisor_browser.post(case_url(case, "reject"), {"reason": "duplicate of CRM-9"})

    case = fresh(case)
    assert response.status_code == 302
    assert case.status == Run.Status.REJECTED
    assert case.approved is False
    assert case.decision_reason == "duplicate of CRM-9"
    assert case.decided_by == supervisor
    assert case.execution_result is None


def test_redirect_keeps_the_queue_filters(supervisor_browser, make_case):
    case = make_case()
    filters = "_changelist_filters=sla%3Dbreached"

    response = supervisor_browser.post(f"{case_url(case, 'reject')}?{filters}", {"reason": "spam"})

    assert response.url == f"{QUEUE_URL}?sla=breached"


def test_a_decided_case_cannot_be_decided_again(supervisor_browser, other_supervisor, make_case):
    case = make_case(client_id="CRM-twice")
    approval_decide(run_id=case.pk, approved=True, decided_by=other_supervisor, reply="Done.")

    response = supervisor_browser.post(case_url(case, "reject"), {"reason": "too late"})

    case = fresh(case)
    assert response.status_code == 302
    assert case.status == Run.Status.APPROVED_AND_EXECUTED
    assert case.decided_by == other_supervisor
    assert any("already approved by bob" in text for text in shown_messages(response))


@pytest.fixture
def bob_decides_first(other_supervisor, monkeypatch):
    """Makes Bob's decision land between a page load and the click being handled."""

    def install(**decision) -> None:
        real_decide = supervisor.admin.approval_decide

        def decide(**kwargs):
            real_decide(run_id=kwargs["run_id"], decided_by=other_supervisor, **decision)
            return real_decide(**kwargs)

        monkeypatch.setattr(supervisor.admin, "approval_decide", decide)

    return install


def test_the_loser_of_a_race_is_told_who_decided_and_when(
    supervisor_browser, other_supervisor, make_case, bob_decides_first
):
    case = make_case(client_id="CRM-race")
    bob_decides_first(approved=False, reason="spam")

    response = supervisor_browser.post(case_url(case, "approve"), {"reply": "Refund on its way."})

    case = fresh(case)
    assert case.status == Run.Status.REJECTED
    assert case.decided_by == other_supervisor
    assert case.execution_result is None
    when = case.decided_at.strftime("%Y-%m-%d %H:%M")
    [message] = shown_messages(response)
    assert "bob rejected it first" in message
    assert when in message
    assert response.url == case_url(case)


def test_the_same_decision_taken_first_by_another_is_not_claimed(
    supervisor_browser, other_supervisor, make_case, bob_decides_first
):
    case = make_case(client_id="CRM-same")
    bob_decides_first(approved=True, reply="Bob's")

    response = supervisor_browser.post(case_url(case, "approve"), {"reply": "Alice's"})

    case = fresh(case)
    assert (case.decided_by, case.execution_result) == (other_supervisor, "Bob's")
    [message] = shown_messages(response)
    assert "not decided by you: already approved by bob" in message


def test_unknown_case_redirects_with_a_message(supervisor_browser, db):
    response = supervisor_browser.get(
        reverse(
            "admin:pipeline_pendingapproval_approve", args=["6a8c4b4e-0000-4000-8000-000000000000"]
        )
    )

    assert response.status_code == 302
    assert "with ID “6a8c4b4e-0000-4000-8000-000000000000” doesn" in shown_messages(response)[0]


# --- several cases -----------------------------------------------------------------------------


def bulk(browser, action: str, cases, **data):
    return browser.post(
        f"{QUEUE_URL}?status=all",
        {"action": action, ACTION_CHECKBOX_NAME: [str(case.pk) for case in cases], **data},
    )


def test_bulk_first_step_lists_the_cases_and_asks_for_the_reason(
    supervisor_browser, other_supervisor, make_case
):
    pending = make_case(client_id="CRM-p")
    decided = make_case(client_id="CRM-d")
    approval_decide(run_id=decided.pk, approved=False, decided_by=other_supervisor, reason="spam")

    response = bulk(supervisor_browser, "approve_selected", [pending, decided])

    html = response.content.decode()
    assert response.status_code == 200
    assert "CRM-p" in html and "CRM-d" in html
    assert "already rejected by bob: will be skipped" in html
    assert 'name="reason"' in html and 'name="post" value="yes"' in html
    assert fresh(pending).status == Run.Status.PENDING_APPROVAL


def test_bulk_approve_skips_an_already_decided_case_and_reports_it(
    supervisor_browser, supervisor, other_supervisor, make_case
):
    first = make_case(client_id="CRM-1")
    decided = make_case(client_id="CRM-2")
    third = make_case(client_id="CRM-3")
    approval_decide(run_id=decided.pk, approved=False, decided_by=other_supervisor, reason="spam")
    decided_at = fresh(decided).decided_at

    response = bulk(
        supervisor_browser, "approve_selected", [first, decided, third], post="yes", reason="ok"
    )

    assert response.status_code == 302
    for case in (first, third):
        case = fresh(case)
        assert case.status == Run.Status.APPROVED_AND_EXECUTED
        assert case.decided_by == supervisor
        assert case.execution_result
    decided = fresh(decided)
    assert (decided.status, decided.decided_by, decided.decided_at) == (
        Run.Status.REJECTED,
        other_supervisor,
        decided_at,
    )
    texts = shown_messages(response)
    assert "Approved 2 cases: CRM-1, CRM-3." in texts
    assert any(
        t.startswith("Skipped 1 case, not decided again: CRM-2 (already rejected by bob")
        for t in texts
    )


def test_bulk_reports_a_case_decided_between_the_two_steps(
    supervisor_browser, supervisor, other_supervisor, make_case
):
    mine = make_case(client_id="CRM-mine")
    theirs = make_case(client_id="CRM-theirs")
    bulk(supervisor_browser, "approve_selected", [mine, theirs])  # the confirmation page
    # Meanwhile Bob approves one of them, with his own reply; the default filter hides it now.
    approval_decide(run_id=theirs.pk, approved=True, decided_by=other_supervisor, reply="Bob's")

    response = supervisor_browser.post(
        QUEUE_URL,
        {
            "action": "approve_selected",
            ACTION_CHECKBOX_NAME: [str(mine.pk), str(theirs.pk)],
            "post": "yes",
            "reason": "",
        },
    )

    assert fresh(mine).decided_by == supervisor
    theirs = fresh(theirs)
    assert (theirs.decided_by, theirs.execution_result) == (other_supervisor, "Bob's")
    texts = shown_messages(response)
    assert "Approved 1 case: CRM-mine." in texts
    assert any("CRM-theirs (already approved by bob" in t for t in texts)


def test_bulk_reject_needs_a_reason(supervisor_browser, make_case):
    case = make_case()

    response = bulk(supervisor_browser, "reject_selected", [case], post="yes", reason="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert fresh(case).status == Run.Status.PENDING_APPROVAL


def test_bulk_reject(supervisor_browser, supervisor, make_case):
    cases = [make_case(client_id=f"CRM-{n}") for n in range(2)]

    bulk(supervisor_browser, "reject_selected", cases, post="yes", reason="test messages")

    for case in cases:
        case = fresh(case)
        assert (case.status, case.decision_reason, case.decided_by) == (
            Run.Status.REJECTED,
            "test messages",
            supervisor,
        )


@pytest.mark.parametrize("token", [False, True])
def test_decisions_need_the_csrf_token(supervisor, make_case, token):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(supervisor)
    case = make_case()
    data = {"reason": "spam"}
    if token:
        page = browser.get(case_url(case, "reject"))
        data["csrfmiddlewaretoken"] = page.context["csrf_token"]

    response = browser.post(case_url(case, "reject"), data)

    assert response.status_code == (302 if token else 403)
    assert fresh(case).status == (Run.Status.REJECTED if token else Run.Status.PENDING_APPROVAL)
