"""Who gets into the console, who may decide, and what nobody may do there."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pipeline.models import PendingApproval, Run
from supervisor.groups import SUPERVISORS_GROUP
from tests.supervisor.admin_urls import QUEUE_URL, case_url

LOGIN_URL = reverse("admin:login")


def test_the_environment_supervisor_logs_into_the_admin(db, make_case):
    make_case()
    browser = Client()

    response = browser.post(
        LOGIN_URL, {"username": "envsupervisor", "password": "env-password", "next": "/admin/"}
    )
    index = browser.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url == "/admin/"
    user = get_user_model().objects.get(username="envsupervisor")
    assert user.is_staff and user.groups.filter(name=SUPERVISORS_GROUP).exists()
    assert index.context["queue_counts"]["pending"] == 1
    assert browser.get(QUEUE_URL).context["cl"].result_count == 1


def test_a_wrong_password_does_not_get_in(db):
    browser = Client()

    response = browser.post(LOGIN_URL, {"username": "envsupervisor", "password": "nope"})

    assert response.status_code == 200
    assert browser.get(QUEUE_URL).status_code == 302  # back to the login page


def test_a_django_user_logs_in_with_the_form(supervisor):
    browser = Client()

    response = browser.post(LOGIN_URL, {"username": "alice", "password": "alice-password"})

    assert response.status_code == 302
    assert browser.get(QUEUE_URL).status_code == 200


def test_non_staff_users_are_sent_to_the_login_page(db, admin_client_for, make_case):
    case = make_case()
    customer = get_user_model().objects.create_user("carol", password="carol-password")
    browser = admin_client_for(customer)

    for url in (QUEUE_URL, case_url(case, "approve")):
        response = browser.get(url)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)


def test_a_viewer_sees_the_queue_but_has_no_actions_and_no_buttons(
    viewer, admin_client_for, make_case
):
    case = make_case()
    browser = admin_client_for(viewer)

    queue = browser.get(QUEUE_URL)
    page = browser.get(case_url(case))

    assert queue.status_code == 200
    assert queue.context["action_form"] is None
    assert "approve_selected" not in queue.content.decode()
    assert page.status_code == 200
    assert case_url(case, "approve") not in (page.content.decode())


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_gets_403_on_the_decision_urls(
    viewer, admin_client_for, make_case, decision, method
):
    case = make_case()
    browser = admin_client_for(viewer)
    url = case_url(case, decision)

    response = getattr(browser, method)(url, {"reason": "because", "reply": "hi"})

    assert response.status_code == 403
    assert PendingApproval.objects.get(pk=case.pk).status == Run.Status.PENDING_APPROVAL


def test_a_viewer_cannot_run_the_bulk_actions(viewer, admin_client_for, make_case):
    case = make_case()
    browser = admin_client_for(viewer)

    browser.post(
        QUEUE_URL,
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [str(case.pk)], "post": "yes"},
    )

    assert PendingApproval.objects.get(pk=case.pk).status == Run.Status.PENDING_APPROVAL


def test_staff_without_any_case_permission_cannot_see_the_queue(db, admin_client_for):
    clerk = get_user_model().objects.create_user("dave", password="dave-password", is_staff=True)

    assert admin_client_for(clerk).get(QUEUE_URL).status_code == 403


def test_a_superuser_may_decide(admin_client, make_case):
    case = make_case()

    admin_client.post(case_url(case, "reject"), {"reason": "spam"})

    case = PendingApproval.objects.get(pk=case.pk)
    assert (case.status, case.decided_by.username) == (Run.Status.REJECTED, "admin")


@pytest.mark.parametrize("model", ["pendingapproval", "run"])
def test_nobody_adds_changes_or_deletes_records(admin_client, make_case, model):
    case = make_case()
    change_url = reverse(f"admin:pipeline_{model}_change", args=[case.pk])

    add = admin_client.get(reverse(f"admin:pipeline_{model}_add"))
    delete = admin_client.post(
        reverse(f"admin:pipeline_{model}_delete", args=[case.pk]), {"post": "yes"}
    )
    edit = admin_client.post(change_url, {"client_id": "CRM-forged", "sentiment": "positive"})
    page = admin_client.get(change_url).content.decode()
    changelist = admin_client.get(reverse(f"admin:pipeline_{model}_changelist"))

    assert (add.status_code, delete.status_code, edit.status_code) == (403, 403, 403)
    assert Run.objects.get(pk=case.pk).client_id == case.client_id
    assert 'name="_save"' not in page and "deletelink" not in page
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert reverse(f"admin:pipeline_{model}_add") not in changelist.content.decode()
