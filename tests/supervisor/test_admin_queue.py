"""The queue, one case's page, the index counts and the read-only history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pipeline.models import Run
from pipeline.services import approval_decide
from tests.factories import processed_run_create
from tests.supervisor.admin_urls import QUEUE_URL, case_url


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def test_queue_shows_only_pending_cases_oldest_first(supervisor_browser, supervisor, make_case):
    first = make_case(client_id="CRM-first")
    decided = make_case(client_id="CRM-decided")
    last = make_case(client_id="CRM-last")
    approval_decide(run_id=decided.pk, approved=False, decided_by=supervisor, reason="spam")

    response = supervisor_browser.get(QUEUE_URL)

    assert response.status_code == 200
    assert [case.client_id for case in listed(response)] == ["CRM-first", "CRM-last"]
    assert first.created_at < last.created_at


def test_status_filter_shows_decided_cases_on_request(supervisor_browser, supervisor, make_case):
    make_case(client_id="CRM-pending")
    rejected = make_case(client_id="CRM-rejected")
    approval_decide(run_id=rejected.pk, approved=False, decided_by=supervisor, reason="spam")

    everything = supervisor_browser.get(QUEUE_URL, {"status": "all"})
    only_rejected = supervisor_browser.get(QUEUE_URL, {"status": "rejected"})

    assert {case.client_id for case in listed(everything)} == {"CRM-pending", "CRM-rejected"}
    assert [case.client_id for case in listed(only_rejected)] == ["CRM-rejected"]
    # The status and decider columns appear once other statuses are shown.
    assert "column-decided_by" in everything.content.decode()
    assert "column-decided_by" not in supervisor_browser.get(QUEUE_URL).content.decode()


def test_queue_never_lists_runs_that_were_not_escalated(supervisor_browser, make_case):
    make_case(client_id="CRM-escalated")
    processed_run_create(client_id="CRM-happy")

    response = supervisor_browser.get(QUEUE_URL, {"status": "all"})

    assert [case.client_id for case in listed(response)] == ["CRM-escalated"]


def test_breached_cases_stand_out_and_can_be_filtered(supervisor_browser, make_case):
    make_case(client_id="CRM-on-time", hours_ago=0.2)
    make_case(client_id="CRM-late", hours_ago=5)

    page = supervisor_browser.get(QUEUE_URL)
    breached = supervisor_browser.get(QUEUE_URL, {"sla": "breached"})
    within = supervisor_browser.get(QUEUE_URL, {"sla": "within"})

    assert page.content.decode().count('class="console-badge console-late"') == 1
    assert [case.client_id for case in listed(breached)] == ["CRM-late"]
    assert [case.client_id for case in listed(within)] == ["CRM-on-time"]


def test_a_case_that_waited_past_the_sla_in_the_queue_counts_as_breached(
    supervisor_browser, make_case
):
    case = make_case(client_id="CRM-waiting", hours_ago=1)
    assert case.sla_breached is False
    # It was on time when triaged; it has been in the queue for hours since.
    Run.objects.filter(pk=case.pk).update(timestamp=timezone.now() - timedelta(hours=3))

    response = supervisor_browser.get(QUEUE_URL, {"sla": "breached"})

    assert [case.client_id for case in listed(response)] == ["CRM-waiting"]


def test_a_case_close_to_its_sla_is_flagged_due(supervisor_browser, make_case):
    make_case(client_id="CRM-soon", hours_ago=1.8)  # the SLA is 2 h

    response = supervisor_browser.get(QUEUE_URL)

    assert "console-due" in response.content.decode()


def test_queue_columns(supervisor_browser, make_case):
    case = make_case(client_id="CRM-cols", message="Esto es una vergüenza, quiero mi reembolso ya")
    Run.objects.filter(pk=case.pk).update(degraded=True)

    html = supervisor_browser.get(QUEUE_URL).content.decode()

    for text in ("CRM-cols", "negative", "refund request", "es", "escalate to human", "fallback"):
        assert text in html
    assert case.supervisor_note[:40] in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [("CRM-needle", ["CRM-needle"]), ("router", ["CRM-router"])],
)
def test_search_by_client_and_message(supervisor_browser, make_case, query, expected):
    make_case(client_id="CRM-needle")
    make_case(client_id="CRM-router", message="The router is broken again, terrible service!")

    response = supervisor_browser.get(QUEUE_URL, {"q": query})

    assert [case.client_id for case in listed(response)] == expected


def test_search_by_run_id(supervisor_browser, make_case):
    wanted = make_case(client_id="CRM-wanted")
    make_case(client_id="CRM-other")

    response = supervisor_browser.get(QUEUE_URL, {"q": str(wanted.run_id)})

    assert [case.client_id for case in listed(response)] == ["CRM-wanted"]


def test_filter_by_decider(supervisor_browser, supervisor, other_supervisor, make_case):
    by_alice = make_case(client_id="CRM-alice")
    by_bob = make_case(client_id="CRM-bob")
    approval_decide(run_id=by_alice.pk, approved=False, decided_by=supervisor, reason="dup")
    approval_decide(run_id=by_bob.pk, approved=False, decided_by=other_supervisor, reason="dup")

    response = supervisor_browser.get(
        QUEUE_URL, {"status": "all", "decided_by__id__exact": other_supervisor.pk}
    )

    assert [case.client_id for case in listed(response)] == ["CRM-bob"]


def test_date_hierarchy_drills_down_by_day(supervisor_browser, make_case):
    case = make_case()
    day = case.created_at

    response = supervisor_browser.get(
        QUEUE_URL,
        {"created_at__year": day.year, "created_at__month": day.month, "created_at__day": day.day},
    )

    assert listed(response) == [case]


def test_index_is_branded_and_counts_the_queue(supervisor_browser, make_case):
    make_case(hours_ago=0.1)
    make_case(hours_ago=0.1)
    make_case(hours_ago=4)

    response = supervisor_browser.get(reverse("admin:index"))
    html = response.content.decode()

    assert "CRM Triage — Supervisor console" in html
    assert response.context["queue_counts"] == {"pending": 3, "breached": 1}
    assert "<strong>3</strong> pending cases" in html
    assert "1 past the SLA" in html


def test_case_page_shows_everything_read_only(supervisor_browser, supervisor, make_case):
    case = make_case(
        client_id="CRM-page", message="This is terrible, broken again and I am furious"
    )

    html = supervisor_browser.get(case_url(case)).content.decode()

    assert "This is terrible, broken again and I am furious" in html
    assert case.supervisor_note in html
    assert '<table class="console-steps">' in html
    assert "<td>analyst</td><td>local</td>" in html
    assert "Escalated" in html
    assert 'name="_save"' not in html
    assert "<textarea" not in html and "<select" not in html
    assert case_url(case, "approve") in html
    assert case_url(case, "reject") in html


def test_decided_case_page_tells_its_history_and_offers_no_decision(
    supervisor_browser, supervisor, make_case
):
    case = make_case(client_id="CRM-done")
    approval_decide(
        run_id=case.pk,
        approved=True,
        decided_by=supervisor,
        reason="loyal customer",
        reply="We are refunding you today.",
    )

    html = supervisor_browser.get(case_url(case)).content.decode()

    assert "Approved</strong> by alice" in html
    assert "loyal customer" in html
    assert "written by the supervisor" in html
    assert "We are refunding you today." in html
    assert case_url(case, "approve") not in html


def test_history_lists_every_run_read_only(supervisor_browser, make_case):
    make_case(client_id="CRM-escalated")
    processed = processed_run_create(client_id="CRM-auto", message="Hello, what time do you open?")
    history_url = reverse("admin:pipeline_run_changelist")

    response = supervisor_browser.get(history_url, {"q": "CRM"})
    page = supervisor_browser.get(reverse("admin:pipeline_run_change", args=[processed.pk]))

    assert {run.client_id for run in listed(response)} == {"CRM-escalated", "CRM-auto"}
    assert page.status_code == 200
    assert "Processed automatically" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    by_status = supervisor_browser.get(history_url, {"status__exact": "processed"})
    assert [run.client_id for run in listed(by_status)] == ["CRM-auto"]
