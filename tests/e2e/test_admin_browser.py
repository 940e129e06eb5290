"""The supervisor console in a real headless Chromium, against a live server with DEBUG off.

Uses the system's Chromium (Debian's ``chromium`` package) through Playwright;
Playwright's own browser download is never used. Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from pipeline.models import PendingApproval, Run
from tests.factories import escalated_case_create

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install -r requirements-dev.txt)",
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
    ),
]

# Realistic cases: what a supervisor's morning looks like.
CASES = [
    ("CRM-4812", "Llevo tres días esperando el reembolso del pedido 7741. Es una vergüenza.", 5.5),
    ("CRM-5120", "My router keeps dropping the connection, this is terrible service!", 1.8),
    ("CRM-5177", "I was charged twice this month. Unacceptable, I want my money back.", 0.6),
    ("CRM-5203", "El técnico no vino y nadie me avisa. Pésimo servicio.", 0.3),
]


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # here between browser steps are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 860})
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()
        # The ORM calls made while Playwright's loop runs get their own connection,
        # which Django's teardown would not see; PostgreSQL could not drop the test DB.
        connections.close_all()


@pytest.fixture
def cases(transactional_db):
    made = {
        client: escalated_case_create(client_id=client, message=text, hours_ago=hours)
        for client, text, hours in CASES
    }
    # A case whose analysis came from the local fallback because the LLM failed.
    Run.objects.filter(pk=made["CRM-5203"].pk).update(degraded=True)
    return made


def test_supervisor_filters_approves_with_an_edited_reply_and_rejects(
    live_server, supervisor, cases, page
):
    ARTIFACTS.mkdir(exist_ok=True)
    expect = sync_api.expect
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("alice-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#console-queue")).to_contain_text("4 pending cases")

    page.get_by_role("link", name="4 pending cases").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    late_badge = page.locator(".console-late").first
    # The stylesheet is served (WhiteNoise, DEBUG off): a breached case is red.
    assert late_badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(186, 33, 33)"
    # Also the README's picture (docs/supervisor-console.png is a copy of it).
    page.screenshot(path=ARTIFACTS / "queue.png")

    page.locator("#changelist-filter").get_by_role("link", name="breached", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.get_by_role("link", name="CRM-4812").click()
    page.get_by_role("link", name="Approve").click()
    edited = "Hola, hemos emitido hoy el reembolso del pedido 7741. Disculpe la espera."
    page.get_by_label("Reason").fill("Three days late: refund at once")
    page.get_by_label("Reply to send").fill(edited)
    page.screenshot(path=ARTIFACTS / "decision-form.png", full_page=True)
    page.get_by_role("button", name="Approve and send").click()
    expect(page.locator(".messagelist")).to_contain_text("CRM-4812: approved, reply sent.")

    page.goto(f"{live_server.url}/admin/pipeline/pendingapproval/")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    page.get_by_role("link", name="CRM-5177").click()
    page.get_by_role("link", name="Reject").click()
    page.get_by_role("button", name="Reject").click()  # no reason: refused
    expect(page.locator(".errorlist")).to_contain_text("This field is required.")
    page.get_by_label("Reason").fill("Duplicate of CRM-5120, answered there")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("CRM-5177: rejected.")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)

    page.goto(f"{live_server.url}/admin/pipeline/pendingapproval/{cases['CRM-4812'].pk}/change/")
    expect(page.locator(".console-history")).to_contain_text("Approved by alice")
    page.screenshot(path=ARTIFACTS / "decided-case.png", full_page=True)

    approved = PendingApproval.objects.get(pk=cases["CRM-4812"].pk)
    assert approved.status == Run.Status.APPROVED_AND_EXECUTED
    assert (approved.execution_result, approved.reply_edited) == (edited, True)
    assert approved.decided_by == supervisor
    rejected = PendingApproval.objects.get(pk=cases["CRM-5177"].pk)
    assert rejected.status == Run.Status.REJECTED
    assert rejected.decision_reason == "Duplicate of CRM-5120, answered there"
    assert rejected.decided_by == supervisor
    untouched = {"CRM-5120", "CRM-5203"}
    assert {
        c.client_id for c in PendingApproval.objects.filter(status="pending_approval")
    } == untouched
